// The SSE reader on its own: chunks split at every byte, UTF-8 split inside characters,
// multi-line data, comments, CRLF, unknown events, an event cut off by the end, a failing body.
import { describe, expect, it } from 'vitest';
import { isEventStream, readSse, SseLimitExceeded } from '../../src/http/sse.ts';

interface Got {
  events: { name: string; data: string }[];
  comments: string[];
  chunkEnds: number;
}

async function read(chunks: (Uint8Array | string)[]): Promise<Got> {
  const got: Got = { events: [], comments: [], chunkEnds: 0 };
  async function* body() {
    for (const chunk of chunks) yield chunk;
  }
  await readSse(body(), {
    event: (name, data) => got.events.push({ name, data }),
    comment: (text) => got.comments.push(text),
    chunkEnd: () => {
      got.chunkEnds++;
    },
  });
  return got;
}

const STREAM = [
  ': keepalive',
  '',
  'event: init',
  'data: {"run_id":"r1","status":"processing"}',
  '',
  'event: stream_token',
  'data: {"token":"Grüße, 世界 🌍"}',
  '',
  'event: brand_new_event',
  'data: first line',
  'data: second line',
  '',
  'data: no event name',
  '',
  'event: done',
  'data: {"run_id":"r1","status":"completed"}',
  '',
  '',
].join('\n');

const EXPECTED = [
  { name: 'init', data: '{"run_id":"r1","status":"processing"}' },
  { name: 'stream_token', data: '{"token":"Grüße, 世界 🌍"}' },
  { name: 'brand_new_event', data: 'first line\nsecond line' },
  { name: 'message', data: 'no event name' },
  { name: 'done', data: '{"run_id":"r1","status":"completed"}' },
];

describe('readSse', () => {
  it('reads a whole stream in one chunk: names, multi-line data joined with \\n, comments', async () => {
    const got = await read([Buffer.from(STREAM)]);
    expect(got.events).toEqual(EXPECTED);
    expect(got.comments).toEqual(['keepalive']);
  });

  it('gives the same events whatever byte the stream is split at, inside UTF-8 characters too', async () => {
    const bytes = Buffer.from(STREAM);
    for (let at = 1; at < bytes.length; at++) {
      const got = await read([bytes.subarray(0, at), bytes.subarray(at)]);
      expect(got.events, `split at byte ${at}`).toEqual(EXPECTED);
    }
  });

  it('reads a stream delivered one byte at a time', async () => {
    const bytes = Buffer.from(STREAM);
    const got = await read([...bytes].map((b) => Uint8Array.of(b)));
    expect(got.events).toEqual(EXPECTED);
    expect(got.chunkEnds).toBeGreaterThanOrEqual(bytes.length);
  });

  it('accepts CRLF and CR line ends', async () => {
    for (const eol of ['\r\n', '\r']) {
      const got = await read([Buffer.from(STREAM.replaceAll('\n', eol))]);
      expect(got.events, JSON.stringify(eol)).toEqual(EXPECTED);
    }
  });

  it('drops an event the end of the stream cut off', async () => {
    const got = await read([
      Buffer.from('event: init\ndata: {"run_id":"r1"}\n\nevent: done\ndata: {"run_id"'),
    ]);
    expect(got.events.map((e) => e.name)).toEqual(['init']);
  });

  it('rejects when the body fails (a dropped connection), after the events before it', async () => {
    const seen: string[] = [];
    async function* body() {
      yield Buffer.from('event: init\ndata: {}\n\n');
      throw Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    }
    await expect(readSse(body(), { event: (name) => seen.push(name) })).rejects.toThrow('other side closed');
    expect(seen).toEqual(['init']);
  });

  it('stops reading once the sink says it is finished', async () => {
    const seen: string[] = [];
    let pulled = 0;
    async function* body() {
      for (const name of ['init', 'done', 'after']) {
        pulled++;
        yield Buffer.from(`event: ${name}\ndata: {}\n\n`);
      }
    }
    await readSse(body(), { event: (name) => seen.push(name), finished: () => seen.includes('done') });
    expect(seen).toEqual(['init', 'done']);
    expect(pulled).toBe(2);
  });

  it('tells an event stream from JSON by its content type', () => {
    expect(isEventStream({ 'content-type': 'text/event-stream; charset=utf-8' })).toBe(true);
    expect(isEventStream({ 'content-type': 'application/json' })).toBe(false);
    expect(isEventStream({})).toBe(false);
  });
});

describe('readSse limits', () => {
  it('fails with SseLimitExceeded when nothing arrives within idleTimeoutMs, and stops the body', async () => {
    let returned = false;
    const body: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({
        next: () => new Promise<IteratorResult<Uint8Array>>(() => {}),
        return: async () => {
          returned = true;
          return { done: true, value: undefined };
        },
      }),
    };
    const read = readSse(body, { event: () => {} }, { idleTimeoutMs: 50 });
    await expect(read).rejects.toThrow(new SseLimitExceeded('sent nothing for 50 ms'));
    expect(returned).toBe(true);
  });

  it('fails when one event grows past maxEventBytes, however it is split', async () => {
    async function* body() {
      yield 'event: big\ndata: ';
      for (let i = 0; i < 10; i++) yield 'x'.repeat(30);
    }
    await expect(readSse(body(), { event: () => {} }, { maxEventBytes: 200 })).rejects.toThrow(
      SseLimitExceeded,
    );
  });

  it('counts from the end of the last event: many small events are fine', async () => {
    const events: string[] = [];
    async function* body() {
      for (let i = 0; i < 100; i++) yield `data: ${i}\n\n`;
    }
    await readSse(body(), { event: (_n, d) => events.push(d) }, { maxEventBytes: 20 });
    expect(events).toHaveLength(100);
  });
});
