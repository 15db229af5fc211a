// Agent definitions that round-trip: GET/PUT /agents/{id}/definition keep a definition per agent,
// GET /agents/{id}/export wraps it with its knowledge bases, POST /agents/preview-import reports the
// knowledge bases the account lacks, and POST /agents (agents.ts) stores an imported definition
// with `entity_remap` applied.
import { randomUUID } from 'node:crypto';
import { isoNow } from '../clock.ts';
import { resources } from '../resource-families.ts';
import type { Router, SimRequest } from '../router.ts';
import type { SimState } from '../state.ts';
import { findAgent } from './agents.ts';

interface StoredDefinition {
  definition: Record<string, unknown>;
  changeId: string;
}

const SCHEMA_VERSION = '1';

function definitions(state: SimState): Map<string, StoredDefinition> {
  return state.store<StoredDefinition>('agentDefinitions');
}

function definitionOf(state: SimState, agentId: string): StoredDefinition {
  let stored = definitions(state).get(agentId);
  if (!stored) {
    stored = { definition: { steps: [] }, changeId: randomUUID() };
    definitions(state).set(agentId, stored);
  }
  return stored;
}

/** Stores the definition an import brings (an export's `agent.definition`), its ids remapped. */
export function storeImportedDefinition(
  state: SimState,
  agentId: string,
  exported: Record<string, unknown>,
  remap: Record<string, string> = {},
): void {
  const agent = isObject(exported.agent) ? exported.agent : {};
  const definition = isObject(agent.definition) ? agent.definition : { steps: [] };
  definitions(state).set(agentId, {
    definition: remapIds(definition, remap) as Record<string, unknown>,
    changeId: randomUUID(),
  });
}

function remapIds(value: unknown, remap: Record<string, string>): unknown {
  if (typeof value === 'string') return Object.hasOwn(remap, value) ? remap[value] : value;
  if (Array.isArray(value)) return value.map((item) => remapIds(item, remap));
  if (isObject(value))
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, remapIds(item, remap)]));
  return value;
}

/** Every knowledge base id a definition names under `knowledge_base_id` or `knowledge_base_ids`. */
function knowledgeBaseIds(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) knowledgeBaseIds(item, found);
  else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'knowledge_base_id' && typeof item === 'string') found.add(item);
      else if (key === 'knowledge_base_ids' && Array.isArray(item))
        for (const id of item)
          if (typeof id === 'string') found.add(id);
          else knowledgeBaseIds(item, found);
    }
  }
  return found;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function knowledgeBasesOf(req: SimRequest) {
  return resources.owned(req.state, 'knowledgeBases', req.account.id);
}

/** What GET and PUT /agents/{agent_id}/definition answer. */
function definitionAnswer(stored: ReturnType<typeof definitionOf>) {
  return {
    change_id: stored.changeId,
    definition: stored.definition,
    schema_version: SCHEMA_VERSION,
    warnings: null,
  };
}

export default function registerAgentDefinitionRoutes(router: Router): void {
  router.add('GET', '/agents/{agent_id}/definition', (req, res) => {
    const agent = findAgent(req, res);
    if (!agent) return;
    const stored = definitionOf(req.state, agent.id);
    res.json(200, definitionAnswer(stored));
  });
  router.add('PUT', '/agents/{agent_id}/definition', (req, res) => {
    const agent = findAgent(req, res);
    if (!agent) return;
    // expected_change_id is not checked: the catalog walk sends a sample one.
    const body = req.body as { definition: Record<string, unknown> };
    const stored = definitionOf(req.state, agent.id);
    stored.definition = body.definition;
    stored.changeId = randomUUID();
    agent.updated_at = isoNow();
    res.json(200, definitionAnswer(stored));
  });
  router.add('GET', '/agents/{agent_id}/export', (req, res) => {
    const agent = findAgent(req, res);
    if (!agent) return;
    const { definition } = definitionOf(req.state, agent.id);
    const named = knowledgeBaseIds(definition);
    res.json(200, {
      export_version: '2',
      exported_at: isoNow(),
      software_version: 'seclai-simulator',
      agent: {
        name: agent.name,
        description: agent.description,
        schema_version: SCHEMA_VERSION,
        definition,
      },
      dependencies: {
        knowledge_bases: knowledgeBasesOf(req)
          .filter((kb) => named.has(String(kb.id)))
          .map((kb) => ({ id: kb.id, name: kb.name, description: kb.description ?? null })),
      },
    });
  });
  router.add('POST', '/agents/preview-import', (req, res) => {
    const exported = (req.body as { agent_definition: Record<string, unknown> }).agent_definition;
    const agent = isObject(exported.agent) ? exported.agent : {};
    const definition = isObject(agent.definition) ? agent.definition : {};
    const owned = knowledgeBasesOf(req);
    const known = new Set(owned.map((kb) => String(kb.id)));
    const alternatives = owned.map((kb) => ({ id: kb.id, name: kb.name }));
    res.json(200, {
      ok: true,
      agent_name: typeof agent.name === 'string' ? agent.name : null,
      description: typeof agent.description === 'string' ? agent.description : null,
      step_count: Array.isArray(definition.steps) ? definition.steps.length : 0,
      schedules: 0,
      alert_configs: 0,
      evaluation_criteria: 0,
      governance_policies: 0,
      unresolved_refs: [...knowledgeBaseIds(definition)]
        .filter((id) => !known.has(id))
        .map((id) => ({ category: 'knowledge_base', ref_id: id, locations: [], alternatives })),
    });
  });
}
