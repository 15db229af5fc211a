import type { ApiClient } from '../../http/client.ts';
import { multipartBody } from '../../http/upload.ts';
import type { UploadFile } from './files.ts';

export interface SendFileOptions {
  /** API path, already encoded, e.g. `/sources/<id>/upload`. */
  path: string;
  file: UploadFile;
  /** Text fields besides the file (`title`, `metadata`). */
  fields?: Record<string, string | undefined>;
  onProgress?: (sentBytes: number) => void;
  /** Hash the file as it is sent (for the `--resume` journal); costs CPU time, so only on request. */
  hash?: boolean;
  signal?: AbortSignal;
  /** --timeout for the whole upload; none by default, since a big file on a slow link takes long. */
  timeoutMs?: number;
}

export interface SentFile<T> {
  data: T;
  /** SHA-256 of the bytes the successful attempt sent, when `hash` was asked for. */
  sha256?: string;
}

/**
 * Sends one file as multipart/form-data, streamed from disk. The request counts as repeatable:
 * a retry (429, 502-504, a dropped connection) re-opens the file and sends all of it again,
 * and the server only stores a file once its whole body has arrived.
 */
export async function sendFile<T>(client: ApiClient, options: SendFileOptions): Promise<SentFile<T>> {
  let sha256: string | undefined;
  const response = await client.request<T>({
    method: 'POST',
    path: options.path,
    rawBody: multipartBody({
      file: {
        path: options.file.absolutePath,
        filename: options.file.filename,
        contentType: options.file.contentType,
        size: options.file.size,
      },
      fields: options.fields,
      onProgress: options.onProgress,
      onFileHashed: options.hash
        ? (hash) => {
            sha256 = hash;
          }
        : undefined,
    }),
    idempotent: true,
    signal: options.signal,
    timeoutMs: options.timeoutMs ?? 0,
  });
  return { data: response.data, sha256 };
}

/** Runs `worker` over `items`, at most `concurrency` at a time; stops taking new items once `signal` aborts. */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  signal: AbortSignal,
  worker: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
    while (!signal.aborted && next < items.length) {
      const index = next++;
      await worker(items[index], index);
    }
  });
  await Promise.all(lanes);
}

/** An AbortController tied to Ctrl-C for the length of a command; `release` unsubscribes. */
export function interruptController(onInterrupt: (handler: () => void) => () => void): {
  signal: AbortSignal;
  interrupted: () => boolean;
  release: () => void;
} {
  const controller = new AbortController();
  const release = onInterrupt(() => {
    if (!controller.signal.aborted) controller.abort(new InterruptSignal());
  });
  return { signal: controller.signal, interrupted: () => controller.signal.aborted, release };
}

/** The reason an interrupted request fails with, so callers can tell Ctrl-C from other errors. */
export class InterruptSignal extends Error {
  constructor() {
    super('interrupted');
    this.name = 'InterruptSignal';
  }
}
