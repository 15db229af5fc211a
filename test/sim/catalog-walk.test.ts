// Walks the command catalog against the simulator seeded with the demo account: every row's command must reach
// a served route (no 404/405/501 for it), answer inside the contract, and succeed; list rows also with 2026-07-27.
import { beforeEach, describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.ts';
import { longFlag } from '../../src/catalog/input.ts';
import type { CommandSpec, OptionSpec } from '../../src/catalog/types.ts';
import { bodySchema, contractOrNull, sampleValue, targetSchema } from '../catalog/contract-helpers.ts';
import { useHarness } from '../foundation/harness.ts';
import { ORGANIZATION } from './accounts.ts';
import { type DemoAccount, seedDemoAccount } from './demo-account.ts';

/** Rows the walk leaves to their own tests, and why. */
const EXEMPT: Record<string, string> = {
  'agents run': 'streams a run over SSE: test/runs/',
  'agents runs start': 'starts a scripted run: test/runs/runs-commands.test.ts',
  'runs get': 'needs a run started first: test/runs/runs-commands.test.ts',
  'runs cancel': 'needs a run in progress: test/runs/runs-commands.test.ts',
  'agents upload-input': 'multipart upload of a file: test/uploads/agent-inputs.test.ts',
  'agents input-status': 'needs an upload first: test/uploads/agent-inputs.test.ts',
  'runs attachment': 'downloads a seeded run attachment: test/uploads/downloads.test.ts',
  'auth login': 'browser PKCE flow: test/auth/',
  'sources upload': 'multipart upload of a file: test/uploads/sources-upload.test.ts',
  'sources upload-text': 'reads text from a file or stdin: test/uploads/text-and-content.test.ts',
  'sources exports download': 'writes a file: test/uploads/downloads.test.ts',
  'contents upload': 'multipart upload of a file: test/uploads/text-and-content.test.ts',
  'contents replace-text': 'reads text from a file or stdin: test/uploads/text-and-content.test.ts',
};

/** Rows whose handler needs one of several optional flags. */
const FLAGS_A_HANDLER_NEEDS: Record<string, string[]> = {
  'cloud-drives update': ['--name', 'Walked drive'],
};

const contract = contractOrNull();
const rows = catalog.filter(
  (row): row is CommandSpec & { operation: string } =>
    row.operation !== undefined &&
    !(row.path.join(' ') in EXEMPT) &&
    (contract?.operations.has(row.operation) ?? false),
);

/** The seeded record a path parameter names. */
function idFor(param: string, row: CommandSpec & { operation: string }, seeded: Seeded): string {
  const byParam: Record<string, string> = {
    agent_id: seeded.agentIds[0],
    source_connection_id: seeded.sourceIds[0],
    source_connection_content_version: seeded.contentIds[0],
    knowledge_base_id: seeded.knowledgeBaseIds[0],
    memory_bank_id: seeded.memoryBankId,
    solution_id: seeded.solutionId,
    criteria_id: seeded.criteriaIds[0],
    alert_id: row.operation.includes('/models/alerts/') ? seeded.modelAlertId : seeded.alertId,
    config_id: seeded.alertConfigId,
    model_id: seeded.modelIds[0],
    export_id: seeded.exportId,
    experiment_id: seeded.experimentId,
    domain_id: seeded.emailDomainId,
    optout_id: seeded.optOutId,
    blocked_id: seeded.blockedSenderId,
    conversation_id: seeded.conversationId,
    connection_id: seeded.cloudDriveId,
    content_version_id: seeded.contentIds[0],
    organization_id: ORGANIZATION.account_id,
    alert_type: 'run_failed',
  };
  return byParam[param] ?? '8d0f3a52-6c1e-4b7a-9f21-3e5d7c9a0b14';
}

/** A plausible value for a required flag: its first choice, its minimum, or what its target schema accepts. */
function flagValues(row: CommandSpec & { operation: string }, option: OptionSpec, seeded: Seeded): string[] {
  const flag = longFlag(option);
  if (!option.flags.includes('<')) return [flag];
  if (option.choices?.length) return [flag, option.choices[0]];
  if (option.type === 'int' || option.type === 'number') return [flag, String(option.min ?? 1)];
  if (flag === '--date') return [flag, '2026-07-27'];
  if (flag === '--id') return [flag, seeded.agentIds[0]];
  const operation = contract!.operations.get(row.operation)!;
  const value = sampleValue(contract!, targetSchema(contract!, operation, option));
  return [flag, typeof value === 'string' ? value : JSON.stringify(value)];
}

function invocation(row: CommandSpec & { operation: string }, seeded: Seeded): string[] {
  const argv = [...row.path];
  for (const arg of row.args ?? []) {
    if (arg.param) argv.push(idFor(arg.param, row, seeded));
    else if (arg.choices?.length) argv.push(arg.choices[0]);
    else if (arg.name === 'date') argv.push('2026-07-27');
  }
  for (const option of row.options ?? []) if (option.required) argv.push(...flagValues(row, option, seeded));
  const operation = contract!.operations.get(row.operation)!;
  const body = bodySchema(contract!, operation);
  if (row.data && body) argv.push('--data', JSON.stringify(sampleBody(body.schema)));
  if (row.confirm) argv.push('--yes');
  argv.push(...(FLAGS_A_HANDLER_NEEDS[row.path.join(' ')] ?? []));
  return argv;
}

/** The body's required fields; an update with none required changes its `name` (or first field) instead. */
function sampleBody(schema: Record<string, unknown>): Record<string, unknown> {
  const body = sampleValue(contract!, schema) as Record<string, unknown>;
  if (Object.keys(body).length > 0) return body;
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  const field =
    'name' in properties ? 'name' : 'description' in properties ? 'description' : Object.keys(properties)[0];
  return field ? { [field]: sampleValue(contract!, properties[field]) } : body;
}

interface Seeded extends DemoAccount {
  modelAlertId: string;
  alertConfigId: string;
}

describe.skipIf(!contract)('catalog walk against the simulator', () => {
  const harness = useHarness();
  let seeded: Seeded;
  beforeEach(() => {
    const state = harness.sim().state;
    const account = seedDemoAccount(state);
    seeded = {
      ...account,
      modelAlertId: state.owned(state.modelAlerts, state.personalAccountId)[0].id,
      alertConfigId: state.owned(state.alertConfigs, state.personalAccountId)[0].id,
    };
  });

  async function walk(row: CommandSpec & { operation: string }, extra: string[]): Promise<void> {
    const argv = [...extra, ...invocation(row, seeded)];
    const result = await harness.cli(argv);
    const unserved = harness
      .sim()
      .requests.filter((request) => [404, 405, 501].includes(request.status ?? 0))
      .map((request) => `${request.method} ${request.path} -> ${request.status}`);
    expect(unserved, `seclai ${argv.join(' ')}`).toEqual([]);
    expect(
      harness.sim().requests.map((request) => request.operation),
      `seclai ${argv.join(' ')}`,
    ).toContain(row.operation);
    expect(result.code, `seclai ${argv.join(' ')}\n${result.stderr}`).toBe(0);
  }

  it.each(rows.map((row) => [row.path.join(' '), row] as const))('%s', async (_, row) => {
    await walk(row, []);
  });

  const lists = rows.filter((row) => row.view === 'list');
  it.each(lists.map((row) => [row.path.join(' '), row] as const))(
    '%s --api-version 2026-07-27',
    async (_, row) => {
      await walk(row, ['--api-version', '2026-07-27', '--json']);
    },
  );

  it('exempts only rows that exist', () => {
    const names = new Set(catalog.map((row) => row.path.join(' ')));
    expect(Object.keys(EXEMPT).filter((name) => !names.has(name))).toEqual([]);
  });
});
