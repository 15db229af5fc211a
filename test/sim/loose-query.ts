// Query coercion without a contract (validation off): integers and booleans by their look.

export function coerceLoosely(query: Record<string, string | string[]>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(query).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.map(coerce) : coerce(value),
    ]),
  );
}

function coerce(value: string): unknown {
  if (/^-?\d{1,15}$/.test(value)) return Number(value);
  if (value === 'true' || value === 'false') return value === 'true';
  return value;
}
