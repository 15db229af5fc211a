// Shapes stored records into contract answers: a sample of the schema, overlaid with every stored field the
// schema declares and accepts. A field the contract would reject keeps the sample's value, so answers stay valid;
// a field it does not declare is left out.
import type { Contract, Operation } from './contract.ts';
import { type Located, nonNullBranch, sampleSchema } from './schema-sample.ts';
import { validateAtPointer } from './validation.ts';

export function conform(contract: Contract, located: Located, value: unknown): unknown {
  if (value === null && validateAtPointer(contract, located.pointer, null).length === 0) return null;
  const resolved = nonNullBranch(contract.document, located);
  const properties = resolved.schema.properties as Record<string, unknown> | undefined;
  if (isRecord(value) && properties) {
    const shaped = sampleSchema(contract.document, resolved) as Record<string, unknown>;
    for (const key of Object.keys(properties)) {
      if (!(key in value)) continue;
      const pointer = [...resolved.pointer, 'properties', key];
      const candidate = value[key];
      // Objects and lists are shaped too, so fields the schema does not declare never leak into answers.
      if (isRecord(candidate) || Array.isArray(candidate))
        shaped[key] = conform(
          contract,
          { schema: properties[key] as Record<string, unknown>, pointer },
          candidate,
        );
      else if (validateAtPointer(contract, pointer, candidate).length === 0) shaped[key] = candidate;
    }
    return shaped;
  }
  if (Array.isArray(value) && resolved.schema.items) {
    const items = {
      schema: resolved.schema.items as Record<string, unknown>,
      pointer: [...resolved.pointer, 'items'],
    };
    return value.map((item) => conform(contract, items, item));
  }
  if (value !== undefined && validateAtPointer(contract, resolved.pointer, value).length === 0) return value;
  return sampleSchema(contract.document, resolved);
}

/** The operation's first success status and its JSON schema (absent for 204 and non-JSON answers). */
export function successOf(operation: Operation): { status: number; located?: Located } {
  const status = Object.keys(operation.definition.responses)
    .filter((code) => /^2\d\d$/.test(code))
    .sort()[0];
  const schema = operation.definition.responses[status]?.content?.['application/json']?.schema;
  const pointer = [...operation.pointer, 'responses', status, 'content', 'application/json', 'schema'];
  return { status: Number(status), located: schema ? { schema, pointer } : undefined };
}

/** The array of items inside a list answer's schema: the schema itself, or its `data`/`items`/only array property. */
export function listItems(
  contract: Contract,
  located: Located,
): { property?: string; items: Located } | undefined {
  const resolved = nonNullBranch(contract.document, located);
  if (resolved.schema.items)
    return {
      items: {
        schema: resolved.schema.items as Record<string, unknown>,
        pointer: [...resolved.pointer, 'items'],
      },
    };
  const properties =
    (resolved.schema.properties as Record<string, Record<string, unknown>> | undefined) ?? {};
  // Arrays of objects only: `custom_plan_names: string[]` beside `domains: EmailDomain[]` is not the list.
  const arrays = Object.keys(properties).filter((key) => {
    const branch = nonNullBranch(contract.document, {
      schema: properties[key],
      pointer: [...resolved.pointer, 'properties', key],
    });
    const items = branch.schema.items as Record<string, unknown> | undefined;
    if (!items) return false;
    const item = nonNullBranch(contract.document, { schema: items, pointer: [...branch.pointer, 'items'] });
    return item.schema.type === 'object' || Boolean(item.schema.properties);
  });
  const property = arrays.find((key) => key === 'data' || key === 'items') ?? arrays[0];
  if (!property) return undefined;
  const branch = nonNullBranch(contract.document, {
    schema: properties[property],
    pointer: [...resolved.pointer, 'properties', property],
  });
  return {
    property,
    items: { schema: branch.schema.items as Record<string, unknown>, pointer: [...branch.pointer, 'items'] },
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
