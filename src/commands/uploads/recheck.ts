import type { ApiClient } from '../../http/client.ts';
import { DryRunStop } from '../../http/dry-run.ts';
import type { JournalEntry } from './journal.ts';
import { CONTENTS_PAGE_LIMIT, readContentsPage } from './source-files.ts';

/** What the source's contents say about one unconfirmed upload. */
export type Recheck =
  | { found: true; contentVersionId: string }
  | { found: false }
  /** The listing could not be read (no such route before the 2026-10 API, an error, too long). */
  | { found: undefined };

const MAX_PAGES = 50;
/** A content pulled this long before the unconfirmed attempt is an older upload of the same title. */
const CLOCK_SKEW_MS = 10 * 60_000;

/**
 * Asks the server whether unconfirmed uploads arrived: lists the source's contents
 * (`GET /sources/{id}/contents`, 2026-10) and looks for each entry's title, skipping contents
 * pulled well before the attempt. Titles that two entries share cannot be told apart and stay
 * unknown; so does everything when the listing cannot be read to its end.
 */
export async function recheckUploads(
  client: ApiClient,
  sourceId: string,
  entries: readonly JournalEntry[],
  signal?: AbortSignal,
): Promise<Map<JournalEntry, Recheck>> {
  const byTitle = new Map<string, JournalEntry[]>();
  for (const entry of entries) {
    const title = entry.title ?? '';
    byTitle.set(title, [...(byTitle.get(title) ?? []), entry]);
  }
  const unknown = new Map<JournalEntry, Recheck>(entries.map((entry) => [entry, { found: undefined }]));
  const found = await listMatches(client, sourceId, byTitle, signal);
  if (found === undefined) return unknown;
  const results = new Map<JournalEntry, Recheck>();
  for (const [title, sharing] of byTitle) {
    for (const entry of sharing) {
      const id = found.get(title);
      if (sharing.length > 1 || title === '') results.set(entry, { found: undefined });
      else results.set(entry, id === undefined ? { found: false } : { found: true, contentVersionId: id });
    }
  }
  return results;
}

/** Content version ids by title, for the titles asked; undefined when the listing was not read to its end. */
async function listMatches(
  client: ApiClient,
  sourceId: string,
  byTitle: Map<string, JournalEntry[]>,
  signal?: AbortSignal,
): Promise<Map<string, string> | undefined> {
  const found = new Map<string, string>();
  for (let page = 1; page <= MAX_PAGES; page++) {
    let data: unknown;
    try {
      ({ data } = await client.request({
        method: 'GET',
        path: `/sources/${encodeURIComponent(sourceId)}/contents`,
        query: { page, limit: CONTENTS_PAGE_LIMIT },
        signal,
      }));
    } catch (err) {
      if (signal?.aborted || err instanceof DryRunStop) throw err;
      return undefined;
    }
    const listing = readContentsPage(data);
    if (listing === undefined) return undefined;
    for (const item of listing.items) {
      const { title, content_version_id: id } = item;
      if (typeof title !== 'string' || typeof id !== 'string' || found.has(title)) continue;
      const entry = byTitle.get(title)?.[0];
      if (entry && pulledDuring(item, entry)) found.set(title, id);
    }
    if (!listing.hasNext || found.size === byTitle.size) return found;
  }
  return undefined;
}

function pulledDuring(item: Record<string, unknown>, entry: JournalEntry): boolean {
  const pulled = typeof item.pulled_at === 'string' ? Date.parse(item.pulled_at) : Number.NaN;
  const attempted = Date.parse(entry.uploadedAt);
  return Number.isNaN(pulled) || Number.isNaN(attempted) || pulled >= attempted - CLOCK_SKEW_MS;
}
