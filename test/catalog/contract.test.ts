// Every generic row, run in-process with every typed flag set, sends a request the contract allows.
import { afterAll, describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.ts';
import { longFlag } from '../../src/catalog/input.ts';
import type { CommandSpec, OptionSpec } from '../../src/catalog/types.ts';
import { runCli, tempHome } from '../helpers/cli.ts';
import { useSimulator } from '../helpers/sim.ts';
import type { Contract } from '../sim/contract.ts';
import {
  bodySchema,
  contractOrNull,
  nonNull,
  placeholderUuid,
  requiredBodyFields,
  sampleValue,
  targetSchema,
} from './contract-helpers.ts';

const contract = contractOrNull();
if (!contract)
  process.stderr.write('catalog contract test: contract not found, tests skipped (set SECLAI_OPENAPI)\n');

const generic = catalog.filter(
  (spec): spec is CommandSpec & { operation: string } =>
    !spec.handler && !spec.hidden && spec.operation !== undefined,
);

/** The command line for a row: placeholder ids, every flag with a valid value, a minimal --data. */
function commandLine(contract: Contract, spec: CommandSpec & { operation: string }): string[] {
  const operation = contract.operations.get(spec.operation);
  if (!operation) throw new Error(`${spec.operation} is not in the contract`);
  const argv = [...spec.path, ...(spec.args ?? []).map((arg) => arg.choices?.[0] ?? placeholderUuid())];
  for (const option of spec.options ?? []) argv.push(...flagWithValue(contract, operation, option));
  if (spec.data) {
    const body = bodySchema(contract, operation);
    const minimal = Object.fromEntries(
      requiredBodyFields(contract, operation).map((field) => [
        field,
        sampleValue(contract, ((body?.schema.properties ?? {}) as Record<string, unknown>)[field]),
      ]),
    );
    argv.push('--data', JSON.stringify(minimal));
  }
  if (spec.confirm) argv.push('--yes');
  argv.push('--json');
  return argv;
}

function flagWithValue(
  contract: Contract,
  operation: NonNullable<ReturnType<Contract['operations']['get']>>,
  option: OptionSpec,
): string[] {
  const flag = longFlag(option);
  if (flag.startsWith('--no-')) return [];
  if (!/[<[]/.test(option.flags)) return [flag];
  if (option.choices?.length) return [flag, option.choices[0]];
  const schema = targetSchema(contract, operation, option);
  let value = sampleValue(contract, schema);
  if (option.type === 'int' || option.type === 'number') value = numberWithin(option, value);
  if (option.type === 'json') {
    const target = nonNull(contract, schema);
    return [flag, JSON.stringify(target.type === 'object' || target.type === undefined ? {} : value)];
  }
  return [flag, String(value)];
}

function numberWithin(option: OptionSpec, value: unknown): number {
  let n = typeof value === 'number' ? value : 1;
  if (option.min !== undefined) n = Math.max(n, option.min);
  if (option.max !== undefined) n = Math.min(n, option.max);
  return option.type === 'int' ? Math.round(n) : n;
}

describe.skipIf(!contract)('generic rows send requests the contract allows', () => {
  const sim = useSimulator();
  const home = tempHome();
  afterAll(() => home.cleanup());

  it.each(generic.map((spec) => [spec.path.join(' '), spec] as const))('%s', async (_, spec) => {
    const argv = commandLine(contract!, spec);
    const result = await runCli(argv, {
      env: {
        SECLAI_API_URL: sim().url,
        SECLAI_API_KEY: sim().apiKey,
        HOME: home.home,
        SECLAI_CONFIG_DIR: home.configDir,
        SECLAI_RETRY_BASE_MS: '10',
      },
    });
    const context = `seclai ${argv.join(' ')}\n${result.stderr}`;
    expect(result.code, context).not.toBe(2);
    const sent = sim().requests.filter((r) => r.operation === spec.operation);
    expect(sent.length, context).toBeGreaterThan(0);
    const violations = sim().violations.filter((v) => v.kind === 'request');
    expect(violations, context).toEqual([]);
    expect(
      sent.map((r) => r.status).filter((s) => s === 400 || s === 401 || s === 403),
      context,
    ).toEqual([]);
  });
});
