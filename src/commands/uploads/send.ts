import type { ApiClient } from '../../http/client.ts';
import { UnconfirmedError } from '../../http/unconfirmed.ts';
import { multipartBody } from '../../http/upload.ts';
import { readAll } from '../../read-all.ts';
import type { UploadFile } from './files.ts';

export interface SendFileOptions {
  /** API path, already encoded, e.g. `/sources/<id>/upload`. */
  path: string;
  file: UploadFile;
  /** Text fields besides the file (`title`, `metadata`). */
  fields?: Record<string, string | undefined>;
  /** What the contract says a success answer holds; an answer that is not that leaves the upload unconfirmed. */
  answer: AnswerCheck;
  onProgress?: (sentBytes: number) => void;
  /** Hash the file as it is sent (for the `--resume` journal); costs CPU time, so only on request. */
  hash?: boolean;
  signal?: AbortSignal;
  /** --timeout for the whole upload; none by default, since a big file on a slow link takes long. */
  timeoutMs?: number;
}

/** Checks a success answer (a JSON object): undefined when it is what the contract says, else what is wrong. */
export type AnswerCheck = (data: Record<string, unknown>) => string | undefined;

export interface SentFile<T> {
  data: T;
  /** SHA-256 of the bytes the successful attempt sent, when `hash` was asked for. */
  sha256?: string;
}

/**
 * Sends one file as multipart/form-data, streamed from disk. A retry (429, a 5xx or a dropped
 * connection before the whole body went out) re-opens the file and sends all of it again; once
 * the whole body went out, a failure, or a success answer that is not what the contract says,
 * is an UnconfirmedError: the server may have stored the file, so it is not sent again.
 * `sha256` is set on the error too when hashing was asked for.
 */
export async function sendFile<T>(client: ApiClient, options: SendFileOptions): Promise<SentFile<T>> {
  let sha256: string | undefined;
  try {
    const response = await client.stream(
      {
        method: 'POST',
        path: options.path,
        rawBody: multipartBody({
          file: {
            path: options.file.diskPath,
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
        idempotent: false,
        signal: options.signal,
        timeoutMs: options.timeoutMs ?? 0,
      },
      'application/json',
    );
    const data = await readAnswer(response.status, response.body, options.signal);
    const problem = isObject(data) ? options.answer(data) : describeNonObject(data);
    if (problem !== undefined) {
      throw new UnconfirmedError(`the API answered ${response.status}, but ${problem}`);
    }
    return { data: data as T, sha256 };
  } catch (err) {
    if (err instanceof UnconfirmedError) err.sha256 = sha256;
    throw err;
  }
}

async function readAnswer(
  status: number,
  body: AsyncIterable<Uint8Array>,
  signal?: AbortSignal,
): Promise<unknown> {
  let text: string;
  try {
    text = await readAll(body);
  } catch (err) {
    if (signal?.aborted) throw signal.reason;
    throw new UnconfirmedError(`the API's ${status} answer broke off: ${(err as Error).message}`);
  }
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new UnconfirmedError(`the API answered ${status} with a body that is not JSON`);
  }
}

function describeNonObject(data: unknown): string {
  return data === undefined ? 'with an empty body' : 'with JSON that is not an object';
}

/** The first problem with an answer's fields: `required` must be strings, `nullable` strings or null. */
export function checkFields(
  data: Record<string, unknown>,
  required: readonly string[],
  nullable: readonly string[] = [],
): string | undefined {
  for (const name of required) {
    if (data[name] === undefined) return `without \`${name}\``;
    if (typeof data[name] !== 'string') return `with a \`${name}\` that is not a string`;
  }
  for (const name of nullable) {
    const value = data[name];
    if (value !== undefined && value !== null && typeof value !== 'string')
      return `with a \`${name}\` that is not a string`;
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
