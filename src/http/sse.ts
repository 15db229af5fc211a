import { createParser } from 'eventsource-parser';

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

/**
 * Reads an SSE body to its end. Chunks may split lines, events and multi-byte UTF-8 characters at
 * any byte. Resolves when the body ends (an event cut off by the end is dropped, as the spec says);
 * rejects when the body fails (a dropped connection, an abort).
 */
export async function readSse(body: AsyncIterable<Uint8Array | string>, sink: SseSink): Promise<void> {
  const decoder = new TextDecoder('utf-8');
  const parser = createParser({
    onEvent: (message) => sink.event(message.event ?? 'message', message.data, message.id),
    onComment: sink.comment ? (text) => sink.comment?.(text) : undefined,
  });
  for await (const chunk of body) {
    parser.feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    await sink.chunkEnd?.();
    if (sink.finished?.()) return;
  }
  const rest = decoder.decode();
  if (rest) parser.feed(rest);
  await sink.chunkEnd?.();
}

/** Whether a response's content type says it is an event stream (and not, say, JSON). */
export function isEventStream(headers: Record<string, string | string[] | undefined>): boolean {
  const value = headers['content-type'];
  const type = Array.isArray(value) ? value[0] : value;
  return type?.toLowerCase().startsWith('text/event-stream') ?? false;
}
