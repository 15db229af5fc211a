import { CliError, ExitCode } from '../errors.ts';
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

/**
 * Walks every page of a list and returns all its items. The caller picks the page size (`limit`).
 * A server that keeps claiming more pages (repeating items, passing its own last page, or past
 * `maxPages`) makes it fail with "listing cut short": it never hands back a truncated list.
 */
export async function fetchAllItems(
  client: ApiClient,
  request: RequestOptions,
  mode: PageMode,
  maxPages = MAX_PAGES,
): Promise<Doc[]> {
  const all: Doc[] = [];
  const seen = new Set<string>();
  let query: Query | undefined = { ...request.query };
  for (let pages = 0; query; pages++) {
    if (pages >= maxPages) throw cutShort(pages, `the API still claimed more after ${maxPages} pages`);
    const { data } = await client.request({ ...request, query });
    const items = listItems(data);
    if (!items) {
      const what = data === undefined ? 'an empty body' : 'something that is not a list';
      if (pages === 0) throw new CliError(`the API answered ${request.method} ${request.path} with ${what}`);
      throw cutShort(pages, `page ${pages + 1} was ${what}`);
    }
    const keys = items.map((item) => JSON.stringify(item));
    if (items.length > 0 && keys.every((key) => seen.has(key))) {
      // An endpoint that ignores the paging parameters answers the same page again: that was all.
      if (pages === 1 && !claimsMore(data)) break;
      throw cutShort(pages, `page ${pages + 1} repeated items already listed`);
    }
    items.forEach((item, i) => {
      if (seen.has(keys[i])) return;
      seen.add(keys[i]);
      all.push(item);
    });
    query = nextQuery(data, query, mode);
    const last = lastPage(data);
    if (query && mode === 'page' && last !== undefined && Number(query.page) > last)
      throw cutShort(pages + 1, `the API claimed a page past its last one (${last})`);
  }
  return all;
}

function cutShort(pages: number, reason: string): CliError {
  return new CliError(
    `listing cut short after ${pages} page${pages === 1 ? '' : 's'}: ${reason}`,
    ExitCode.failure,
    'nothing was printed; list page by page with --page/--limit or --offset',
  );
}

/** Whether the answer says outright that more pages follow (rather than it being guessed from a full page). */
function claimsMore(document: unknown): boolean {
  const doc = (typeof document === 'object' && document !== null ? document : {}) as Doc;
  const pagination = (doc.pagination ?? {}) as Doc;
  return (
    pagination.has_next === true ||
    typeof pagination.pages === 'number' ||
    typeof pagination.total === 'number' ||
    typeof doc.total === 'number'
  );
}

function lastPage(document: unknown): number | undefined {
  const doc = (typeof document === 'object' && document !== null ? document : {}) as Doc;
  const pages = ((doc.pagination ?? {}) as Doc).pages;
  return typeof pages === 'number' ? pages : undefined;
}
