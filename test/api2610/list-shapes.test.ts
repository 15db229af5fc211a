// Every list the simulator can answer, in both shapes: the default (legacy lists: bare arrays,
// {configs, total}, {models, …}) and `--api-version 2026-07-27` ({data, pagination}). Each must exit 0
// with one parseable JSON document holding the same items.
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.ts';
import { listItems } from '../../src/http/paginate.ts';
import { onlyJson, useHarness } from '../foundation/harness.ts';
import { seedDemoAccount } from '../sim/demo-account.ts';
import { Router } from '../sim/router.ts';
import { makeRejection, seedCloudDrive } from '../sim/routes/cloud-drives.ts';
import { routeModules } from '../sim/routes/index.ts';
import { seedContent } from '../sim/routes/uploads.ts';
import type { SimState } from '../sim/state.ts';

/** Two or so of everything the simulated lists show; returns the ids that fill their path parameters. */
function seedWorld(state: SimState): Record<string, string> {
  const source = seedDemoAccount(state).sourceIds[0];
  const [agent] = state.seedAgents(2);
  state.seedEvaluationResults(agent.id, 2);
  state.seedAlertConfigs(2, { agentId: agent.id });
  state.seedModelAlerts(2, { agentId: agent.id });
  seedContent(state, { sourceId: source, filename: 'one.txt' });
  seedContent(state, { sourceId: source, filename: 'two.txt' });
  const drive = seedCloudDrive(state, {
    agents: [
      {
        agent_id: agent.id,
        agent_name: agent.name,
        trigger_types: [],
        via_step: true,
        via_prompt_tool: false,
      },
    ],
    rejections: [makeRejection('/Shared/a.exe', 'unsupported type', 5)],
  }).drive;
  return { agent_id: agent.id, connection_id: drive.id, source_connection_id: source };
}

/** Path parameters seedWorld gives an id for. */
const SEEDED_PARAMS = ['agent_id', 'connection_id', 'source_connection_id'];

const simulated = new Router();
for (const register of routeModules) register(simulated);

const listRows = catalog.filter((spec) => {
  if (spec.view !== 'list' || !spec.operation) return false;
  const [method, template] = spec.operation.split(' ');
  if (!simulated.find(method, template)) return false;
  if (spec.options?.some((option) => option.required)) return false;
  return (spec.args ?? []).every(
    (arg) => !arg.variadic && arg.param !== undefined && SEEDED_PARAMS.includes(arg.param),
  );
});

function items(document: unknown): unknown[] | undefined {
  if (typeof document === 'object' && document !== null && !Array.isArray(document)) {
    const doc = document as Record<string, unknown>;
    if (Array.isArray(doc.models)) return doc.models;
  }
  return listItems(document);
}

// Each list runs against a simulator with the contract (as in CI) and without it (as on a fresh
// clone without ../shared, where the simulator answers from its own records alone).
describe.each([
  ['with the contract', {}],
  ['without a contract', { contract: false }],
])('every simulated list in both shapes, %s', (_, simulator) => {
  const h = useHarness(simulator);

  it('covers the 2026-10 lists among the rest', () => {
    const names = listRows.map((spec) => spec.path.join(' '));
    expect(names).toEqual(
      expect.arrayContaining([
        'agents list',
        'cloud-drives providers',
        'cloud-drives list',
        'cloud-drives agents',
        'cloud-drives rejections',
        'sources contents list',
        'models embedders',
        'models rerankers',
      ]),
    );
  });

  it.each(listRows.map((spec) => [spec.path.join(' '), spec] as const))('%s', async (_, spec) => {
    const seeded = seedWorld(h.sim().state);
    const ids = (spec.args ?? []).map((arg) => seeded[arg.param as string]);
    const counts: number[] = [];
    for (const version of [[], ['--api-version', '2026-07-27']]) {
      const result = await h.cli([...version, ...spec.path, ...ids, '--json']);
      expect(result.code, result.stderr).toBe(0);
      const found = items(onlyJson(result.stdout));
      expect(found, `${spec.path.join(' ')} ${version.join(' ')}: no list in ${result.stdout}`).toBeDefined();
      counts.push(found?.length ?? -1);
    }
    expect(counts[0]).toBe(counts[1]);
    const sent = h
      .sim()
      .requests.filter((r) => r.operation === spec.operation)
      .map((r) => r.headers['seclai-version']);
    expect(sent).toEqual([undefined, '2026-07-27']);
  });
});
