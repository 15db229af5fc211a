import { createParser } from 'eventsource-parser';
import { formatTimeout } from '../settings.ts';

export interface SseSink {
  /** One event; `name` is `message` when the server gave none. */
  event(name: string, data: string, id?: string): void;
  /** A keepalive or other comment line (`: ...`). */
  comment?(text: string): void;
  /**
   * Called after the events of one network chunk were handed over: the moment to write what they
   * produced in one go (and to wait for a slow consumer).
   */
  chunkEnd?(): void | Promise<void>;
  /** Stop reading after the current event (e.g. `done` arrived). */
  finished?(): boolean;
}

export interface SseLimits {
  /** Fail when no bytes at all (not even a keepalive) arrive for this long. */
  idleTimeoutMs?: number;
  /** Fail when one event grows past this many bytes before it ends. */
  maxEventBytes?: number;
}

/** An event this large is no answer to show: it would only eat memory. */
export const MAX_EVENT_BYTES = 16 * 1024 * 1024;

/** The stream went quiet for too long, or one event grew too large; the body was dropped. */
export class SseLimitExceeded extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SseLimitExceeded';
  }
}

/**
 * Reads an SSE body to its end. Chunks may split lines, events and multi-byte UTF-8 characters at
 * any byte. Resolves when the body ends (an event cut off by the end is dropped, as the spec says);
 * rejects when the body fails (a dropped connection, an abort) or breaks a limit (SseLimitExceeded).
 */
export async function readSse(
  body: AsyncIterable<Uint8Array | string>,
  sink: SseSink,
  limits: SseLimits = {},
): Promise<void> {
  const maxEventBytes = limits.maxEventBytes ?? MAX_EVENT_BYTES;
  const decoder = new TextDecoder('utf-8');
  let ended = false;
  const parser = createParser({
    onEvent: (message) => {
      ended = true;
      sink.event(message.event ?? 'message', message.data, message.id);
    },
    onComment: (text) => {
      ended = true;
      sink.comment?.(text);
    },
  });
  const chunks = body[Symbol.asyncIterator]();
  let done = false;
  // Bytes since an event or comment last ended: at most one chunk more than the event being built.
  let unended = 0;
  try {
    for (;;) {
      const next = await nextWithin(chunks, limits.idleTimeoutMs);
      if (next.done) break;
      const chunk = next.value;
      ended = false;
      parser.feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
      const size = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
      unended = ended ? size : unended + size;
      if (unended > maxEventBytes)
        throw new SseLimitExceeded(`sent an event larger than ${maxEventBytes / 1024 / 1024} MiB`);
      await sink.chunkEnd?.();
      if (sink.finished?.()) return;
    }
    done = true;
  } finally {
    // Drops the connection when reading stopped early; nothing to wait for.
    if (!done) chunks.return?.()?.catch(() => {});
  }
  const rest = decoder.decode();
  if (rest) parser.feed(rest);
  await sink.chunkEnd?.();
}

/** The next chunk, or SseLimitExceeded when none comes within `ms`. */
async function nextWithin<T>(chunks: AsyncIterator<T>, ms: number | undefined): Promise<IteratorResult<T>> {
  if (ms === undefined) return chunks.next();
  let timer: NodeJS.Timeout | undefined;
  const silence = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SseLimitExceeded(`sent nothing for ${formatTimeout(ms)}`)), ms);
  });
  try {
    return await Promise.race([chunks.next(), silence]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether a response's content type says it is an event stream (and not, say, JSON). */
export function isEventStream(headers: Record<string, string | string[] | undefined>): boolean {
  const value = headers['content-type'];
  const type = Array.isArray(value) ? value[0] : value;
  return type?.toLowerCase().startsWith('text/event-stream') ?? false;
}
