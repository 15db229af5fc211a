// Every resource family's CRUD (test/sim/resource-families.ts) and the odd operations, one action row each.
// An action without `family` answers a contract sample echoing its path ids and body (AI assistants, search, ...).
import { isoNow, newId } from '../clock.ts';
import { resources } from '../resource-families.ts';
import { type Action, type Fields, type ResourceEngine, sendListAnswer } from '../resources.ts';
import type { Router, SimRequest, SimResponse } from '../router.ts';
import type { SimState } from '../state.ts';
import { storedContents } from './uploads.ts';

const none = (): Fields[] => [];
const body = (req: SimRequest): Fields => (req.body ?? {}) as Fields;

function alertDetail(alert: Fields): Fields {
  return {
    alert,
    comments: alert.comments ?? [],
    history: alert.history ?? [],
    subscribers: alert.subscribers ?? [],
  };
}

/** Adds (`link`) or removes the body's `ids` to a solution's list of linked records. */
function linkIds(field: string, link: boolean) {
  return (record: Fields, req: SimRequest): Fields => {
    const ids = new Set((record[field] as string[] | undefined) ?? []);
    for (const id of (body(req).ids as string[] | undefined) ?? []) {
      if (link) ids.add(id);
      else ids.delete(id);
    }
    return { [field]: [...ids] };
  };
}

function solutionLinks(path: string, field: string): Action[] {
  return [
    {
      operation: `POST /solutions/{solution_id}/${path}`,
      family: 'solutions',
      apply: linkIds(field, true),
      answer: 'item',
    },
    {
      operation: `DELETE /solutions/{solution_id}/${path}`,
      family: 'solutions',
      apply: linkIds(field, false),
      answer: 'item',
    },
  ];
}

const actions: Action[] = [
  // Agents
  {
    operation: 'POST /agents/{agent_id}/disable',
    family: 'agents',
    apply: () => ({ disabled: true, disabled_at: isoNow(), disabled_reason: 'Disabled by a user' }),
    answer: 'item',
  },
  {
    operation: 'POST /agents/{agent_id}/enable',
    family: 'agents',
    apply: () => ({ disabled: false, disabled_at: null, disabled_reason: null }),
    answer: 'item',
  },
  { operation: 'GET /agents/{agent_id}/definition', family: 'agents' },
  { operation: 'PUT /agents/{agent_id}/definition', family: 'agents' },
  { operation: 'GET /agents/{agent_id}/export', family: 'agents' },
  { operation: 'GET /agents/{agent_id}/callers', family: 'agents', list: none },
  { operation: 'GET /agents/{agent_id}/evaluation-runs', family: 'agents', list: none },
  { operation: 'GET /agents/{agent_id}/runs/{run_id}/evaluation-results', family: 'agents', list: none },
  { operation: 'PUT /agents/{agent_id}/triggers/{trigger_id}/email-config', family: 'agents' },
  { operation: 'GET /agents/{agent_id}/ai-assistant/conversations', family: 'agents' },
  { operation: 'POST /agents/{agent_id}/ai-assistant/generate-steps', family: 'agents' },
  { operation: 'POST /agents/{agent_id}/ai-assistant/step-config', family: 'agents' },
  { operation: 'PATCH /agents/{agent_id}/ai-assistant/{conversation_id}', family: 'agents' },
  { operation: 'POST /agents/preview-import' },
  // Evaluations
  { operation: 'POST /agents/{agent_id}/evaluation-criteria/test-draft', family: 'agents' },
  {
    operation: 'GET /agents/evaluation-criteria/{criteria_id}/compatible-runs',
    family: 'evaluationCriteria',
    list: none,
  },
  { operation: 'GET /agents/evaluation-criteria/{criteria_id}/summary', family: 'evaluationCriteria' },
  { operation: 'GET /agents/evaluation-results/non-manual-summary' },
  // Email
  { operation: 'GET /agents/inbound-email-rejections', list: none },
  { operation: 'GET /agents/inbound-email-status' },
  { operation: 'POST /agents/inbound-email-status/cancel-queued' },
  { operation: 'POST /agents/inbound-email-status/resume' },
  {
    operation: 'PUT /agents/blocked-email-senders/mode',
    list: (req, engine) => engine.owned(req.state, 'blockedSenders', req.account.id),
  },
  {
    operation: 'POST /email-domains/{domain_id}/verify',
    family: 'emailDomains',
    apply: () => ({ status: 'verified', verified: true, verified_at: isoNow(), last_checked_at: isoNow() }),
    answer: 'item',
  },
  {
    operation: 'POST /email-domains/{domain_id}/primary',
    family: 'emailDomains',
    handler: (req, res, engine, domain) => {
      for (const other of engine.owned(req.state, 'emailDomains', req.account.id))
        other.is_primary = other === domain;
      engine.answer(req, res, domain);
    },
  },
  { operation: 'GET /email-domains/{domain_id}/dmarc', family: 'emailDomains' },
  { operation: 'POST /email-domains/{domain_id}/test-email', family: 'emailDomains' },
  { operation: 'POST /email-domains/use-shared-domain' },
  // Sources: exports and embedding migrations
  { operation: 'POST /sources/{source_connection_id}/exports/estimate', family: 'sources' },
  {
    operation: 'POST /sources/{source_connection_id}/exports/{export_id}/cancel',
    family: 'exports',
    apply: () => ({ status: 'cancelled', completed_at: isoNow() }),
    answer: 'item',
  },
  {
    operation: 'GET /sources/{source_connection_id}/embedding-migration',
    family: 'sources',
    handler: (req, res, engine, source) =>
      engine.answer(req, res, migrations(req).get(String(source!.id)) ?? null),
  },
  {
    operation: 'POST /sources/{source_connection_id}/embedding-migration',
    family: 'sources',
    handler: (req, res, engine, source) => {
      const migration = startMigration(String(source!.id), body(req));
      migrations(req).set(String(source!.id), migration);
      engine.answer(req, res, migration);
    },
  },
  {
    operation: 'POST /sources/{source_connection_id}/embedding-migration/cancel',
    family: 'sources',
    handler: (req, res, engine, source) => {
      const migration = migrations(req).get(String(source!.id));
      if (!migration) return res.detail(404, 'No embedding migration for this source');
      Object.assign(migration, { status: 'cancelled', completed_at: isoNow(), updated_at: isoNow() });
      engine.answer(req, res, migration);
    },
  },
  // Contents
  { operation: 'GET /contents/{source_connection_content_version}', handler: contentDetail },
  { operation: 'DELETE /contents/{source_connection_content_version}', handler: deleteContent },
  { operation: 'GET /contents/{source_connection_content_version}/embeddings', handler: contentEmbeddings },
  // Knowledge bases, memory banks, solutions
  {
    operation: 'GET /memory_banks/templates',
    handler: (req, res, engine) => engine.answer(req, res, MEMORY_TEMPLATES),
  },
  { operation: 'POST /memory_banks/test-compaction' },
  {
    operation: 'GET /memory_banks/{memory_bank_id}/agents',
    family: 'memoryBanks',
    handler: (req, res, e) => e.answer(req, res, []),
  },
  { operation: 'POST /memory_banks/{memory_bank_id}/compact', family: 'memoryBanks' },
  {
    operation: 'DELETE /memory_banks/{memory_bank_id}/source',
    family: 'memoryBanks',
    apply: () => ({ source_connection_id: null }),
    answer: 'item',
  },
  {
    operation: 'GET /memory_banks/{memory_bank_id}/stats',
    family: 'memoryBanks',
    handler: (req, res, engine, bank) =>
      engine.answer(req, res, {
        memory_bank_id: bank!.id,
        entries: 42,
        total_tokens: 18_450,
        oldest_entry_at: bank!.created_at,
      }),
  },
  { operation: 'POST /memory_banks/{memory_bank_id}/test-compaction', family: 'memoryBanks' },
  ...solutionLinks('agents', 'agent_ids'),
  ...solutionLinks('knowledge-bases', 'knowledge_base_ids'),
  ...solutionLinks('source-connections', 'source_ids'),
  { operation: 'POST /solutions/{solution_id}/ai-assistant/generate', family: 'solutions' },
  { operation: 'POST /solutions/{solution_id}/ai-assistant/knowledge-base', family: 'solutions' },
  { operation: 'POST /solutions/{solution_id}/ai-assistant/source', family: 'solutions' },
  { operation: 'POST /solutions/{solution_id}/ai-assistant/{conversation_id}/accept', family: 'solutions' },
  { operation: 'POST /solutions/{solution_id}/ai-assistant/{conversation_id}/decline', family: 'solutions' },
  // AI assistants and governance
  { operation: 'POST /ai-assistant/feedback' },
  { operation: 'POST /ai-assistant/knowledge-base' },
  { operation: 'POST /ai-assistant/memory-bank' },
  { operation: 'GET /ai-assistant/memory-bank/last-conversation' },
  { operation: 'PATCH /ai-assistant/memory-bank/{conversation_id}' },
  { operation: 'POST /ai-assistant/solution' },
  { operation: 'POST /ai-assistant/source' },
  { operation: 'POST /ai-assistant/{conversation_id}/accept' },
  { operation: 'POST /ai-assistant/{conversation_id}/decline' },
  { operation: 'POST /memory_banks/ai-assistant' },
  { operation: 'GET /memory_banks/ai-assistant/last-conversation' },
  { operation: 'PATCH /memory_banks/ai-assistant/{conversation_id}' },
  { operation: 'POST /governance/ai-assistant' },
  { operation: 'GET /governance/ai-assistant/conversations', list: none },
  { operation: 'POST /governance/ai-assistant/{conversation_id}/accept' },
  { operation: 'POST /governance/ai-assistant/{conversation_id}/decline' },
  // Alerts
  { operation: 'GET /alerts/{alert_id}', family: 'alerts', answer: 'item', wrap: alertDetail },
  {
    operation: 'POST /alerts/{alert_id}/comments',
    family: 'alerts',
    apply: (alert, req) => {
      const comment = {
        id: newId(),
        user_id: newId(),
        user_name: 'You',
        body: body(req).body,
        created_at: isoNow(),
      };
      const comments = [...((alert.comments as Fields[] | undefined) ?? []), comment];
      return { comments, comment_count: comments.length };
    },
    answer: 'item',
    wrap: alertDetail,
  },
  {
    operation: 'POST /alerts/{alert_id}/status',
    family: 'alerts',
    apply: (_, req) => ({ status: body(req).status }),
    answer: 'item',
    wrap: alertDetail,
  },
  {
    operation: 'POST /alerts/{alert_id}/subscribe',
    family: 'alerts',
    apply: () => ({ is_subscribed: true, subscriber_count: 1 }),
    answer: 'item',
    wrap: alertDetail,
  },
  {
    operation: 'POST /alerts/{alert_id}/unsubscribe',
    family: 'alerts',
    apply: () => ({ is_subscribed: false, subscriber_count: 0 }),
    answer: 'item',
    wrap: alertDetail,
  },
  { operation: 'GET /alerts/organization-preferences/list', list: none },
  { operation: 'PATCH /alerts/organization-preferences/{organization_id}/{alert_type}' },
  // Models
  { operation: 'GET /models', handler: listModelsByProvider },
  { operation: 'GET /models/{model_id}/recommendations', family: 'models' },
  { operation: 'GET /models/generation-tiers', list: generationTiers },
  {
    operation: 'PATCH /models/alerts/{alert_id}/read',
    family: 'modelAlerts',
    apply: () => ({ read_at: isoNow() }),
  },
  {
    operation: 'POST /models/alerts/mark-all-read',
    handler: (req, res, engine) => {
      for (const alert of engine.owned(req.state, 'modelAlerts', req.account.id)) alert.read_at ??= isoNow();
      engine.answer(req, res, {});
    },
  },
  {
    operation: 'GET /models/alerts/unread-count',
    handler: (req, res, engine) => {
      const unread = engine
        .owned(req.state, 'modelAlerts', req.account.id)
        .filter((alert) => alert.read_at === null);
      engine.answer(req, res, { count: unread.length });
    },
  },
  {
    operation: 'POST /models/playground/experiments/{experiment_id}/cancel',
    family: 'experiments',
    apply: () => ({ status: 'cancelled', completed_at: isoNow() }),
    answer: 'item',
  },
  // Search
  { operation: 'GET /search', handler: search },
  { operation: 'GET /docs-search' },
];

const MEMORY_TEMPLATES = [
  { id: 'support-chat', name: 'Support chat', type: 'conversation', mode: 'full_history', max_turns: 50 },
  {
    id: 'user-profile',
    name: 'User profile facts',
    type: 'general',
    mode: 'compaction',
    max_size_tokens: 4000,
  },
];

/** Embedding migrations by source id (one per source). */
export function migrations(req: { state: SimState }): Map<string, Fields> {
  return req.state.store<Fields>('embeddingMigrations');
}

export function startMigration(sourceId: string, request: Fields): Fields {
  const now = isoNow();
  return {
    id: newId(),
    source_connection_id: sourceId,
    source_id_old: newId(),
    source_id_new: newId(),
    target_embedding_model:
      request.target_embedding_model ?? request.embedding_model ?? 'text-embedding-3-small',
    target_dimensions: request.target_dimensions ?? request.dimensions ?? 1536,
    status: 'running',
    phase: 'embedding',
    progress_current: 0,
    progress_total: 100,
    progress_message: 'Re-embedding contents',
    failure_message: null,
    notification_recipients: null,
    task_execution_id: null,
    started_at: now,
    completed_at: null,
    created_at: now,
    updated_at: now,
  };
}

function findContent(req: SimRequest, res: SimResponse) {
  const content = storedContents(req.state).get(req.params.source_connection_content_version);
  if (!content || content.accountId !== req.account.id) res.detail(404, 'Content not found');
  else return content;
}

function contentDetail(req: SimRequest, res: SimResponse): void {
  const content = findContent(req, res);
  if (!content) return;
  const source = resources.store(req.state, 'sources').get(content.sourceId)?.value ?? {};
  const text = content.contentType.startsWith('text/') ? (content.bytes?.toString('utf8') ?? null) : null;
  const start = Math.min(Number(req.query.start ?? 0), text?.length ?? 0);
  const end = Math.min(Number(req.query.end ?? 5000), text?.length ?? 0);
  resources.answer(req, res, {
    id: content.id,
    source_connection_content_version_id: content.id,
    source_connection_id: content.sourceId,
    source_name: source.name ?? 'Uploads',
    source_type: source.source_type ?? 'file_upload',
    title: content.title ?? content.filename,
    content_url: `https://files.seclai.invalid/${content.id}/${content.filename}`,
    content_type: content.contentType,
    content_type_display: content.contentType,
    content_status: 'indexed',
    content_word_count: text ? text.split(/\s+/).filter(Boolean).length : null,
    content_duration: null,
    content_duration_display: null,
    pulled_at: content.createdAt,
    published_at: null,
    description: null,
    text_content: text?.slice(start, Math.max(start, end)) ?? null,
    text_content_start: start,
    text_content_end: Math.max(start, end),
    text_content_total_length: text?.length ?? 0,
    metadata: null,
    error: null,
  });
}

function deleteContent(req: SimRequest, res: SimResponse): void {
  const content = findContent(req, res);
  if (!content) return;
  storedContents(req.state).delete(content.id);
  res.noContent();
}

function contentEmbeddings(req: SimRequest, res: SimResponse): void {
  const content = findContent(req, res);
  if (!content) return;
  const text = content.bytes?.toString('utf8') ?? '';
  const chunks = text.match(/[\s\S]{1,400}/g) ?? [];
  sendListAnswer(
    req,
    res,
    chunks.map((chunk, index) => ({
      id: newId(),
      chunk_index: index,
      text: chunk,
      created_at: content.createdAt,
    })),
  );
}

/** One text-generation tier per model of the account, cheaper tiers for smaller contexts. */
function generationTiers(req: SimRequest, engine: ResourceEngine): Fields[] {
  return engine.owned(req.state, 'models', req.account.id).map((model) => {
    const large = Number(model.max_context_tokens ?? 0) > 100_000;
    return {
      modality: 'text',
      tier: large ? 'premium' : 'standard',
      model_id: model.model_id ?? model.id,
      model_name: model.name,
      credits_per_unit: large ? 4 : 1,
      unit_label: '1K tokens',
      price_label: large ? 'Premium' : 'Standard',
    };
  });
}

function listModelsByProvider(req: SimRequest, res: SimResponse): void {
  const provider = req.query.provider;
  const byProvider = new Map<string, Fields[]>();
  const models = resources.owned(req.state, 'models', req.account.id);
  models.sort(
    (a, b) =>
      String(a.provider).localeCompare(String(b.provider)) || String(a.name).localeCompare(String(b.name)),
  );
  for (const model of models) {
    if (provider != null && model.provider !== provider) continue;
    const group = byProvider.get(String(model.provider)) ?? [];
    group.push(model);
    byProvider.set(String(model.provider), group);
  }
  resources.answer(
    req,
    res,
    [...byProvider].map(([name, models]) => ({ provider: name, models })),
  );
}

/** Families `GET /search` looks through, by the entity type it reports. */
const SEARCHED: Record<string, string> = {
  agent: 'agents',
  source: 'sources',
  knowledge_base: 'knowledgeBases',
  memory_bank: 'memoryBanks',
  solution: 'solutions',
};

function search(req: SimRequest, res: SimResponse): void {
  const needle = String(req.query.q).toLowerCase();
  const wanted = req.query.entity_type;
  const results = Object.entries(SEARCHED)
    .filter(([entityType]) => wanted == null || wanted === entityType)
    .flatMap(([entityType, family]) =>
      resources
        .owned(req.state, family, req.account.id)
        .filter((record) => `${record.name} ${record.description ?? ''}`.toLowerCase().includes(needle))
        .map((record) => ({
          id: record.id,
          entity_type: entityType,
          name: record.name,
          description: record.description ?? null,
        })),
    );
  resources.answer(req, res, { results: results.slice(0, Number(req.query.limit ?? 10)) });
}

export default function registerResourceRoutes(router: Router): void {
  resources.register(router, actions);
}
