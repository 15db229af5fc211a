import { CliError, ExitCode } from '../errors.ts';
import type { ApiClient, ApiResponse, Query, RequestOptions } from './client.ts';

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

/** Pages fetched at once by default once the first page says how many there are. */
export const DEFAULT_MAX_PARALLEL = 4;

export interface WalkOptions {
  /** Pages in flight at most (default 4); fewer while `X-RateLimit-Remaining` runs low. */
  maxParallel?: number;
  maxPages?: number;
  /** Receives each page's new items, in list order; the walk waits for it before going on. */
  onItems(items: Doc[]): void | Promise<void>;
  /** Items were already handed on when the walk fails, so the hint must not say nothing was printed. */
  streamed?: boolean;
  /** What makes an item the same item, for a list whose ids are not `id` (default: itemKey). */
  itemKey?(item: Doc): unknown;
  /**
   * How many pages the caller expects (what the list held last time). In page mode, that many
   * pages, up to `maxParallel`, are asked for at once, without waiting for the first to say how
   * many there are; a page asked for that the list no longer has is left unread.
   */
  expectedPages?: number;
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
  await walkPages(client, request, mode, { maxPages, onItems: (items) => void all.push(...items) });
  return all;
}

/**
 * Walks every page of a list, handing each page's items on in order. When the first page states
 * how many pages there are, the rest are fetched concurrently (a window of `maxParallel` pages
 * ahead of the one handed on next); otherwise, one page after another.
 */
export async function walkPages(
  client: ApiClient,
  request: RequestOptions,
  mode: PageMode,
  options: WalkOptions,
): Promise<void> {
  const walk = new PageWalk(request, mode, options);
  const asking = client.request({ ...request, query: walk.query });
  const fetchPage = pageFetcher(client, request, askAhead(client, request, walk.query!, mode, options));
  const first = await asking;
  let query = await walk.accept(first.data, walk.query!);
  const maxPages = options.maxPages ?? MAX_PAGES;
  const planned = query ? plannedQueries(first.data, walk.query!, mode, maxPages) : [];
  if (planned.length >= maxPages) throw walk.cutShort(`the API claimed more than ${maxPages} pages`);
  if (planned.length > 0) {
    const firstSize = listItems(first.data)?.length ?? 0;
    query = await fetchWindowed(fetchPage, planned, firstSize, first.headers, options, walk);
  }
  while (query) {
    walk.checkPageBudget();
    const { data } = await fetchPage(query);
    query = await walk.accept(data, query);
  }
}

/** The pages after the first that `expectedPages` says to ask for at once, by their query's text. */
function askAhead(
  client: ApiClient,
  request: RequestOptions,
  first: Query,
  mode: PageMode,
  options: WalkOptions,
): Map<string, Promise<ApiResponse>> {
  const asked = new Map<string, Promise<ApiResponse>>();
  if (mode !== 'page') return asked;
  const count = Math.min(options.expectedPages ?? 1, options.maxParallel ?? DEFAULT_MAX_PARALLEL);
  const start = Number(first.page ?? 1);
  for (let i = 1; i < count; i++) {
    const query = { ...first, page: start + i };
    const pending = client.request({ ...request, query });
    pending.catch(() => {}); // read only if the list turns out to have that page
    asked.set(JSON.stringify(query), pending);
  }
  return asked;
}

/** Fetches a page, taking the answer of one asked for ahead when there is one. */
function pageFetcher(
  client: ApiClient,
  request: RequestOptions,
  asked: Map<string, Promise<ApiResponse>>,
): (query: Query) => Promise<ApiResponse> {
  return (query) => {
    const key = JSON.stringify(query);
    const pending = asked.get(key);
    asked.delete(key);
    return pending ?? client.request({ ...request, query });
  };
}

/** What the in-order walk knows: pages so far, the items seen, the guards against endless lists. */
class PageWalk {
  pages = 0;
  query: Query | undefined;
  /** What the page before held, by item key. */
  private previous = new Set<unknown>();
  private readonly maxPages: number;
  private readonly request: RequestOptions;
  private readonly mode: PageMode;
  private readonly options: WalkOptions;

  constructor(request: RequestOptions, mode: PageMode, options: WalkOptions) {
    this.request = request;
    this.mode = mode;
    this.options = options;
    this.query = { ...request.query };
    this.maxPages = options.maxPages ?? MAX_PAGES;
  }

  checkPageBudget(): void {
    if (this.pages >= this.maxPages)
      throw this.cutShort(`the API still claimed more after ${this.maxPages} pages`);
  }

  /** Takes one page, in list order; the query for the page after it, or undefined at the end. */
  async accept(data: unknown, query: Query): Promise<Query | undefined> {
    const pages = this.pages;
    const items = listItems(data);
    if (!items) {
      const what = data === undefined ? 'an empty body' : 'something that is not a list';
      if (pages === 0)
        throw new CliError(`the API answered ${this.request.method} ${this.request.path} with ${what}`);
      throw this.cutShort(`page ${pages + 1} was ${what}`);
    }
    const keys = items.map(this.options.itemKey ?? itemKey);
    if (items.length > 0 && keys.every((key) => this.previous.has(key))) {
      // An endpoint that ignores the paging parameters answers the same page again: that was all.
      if (pages === 1 && !claimsMore(data)) return undefined;
      throw this.cutShort(`page ${pages + 1} repeated items already listed`);
    }
    // Only the page before is remembered (memory stays flat): items shift by at most a page
    // when the list changes during the walk.
    const fresh = items.filter((_item, i) => !this.previous.has(keys[i]));
    this.previous = new Set(keys);
    this.pages++;
    if (fresh.length > 0) await this.options.onItems(fresh);
    const next = nextQuery(data, query, this.mode);
    const last = lastPage(data);
    if (next && this.mode === 'page' && last !== undefined && Number(next.page) > last)
      throw this.cutShort(`the API claimed a page past its last one (${last})`);
    return next;
  }

  cutShort(reason: string): CliError {
    return cutShort(this.pages, reason, Boolean(this.options.streamed) && this.pages > 0);
  }
}

/**
 * Fetches the planned pages with at most `maxParallel` in flight, handing them to the walk in
 * order; the query to go on with one page at a time, if any. A page that fails fails the walk;
 * the few pages still in flight are left to the client's close (a per-request signal tied to one
 * long-lived controller would keep every request's signal alive until the walk ends). A page shorter than the first (the list shrank, or
 * the server pages differently than planned) ends the plan: the walk goes on from there.
 */
async function fetchWindowed(
  fetchPage: (query: Query) => Promise<ApiResponse>,
  planned: Query[],
  pageSize: number,
  firstHeaders: ApiResponse['headers'],
  options: WalkOptions,
  walk: PageWalk,
): Promise<Query | undefined> {
  const maxParallel = options.maxParallel ?? DEFAULT_MAX_PARALLEL;
  const inFlight: (Promise<ApiResponse> | undefined)[] = [];
  let launched = 0;
  let allowed = parallelAllowed(firstHeaders, maxParallel);
  for (let i = 0; ; i++) {
    while (launched < planned.length && launched - i < allowed) {
      const pending = fetchPage(planned[launched]);
      pending.catch(() => {}); // awaited in order below; a later page may fail first
      inFlight[launched++] = pending;
    }
    const response = await inFlight[i]!;
    inFlight[i] = undefined;
    allowed = parallelAllowed(response.headers, maxParallel);
    const next = await walk.accept(response.data, planned[i]);
    const short = (listItems(response.data)?.length ?? 0) < pageSize;
    if (!next || short || i === planned.length - 1) return next;
  }
}

/** Fewer pages at once when the rate limit says few requests remain: one at a time, then a pause. */
function parallelAllowed(headers: ApiResponse['headers'], maxParallel: number): number {
  const remaining = Number(headers['x-ratelimit-remaining']);
  if (
    headers['x-ratelimit-remaining'] !== undefined &&
    Number.isFinite(remaining) &&
    remaining <= maxParallel * 2
  )
    return 1;
  return maxParallel;
}

/**
 * The queries for every page after the first, when the first answer states how many there are:
 * `pagination.pages`, or a total with the page size. None when it does not (paging goes on one
 * page at a time).
 */
export function plannedQueries(
  document: unknown,
  query: Query,
  mode: PageMode,
  maxPages = MAX_PAGES,
): Query[] {
  const items = listItems(document) ?? [];
  if (items.length === 0 || typeof document !== 'object' || document === null || Array.isArray(document))
    return [];
  const doc = document as Doc;
  const pagination = (doc.pagination ?? {}) as Doc;
  if (pagination.has_next === false) return [];
  const total = numberOrUndefined(pagination.total) ?? numberOrUndefined(doc.total);
  const limit = numberOrUndefined(Number(query.limit ?? pagination.limit ?? doc.limit));
  if (mode === 'page') {
    const page = Number(query.page ?? pagination.page ?? doc.page ?? 1);
    const pages =
      numberOrUndefined(pagination.pages) ??
      (total !== undefined && limit ? Math.ceil(total / limit) : undefined);
    if (pages === undefined || !Number.isInteger(page)) return [];
    const count = Math.min(pages - page, maxPages);
    return Array.from({ length: Math.max(0, count) }, (_, i) => ({ ...query, page: page + 1 + i }));
  }
  if (total === undefined) return [];
  const step = items.length;
  const start = Number(query.offset ?? 0) + step;
  const count = Math.min(Math.ceil((total - start) / step), maxPages);
  return Array.from({ length: Math.max(0, count) }, (_, i) => ({ ...query, offset: start + i * step }));
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** What makes an item the same item: its id when it has one (small to keep), else its whole text. */
function itemKey(item: Doc): unknown {
  const id = item !== null && typeof item === 'object' ? item.id : undefined;
  return typeof id === 'string' || typeof id === 'number' ? `#${id}` : JSON.stringify(item);
}

function cutShort(pages: number, reason: string, printed: boolean): CliError {
  return new CliError(
    `listing cut short after ${pages} page${pages === 1 ? '' : 's'}: ${reason}`,
    ExitCode.failure,
    `${printed ? 'what was printed is incomplete' : 'nothing was printed'}; list page by page with --page/--limit or --offset`,
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
