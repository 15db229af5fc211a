// agents export → agents import --remap against the simulator: the created agent's definition is
// the original one, but for the remapped knowledge base.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { onlyJson, useHarness } from '../foundation/harness.ts';
import { seedDemoAccount } from '../sim/demo-account.ts';

interface DefinitionDoc {
  change_id: string;
  definition: Record<string, unknown>;
}

describe('agents import round trip', () => {
  const h = useHarness();

  async function json(argv: string[], cwd?: string): Promise<unknown> {
    const result = await h.cli([...argv, '--json'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    return onlyJson(result.stdout);
  }

  it('export, import with a remap, and the definition comes back with only the remapped ids changed', async () => {
    const [kb, otherKb] = seedDemoAccount(h.sim().state).knowledgeBaseIds;
    const created = (await json(['agents', 'create', '--name', 'Round trip'])) as { id: string };
    const before = (await json(['agents', 'def', 'get', created.id])) as DefinitionDoc;
    const original = {
      steps: [
        { id: 'retrieve', step_type: 'retrieval', knowledge_base_id: kb, top_k: 5 },
        {
          id: 'answer',
          step_type: 'prompt_call',
          prompt: 'Answer from the support docs only',
          tools: { knowledge_base_ids: [kb, otherKb] },
        },
      ],
      tags: ['support'],
    };
    await json([
      'agents',
      'def',
      'update',
      created.id,
      '--data',
      JSON.stringify({ definition: original, expected_change_id: before.change_id }),
    ]);

    // As users type it: `agents export <id> > export.json`, no --json needed for a document.
    const exported = await h.cli(['agents', 'export', created.id]);
    expect(exported.code, exported.stderr).toBe(0);
    writeFileSync(join(h.home(), 'export.json'), exported.stdout);
    const imported = (await json(
      ['agents', 'import', 'export.json', '--name', 'Round trip copy', '--remap', `${kb}=${otherKb}`],
      h.home(),
    )) as { id: string; name: string };
    expect(imported.name).toBe('Round trip copy');
    expect(imported.id).not.toBe(created.id);

    const after = (await json(['agents', 'def', 'get', imported.id])) as DefinitionDoc;
    const expected = JSON.parse(JSON.stringify(original).replaceAll(kb, otherKb));
    expect(after.definition).toEqual(expected);
    // The create request carried the export untouched and the remap beside it.
    const create = h.sim().requests.findLast((r) => r.method === 'POST' && r.path === '/agents');
    expect(create?.body).toMatchObject({
      agent_definition: JSON.parse(exported.stdout),
      entity_remap: { [kb]: otherKb },
    });
  });

  it('agents export prints JSON on a terminal too, and a key/value view only when --output asks', async () => {
    const agent = h.sim().state.createAgent({ name: 'Exported' });
    const onTerminal = await h.cli(['agents', 'export', agent.id], { stdoutTTY: true });
    expect(onTerminal.code, onTerminal.stderr).toBe(0);
    expect(JSON.parse(onTerminal.stdout)).toMatchObject({ agent: { name: 'Exported' } });
    const tsv = await h.cli(['agents', 'export', agent.id, '--output', 'tsv']);
    expect(tsv.code, tsv.stderr).toBe(0);
    expect(tsv.stdout).toMatch(/^export_version\t/m);
    expect(tsv.stdout).toMatch(/^agent\t\{"name":"Exported"/m);
  });
});
