// Destructive commands name what they delete; create and update say what happened on stderr and
// print the object on stdout; key/value views lead with id, name and status.
import { describe, expect, it } from 'vitest';
import { seedDemoAccount } from '../sim/demo-account.ts';
import { onlyJson, useHarness } from './harness.ts';

const MISSING_ID = '8d0f3a52-6c1e-4b7a-9f21-3e5d7c9a0b14';
const TTY = { stdinTTY: true, stderrTTY: true };

describe('destructive commands name what they delete', () => {
  const h = useHarness();

  it('asks "Delete agent <name> (<id>)?" and says "Deleted agent <name> (<id>)."', async () => {
    const [agent] = h.sim().state.seedAgents(1);
    const result = await h.cli(['agents', 'delete', agent.id], { ...TTY, answers: [true] });
    expect(result.code, result.stderr).toBe(0);
    expect(result.prompts).toEqual([`Delete agent ${agent.name} (${agent.id})?`]);
    expect(result.stderr).toBe(`Deleted agent ${agent.name} (${agent.id}).\n`);
    expect(h.sim().requests.map((r) => r.method)).toEqual(['GET', 'DELETE']);
  });

  it('fails before asking when the id does not exist', async () => {
    const result = await h.cli(['agents', 'delete', MISSING_ID], TTY);
    expect(result.code).toBe(1);
    expect(result.prompts).toEqual([]);
    expect(result.stderr).toMatch(/^error: .*404/);
    expect(h.sim().requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /agents/${MISSING_ID}`]);
  });

  it('with --yes sends only the delete and names the thing in the singular', async () => {
    const [agent] = h.sim().state.seedAgents(1);
    const result = await h.cli(['agents', 'delete', agent.id, '--yes']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe(`Deleted agent ${agent.id}.\n`);
    expect(h.sim().requests.map((r) => r.method)).toEqual(['DELETE']);
  });

  it('uses each group\'s noun: "Delete knowledge base …", "Deleted evaluation criteria …"', async () => {
    const demo = seedDemoAccount(h.sim().state);
    const [kbId] = demo.knowledgeBaseIds;
    const kb = await h.cli(['kb', 'delete', kbId], { ...TTY, answers: [false] });
    expect(kb.prompts[0]).toMatch(new RegExp(`^Delete knowledge base .+ \\(${kbId}\\)\\?$`));
    const [criteriaId] = demo.criteriaIds;
    const criteria = await h.cli(['evals', 'criteria', 'delete', criteriaId, '--yes']);
    expect(criteria.stderr).toBe(`Deleted evaluation criteria ${criteriaId}.\n`);
  });

  it('shows a server-chosen name with its control characters made visible', async () => {
    const [agent] = h.sim().state.seedAgents(1);
    h.sim().state.agents.get(agent.id)!.value.name = 'Evil\u001b[2Jname';
    const result = await h.cli(['agents', 'delete', agent.id], { ...TTY, answers: [false] });
    expect(result.prompts[0]).not.toContain('\u001b');
    expect(result.prompts[0]).toMatch(/^Delete agent Evil.*name \(/);
  });
});

describe('create and update say what happened', () => {
  const h = useHarness();

  it('create: "✓ Created agent <name>  <id>" on stderr, the object on stdout', async () => {
    const result = await h.cli(['agents', 'create', '--name', 'Support triage']);
    expect(result.code, result.stderr).toBe(0);
    const [{ value: agent }] = [...h.sim().state.agents.values()];
    expect(result.stderr).toBe(`✓ Created agent Support triage  ${agent.id}\n`);
    expect(result.stdout.split('\n').slice(0, 2)).toEqual([`id\t${agent.id}`, 'name\tSupport triage']);
  });

  it('update: "✓ Updated knowledge base <name>  <id>"', async () => {
    const demo = seedDemoAccount(h.sim().state);
    const [kbId] = demo.knowledgeBaseIds;
    const result = await h.cli(['kb', 'update', kbId, '--name', 'Renamed']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe(`✓ Updated knowledge base Renamed  ${kbId}\n`);
  });

  it('with --json prints only the JSON document, nothing on stderr', async () => {
    const result = await h.cli(['agents', 'create', '--name', 'Quiet', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(onlyJson(result.stdout)).toMatchObject({ name: 'Quiet' });
  });
});

describe('key/value views', () => {
  const h = useHarness();

  it("put id, name and status first, then the row's columns", async () => {
    const demo = seedDemoAccount(h.sim().state);
    const result = await h.cli(['sources', 'exports', 'get', demo.sourceIds[0], demo.exportId]);
    expect(result.code, result.stderr).toBe(0);
    const keys = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => line.split('\t')[0]);
    expect(keys.slice(0, 2)).toEqual(['id', 'status']);
    const agent = await h.cli(['agents', 'get', demo.agentIds[0]]);
    expect(
      agent.stdout
        .split('\n')
        .map((line) => line.split('\t')[0])
        .slice(0, 2),
    ).toEqual(['id', 'name']);
  });
});
