import type { ApiClient, Query, RequestOptions } from './client.ts';

export type PageMode = 'page' | 'offset';
type Doc = Record<string, unknown>;

const MAX_PAGES = 10_000;

/**
 * The items of a list answer, whichever of the API's shapes it has: `{data, pagination}`,
 * a bare array, `{data, total, page, limit}`, `{configs, total}` or another single list key.
 */
export function listItems(document: unknown): Doc[] | undefined {
  if (Array.isArray(document)) return document as Doc[];
  if (typeof document !== 'object' || document === null) return undefined;
  const doc = document as Doc;
  if (Array.isArray(doc.data)) return doc.data as Doc[];
  const arrays = Object.entries(doc).filter(([, v]) => Array.isArray(v));
  return arrays.length === 1 ? (arrays[0][1] as Doc[]) : undefined;
}

/** The query for the page after `document`, or undefined at the end. */
export function nextQuery(document: unknown, query: Query, mode: PageMode): Query | undefined {
  const items = listItems(document) ?? [];
  if (items.length === 0) return undefined;
  const doc = (
    typeof document === 'object' && document !== null && !Array.isArray(document) ? document : {}
  ) as Doc;
  const pagination = (doc.pagination ?? {}) as Doc;
  // Without a page size from the query or the answer, nothing says the list was cut short.
  const knownLimit = query.limit ?? pagination.limit ?? doc.limit;
  const limit = Number(knownLimit ?? items.length);
  if (mode === 'page') {
    const page = Number(query.page ?? pagination.page ?? doc.page ?? 1);
    let more: boolean;
    if (typeof pagination.has_next === 'boolean') more = pagination.has_next;
    else if (typeof pagination.pages === 'number') more = page < pagination.pages;
    else if (typeof doc.total === 'number') more = page * limit < doc.total;
    else more = knownLimit !== undefined && items.length >= limit;
    return more ? { ...query, page: page + 1 } : undefined;
  }
  const offset = Number(query.offset ?? 0);
  const total =
    typeof doc.total === 'number'
      ? doc.total
      : typeof pagination.total === 'number'
        ? pagination.total
        : undefined;
  const reached = offset + items.length;
  const more = total !== undefined ? reached < total : knownLimit !== undefined && items.length >= limit;
  return more ? { ...query, offset: reached } : undefined;
}

/** Walks every page of a list and returns all its items. The caller picks the page size (`limit`). */
export async function fetchAllItems(
  client: ApiClient,
  request: RequestOptions,
  mode: PageMode,
): Promise<Doc[]> {
  const all: Doc[] = [];
  let query: Query | undefined = { ...request.query };
  let previousFirst: string | undefined;
  for (let n = 0; query && n < MAX_PAGES; n++) {
    const { data } = await client.request({ ...request, query });
    const items = listItems(data);
    if (!items) break;
    // An endpoint that ignores the paging parameters answers the same page again: stop there.
    const first = items.length > 0 ? JSON.stringify(items[0]) : undefined;
    if (first !== undefined && first === previousFirst) break;
    previousFirst = first;
    all.push(...items);
    query = nextQuery(data, query, mode);
  }
  return all;
}
