// The resource engine through the CLI: state that survives between commands, list envelopes by API version,
// 404s for unknown and nested ids, action rows that change records, and the seeded demo account.
import { beforeEach, describe, expect, it } from 'vitest';
import { contractOrNull } from '../catalog/contract-helpers.ts';
import { type Harness, onlyJson, useHarness } from '../foundation/harness.ts';
import { type DemoAccount, seedDemoAccount } from './demo-account.ts';

type Doc = Record<string, unknown>;
const MISSING_ID = '5b1c9e7a-2d4f-4a83-b6e0-7f9d1c3a5e28';

async function json(h: Harness, argv: string[]): Promise<Doc> {
  const result = await h.cli([...argv, '--json']);
  expect(result.code, `seclai ${argv.join(' ')}\n${result.stderr}`).toBe(0);
  return onlyJson(result.stdout) as Doc;
}

describe.skipIf(!contractOrNull())('simulator resource families', () => {
  const h = useHarness();
  let demo: DemoAccount;
  beforeEach(() => {
    demo = seedDemoAccount(h.sim().state);
  });

  it('seeds a demo account that list commands show', async () => {
    const sources = (await json(h, ['sources', 'list', '--all'])) as unknown as Doc[];
    expect(sources.map((source) => source.name).sort()).toEqual([
      'Engineering blog',
      'Product docs',
      'Support tickets',
    ]);
    const kb = await json(h, ['kb', 'get', demo.knowledgeBaseIds[0]]);
    expect((kb.sources as Doc[]).map((source) => source.name)).toEqual(['Product docs', 'Support tickets']);
    const source = await json(h, ['sources', 'get', demo.sourceIds[0]]);
    expect(source.content_count).toBe(2);
    const email = await json(h, ['api', 'GET', '/email-domains']);
    expect(email.domains).toMatchObject([{ id: demo.emailDomainId, domain: 'mail.example.com' }]);
    const models = (await json(h, ['models', 'list'])) as unknown as Doc[];
    expect(models.map((group) => group.provider)).toEqual(['anthropic', 'openai']);
    const modelIds = models.flatMap((group) => (group.models as Doc[]).map((model) => model.model_id));
    const tiers = (await json(h, ['models', 'tiers'])) as unknown as Doc[];
    expect(tiers.map((tier) => tier.model_id).sort()).toEqual([...modelIds].sort());
    expect(tiers.every((tier) => tier.modality === 'text' && typeof tier.credits_per_unit === 'number')).toBe(
      true,
    );
  });

  it('keeps what create and update send, and forgets what delete removes', async () => {
    const created = await json(h, ['kb', 'create', '--name', 'Onboarding', '--source', demo.sourceIds[2]]);
    expect(created).toMatchObject({
      name: 'Onboarding',
      sources: [{ id: demo.sourceIds[2], name: 'Engineering blog' }],
    });
    await json(h, ['kb', 'update', String(created.id), '--top-k', '12']);
    expect(await json(h, ['kb', 'get', String(created.id)])).toMatchObject({
      name: 'Onboarding',
      default_top_k: 12,
    });

    const deleted = await h.cli(['kb', 'delete', String(created.id), '--yes']);
    expect(deleted.code, deleted.stderr).toBe(0);
    const gone = await h.cli(['kb', 'get', String(created.id)]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/404.*Knowledge base not found/);
  });

  it('answers 404 for an id the account does not own, and for a child under the wrong parent', async () => {
    const missing = await h.cli(['memory-banks', 'get', MISSING_ID]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Memory bank not found/);
    const wrongParent = await h.cli(['sources', 'exports', 'get', demo.sourceIds[1], demo.exportId]);
    expect(wrongParent.code).toBe(1);
    expect(wrongParent.stderr).toMatch(/Export not found/);
    const noParent = await h.cli(['sources', 'exports', 'list', MISSING_ID]);
    expect(noParent.stderr).toMatch(/Source not found/);
  });

  it("answers a list in the operation's legacy shape, and as {data, pagination} from 2026-07-27 or when pinned", async () => {
    const legacy = await json(h, ['api', 'GET', '/knowledge_bases']);
    expect(Object.keys(legacy).sort()).toEqual(['knowledge_bases', 'limit', 'page', 'total']);
    expect(legacy.total).toBe(2);

    const canonical = await json(h, ['--api-version', '2026-07-27', 'api', 'GET', '/knowledge_bases']);
    expect(canonical.pagination).toMatchObject({ page: 1, total: 2, has_next: false });
    expect(canonical.data).toHaveLength(2);

    expect((await h.cli(['api-version', 'set', '--date', '2026-07-27'])).code).toBe(0);
    const pinned = await json(h, ['api', 'GET', '/email-domains']);
    expect(Object.keys(pinned).sort()).toEqual(['data', 'pagination']);
  });

  it('pages a legacy list by page and limit', async () => {
    const page = await json(h, ['api', 'GET', '/knowledge_bases?page=2&limit=1']);
    expect(page).toMatchObject({ page: 2, limit: 1, total: 2 });
    expect(page.knowledge_bases).toHaveLength(1);
  });

  it('sorts a list by --sort and --order, and searches names', async () => {
    const byName = (await json(h, [
      'sources',
      'list',
      '--all',
      '--sort',
      'name',
      '--order',
      'asc',
    ])) as unknown as Doc[];
    expect(byName.map((source) => source.name)).toEqual([
      'Engineering blog',
      'Product docs',
      'Support tickets',
    ]);
    const found = await json(h, ['api', 'GET', '/solutions?search=SUPPORT']);
    expect((found.data as Doc[]).map((solution) => solution.id)).toEqual([demo.solutionId]);
    const none = await json(h, ['api', 'GET', '/solutions?search=billing']);
    expect(none.data).toEqual([]);
  });

  it('filters a list by the query parameters that name record fields', async () => {
    const listed = await json(h, ['api', 'GET', `/sources/${demo.sourceIds[0]}/exports`]);
    expect((listed.data as Doc[]).map((entry) => entry.id)).toEqual([demo.exportId]);
    const elsewhere = await json(h, ['api', 'GET', `/sources/${demo.sourceIds[1]}/exports`]);
    expect(elsewhere.data).toEqual([]);
  });

  it('applies actions to records: disable an agent, comment on an alert, link an agent to a solution', async () => {
    await json(h, ['agents', 'disable', demo.agentIds[1]]);
    expect(await json(h, ['agents', 'get', demo.agentIds[1]])).toMatchObject({ disabled: true });

    await json(h, ['alerts', 'comment', demo.alertId, '--message', 'Looking into it']);
    const alert = await json(h, ['alerts', 'get', demo.alertId]);
    expect(alert.comments).toMatchObject([{ body: 'Looking into it' }]);
    expect(alert.alert).toMatchObject({ id: demo.alertId, comment_count: 1 });

    await json(h, ['solutions', 'link', 'agents', demo.solutionId, '--id', demo.agentIds[2]]);
    const solution = await json(h, ['solutions', 'get', demo.solutionId]);
    expect((solution.agents as Doc[]).map((agent) => agent.id)).toEqual([demo.agentIds[0], demo.agentIds[2]]);
  });

  it('searches names and descriptions of the seeded account', async () => {
    const found = await json(h, ['api', 'GET', '/search?q=support']);
    expect((found.results as Doc[]).map((result) => `${result.entity_type}:${result.name}`).sort()).toEqual([
      'agent:Support triage',
      'knowledge_base:Support answers',
      'memory_bank:Support conversations',
      'solution:Customer support',
      'source:Support tickets',
    ]);
    const kbs = await json(h, ['api', 'GET', '/search?q=support&entity_type=knowledge_base']);
    expect(kbs.results).toEqual([
      {
        id: demo.knowledgeBaseIds[0],
        entity_type: 'knowledge_base',
        name: 'Support answers',
        description: 'Docs and past tickets',
      },
    ]);
  });

  it('leaves out stored fields the contract does not declare, and answers unset nullable fields with null', async () => {
    const kb = await json(h, ['api', 'GET', `/knowledge_bases/${demo.knowledgeBaseIds[0]}`]);
    expect(kb).not.toHaveProperty('source_ids');
    expect(kb).not.toHaveProperty('knowledge_base_id');
    const bank = await json(h, ['api', 'GET', `/memory_banks/${demo.memoryBankId}`]);
    expect(bank).toMatchObject({ compaction_prompt: null, embedding_model: null });
  });

  it('lists criteria, results and alert configs created through the API beside the seeded ones', async () => {
    const agentId = demo.agentIds[0];
    const criteria = await json(h, [
      'evals',
      'criteria',
      'create',
      agentId,
      '--data',
      '{"step_id":"answer","description":"Cites a source"}',
    ]);
    const result = await json(h, [
      'evals',
      'results',
      'create',
      String(criteria.id),
      '--data',
      '{"agent_run_id":"' + demo.agentIds[1] + '","status":"failed"}',
    ]);
    const config = await json(h, ['alerts', 'configs', 'create', '--data', '{"alert_type":"credit_low"}']);

    const listed = await json(h, ['api', 'GET', `/agents/${agentId}/evaluation-criteria`]);
    expect((listed as unknown as Doc[]).map((entry) => entry.id)).toContain(criteria.id);
    const results = await json(h, ['api', 'GET', `/agents/${agentId}/evaluation-results`]);
    expect((results.data as Doc[]).find((entry) => entry.id === result.id)).toMatchObject({
      status: 'failed',
    });
    const configs = await json(h, ['api', 'GET', '/alerts/configs']);
    expect((configs.configs as Doc[]).find((entry) => entry.id === config.id)).toMatchObject({
      alert_type: 'credit_low',
    });
  });

  it('marks model alerts read, one or all, and counts the unread', async () => {
    const before = await json(h, ['models', 'alerts', 'unread-count']);
    expect(before.count).toBeGreaterThan(0);
    expect((await h.cli(['models', 'alerts', 'mark-all-read'])).code).toBe(0);
    expect(await json(h, ['models', 'alerts', 'unread-count'])).toEqual({ count: 0 });
  });

  it('keeps an embedding migration per source until it is cancelled', async () => {
    expect(await json(h, ['sources', 'migration', 'get', demo.sourceIds[0]])).toMatchObject({
      status: 'running',
    });
    const none = await h.cli(['sources', 'migration', 'get', demo.sourceIds[1], '--json']);
    expect(none.code, none.stderr).toBe(0);
    expect(JSON.parse(none.stdout)).toBeNull();
    await json(h, ['sources', 'migration', 'cancel', demo.sourceIds[0], '--yes']);
    expect(await json(h, ['sources', 'migration', 'get', demo.sourceIds[0]])).toMatchObject({
      status: 'cancelled',
    });
  });

  it('shows a seeded content with its text, and deletes it', async () => {
    const content = await json(h, ['contents', 'get', demo.contentIds[0]]);
    expect(content).toMatchObject({ source_connection_id: demo.sourceIds[0], source_name: 'Product docs' });
    expect(content.text_content).toMatch(/^# Getting started/);
    const window = await json(h, ['api', 'GET', `/contents/${demo.contentIds[0]}?start=2&end=9`]);
    expect(window).toMatchObject({ text_content: 'Getting', text_content_start: 2, text_content_end: 9 });
    expect((await h.cli(['contents', 'delete', demo.contentIds[0], '--yes'])).code).toBe(0);
    expect((await h.cli(['contents', 'get', demo.contentIds[0]])).code).toBe(1);
  });
});
