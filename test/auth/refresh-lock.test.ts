import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lock } from 'proper-lockfile';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockPathFor, withRefreshLock } from '../../src/auth/refresh-lock.ts';
import { cachePath, readCachedToken, toCachedToken, writeCachedToken } from '../../src/auth/token-cache.ts';
import { CliError } from '../../src/errors.ts';

const worker = fileURLToPath(new URL('./fixtures/refresh-worker.ts', import.meta.url));
let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seclai-lock-'));
  path = cachePath(dir, 'd', 'c');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function runWorker(counter: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [worker, path, counter], { timeout: 30_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

describe('withRefreshLock', () => {
  it('lets 8 processes with an expired token make exactly one refresh', { timeout: 30_000 }, async () => {
    await writeCachedToken(
      path,
      toCachedToken(
        { accessToken: 'old', expiresIn: -60, clientId: 'c', region: 'r', cognitoDomain: 'd' },
        Date.now(),
      ),
    );
    const counter = join(dir, 'refreshes');
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => runWorker(counter)));
    expect(outcomes.filter((o) => o === 'refreshed')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'reused')).toHaveLength(7);
    expect((await readFile(counter, 'utf8')).trim().split('\n')).toHaveLength(1);
    expect((await readCachedToken(path))?.accessToken).toMatch(/^fresh-/);
    await expect(stat(lockPathFor(path))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('takes over a lock left behind by a dead process', async () => {
    await mkdir(lockPathFor(path), { recursive: true });
    const old = new Date(Date.now() - 60_000);
    await utimes(lockPathFor(path), old, old);
    const started = Date.now();
    expect(await withRefreshLock(path, async () => 'ran', { staleMs: 2000, timeoutMs: 5000 })).toBe('ran');
    expect(Date.now() - started).toBeLessThan(4000); // not the 5 s of waiting for a live holder
  });

  it('waits for a live holder and gives up with a clear message', async () => {
    await mkdir(join(dir, 'sso', 'cache'), { recursive: true });
    const release = await lock(path, { realpath: false, lockfilePath: lockPathFor(path), stale: 10_000 });
    try {
      const attempt = withRefreshLock(path, async () => 'never', { timeoutMs: 300 });
      await expect(attempt).rejects.toBeInstanceOf(CliError);
      await expect(attempt).rejects.toThrow(/timed out waiting for another seclai process/);
    } finally {
      await release();
    }
  });

  it('runs as soon as the holder lets go', async () => {
    await mkdir(join(dir, 'sso', 'cache'), { recursive: true });
    const release = await lock(path, { realpath: false, lockfilePath: lockPathFor(path) });
    setTimeout(() => void release(), 200);
    expect(await withRefreshLock(path, async () => 'after', { timeoutMs: 5000 })).toBe('after');
  });

  it('releases the lock when the work fails', async () => {
    await expect(withRefreshLock(path, async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    expect(await withRefreshLock(path, async () => 'again', { timeoutMs: 200 })).toBe('again');
  });
});
