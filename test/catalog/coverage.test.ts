// The catalog against the contract: every operation has its row, every row's request is possible.
import { describe, expect, it } from 'vitest';
import { catalog, groups } from '../../src/catalog/index.ts';
import { longFlag } from '../../src/catalog/input.ts';
import type { CommandSpec } from '../../src/catalog/types.ts';
import {
  bodyFields,
  bodySchema,
  contractOrNull,
  pathParams,
  queryParams,
  requiredBodyFields,
} from './contract-helpers.ts';

/** Operations reached by other than exactly one row, and why. Keep it short. */
const ROW_COUNT_EXCEPTIONS: Record<string, { rows: number; reason: string }> = {
  'PUT /version': { rows: 2, reason: '`api-version set` pins a date, `api-version clear` sends null' },
  'GET /me': { rows: 2, reason: '`me` shows it; `auth login` calls it to learn the account it signed in to' },
};

const contract = contractOrNull();
if (!contract)
  process.stderr.write('catalog coverage: contract not found, tests skipped (set SECLAI_OPENAPI)\n');

const rows = catalog.filter(
  (spec): spec is CommandSpec & { operation: string } => spec.operation !== undefined,
);
const name = (spec: CommandSpec) => spec.path.join(' ');

describe.skipIf(!contract)('catalog coverage of the contract', () => {
  it('gives every contract operation exactly one row (exceptions listed with reasons)', () => {
    const problems: string[] = [];
    for (const key of contract!.operations.keys()) {
      const found = rows.filter((r) => r.operation === key).map(name);
      const expected = ROW_COUNT_EXCEPTIONS[key]?.rows ?? 1;
      if (found.length !== expected)
        problems.push(`${key}: ${found.length} rows (${found.join(', ') || 'none'}), expected ${expected}`);
    }
    expect(problems).toEqual([]);
  });

  it('names only operations that exist in the contract', () => {
    const unknown = rows
      .filter((r) => !contract!.operations.has(r.operation))
      .map((r) => `${name(r)}: ${r.operation}`);
    expect(unknown).toEqual([]);
  });

  it("fills every row's path parameters from its arguments", () => {
    const problems: string[] = [];
    for (const row of rows) {
      const operation = contract!.operations.get(row.operation);
      if (!operation) continue;
      const filled = new Set((row.args ?? []).map((a) => a.param ?? a.name));
      for (const param of pathParams(operation))
        if (!filled.has(param)) problems.push(`${name(row)}: nothing fills {${param}}`);
      if (!row.handler) {
        const params = new Set(pathParams(operation));
        for (const arg of row.args ?? [])
          if (!arg.body && !params.has(arg.param ?? arg.name))
            problems.push(`${name(row)}: <${arg.name}> fills no path parameter`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('maps every query and body flag to a real parameter or field of its operation', () => {
    const problems: string[] = [];
    for (const row of rows) {
      const operation = contract!.operations.get(row.operation);
      if (!operation) continue;
      const query = queryParams(operation);
      const fields = bodyFields(contract!, operation);
      for (const option of row.options ?? []) {
        if (option.query && !query.has(option.query))
          problems.push(`${name(row)} ${longFlag(option)}: no query parameter "${option.query}"`);
        if (option.body && !fields.has(option.body))
          problems.push(`${name(row)} ${longFlag(option)}: no body field "${option.body}"`);
      }
      for (const arg of row.args ?? [])
        if (arg.body && !fields.has(arg.body))
          problems.push(`${name(row)} <${arg.name}>: no body field "${arg.body}"`);
      for (const field of Object.keys(row.body ?? {}))
        if (!fields.has(field))
          problems.push(`${name(row)}: fixed body field "${field}" is not in the schema`);
      if (row.data && !bodySchema(contract!, operation))
        problems.push(`${name(row)}: --data, but the operation takes no body`);
    }
    expect(problems).toEqual([]);
  });

  it('lets every generic row send what its operation requires', () => {
    const problems: string[] = [];
    for (const row of rows.filter((r) => !r.handler)) {
      const operation = contract!.operations.get(row.operation);
      if (!operation) continue;
      for (const [param, { required }] of queryParams(operation)) {
        if (!required) continue;
        const flag = row.options?.find((o) => o.query === param);
        if (!flag?.required)
          problems.push(`${name(row)}: required query parameter "${param}" has no required flag`);
      }
      if (!bodySchema(contract!, operation)) continue;
      for (const field of requiredBodyFields(contract!, operation)) {
        const flag = row.options?.find((o) => o.body === field);
        const fixed =
          (row.body && field in row.body) || row.args?.some((a) => a.body === field && !a.optional);
        const checked = flag?.required || flag?.default !== undefined || row.requiredBody?.includes(field);
        if (!fixed && !checked)
          problems.push(
            `${name(row)}: required body field "${field}" is neither fixed nor checked before sending`,
          );
      }
    }
    expect(problems).toEqual([]);
  });

  it('pages only lists whose operation takes the paging parameters', () => {
    const problems: string[] = [];
    for (const row of rows.filter((r) => r.paginate)) {
      const operation = contract!.operations.get(row.operation);
      if (!operation) continue;
      const query = queryParams(operation);
      const needed = row.paginate === 'page' ? ['page', 'limit'] : ['limit', 'offset'];
      for (const param of needed)
        if (!query.has(param)) problems.push(`${name(row)}: --all needs "${param}"`);
    }
    expect(problems).toEqual([]);
  });
});

describe('catalog shape', () => {
  const entries = [
    ...groups.map((g) => ({ ...g, kind: 'group' })),
    ...catalog.map((c) => ({ ...c, kind: 'command' })),
  ];

  it('gives no two commands or groups the same path (a row named like a group is its own action)', () => {
    for (const list of [groups, catalog]) {
      const seen = new Map<string, number>();
      for (const entry of list) seen.set(entry.path.join(' '), (seen.get(entry.path.join(' ')) ?? 0) + 1);
      expect([...seen].filter(([, count]) => count > 1).map(([path]) => path)).toEqual([]);
    }
  });

  it('keeps names and aliases unique among siblings', () => {
    const groupPaths = new Set(groups.map((group) => group.path.join(' ')));
    const words = new Map<string, string[]>();
    for (const entry of entries) {
      // A group's own row shares the group's name.
      if (entry.kind === 'command' && groupPaths.has(entry.path.join(' '))) continue;
      const parent = entry.path.slice(0, -1).join(' ');
      for (const word of [entry.path[entry.path.length - 1], ...(entry.aliases ?? [])]) {
        const key = `${parent}|${word}`;
        words.set(key, [...(words.get(key) ?? []), entry.path.join(' ')]);
      }
    }
    const clashes = [...words]
      .filter(([, owners]) => owners.length > 1)
      .map(([key, owners]) => `${key}: ${owners.join(', ')}`);
    expect(clashes).toEqual([]);
  });

  it('declares every group before its children and gives every command a group', () => {
    const declared = new Set(['']);
    const problems: string[] = [];
    for (const group of groups) {
      if (!declared.has(group.path.slice(0, -1).join(' ')))
        problems.push(`group ${group.path.join(' ')}: parent not declared first`);
      declared.add(group.path.join(' '));
    }
    for (const spec of catalog)
      if (!declared.has(spec.path.slice(0, -1).join(' '))) problems.push(`${spec.path.join(' ')}: no group`);
    expect(problems).toEqual([]);
  });

  it('gives every row a summary and an example, and destructive verbs a confirmation', () => {
    const problems: string[] = [];
    for (const spec of catalog.filter((s) => !s.hidden)) {
      if (!spec.summary) problems.push(`${name(spec)}: no summary`);
      if (!spec.examples?.length) problems.push(`${name(spec)}: no example`);
      if (spec.operation?.startsWith('DELETE ') && !spec.confirm && !spec.operation.includes('/runs/'))
        problems.push(`${name(spec)}: DELETE without confirm`);
    }
    expect(problems).toEqual([]);
  });
});
