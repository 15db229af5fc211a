import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CliRunOptions } from '../helpers/cli.ts';
import { type HostileHandler, useHostileCli } from '../helpers/hostile.ts';

const { server, home, cli: runAgainst } = useHostileCli();
beforeEach(() => {
  writeFileSync(join(home(), 'export.json'), JSON.stringify(EXPORT));
});

const EXPORT = {
  export_version: '2',
  exported_at: '2026-11-30T10:00:00Z',
  agent: { name: 'Support triage', definition: { steps: [{ id: 's1', knowledge_base_id: 'kb-old' }] } },
  dependencies: { knowledge_bases: [{ id: 'kb-old', name: 'Docs' }] },
};
const UNRESOLVED = [
  {
    category: 'knowledge_base',
    ref_id: 'kb-old',
    ref_name: 'Docs',
    locations: ['step:s1'],
    alternatives: [
      { id: 'kb-new', name: 'Docs' },
      { id: 'kb-other', name: 'Archive' },
    ],
  },
];

/** A server that previews with the given unresolved references and creates whatever it is sent. */
function importServer(unresolved: unknown[] = UNRESOLVED): HostileHandler {
  return (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    if (req.url === '/agents/preview-import') {
      res.end(
        JSON.stringify({
          ok: true,
          agent_name: 'Support triage',
          step_count: 1,
          unresolved_refs: unresolved,
        }),
      );
    } else {
      const body = JSON.parse(req.body.toString('utf8'));
      res.end(JSON.stringify({ id: 'agent-new', name: body.name, status: 'active' }));
    }
  };
}

const cli = (argv: string[], options: CliRunOptions = {}) =>
  runAgainst(['agents', 'import', ...argv], options);
const requests = () =>
  server().requests.map((r) => ({ to: `${r.method} ${r.url}`, body: JSON.parse(r.body.toString('utf8')) }));

describe('seclai agents import', () => {
  it('previews, applies --remap and creates the agent from the export', async () => {
    server().handle(importServer());
    const result = await cli(['export.json', '--remap', 'kb-old=kb-new', '--json']);
    expect(result.code).toBe(0);
    expect(requests()).toEqual([
      { to: 'POST /agents/preview-import', body: { agent_definition: EXPORT } },
      {
        to: 'POST /agents',
        body: { name: 'Support triage', agent_definition: EXPORT, entity_remap: { 'kb-old': 'kb-new' } },
      },
    ]);
    expect(JSON.parse(result.stdout)).toEqual({ id: 'agent-new', name: 'Support triage', status: 'active' });
    expect(result.stderr).toBe('✓ Imported agent Support triage  agent-new\n');
  });

  it('reads the export from stdin, the mapping from --remap-file, and takes --name', async () => {
    server().handle(importServer());
    writeFileSync(join(home(), 'map.json'), '{"kb-old": "kb-other"}');
    const result = await cli(['-', '--remap-file', 'map.json', '--name', 'Triage (EU)', '--json'], {
      stdin: JSON.stringify(EXPORT),
    });
    expect(result.code).toBe(0);
    expect(requests()[1].body).toEqual({
      name: 'Triage (EU)',
      agent_definition: EXPORT,
      entity_remap: { 'kb-old': 'kb-other' },
    });
  });

  it('without a terminal, an unmapped reference is exit 2 naming it, and nothing is created', async () => {
    server().handle(importServer());
    const result = await cli(['export.json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error: 1 reference(s) the target account lacks have no mapping: knowledge_base kb-old ("Docs")\n' +
        'hint: map each with --remap <old-id>=<new-id> or --remap-file map.json\n',
    );
    expect(requests().map((r) => r.to)).toEqual(['POST /agents/preview-import']);
  });

  it("on a terminal, asks which of the server's alternatives to use", async () => {
    server().handle(importServer());
    const result = await cli(['export.json', '--json'], {
      stdinTTY: true,
      stderrTTY: true,
      answers: ['kb-other'],
    });
    expect(result.code).toBe(0);
    expect(result.prompts).toEqual(['Replace knowledge_base kb-old ("Docs") with']);
    expect(requests()[1].body.entity_remap).toEqual({ 'kb-old': 'kb-other' });
  });

  it('--dry-run stops after the preview and prints the plan', async () => {
    server().handle(importServer());
    const result = await cli(['export.json', '--dry-run', '--json']);
    expect(result.code).toBe(0);
    expect(requests().map((r) => r.to)).toEqual(['POST /agents/preview-import']);
    const plan = JSON.parse(result.stdout);
    expect(plan.name).toBe('Support triage');
    expect(plan.references).toEqual([
      {
        category: 'knowledge_base',
        ref_id: 'kb-old',
        ref_name: 'Docs',
        new_id: null,
        alternatives: ['kb-new', 'kb-other'],
      },
    ]);
  });

  it('refuses a file that is not an export, or a bad mapping, before sending anything', async () => {
    writeFileSync(join(home(), 'not-export.json'), '{"name": "x"}');
    for (const argv of [
      ['not-export.json'],
      ['missing.json'],
      ['export.json', '--remap', 'kb-old'],
      ['export.json', '--remap', 'kb-old='],
      ['export.json', '--remap-file', 'missing.json'],
    ]) {
      const result = await cli(argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr, argv.join(' ')).toMatch(/^error: /);
    }
    expect(server().requests).toEqual([]);
  });
});
