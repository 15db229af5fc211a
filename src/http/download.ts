import { createWriteStream } from 'node:fs';
import { link, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomHex } from '../random-hex.ts';
import { capBytes, MAX_NAME_BYTES } from '../safe-file-name.ts';

export interface SaveOptions {
  /** Replace an existing file at the target. */
  force: boolean;
  /** Bytes the server announced, when it did; a shorter body is an error. */
  expectedBytes?: number;
  onProgress?: (receivedBytes: number) => void;
  signal?: AbortSignal;
}

/** The target exists and `force` was not given. */
export class TargetExistsError extends Error {
  readonly path: string;
  constructor(path: string) {
    super(`${path} already exists`);
    this.name = 'TargetExistsError';
    this.path = path;
  }
}

/** The body ended before the announced length. */
export class TruncatedDownloadError extends Error {
  constructor(received: number, expected: number) {
    super(`the download ended after ${received} of ${expected} bytes`);
    this.name = 'TruncatedDownloadError';
  }
}

/**
 * Streams a body into a temporary file beside the target, then moves it into place. The target
 * either does not change or ends up complete: a failure or an interruption removes the
 * temporary file. Without `force`, the final step is a hard link, which fails atomically when
 * the target appeared meanwhile.
 */
export async function saveToFile(body: Readable, target: string, options: SaveOptions): Promise<number> {
  const suffix = `.${randomHex(12)}.part`;
  const stem = capBytes(basename(target), MAX_NAME_BYTES - suffix.length - 1);
  const temp = join(dirname(target), `.${stem}${suffix}`);
  const counter = byteCounter(options.onProgress);
  try {
    await pipeline(body, counter.count, createWriteStream(temp, { flags: 'wx', mode: 0o644 }), {
      signal: options.signal,
    });
    const received = counter.bytes();
    if (options.expectedBytes !== undefined && received !== options.expectedBytes) {
      throw new TruncatedDownloadError(received, options.expectedBytes);
    }
    if (options.force) {
      await rename(temp, target);
    } else {
      try {
        await link(temp, target);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new TargetExistsError(target);
        throw err;
      }
      await unlink(temp);
    }
    return received;
  } catch (err) {
    await unlink(temp).catch(() => {});
    throw err;
  }
}

/** Streams a body to an already-open stream (stdout for `--out -`), without ending it. */
export async function saveToStream(
  body: Readable,
  out: Writable,
  options: Pick<SaveOptions, 'expectedBytes' | 'onProgress' | 'signal'>,
): Promise<number> {
  const counter = byteCounter(options.onProgress);
  await pipeline(body, counter.count, out, { end: false, signal: options.signal });
  const received = counter.bytes();
  if (options.expectedBytes !== undefined && received !== options.expectedBytes) {
    throw new TruncatedDownloadError(received, options.expectedBytes);
  }
  return received;
}

function byteCounter(onProgress?: (bytes: number) => void) {
  let received = 0;
  return {
    bytes: () => received,
    async *count(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
      for await (const chunk of source) {
        received += chunk.length;
        onProgress?.(received);
        yield chunk;
      }
    },
  };
}

/** Whether something exists at `path` (a file, a directory, a dangling link counts as no). */
export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
