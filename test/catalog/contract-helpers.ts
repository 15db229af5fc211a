// Reads what the catalog tests need from the contract: parameters, body fields, sample values.
import type { OptionSpec } from '../../src/catalog/types.ts';
import { type Contract, defaultSpecPath, loadContract, type Operation } from '../sim/contract.ts';

type Schema = Record<string, unknown>;

export function contractOrNull(): Contract | null {
  return loadContract(defaultSpecPath());
}

export function deref(contract: Contract, schema: unknown): Schema {
  let current = (schema ?? {}) as Schema;
  for (let i = 0; i < 20 && typeof current.$ref === 'string'; i++) {
    const parts = current.$ref.replace(/^#\//, '').split('/');
    current = parts.reduce<unknown>((node, key) => (node as Schema)[key], contract.document) as Schema;
  }
  return current;
}

/** The schema without its `null` alternative: `anyOf: [X, null]` → X. */
export function nonNull(contract: Contract, schema: unknown): Schema {
  const resolved = deref(contract, schema);
  const options = (resolved.anyOf ?? resolved.oneOf) as unknown[] | undefined;
  if (!options) return resolved;
  const real = options.map((o) => deref(contract, o)).filter((o) => o.type !== 'null');
  return real.length === 1 ? real[0] : resolved;
}

export function queryParams(operation: Operation): Map<string, { required: boolean; schema: unknown }> {
  return new Map(
    operation.parameters
      .filter((p) => p.in === 'query')
      .map((p) => [p.name, { required: Boolean(p.required), schema: p.schema }]),
  );
}

export function pathParams(operation: Operation): string[] {
  return [...operation.template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
}

/** The request body's object schema (JSON or multipart), if the operation takes one. */
export function bodySchema(
  contract: Contract,
  operation: Operation,
): { schema: Schema; required: boolean } | undefined {
  const body = operation.definition.requestBody;
  if (!body) return undefined;
  const media = body.content['application/json'] ?? Object.values(body.content)[0];
  return { schema: deref(contract, media?.schema), required: Boolean(body.required) };
}

export function bodyFields(contract: Contract, operation: Operation): Map<string, Schema> {
  const body = bodySchema(contract, operation);
  const properties = (body?.schema.properties ?? {}) as Record<string, unknown>;
  return new Map(Object.entries(properties).map(([name, schema]) => [name, schema as Schema]));
}

export function requiredBodyFields(contract: Contract, operation: Operation): string[] {
  return (bodySchema(contract, operation)?.schema.required as string[] | undefined) ?? [];
}

let uuidCounter = 0;
export function placeholderUuid(): string {
  uuidCounter++;
  return `00000000-0000-4000-8000-${uuidCounter.toString(16).padStart(12, '0')}`;
}

/** A value the schema accepts, as JSON. */
export function sampleValue(contract: Contract, schema: unknown): unknown {
  const s = nonNull(contract, schema);
  if (Array.isArray(s.enum)) return s.enum[0];
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.allOf)) return sampleValue(contract, s.allOf[0]);
  switch (s.type) {
    case 'integer':
    case 'number': {
      const min =
        typeof s.minimum === 'number'
          ? s.minimum
          : typeof s.exclusiveMinimum === 'number'
            ? s.exclusiveMinimum + 1
            : 1;
      const max = typeof s.maximum === 'number' ? s.maximum : min + 10;
      return s.type === 'integer' ? Math.min(Math.max(min, 2), max) : (min + max) / 2;
    }
    case 'boolean':
      return true;
    case 'array': {
      const count = typeof s.minItems === 'number' ? s.minItems : 1;
      return Array.from({ length: Math.max(count, 1) }, () => sampleValue(contract, s.items));
    }
    case 'object':
      return Object.fromEntries(
        ((s.required as string[] | undefined) ?? []).map((name) => [
          name,
          sampleValue(contract, (s.properties as Record<string, unknown>)[name]),
        ]),
      );
    default:
      return sampleString(s);
  }
}

function sampleString(s: Schema): string {
  if (s.format === 'uuid') return placeholderUuid();
  if (s.format === 'date-time') return '2026-01-02T03:04:05Z';
  if (s.format === 'date') return '2026-01-02';
  if (s.format === 'binary') return 'file';
  if (typeof s.pattern === 'string' && s.pattern.includes('\\d{4}')) return '2026-01-02';
  if (s.pattern === '^(asc|desc)$') return 'asc';
  const min = typeof s.minLength === 'number' ? s.minLength : 1;
  return 'sample'.padEnd(min, 'x');
}

/** The schema an option's value goes into: a query parameter's or a body field's (the item schema for lists). */
export function targetSchema(contract: Contract, operation: Operation, option: OptionSpec): unknown {
  let schema: unknown;
  if (option.query) schema = queryParams(operation).get(option.query)?.schema;
  else if (option.body) schema = bodyFields(contract, operation).get(option.body);
  if (option.repeatable) {
    const list = nonNull(contract, schema);
    if (list.type === 'array') schema = list.items;
  }
  return schema;
}
