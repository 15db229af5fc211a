// Output rules: TTY tables with colour, piped tab-separated rows without, --json one document,
// colour switches (NO_COLOR, --no-color, TERM=dumb, FORCE_COLOR), and --debug redaction.
import { describe, expect, it } from 'vitest';
import { ANSI, onlyJson, useHarness } from './harness.ts';

describe('output', () => {
  const h = useHarness();

  it('on a TTY: a table with a header row, colour, relative times', async () => {
    h.sim().state.seedAgents(3);
    const result = await h.cli(['agents', 'list'], { stdoutTTY: true });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(ANSI);
    const plain = result.stdout.replace(/\u001b\[[0-9;]*m/g, '');
    const lines = plain.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+TRIGGER_TYPE\s+DISABLED\s+UPDATED_AT$/);
    expect(lines).toHaveLength(4);
    expect(plain).toMatch(/ago/);
    expect(plain).not.toContain('\t');
  });

  it('on a TTY: one object as a key/value view', async () => {
    const [agent] = h.sim().state.seedAgents(1);
    const result = await h.cli(['agents', 'get', agent.id], { stdoutTTY: true, env: { NO_COLOR: '1' } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^id:\\s+${agent.id}$`, 'm'));
    expect(result.stdout).toMatch(/^name:\s+\S/m);
  });

  it('an empty list on a TTY says so; piped it prints nothing', async () => {
    const tty = await h.cli(['agents', 'list'], { stdoutTTY: true });
    expect(tty.stdout).toBe('No results.\n');
    const piped = await h.cli(['agents', 'list']);
    expect(piped.stdout).toBe('');
  });

  it('piped: tab-separated rows, no header, no colour, ISO times', async () => {
    const seeded = h.sim().state.seedAgents(3);
    const result = await h.cli(['agents', 'list']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(ANSI);
    const rows = result.stdout.trimEnd().split('\n');
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      const cells = row.split('\t');
      expect(cells).toHaveLength(5);
      expect(cells[4]).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    }
    expect(rows.map((r) => r.split('\t')[0]).sort()).toEqual(seeded.map((a) => a.id).sort());
  });

  it('a list prints one JSON array of items whatever the API version, and a terminal footer says when more exist', async () => {
    h.sim().state.seedAgents(5);
    for (const version of [[], ['--api-version', '2026-07-27']]) {
      const json = await h.cli([...version, 'agents', 'list', '--limit', '2', '--json']);
      expect(json.code, json.stderr).toBe(0);
      expect((onlyJson(json.stdout) as unknown[]).length).toBe(2);
    }
    const table = await h.cli(['agents', 'list', '--limit', '2'], { stdoutTTY: true, stderrTTY: true });
    expect(table.stderr).toBe('2 of 5 shown; --page 2 or --all\n');
    const all = await h.cli(['agents', 'list', '--all'], { stdoutTTY: true, stderrTTY: true });
    expect(all.stderr).toBe('');
    const piped = await h.cli(['agents', 'list', '--limit', '2']);
    expect(piped.stderr).toBe('');
  });

  it('--output tsv on a TTY prints rows too; --output json prints JSON', async () => {
    h.sim().state.seedAgents(1);
    const tsv = await h.cli(['--output', 'tsv', 'agents', 'list'], { stdoutTTY: true });
    expect(tsv.stdout.split('\t')).toHaveLength(5);
    expect(tsv.stdout).not.toMatch(ANSI);
    const json = await h.cli(['-o', 'json', 'agents', 'list'], { stdoutTTY: true });
    expect(Array.isArray(onlyJson(json.stdout))).toBe(true);
  });

  it.each([
    ['agents list', ['agents', 'list']],
    ['agents get', ['agents', 'get', '<id>']],
    ['agents create', ['agents', 'create', '--name', 'json']],
    ['agents update', ['agents', 'update', '<id>', '--name', 'renamed']],
    ['agents delete', ['agents', 'delete', '<id>', '--yes']],
    ['me', ['me']],
    ['commands', ['commands']],
  ])('--json on a TTY: %s prints exactly one JSON document and nothing else', async (_, argv) => {
    const [agent] = h.sim().state.seedAgents(1);
    const args = argv.map((a) => (a === '<id>' ? agent.id : a));
    const result = await h.cli(['--json', ...args], { stdoutTTY: true, stderrTTY: true });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(ANSI);
    const doc = onlyJson(result.stdout);
    if (argv.includes('delete')) expect(doc).toEqual({ id: agent.id, deleted: true });
  });

  it.each([
    ['NO_COLOR=1', [], { NO_COLOR: '1' }],
    ['--no-color', ['--no-color'], {}],
    ['TERM=dumb', [], { TERM: 'dumb' }],
    ['FORCE_COLOR=0', [], { FORCE_COLOR: '0' }],
    ['--no-color beats FORCE_COLOR=1', ['--no-color'], { FORCE_COLOR: '1' }],
    ['NO_COLOR beats FORCE_COLOR=1', [], { NO_COLOR: '1', FORCE_COLOR: '1' }],
  ])('%s on a TTY → a table without ANSI escapes', async (_, flags, env) => {
    h.sim().state.seedAgents(2);
    const result = await h.cli([...flags, 'agents', 'list'], { stdoutTTY: true, env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ID\s+NAME/);
    expect(result.stdout).not.toMatch(ANSI);
  });

  it('FORCE_COLOR=1 piped → colour (in a table asked for with --output table)', async () => {
    h.sim().state.seedAgents(2);
    const forced = await h.cli(['--output', 'table', 'agents', 'list'], { env: { FORCE_COLOR: '1' } });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(ANSI);
    const plain = await h.cli(['--output', 'table', 'agents', 'list']);
    expect(plain.stdout).not.toMatch(ANSI);
  });

  it('colour never leaks into tab-separated rows, even with FORCE_COLOR', async () => {
    h.sim().state.seedAgents(2);
    const result = await h.cli(['agents', 'list'], { env: { FORCE_COLOR: '1' } });
    expect(result.stdout).not.toMatch(ANSI);
  });

  it('tab-separated cells never contain tabs or newlines from the data', async () => {
    h.sim().state.createAgent({ name: 'tab\there', description: 'line\nbreak' });
    const result = await h.cli(['agents', 'list']);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stdout.split('\t')).toHaveLength(5);
    expect(result.stdout).toContain('tab\\there');
  });

  it('errors go to stderr, never stdout', async () => {
    const result = await h.cli(['agents', 'get', '3f1a6c2e-0000-4000-8000-00000000dead'], {
      stdoutTTY: true,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: /);
  });
});

describe('--debug', () => {
  const h = useHarness();

  it('traces method, URL and status to stderr and never shows the API key', async () => {
    h.sim().state.seedAgents(1);
    const key = h.sim().apiKey;
    const result = await h.cli(['--debug', 'agents', 'list', '--limit', '1', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`> GET ${h.sim().url}/agents?limit=1`);
    expect(result.stderr).toMatch(/< 200 GET \/agents/);
    expect(result.stderr).toMatch(/x-api-key: \[redacted\]/i);
    expect(result.stdout + result.stderr).not.toContain(key);
    onlyJson(result.stdout);
  });

  it('redacts the key given with --api-key, also on failures and retries', async () => {
    h.sim().state.addApiKey('sk-very-secret-123');
    h.sim().faults.add({ method: 'GET', path: '/agents', status: 503 });
    const ok = await h.cli(['--debug', '--api-key', 'sk-very-secret-123', 'agents', 'list'], {
      env: { SECLAI_API_KEY: undefined },
    });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toMatch(/retrying/);
    expect(ok.stdout + ok.stderr).not.toContain('sk-very-secret-123');
    const denied = await h.cli(['--debug', '--api-key', 'sk-wrong-secret-456', 'agents', 'list']);
    expect(denied.code).toBe(4);
    expect(denied.stdout + denied.stderr).not.toContain('sk-wrong-secret-456');
  });

  it('redacts an Authorization header given to `api -H`', async () => {
    const result = await h.cli([
      '--debug',
      'api',
      'GET',
      '/me',
      '-H',
      'Authorization: Bearer tok-secret-789',
    ]);
    expect(result.stdout + result.stderr).not.toContain('tok-secret-789');
    expect(result.stderr).toMatch(/authorization: Bearer \[redacted\]/i);
  });

  it('is silent without --debug', async () => {
    const result = await h.cli(['agents', 'list']);
    expect(result.stderr).toBe('');
  });
});
