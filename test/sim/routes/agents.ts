// Agents CRUD: GET/POST /agents, GET/PUT/DELETE /agents/{agent_id}.
import { isoNow } from '../clock.ts';
import { newestFirst, sendPagedList } from '../pagination.ts';
import type { AgentSummary } from '../records.ts';
import type { Router, SimRequest, SimResponse } from '../router.ts';
import { storeImportedDefinition } from './agent-definitions.ts';

interface CreateAgentBody {
  name: string;
  description?: string | null;
  trigger_type?: string;
  agent_template?: string | null;
  agent_definition?: Record<string, unknown> | null;
  entity_remap?: Record<string, string> | null;
}

type UpdateAgentBody = Partial<Record<keyof AgentSummary, unknown>> & {
  agent_definition?: Record<string, unknown> | null;
  set_default_evaluation_tier?: boolean;
  set_prompt_model_auto_rollback_triggers?: boolean;
  set_sampling_config?: boolean;
};

/** Fields `PUT /agents/{agent_id}` replaces when given a non-null value. */
const UPDATABLE_FIELDS = [
  'name',
  'description',
  'evaluation_mode',
  'max_retries',
  'retry_on_failure',
  'prompt_model_auto_upgrade_strategy',
  'prompt_model_auto_rollback_enabled',
] as const;

/** Nullable fields cleared by `null` only when their `set_*` flag is true. */
const CLEARABLE_FIELDS = [
  ['default_evaluation_tier', 'set_default_evaluation_tier'],
  ['prompt_model_auto_rollback_triggers', 'set_prompt_model_auto_rollback_triggers'],
  ['sampling_config', 'set_sampling_config'],
] as const;

export default function registerAgentRoutes(router: Router): void {
  router.add('GET', '/agents', listAgents);
  router.add('POST', '/agents', createAgent);
  router.add('GET', '/agents/{agent_id}', (req, res) => {
    const agent = findAgent(req, res);
    if (agent) res.json(200, agent);
  });
  router.add('PUT', '/agents/{agent_id}', updateAgent);
  router.add('DELETE', '/agents/{agent_id}', (req, res) => {
    const agent = findAgent(req, res);
    if (!agent) return;
    req.state.agents.delete(agent.id);
    res.noContent();
  });
}

/** The agent named by `{agent_id}` in the caller's account, or undefined after answering 404. */
export function findAgent(req: SimRequest, res: SimResponse): AgentSummary | undefined {
  const agent = req.state.find(req.state.agents, req.account.id, req.params.agent_id);
  if (!agent) res.detail(404, 'Agent not found');
  return agent;
}

function listAgents(req: SimRequest, res: SimResponse): void {
  sendPagedList(req, res, newestFirst(req.state.owned(req.state.agents, req.account.id)));
}

function createAgent(req: SimRequest, res: SimResponse): void {
  const body = req.body as CreateAgentBody;
  const imported = body.agent_definition !== undefined && body.agent_definition !== null;
  const agent = req.state.createAgent(
    {
      name: body.name,
      description: body.description ?? null,
      trigger_type: body.trigger_type ?? 'dynamic_input',
      import_warnings: imported ? [] : null,
    },
    req.account.id,
  );
  if (imported) storeImportedDefinition(req.state, agent.id, body.agent_definition!, body.entity_remap ?? {});
  res.json(201, agent);
}

function updateAgent(req: SimRequest, res: SimResponse): void {
  const agent = findAgent(req, res);
  if (!agent) return;
  const body = req.body as UpdateAgentBody;
  const changes: Record<string, unknown> = {};
  for (const field of UPDATABLE_FIELDS) {
    if (body[field] !== undefined && body[field] !== null) changes[field] = body[field];
  }
  for (const [field, flag] of CLEARABLE_FIELDS) {
    if (body[field] !== undefined && body[field] !== null) changes[field] = body[field];
    else if (body[flag]) changes[field] = null;
  }
  Object.assign(agent, changes, {
    import_warnings: body.agent_definition ? [] : null,
    updated_at: isoNow(),
  });
  res.json(200, agent);
}
