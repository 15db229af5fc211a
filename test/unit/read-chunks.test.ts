import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readChunks } from '../../src/http/upload.ts';

describe('readChunks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'seclai-chunks-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // Six and a bit chunks of bytes that differ at every offset, so a reused buffer overwritten too
  // early shows.
  const bytes = Buffer.alloc(512 * 1024 * 6 + 100_000);
  const chunkSizes = [...Array(6).fill(524_288), 100_000];
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + (i >> 8)) & 0xff;
  const path = join(dir, 'file.bin');
  writeFileSync(path, bytes);

  /** Takes each chunk the way undici does: done with it before asking for the next. */
  async function collect(chunks: AsyncGenerator<Buffer>): Promise<{ joined: Buffer; sizes: number[] }> {
    const copies: Buffer[] = [];
    for await (const chunk of chunks) copies.push(Buffer.from(chunk));
    return { joined: Buffer.concat(copies), sizes: copies.map((c) => c.length) };
  }

  it('reads on the main thread while reads are quick: every byte, in 512 KiB chunks', async () => {
    const { joined, sizes } = await collect(readChunks(path, bytes.length));
    expect(joined.equals(bytes)).toBe(true);
    expect(sizes).toEqual(chunkSizes);
  });

  it('reads ahead on the thread pool after three slow reads in a row, with the same bytes', async () => {
    const { joined, sizes } = await collect(readChunks(path, bytes.length, -1));
    expect(joined.equals(bytes)).toBe(true);
    expect(sizes).toEqual(chunkSizes);
  });

  it('a file smaller than a chunk is one chunk; an empty file is none', async () => {
    const small = join(dir, 'small.txt');
    writeFileSync(small, 'hello');
    expect((await collect(readChunks(small, 5))).joined.toString()).toBe('hello');
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '');
    expect((await collect(readChunks(empty, 0))).sizes).toEqual([]);
  });
});
