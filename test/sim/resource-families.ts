// The simulator's resource families, one row each: where they live, their id parameter, the verbs served.
// Families whose verbs are served by hand-written routes (agents, ...) are rows too, so actions can find their records.
import { isoNow } from './clock.ts';
import { makeAlertConfig, makeEvaluationCriteria, makeEvaluationResult } from './factories.ts';
import type { Owned } from './records.ts';
import { type Family, type Fields, type RecordStore, ResourceEngine } from './resources.ts';
import type { SimState } from './state.ts';

const CRUD = ['list', 'create', 'get', 'update', 'delete'] as const;

/** A typed map of the state seen as plain records (its values are the API's objects either way). */
function typedStore<T>(pick: (state: SimState) => Map<string, Owned<T>>): (state: SimState) => RecordStore {
  return (state) => pick(state) as unknown as RecordStore;
}

/**
 * A factory's record without id and timestamps, so a created record is new; the hand-written list routes of
 * typed stores answer records as stored, so created ones must be as complete as seeded ones.
 */
function unstamped(record: object): Fields {
  const { id: _id, created_at: _created, updated_at: _updated, ...rest } = record as Fields;
  return rest;
}

/** The caller's records of `family` whose ids are listed in `ids` (answers shape them to the linked schema). */
function linked(state: SimState, accountId: string, family: string, ids: unknown): Fields[] {
  if (!Array.isArray(ids)) return [];
  const store = resources.store(state, family);
  return ids.flatMap((id) => {
    const entry = store.get(String(id));
    return entry && entry.accountId === accountId ? [entry.value] : [];
  });
}

const families: Family[] = [
  {
    name: 'agents',
    collection: '/agents',
    item: '/agents/{agent_id}',
    idParam: 'agent_id',
    notFound: 'Agent not found',
    verbs: [],
    store: typedStore((state) => state.agents),
  },
  {
    name: 'sources',
    collection: '/sources',
    item: '/sources/{source_connection_id}',
    idParam: 'source_connection_id',
    notFound: 'Source not found',
    verbs: CRUD,
    defaults: (req) => ({
      account_id: req.account.id,
      polling: 'none',
      content_filter: 'all',
      retention: null,
    }),
    expand: (record, state) => ({ content_count: contentCount(state, String(record.id)) }),
  },
  {
    name: 'exports',
    collection: '/sources/{source_connection_id}/exports',
    item: '/sources/{source_connection_id}/exports/{export_id}',
    idParam: 'export_id',
    notFound: 'Export not found',
    verbs: ['list', 'create', 'get', 'delete'],
    parent: { family: 'sources', param: 'source_connection_id' },
    defaults: (req) => ({ account_id: req.account.id, status: 'pending', destination: 'download' }),
  },
  {
    name: 'knowledgeBases',
    collection: '/knowledge_bases',
    item: '/knowledge_bases/{knowledge_base_id}',
    idParam: 'knowledge_base_id',
    notFound: 'Knowledge base not found',
    verbs: CRUD,
    defaults: () => ({ readonly: false, default_top_k: 8, default_top_n: 4, default_score_threshold: 0.3 }),
    expand: (record, state, accountId) => ({
      sources: linked(state, accountId, 'sources', record.source_ids),
    }),
  },
  {
    name: 'memoryBanks',
    collection: '/memory_banks',
    item: '/memory_banks/{memory_bank_id}',
    idParam: 'memory_bank_id',
    notFound: 'Memory bank not found',
    verbs: CRUD,
    defaults: () => ({ type: 'conversation', mode: 'full_history', max_turns: 50 }),
  },
  {
    name: 'solutions',
    collection: '/solutions',
    item: '/solutions/{solution_id}',
    idParam: 'solution_id',
    notFound: 'Solution not found',
    verbs: CRUD,
    updateMethod: 'PATCH',
    defaults: () => ({ description: '', agent_ids: [], knowledge_base_ids: [], source_ids: [] }),
    expand: (record, state, accountId) => ({
      agents: linked(state, accountId, 'agents', record.agent_ids),
      knowledge_bases: linked(state, accountId, 'knowledgeBases', record.knowledge_base_ids),
      source_connections: linked(state, accountId, 'sources', record.source_ids),
    }),
  },
  {
    name: 'solutionConversations',
    collection: '/solutions/{solution_id}/conversations',
    item: '/solutions/{solution_id}/conversations/{conversation_id}',
    idParam: 'conversation_id',
    notFound: 'Conversation not found',
    verbs: ['list', 'create', 'update'],
    updateMethod: 'PATCH',
    parent: { family: 'solutions', param: 'solution_id' },
    defaults: () => ({ ai_response: 'I can link the support sources to this solution.', accepted: null }),
  },
  {
    name: 'evaluationCriteria',
    collection: '/agents/{agent_id}/evaluation-criteria',
    item: '/agents/evaluation-criteria/{criteria_id}',
    idParam: 'criteria_id',
    notFound: 'Evaluation criteria not found',
    verbs: ['create', 'get', 'update', 'delete'],
    updateMethod: 'PATCH',
    parent: { family: 'agents', param: 'agent_id' },
    store: typedStore((state) => state.evaluationCriteria),
    defaults: (req) => unstamped(makeEvaluationCriteria(req.account.id, req.params.agent_id, 0)),
  },
  {
    name: 'evaluationResults',
    collection: '/agents/evaluation-criteria/{criteria_id}/results',
    item: '/agents/evaluation-results/{result_id}',
    idParam: 'result_id',
    notFound: 'Evaluation result not found',
    verbs: ['list', 'create'],
    parent: { family: 'evaluationCriteria', param: 'criteria_id' },
    store: typedStore((state) => state.evaluationResults),
    defaults: (req) => {
      const criteria = req.state.evaluationCriteria.get(req.params.criteria_id)?.value;
      return criteria ? { ...unstamped(makeEvaluationResult(criteria, 0)), evaluated_at: isoNow() } : {};
    },
  },
  {
    name: 'alertConfigs',
    collection: '/alerts/configs',
    item: '/alerts/configs/{config_id}',
    idParam: 'config_id',
    notFound: 'Alert config not found',
    verbs: ['create', 'update', 'delete'],
    updateMethod: 'PATCH',
    store: typedStore((state) => state.alertConfigs),
    defaults: (req) => unstamped(makeAlertConfig(req.account.id, 0, null)),
  },
  {
    name: 'alerts',
    collection: '/alerts',
    item: '/alerts/{alert_id}',
    idParam: 'alert_id',
    notFound: 'Alert not found',
    verbs: ['list'],
  },
  {
    name: 'modelAlerts',
    collection: '/models/alerts',
    item: '/models/alerts/{alert_id}',
    idParam: 'alert_id',
    notFound: 'Model alert not found',
    verbs: [],
    store: typedStore((state) => state.modelAlerts),
  },
  {
    name: 'models',
    collection: '/models',
    item: '/models/{model_id}/details',
    idParam: 'model_id',
    notFound: 'Model not found',
    verbs: ['get'],
  },
  {
    name: 'experiments',
    collection: '/models/playground/experiments',
    item: '/models/playground/experiments/{experiment_id}',
    idParam: 'experiment_id',
    notFound: 'Experiment not found',
    verbs: ['list', 'create', 'get', 'delete'],
    defaults: (req) => ({
      status: 'pending',
      selected_model_ids: (req.body as Fields | undefined)?.model_ids ?? [],
      progress_current: 0,
      progress_total: 1,
    }),
  },
  {
    name: 'emailDomains',
    collection: '/email-domains',
    item: '/email-domains/{domain_id}',
    idParam: 'domain_id',
    notFound: 'Email domain not found',
    verbs: ['list', 'create', 'delete'],
    defaults: () => ({
      kind: 'custom',
      status: 'pending',
      is_primary: false,
      verified: false,
      dns_records: [],
    }),
  },
  {
    name: 'emailOptOuts',
    collection: '/agents/agent-email-optouts',
    item: '/agents/agent-email-optouts/{optout_id}',
    idParam: 'optout_id',
    notFound: 'Opt-out not found',
    verbs: ['list', 'delete'],
  },
  {
    name: 'blockedSenders',
    collection: '/agents/blocked-email-senders',
    item: '/agents/blocked-email-senders/{blocked_id}',
    idParam: 'blocked_id',
    notFound: 'Blocked sender not found',
    verbs: ['list', 'create', 'delete'],
    defaults: () => ({ match_type: 'exact', source: 'manual', note: null }),
  },
];

/** Content versions of a source (kept by the upload routes in `state.store('contentVersions')`). */
function contentCount(state: SimState, sourceId: string): number {
  let count = 0;
  for (const content of state.store<{ sourceId: string }>('contentVersions').values())
    if (content.sourceId === sourceId) count++;
  return count;
}

export const resources = new ResourceEngine(families);
