import { lock } from 'proper-lockfile';
import { CliError } from '../errors.ts';
import { ensureCacheDir } from './token-cache.ts';

export interface RefreshLockOptions {
  /** How long to wait for another process's refresh, in ms. */
  timeoutMs?: number;
  /** A lock not touched for this long belongs to a dead process and is taken over (min 2000). */
  staleMs?: number;
  signal?: AbortSignal;
}

export function lockPathFor(cachePath: string): string {
  return `${cachePath}.lock`;
}

/**
 * Runs `fn` holding a cross-process lock beside the cache file. The caller re-reads the cache
 * inside `fn`: whoever waited finds the token the first holder refreshed, so N processes make one
 * refresh request between them.
 */
export async function withRefreshLock<T>(
  cachePath: string,
  fn: () => Promise<T>,
  opts: RefreshLockOptions = {},
): Promise<T> {
  await ensureCacheDir(cachePath);
  const release = await acquire(cachePath, opts);
  try {
    return await fn();
  } finally {
    await release().catch(() => {});
  }
}

async function acquire(cachePath: string, opts: RefreshLockOptions): Promise<() => Promise<void>> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  const stale = Math.max(opts.staleMs ?? 10_000, 2000);
  for (;;) {
    try {
      return await lock(cachePath, {
        realpath: false,
        lockfilePath: lockPathFor(cachePath),
        stale,
        retries: 0,
        // A lost lock (machine sleep, clock jump) only risks a second refresh, which is harmless.
        onCompromised: () => {},
      });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
    }
    if (opts.signal?.aborted) throw opts.signal.reason;
    if (Date.now() >= deadline) {
      throw new CliError(
        'timed out waiting for another seclai process to refresh the sign-in',
        1,
        `if no other seclai is running, remove ${lockPathFor(cachePath)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 25 + Math.random() * 75));
  }
}
