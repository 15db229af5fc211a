// Builds a plausible value for a contract schema, so resource families need no hand-written record types:
// enums take their first value, ids are UUIDs, times are now, nullable fields are null, other optional
// fields are filled near the top.
import { isoNow, newId } from './clock.ts';
import type { OpenApiDocument } from './contract.ts';

type Schema = Record<string, unknown>;

/** Optional properties are filled up to this depth; deeper objects carry only their required ones. */
const OPTIONAL_DEPTH = 2;
const MAX_DEPTH = 8;

/** A schema and the JSON pointer parts where it lives in the document (for validators and `conform`). */
export interface Located {
  schema: Schema;
  pointer: string[];
}

/** Follows `$ref` chains to the schema they name. */
export function resolveSchema(document: OpenApiDocument, located: Located): Located {
  let current = located;
  for (let hops = 0; typeof current.schema.$ref === 'string' && hops < 20; hops++) {
    const pointer = (current.schema.$ref as string).replace(/^#\//, '').split('/').map(unescapePointer);
    let target: unknown = document;
    for (const part of pointer) target = (target as Record<string, unknown>)?.[part];
    if (!target || typeof target !== 'object')
      throw new Error(`seclai simulator: unresolved ${current.schema.$ref}`);
    current = { schema: target as Schema, pointer };
  }
  return current;
}

function unescapePointer(part: string): string {
  return decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The branch of an `anyOf`/`oneOf` that is not `null` (the first such), resolved; the schema itself otherwise. */
export function nonNullBranch(document: OpenApiDocument, located: Located): Located {
  const resolved = resolveSchema(document, located);
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const branches = resolved.schema[keyword] as Schema[] | undefined;
    if (!branches) continue;
    const index = branches.findIndex((branch) => branch.type !== 'null');
    if (index >= 0)
      return nonNullBranch(document, {
        schema: branches[index],
        pointer: [...resolved.pointer, keyword, String(index)],
      });
  }
  return resolved;
}

/** A value that satisfies the schema at `located`; `name` (the property it fills) picks realistic strings. */
export function sampleSchema(document: OpenApiDocument, located: Located, name = '', depth = 0): unknown {
  const { schema, pointer } = nonNullBranch(document, located);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (schema.default !== undefined && schema.default !== null) return structuredClone(schema.default);
  if (Array.isArray(schema.allOf)) {
    const parts = (schema.allOf as Schema[]).map((part, index) =>
      sampleSchema(document, { schema: part, pointer: [...pointer, 'allOf', String(index)] }, name, depth),
    );
    return parts.every(isPlainObject) ? Object.assign({}, ...parts) : parts[0];
  }
  const type = typeOf(schema);
  if (type === 'null') return null;
  if (type === 'string') return sampleString(schema, name);
  if (type === 'integer' || type === 'number') return sampleNumber(schema, type);
  if (type === 'boolean') return false;
  if (type === 'array') {
    const count = typeof schema.minItems === 'number' ? schema.minItems : 0;
    const items = (schema.items as Schema | undefined) ?? {};
    return Array.from({ length: count }, () =>
      sampleSchema(document, { schema: items, pointer: [...pointer, 'items'] }, name, depth + 1),
    );
  }
  if (type === 'object') return sampleObject(document, { schema, pointer }, depth);
  return name.endsWith('_id') ? newId() : null;
}

function sampleObject(document: OpenApiDocument, { schema, pointer }: Located, depth: number): unknown {
  const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const value: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(properties)) {
    if (!required.has(key) && (depth >= OPTIONAL_DEPTH || depth >= MAX_DEPTH)) continue;
    if (isNullable(document, property) && (property.default === undefined || property.default === null)) {
      value[key] = null;
      continue;
    }
    value[key] = sampleSchema(
      document,
      { schema: property, pointer: [...pointer, 'properties', key] },
      key,
      depth + 1,
    );
  }
  return value;
}

/** A field that may be null: an unset optional value reads as null in real answers. */
function isNullable(document: OpenApiDocument, schema: Schema): boolean {
  const { schema: resolved } = resolveSchema(document, { schema, pointer: [] });
  const branches = (resolved.anyOf ?? resolved.oneOf) as Schema[] | undefined;
  if (branches) return branches.some((branch) => branch.type === 'null');
  return Array.isArray(resolved.type) && resolved.type.includes('null');
}

function typeOf(schema: Schema): string | undefined {
  const type = schema.type;
  if (Array.isArray(type)) return type.find((entry) => entry !== 'null') ?? 'null';
  if (typeof type === 'string') return type;
  if (schema.properties || schema.additionalProperties) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

function sampleString(schema: Schema, name: string): string {
  const format = schema.format;
  if (format === 'date-time' || (!format && name.endsWith('_at'))) return isoNow();
  if (format === 'date') return isoNow().slice(0, 10);
  if (format === 'uuid' || (!format && (name === 'id' || name.endsWith('_id')))) return newId();
  if (format === 'email' || name.endsWith('email')) return 'ada@example.com';
  if (format === 'uri' || format === 'url' || name.endsWith('url')) return 'https://example.com/';
  const text = name ? name.replace(/_/g, ' ') : 'example';
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY;
  return text.padEnd(min, '.').slice(0, max);
}

function sampleNumber(schema: Schema, type: 'integer' | 'number'): number {
  const minimum = (schema.minimum as number | undefined) ?? (schema.exclusiveMinimum as number | undefined);
  const maximum = (schema.maximum as number | undefined) ?? (schema.exclusiveMaximum as number | undefined);
  let value = minimum ?? (type === 'integer' ? 1 : 0.5);
  if (schema.exclusiveMinimum !== undefined) value += type === 'integer' ? 1 : 0.5;
  if (maximum !== undefined && value > maximum) value = type === 'integer' ? Math.floor(maximum) : maximum;
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
