// Indexing status of uploaded content: GET /sources/{id}/contents (with a repeatable content_version_id filter)
// and GET /sources/{id}/contents/{content_version_id}.
// Every time an item is reported its indexing moves on: pending, then processing, then completed (or failed).

import { pageOf } from '../pagination.ts';
import type { Router, SimRequest, SimResponse } from '../router.ts';
import type { SimState } from '../state.ts';
import { type StoredContent, storedContents } from './uploads.ts';

/** How indexing goes in this simulator; tests change it through `indexingSettings(state)`. */
export interface IndexingSettings {
  /** Reports before an item reaches its outcome (the first is `pending`, the next ones `processing`). */
  settleAfter: number;
  /** Files (by name) whose indexing fails, with the error the API reports. */
  failures: Map<string, string>;
}

interface IndexingProgress {
  reports: number;
  /** The content's `replacements` count when indexing started: a replaced file is indexed anew. */
  replacements: number;
}

export function indexingSettings(state: SimState): IndexingSettings {
  const store = state.store<IndexingSettings>('indexingSettings');
  let settings = store.get('settings');
  if (!settings) {
    settings = { settleAfter: 2, failures: new Map() };
    store.set('settings', settings);
  }
  return settings;
}

export default function registerSourceContentRoutes(router: Router): void {
  router.add('GET', '/sources/{source_connection_id}/contents', listSourceContents);
  router.add('GET', '/sources/{source_connection_id}/contents/{content_version_id}', (req, res) => {
    const content = contentsOfSource(req).find((c) => c.id === req.params.content_version_id);
    if (!content) res.detail(404, 'Content not found');
    else res.json(200, report(req.state, content));
  });
}

function listSourceContents(req: SimRequest, res: SimResponse): void {
  const wanted = req.query.content_version_id as string[] | undefined;
  let contents = contentsOfSource(req);
  if (wanted) contents = contents.filter((c) => wanted.includes(c.id));
  const order = req.query.order === 'asc' ? 1 : -1;
  contents.sort((a, b) => order * a.createdAt.localeCompare(b.createdAt));
  let items = contents.map((content) => report(req.state, content));
  if (typeof req.query.status === 'string')
    items = items.filter((item) => item.content_status === req.query.status);
  res.json(200, pageOf(items, (req.query.page as number) ?? 1, (req.query.limit as number) ?? 20));
}

function contentsOfSource(req: SimRequest): StoredContent[] {
  return [...storedContents(req.state).values()].filter(
    (c) => c.accountId === req.account.id && c.sourceId === req.params.source_connection_id,
  );
}

/** The item's status as of this report, moving its indexing one step on. */
function report(state: SimState, content: StoredContent) {
  const settings = indexingSettings(state);
  const progressStore = state.store<IndexingProgress>('indexingProgress');
  let progress = progressStore.get(content.id);
  if (!progress || progress.replacements !== content.replacements) {
    progress = { reports: 0, replacements: content.replacements };
    progressStore.set(content.id, progress);
  }
  const failure = settings.failures.get(content.filename);
  let status = 'pending';
  if (progress.reports >= settings.settleAfter) status = failure === undefined ? 'completed' : 'failed';
  else if (progress.reports > 0) status = 'processing';
  progress.reports++;
  return {
    content_version_id: content.id,
    source_connection_content_version_id: content.id,
    content_status: status,
    content_type: content.contentType,
    title: content.title,
    pulled_at: content.createdAt,
    error: status === 'failed' ? (failure ?? null) : null,
  };
}
