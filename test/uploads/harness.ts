// Shared set-up for file tests: a temp directory with files, a temp HOME, and runCli pointed at the simulator.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { type Clock, realClock } from '../../src/context.ts';
import { type CliRunOptions, runCli } from '../helpers/cli.ts';
import type { Simulator } from '../sim/server.ts';

export interface Workspace {
  dir: string;
  home: string;
  configDir: string;
  /** Writes a file below `dir` and returns its bytes. */
  write(name: string, content: string | Buffer): Buffer;
  run(argv: string[], options?: CliRunOptions): ReturnType<typeof runCli>;
}

/** A fresh directory and HOME per test; `run` talks to the simulator with fast retries. */
export function useWorkspace(sim: () => Simulator): () => Workspace {
  let workspace: Workspace | undefined;
  beforeEach(() => {
    const dir = mkdtempSync(join(tmpdir(), 'seclai-files-'));
    const home = join(dir, '.home');
    mkdirSync(home);
    workspace = {
      dir,
      home,
      configDir: join(home, '.seclai'),
      write(name, content) {
        const path = join(dir, name);
        mkdirSync(dirname(path), { recursive: true });
        const bytes = typeof content === 'string' ? Buffer.from(content) : content;
        writeFileSync(path, bytes);
        return bytes;
      },
      run(argv, options = {}) {
        return runCli(argv, {
          cwd: dir,
          ...options,
          env: {
            SECLAI_API_URL: sim().url,
            SECLAI_API_KEY: sim().apiKey,
            HOME: home,
            SECLAI_RETRY_BASE_MS: '5',
            ...options.env,
          },
        });
      },
    };
  });
  afterEach(() => {
    if (workspace) rmSync(workspace.dir, { recursive: true, force: true });
    workspace = undefined;
  });
  return () => {
    if (!workspace) throw new Error('useWorkspace(): only inside tests');
    return workspace;
  };
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Bytes that do not compress or repeat, so a partial or shifted body cannot pass for the whole. */
export function randomBytesOf(size: number, seed = 1): Buffer {
  const out = Buffer.alloc(size);
  let x = seed * 2654435761;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Real time, but sleeps of at most a few milliseconds: polling and backoff without the wait. */
export const hastyClock: Clock = {
  now: realClock.now,
  sleep: (ms, signal) => realClock.sleep(Math.min(ms, 5), signal),
};

/** Resolves once `check` is true, polling every few milliseconds. */
export async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
