// What uploads, their re-checks and syncs share about a source: one lock file per command and
// source, and reading a page of `GET /sources/{id}/contents`.
import { mkdirSync, realpathSync, rmdirSync, statSync, utimesSync } from 'node:fs';
import { CliError } from '../../errors.ts';

/** Items per page when listing a source's contents (the API's largest page). */
export const CONTENTS_PAGE_LIMIT = 100;

/**
 * Takes the lock beside `file` for one command on one source, so two at once cannot both send
 * what neither has recorded yet. Refuses at once when another process holds it (a big upload
 * holds it for long); a lock its holder stopped renewing (it died) is taken over.
 */
export async function lockSourceFile(
  file: string,
  command: string,
  sourceId: string,
): Promise<() => Promise<void>> {
  const lockPath = `${file}.lock`;
  const { lockSync } = await import('proper-lockfile');
  try {
    // Synchronous: taken at once or refused (no retries), and with no trip through the thread
    // pool, which the first asynchronous file call would start (four threads, ~1.5 ms).
    const release = lockSync(file, {
      realpath: false,
      lockfilePath: lockPath,
      stale: 10_000,
      // What it calls, and no more: it copies every property of what it is given, and node:fs
      // whole would load fs.promises (and with it readline and the REPL's history) on the way.
      fs: { mkdirSync, realpathSync, rmdirSync, statSync, utimesSync },
      // Lost only when the process stalled past `stale`: the worst case is a file sent twice.
      onCompromised: () => {},
    });
    return async () => release();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
    throw new CliError(
      `another \`seclai ${command}\` to source ${sourceId} is running; nothing was sent`,
      1,
      `wait for it to finish, then run this again (if none is running, remove ${lockPath})`,
    );
  }
}

/** One page of a source's contents, in either list shape; undefined when the answer is no list. */
export function readContentsPage(
  data: unknown,
): { items: Record<string, unknown>[]; hasNext: boolean } | undefined {
  const envelope = data as { data?: unknown; pagination?: { has_next?: unknown } } | undefined;
  const items = Array.isArray(data) ? data : Array.isArray(envelope?.data) ? envelope.data : undefined;
  if (items === undefined) return undefined;
  const hasNext =
    typeof envelope?.pagination?.has_next === 'boolean'
      ? envelope.pagination.has_next
      : items.length >= CONTENTS_PAGE_LIMIT;
  return { items: items.filter((item) => typeof item === 'object' && item !== null), hasNext };
}
