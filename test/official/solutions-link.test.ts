// solutions link|unlink <solution-id> --agents --kb --sources: the official CLI's one command for all
// three kinds, beside the subcommands that do one kind each.
import { beforeEach, describe, expect, it } from 'vitest';
import { contractOrNull } from '../catalog/contract-helpers.ts';
import { type Harness, onlyJson, useHarness } from '../foundation/harness.ts';
import { answer, useHostileCli } from '../helpers/hostile.ts';
import { type DemoAccount, seedDemoAccount } from '../sim/demo-account.ts';

type Doc = Record<string, unknown>;

describe('as the server sees it', () => {
  const { server, cli } = useHostileCli();
  const sent = () =>
    server().requests.map((r) => `${r.method} ${r.url} ${r.body.toString('utf8')}`.trimEnd());

  it('link sends one request per kind, ids split at commas and collected over repeats', async () => {
    let calls = 0;
    server().handle((req, res) => answer(200, { id: 's1', name: `after ${++calls}` })(req, res));
    const result = await cli([
      'solutions',
      'link',
      's1',
      '--sources',
      'c1',
      '--agents',
      'a1,a2',
      '--kb',
      'k1',
      '--agents',
      'a3',
      '--json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(sent()).toEqual([
      'POST /solutions/s1/agents {"ids":["a1","a2","a3"]}',
      'POST /solutions/s1/knowledge-bases {"ids":["k1"]}',
      'POST /solutions/s1/source-connections {"ids":["c1"]}',
    ]);
    expect(JSON.parse(result.stdout)).toEqual({ id: 's1', name: 'after 3' });
  });

  it('unlink on a terminal sends nothing when the answer is no', async () => {
    server().handle(answer(200, { id: 's1' }));
    const declined = await cli(['solutions', 'unlink', 's1', '--kb', 'k1'], {
      stdinTTY: true,
      stderrTTY: true,
      answers: [false],
    });
    expect(declined.prompts).toHaveLength(1);
    expect(declined.code).toBe(1);
    expect(server().requests.filter((r) => r.method === 'DELETE')).toEqual([]);
  });

  it('unlink asks first: without --yes off a terminal it sends nothing', async () => {
    const refused = await cli(['solutions', 'unlink', 's1', '--kb', 'k1']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('error: solutions unlink needs --yes when not run interactively');
    expect(server().requests).toEqual([]);

    server().handle(answer(200, { id: 's1' }));
    const result = await cli([
      'solutions',
      'unlink',
      's1',
      '--kb',
      'k1',
      '--sources',
      'c1',
      '--yes',
      '--json',
    ]);
    expect(result.code).toBe(0);
    expect(sent()).toEqual([
      'DELETE /solutions/s1/knowledge-bases {"ids":["k1"]}',
      'DELETE /solutions/s1/source-connections {"ids":["c1"]}',
    ]);
  });

  it('the one-kind subcommands still work, --yes included', async () => {
    server().handle(answer(200, { id: 's1' }));
    const link = await cli(['solutions', 'link', 'kb', 's1', '--id', 'k1', '--json']);
    expect(link.code).toBe(0);
    const unlink = await cli(['solutions', 'unlink', 'agents', 's1', '--id', 'a1', '--yes', '--json']);
    expect(unlink.stderr).toBe('');
    expect(unlink.code).toBe(0);
    expect(sent()).toEqual([
      'POST /solutions/s1/knowledge-bases {"ids":["k1"]}',
      'DELETE /solutions/s1/agents {"ids":["a1"]}',
    ]);
  });

  it('needs at least one kind, and no empty id, before any request', async () => {
    const none = await cli(['solutions', 'link', 's1']);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(
      'error: solutions link needs --agents, --kb or --sources\nhint: e.g. seclai solutions link s1 --agents <id>,<id>\n',
    );
    const empty = await cli(['solutions', 'link', 's1', '--agents', 'a1,,a2']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe('error: --agents takes ids separated by commas, none empty\n');
    expect(server().requests).toEqual([]);
  });

  it('says what was already done when a later request fails', async () => {
    server().handle((req, res) =>
      req.url.endsWith('/knowledge-bases')
        ? answer(404, { detail: 'Knowledge base not found' })(req, res)
        : answer(200, { id: 's1' })(req, res),
    );
    const result = await cli(['solutions', 'link', 's1', '--agents', 'a1', '--kb', 'k1', '--sources', 'c1']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Linked agents before this failed.');
    expect(result.stderr).toContain('Knowledge base not found');
    expect(server().requests).toHaveLength(2);
  });

  it('help shows the flags, the three endpoints and the subcommands', async () => {
    const help = await cli(['solutions', 'link', '--help']);
    expect(help.code).toBe(0);
    for (const text of [
      '--agents <ids>',
      '--kb <ids>',
      '--sources <ids>',
      'POST /solutions/{solution_id}/agents',
    ])
      expect(help.stdout).toContain(text);
    expect(help.stdout).toMatch(/^\s+agents\b/m);
    expect(help.stdout.match(/Global options/g)).toHaveLength(1);
  });
});

describe.skipIf(!contractOrNull())('against the simulator', () => {
  const h: Harness = useHarness();
  let demo: DemoAccount;
  beforeEach(() => {
    demo = seedDemoAccount(h.sim().state);
  });

  it('links and unlinks agents and a knowledge base in one command each', async () => {
    const linked = await h.cli([
      'solutions',
      'link',
      demo.solutionId,
      '--agents',
      `${demo.agentIds[1]},${demo.agentIds[2]}`,
      '--kb',
      demo.knowledgeBaseIds[1],
      '--json',
    ]);
    expect(linked.code, linked.stderr).toBe(0);
    const after = onlyJson(linked.stdout) as Doc;
    expect((after.agents as Doc[]).map((agent) => agent.id)).toEqual(demo.agentIds.slice(0, 3));
    expect((after.knowledge_bases as Doc[]).map((kb) => kb.id)).toEqual(demo.knowledgeBaseIds.slice(0, 2));

    const unlinked = await h.cli([
      'solutions',
      'unlink',
      demo.solutionId,
      '--agents',
      demo.agentIds[0],
      '--kb',
      demo.knowledgeBaseIds[0],
      '--yes',
      '--json',
    ]);
    expect(unlinked.code, unlinked.stderr).toBe(0);
    const solution = onlyJson((await h.cli(['solutions', 'get', demo.solutionId, '--json'])).stdout) as Doc;
    expect((solution.agents as Doc[]).map((agent) => agent.id)).toEqual(demo.agentIds.slice(1, 3));
    expect((solution.knowledge_bases as Doc[]).map((kb) => kb.id)).toEqual([demo.knowledgeBaseIds[1]]);
  });
});
