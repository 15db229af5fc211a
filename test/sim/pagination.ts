// List answers in the API's three pagination styles, and the canonical envelope `Seclai-Version: 2026-07-27` asks for.
import type { SimRequest, SimResponse } from './router.ts';
import { usesCanonicalLists } from './versions.ts';

export interface Pagination {
  page: number;
  limit: number;
  total: number;
  pages: number;
  has_next: boolean;
  has_prev: boolean;
}

export interface Page<T> {
  data: T[];
  pagination: Pagination;
}

export function pageOf<T>(items: readonly T[], page: number, limit: number): Page<T> {
  const total = items.length;
  const pages = Math.ceil(total / limit);
  return {
    data: items.slice((page - 1) * limit, page * limit),
    pagination: { page, limit, total, pages, has_next: page < pages, has_prev: page > 1 },
  };
}

/** A `limit` + `offset` slice; its `pagination` describes the page the offset falls in. */
export function offsetPageOf<T>(items: readonly T[], offset: number, limit: number): Page<T> {
  const total = items.length;
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.ceil(total / limit);
  return {
    data: items.slice(offset, offset + limit),
    pagination: { page, limit, total, pages, has_next: offset + limit < total, has_prev: offset > 0 },
  };
}

function numberQuery(req: SimRequest, name: string, fallback: number): number {
  const value = req.query[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/**
 * Answers a `page` + `limit` list. `legacy` builds the endpoint's pre-2026-07-27 shape (bare array,
 * `{data, total, page, limit}`, `{configs, total}`, ...); without it the endpoint is canonical already.
 */
export function sendPagedList<T>(
  req: SimRequest,
  res: SimResponse,
  items: readonly T[],
  legacy?: (page: Page<T>) => unknown,
): void {
  const page = pageOf(items, numberQuery(req, 'page', 1), numberQuery(req, 'limit', 20));
  sendList(req, res, page, legacy);
}

/** Answers a `limit` + `offset` list; `legacy` builds the endpoint's pre-2026-07-27 shape (e.g. `{alerts, total}`). */
export function sendOffsetList<T>(
  req: SimRequest,
  res: SimResponse,
  items: readonly T[],
  legacy: (page: Page<T>) => unknown,
): void {
  const page = offsetPageOf(items, numberQuery(req, 'offset', 0), numberQuery(req, 'limit', 50));
  sendList(req, res, page, legacy);
}

function sendList<T>(
  req: SimRequest,
  res: SimResponse,
  page: Page<T>,
  legacy?: (page: Page<T>) => unknown,
): void {
  if (!legacy) res.json(200, page);
  else if (usesCanonicalLists(req.apiVersion)) res.json(200, page, {}, { canonicalList: true });
  else res.json(200, legacy(page));
}

/**
 * Newest first by `created_at`; later insertion wins a tie. ISO-8601 times of one format sort as
 * plain strings (an ordinal compare: localeCompare made a 10,000-agent page cost milliseconds).
 */
export function newestFirst<T extends { created_at: string | null }>(items: readonly T[]): T[] {
  return items
    .map((item, index) => ({ item, index, at: item.created_at ?? '' }))
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.index - a.index))
    .map(({ item }) => item);
}
