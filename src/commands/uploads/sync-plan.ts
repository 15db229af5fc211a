import { createReadStream } from 'node:fs';
import { relative, sep } from 'node:path';
import { CliError } from '../../errors.ts';
import { apiPath } from '../../http/api-path.ts';
import type { ApiClient, RequestOptions } from '../../http/client.ts';
import { ApiError } from '../../http/errors.ts';
import { walkPages } from '../../http/paginate.ts';
import type { UploadFile } from './files.ts';
import type { PathFilter } from './path-filter.ts';
import { CONTENTS_PAGE_LIMIT } from './source-files.ts';
import type { SyncEntry, SyncState } from './sync-state.ts';

/** What a sync does with one file or content. */
export type SyncAction = 'add' | 'replace' | 'delete' | 'unchanged' | 'unconfirmed';

export interface PlanItem {
  action: SyncAction;
  /** Relative to the folder, `/`-separated: the content's title. */
  path: string;
  /** The local file's size; for a delete, null. */
  size: number | null;
  /** The content replaced, deleted or matched; null for an add. */
  content_version_id: string | null;
  file?: UploadFile;
  /** An unchanged file whose state is recorded anew (adopted from the listing, or touched). */
  record?: SyncEntry;
}

/** The source's contents by title, in listing order, and every content id listed. */
export interface SourceListing {
  byTitle: Map<string, string[]>;
  ids: Set<string>;
}

/**
 * Lists every content of a source: `GET /sources/{id}/contents`, 100 a page, the pages after the
 * first fetched concurrently once it says how many there are; as many as `expectedContents` fill
 * (up to 4) are asked for at once. A listing cut short fails the sync: a missing content would be
 * sent again, or kept from deletion.
 */
export async function listSource(
  client: ApiClient,
  sourceId: string,
  expectedContents = 0,
): Promise<SourceListing> {
  const listing: SourceListing = { byTitle: new Map(), ids: new Set() };
  const request: RequestOptions = {
    method: 'GET',
    path: apiPath`/sources/${sourceId}/contents`,
    query: { page: 1, limit: CONTENTS_PAGE_LIMIT },
  };
  try {
    await walkPages(client, request, 'page', {
      onItems: (items) => addToListing(listing, items),
      itemKey: (item) => contentIdOf(item) ?? JSON.stringify(item),
      expectedPages: Math.ceil(expectedContents / CONTENTS_PAGE_LIMIT),
    });
  } catch (err) {
    if (err instanceof ApiError || !(err instanceof CliError)) throw err;
    throw new CliError(`${err.message}; nothing was sent`, err.exitCode);
  }
  return listing;
}

/** A listed content's id, in either of the listing's shapes. */
function contentIdOf(item: Record<string, unknown>): string | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const id = item.content_version_id ?? item.source_connection_content_version_id;
  return typeof id === 'string' ? id : undefined;
}

function addToListing(listing: SourceListing, items: Record<string, unknown>[]): void {
  for (const item of items) {
    const id = contentIdOf(item);
    if (id === undefined) continue;
    listing.ids.add(id);
    if (typeof item.title !== 'string' || item.title === '') continue;
    const ids = listing.byTitle.get(item.title);
    if (ids) ids.push(id);
    else listing.byTitle.set(item.title, [id]);
  }
}

/** A local file's path relative to the synced folder, `/`-separated. */
export function titleOf(root: string, absolutePath: string): string {
  const prefix = root.endsWith(sep) ? root : root + sep;
  const path = absolutePath.startsWith(prefix)
    ? absolutePath.slice(prefix.length)
    : relative(root, absolutePath);
  return sep === '/' ? path : path.split(sep).join('/');
}

export interface PlanInput {
  /** The folder, absolute. */
  root: string;
  files: UploadFile[];
  listing: SourceListing;
  state: SyncState;
  filter: PathFilter;
  delete?: boolean;
  resendUnconfirmed?: boolean;
}

/**
 * Compares the folder with the source. A file is matched to the content titled with its path;
 * whether it changed is told by size and modification time against the last sync's state, then
 * by SHA-256 only when the time differs. A file the source holds but the state does not know
 * (no state, a fresh machine) is taken as the source's copy of it, not sent again.
 */
export async function planSync(input: PlanInput): Promise<PlanItem[]> {
  const { listing, state } = input;
  const plan: PlanItem[] = [];
  const local = new Set<string>();
  for (const file of input.files) {
    const path = titleOf(input.root, file.absolutePath);
    local.add(path);
    const entry = state.get(path);
    let comparison = entry ? compare(file, entry) : 'changed';
    if (typeof comparison !== 'string') comparison = await comparison;
    plan.push(planFile(input, path, file, entry, comparison, listing.byTitle.get(path) ?? []));
  }
  if (!input.delete) return plan;
  for (const [title, ids] of listing.byTitle) {
    if (local.has(title) || !input.filter.keeps(title)) continue;
    for (const id of ids) plan.push({ action: 'delete', path: title, size: null, content_version_id: id });
  }
  return plan;
}

function planFile(
  input: PlanInput,
  path: string,
  file: UploadFile,
  entry: SyncEntry | undefined,
  comparison: Comparison,
  ids: string[],
): PlanItem {
  const item = (action: SyncAction, id: string | null, record?: SyncEntry): PlanItem => ({
    action,
    path,
    size: file.size,
    content_version_id: id,
    file,
    record,
  });
  const known = entry?.contentVersionId ?? null;
  const target = known !== null && ids.includes(known) ? known : (ids[0] ?? null);
  const synced = (id: string): SyncEntry => ({
    path,
    size: file.size,
    mtimeMs: file.mtimeMs,
    sha256: comparison === 'changed' ? undefined : entry?.sha256,
    contentVersionId: id,
    status: 'synced',
  });

  if (entry?.status === 'unconfirmed' && comparison !== 'changed') {
    // Sent in full last time, never confirmed: the listing tells whether a new file arrived; a
    // replacement cannot be told from the old file, so it is not sent again unless asked.
    if (entry.action === 'add')
      return target === null ? item('add', null) : item('unchanged', target, synced(target));
    if (known === null || !input.listing.ids.has(known)) return item('add', null);
    return input.resendUnconfirmed ? item('replace', known) : item('unconfirmed', known);
  }
  if (target === null) {
    // The upload was answered as a duplicate of another content: the source holds it under that id.
    if (
      entry?.status === 'synced' &&
      known !== null &&
      input.listing.ids.has(known) &&
      comparison !== 'changed'
    )
      return item('unchanged', known, comparison === 'touched' ? synced(known) : undefined);
    return item('add', null);
  }
  if (!entry) return item('unchanged', target, { ...synced(target), sha256: undefined });
  if (entry.status !== 'synced' || known !== target || comparison === 'changed')
    return item('replace', target);
  return item('unchanged', target, comparison === 'touched' ? synced(target) : undefined);
}

/** `same`: size and time as recorded; `touched`: a new time, the same bytes; else `changed`. */
type Comparison = 'same' | 'touched' | 'changed';

/** Synchronous (no promise per file) unless the bytes must be hashed. */
function compare(file: UploadFile, entry: SyncEntry): Comparison | Promise<Comparison> {
  if (entry.size !== file.size) return 'changed';
  if (entry.mtimeMs === file.mtimeMs) return 'same';
  if (entry.sha256 === undefined) return 'changed';
  const recorded = entry.sha256;
  return hashFile(file.diskPath).then((hash) => (hash === recorded ? 'touched' : 'changed'));
}

async function hashFile(path: string | Buffer): Promise<string> {
  const { createHash } = await import('node:crypto');
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
