// The 409 body of DELETE /cloud-drives/{id} has no declared schema: read agents and sources from
// wherever the envelope puts them, by id and name when there are names.
type Doc = Record<string, unknown>;

const KINDS = [
  ['agents', 'agent'],
  ['agent_ids', 'agent'],
  ['sources', 'source'],
  ['source_ids', 'source'],
  ['source_connections', 'source'],
] as const;

/** `agent "Support triage" (3f1a…)`, `source 9c1d…`, … for each user the body lists. */
export function usersNamedIn(body: unknown): string[] {
  const found: string[] = [];
  for (const doc of envelopes(body)) {
    for (const [key, kind] of KINDS) {
      const list = doc[key];
      if (Array.isArray(list)) for (const item of list) found.push(describe(kind, item));
    }
  }
  return [...new Set(found.filter((text) => text !== ''))];
}

function envelopes(body: unknown): Doc[] {
  if (!isDoc(body)) return [];
  return [body, body.detail, body.error].filter(isDoc);
}

function describe(kind: string, item: unknown): string {
  if (typeof item === 'string') return `${kind} ${item}`;
  if (!isDoc(item)) return '';
  const id = text(item.id) ?? text(item.agent_id) ?? text(item.source_connection_id);
  const name = text(item.name) ?? text(item.agent_name) ?? text(item.source_name);
  if (name && id) return `${kind} "${name}" (${id})`;
  return name || id ? `${kind} ${name ? `"${name}"` : id}` : '';
}

function isDoc(value: unknown): value is Doc {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
