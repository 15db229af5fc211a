// --wait for uploads: after sending, poll the indexing status of the whole batch with
// `GET /sources/{id}/contents?content_version_id=…` (at most 100 ids a request), never one request per file.
import { CliError, ExitCode } from '../../errors.ts';
import { safeForTerminal } from '../../output/terminal-text.ts';
import type { Session } from '../../session.ts';
import { interruptController } from './send.ts';

/** Where indexing of one content version got: `completed` or `failed` at the end of a wait that finished. */
export interface IndexingState {
  content_status: string;
  error: string | null;
}

export interface IndexingResult {
  states: Map<string, IndexingState>;
  /** --timeout ran out before every item was completed or failed. */
  timedOut: boolean;
  interrupted: boolean;
}

/** Ids per request: the list's page limit. */
export const IDS_PER_REQUEST = 100;
const FIRST_INTERVAL_MS = 1_000;
const MAX_INTERVAL_MS = 10_000;
/** Polls in a row that may not list an id before it counts as `missing` (deleted meanwhile, or never indexed). */
const MAX_MISSES = 5;
const DONE = new Set(['completed', 'failed', 'missing']);

/**
 * Polls until every id is `completed` or `failed`, --timeout runs out, or Ctrl-C. Shows
 * "indexing 12/40" on stderr. Ids the server has not reported yet stay `pending`.
 */
export async function waitUntilIndexed(
  session: Session,
  sourceId: string,
  contentVersionIds: string[],
): Promise<IndexingResult> {
  const ids = [...new Set(contentVersionIds)];
  const states = new Map<string, IndexingState>(
    ids.map((id) => [id, { content_status: 'pending', error: null }]),
  );
  const client = await session.api();
  const clock = session.ctx.clock;
  const timeoutMs = session.settings.timeoutMs;
  const deadline = timeoutMs === undefined ? Number.POSITIVE_INFINITY : clock.now() + timeoutMs;
  const interrupt = interruptController(session.ctx.onInterrupt);
  const progress = indexingProgress(session, ids.length);
  const misses = new Map<string, number>();
  let interval = FIRST_INTERVAL_MS;
  try {
    for (;;) {
      const pending = ids.filter((id) => !DONE.has(states.get(id)?.content_status ?? ''));
      for (let at = 0; at < pending.length; at += IDS_PER_REQUEST) {
        const chunk = pending.slice(at, at + IDS_PER_REQUEST);
        const { data } = await client.request<{ data?: unknown }>({
          method: 'GET',
          path: `/sources/${encodeURIComponent(sourceId)}/contents`,
          query: { content_version_id: chunk, limit: IDS_PER_REQUEST },
          signal: interrupt.signal,
        });
        const listed = new Set<string>();
        for (const item of Array.isArray(data?.data) ? data.data : []) record(states, item, listed);
        for (const id of chunk) {
          const missed = listed.has(id) ? 0 : (misses.get(id) ?? 0) + 1;
          misses.set(id, missed);
          if (missed >= MAX_MISSES)
            states.set(id, {
              content_status: 'missing',
              error: `the source did not list it in ${missed} polls`,
            });
        }
      }
      const done = ids.filter((id) => DONE.has(states.get(id)?.content_status ?? '')).length;
      progress(done);
      if (done === ids.length) return { states, timedOut: false, interrupted: false };
      const left = deadline - clock.now();
      if (left <= 0) return { states, timedOut: true, interrupted: false };
      await clock.sleep(Math.min(interval, left), interrupt.signal);
      interval = Math.min(MAX_INTERVAL_MS, Math.round(interval * 1.5));
    }
  } catch (error) {
    if (interrupt.interrupted()) return { states, timedOut: false, interrupted: true };
    throw error;
  } finally {
    interrupt.release();
    progress.end();
  }
}

/** A line about one upload, as `sources upload` prints it. */
interface UploadLine {
  path: string;
  content_version_id: string | null;
  content_status?: string;
  error?: { message: string };
}

/**
 * --wait for `sources upload`: waits for every line that names a content version (uploaded,
 * duplicate or skipped alike), then prints each line with its final `content_status` (and the
 * indexing error). Returns the exit code of the wait.
 */
export async function printWhenIndexed<T extends UploadLine>(
  session: Session,
  sourceId: string,
  lines: T[],
  print: (line: T) => void,
): Promise<number> {
  const items = lines.flatMap((line) =>
    line.content_version_id ? [{ id: line.content_version_id, label: line.path }] : [],
  );
  const ids = items.map((item) => item.id);
  const result = items.length > 0 ? await waitUntilIndexed(session, sourceId, ids) : undefined;
  for (const line of lines) {
    const state = line.content_version_id ? result?.states.get(line.content_version_id) : undefined;
    if (!state) print(line);
    else if (state.error === null) print({ ...line, content_status: state.content_status });
    else print({ ...line, content_status: state.content_status, error: { message: state.error } });
  }
  return result ? reportIndexing(session, result, items) : ExitCode.ok;
}

/** The source a content version belongs to, for `contents upload --wait` (one small `GET /contents/{id}`). */
export async function sourceOfContent(session: Session, contentVersionId: string): Promise<string> {
  const client = await session.api();
  const { data } = await client.request<{ source_connection_id?: unknown }>({
    method: 'GET',
    path: `/contents/${encodeURIComponent(contentVersionId)}`,
    query: { start: 0, end: 0 },
  });
  if (typeof data?.source_connection_id !== 'string' || data.source_connection_id === '')
    throw new CliError(
      `cannot wait: the API did not say which source content ${contentVersionId} belongs to`,
    );
  return data.source_connection_id;
}

/**
 * The exit code and stderr lines after a wait: each failed item with its error, what is still
 * unfinished after a timeout. `label` names an item for people (a path, or the id).
 */
export function reportIndexing(
  session: Session,
  result: IndexingResult,
  items: { id: string; label: string }[],
): number {
  if (result.interrupted) {
    session.note('Interrupted while waiting for indexing; the uploads stand.');
    return ExitCode.interrupted;
  }
  let failed = 0;
  for (const { id, label } of items) {
    const state = result.states.get(id);
    if (state?.content_status !== 'failed' && state?.content_status !== 'missing') continue;
    failed++;
    const what = state.content_status === 'failed' ? 'indexing failed' : 'not found';
    session.note(`error: ${label}: ${what}: ${safeForTerminal(state.error ?? 'no reason given')}`);
  }
  const total = result.states.size;
  const unfinished = [...result.states.values()].filter((s) => !DONE.has(s.content_status)).length;
  if (result.timedOut)
    session.note(
      `error: --timeout ran out while waiting for indexing: ${unfinished} of ${total} not finished`,
    );
  else session.note(`Indexed ${total - failed} of ${total}${failed > 0 ? `; ${failed} failed` : ''}.`);
  return failed > 0 || result.timedOut ? ExitCode.failure : ExitCode.ok;
}

function record(states: Map<string, IndexingState>, item: unknown, listed: Set<string>): void {
  if (typeof item !== 'object' || item === null) return;
  const { content_version_id, source_connection_content_version_id, content_status, error } = item as Record<
    string,
    unknown
  >;
  if (typeof content_status !== 'string') return;
  for (const id of [content_version_id, source_connection_content_version_id]) {
    if (typeof id !== 'string' || !states.has(id)) continue;
    listed.add(id);
    states.set(id, { content_status, error: typeof error === 'string' ? error : null });
  }
}

/** "indexing 12/40" on stderr: redrawn in place on a terminal, a line per change otherwise. */
function indexingProgress(session: Session, total: number): ((done: number) => void) & { end(): void } {
  const stderr = session.io.stderr;
  const live = session.progressOnStderr;
  let last = -1;
  const show = (done: number) => {
    if (done === last) return;
    last = done;
    stderr.write(live ? `\r\u001b[2Kindexing ${done}/${total}` : `indexing ${done}/${total}\n`);
  };
  return Object.assign(show, {
    end: () => {
      if (live && last >= 0) stderr.write('\r\u001b[2K');
    },
  });
}

/**
 * --wait for one upload (`upload-text`, `contents upload`): waits for the content version the answer
 * names, then prints the answer with its final `content_status` (and `error`). Returns the exit code.
 */
export async function printOneWhenIndexed(
  session: Session,
  sourceId: string,
  answer: unknown,
  columns: string[],
): Promise<number> {
  const doc = (typeof answer === 'object' && answer !== null ? answer : {}) as Record<string, unknown>;
  const id = [doc.content_version_id, doc.source_connection_content_version_id].find(
    (value): value is string => typeof value === 'string' && value !== '',
  );
  if (!id) throw new CliError('cannot wait: the API answered without a content version id');
  const result = await waitUntilIndexed(session, sourceId, [id]);
  const state = result.states.get(id);
  const { printObject } = await import('../../output/format.ts');
  await printObject(
    session.out,
    { ...doc, content_status: state?.content_status, error: state?.error ?? null },
    [...columns, 'content_status', 'error'],
  );
  return reportIndexing(session, result, [{ id, label: id }]);
}
