import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UploadFile } from '../../src/commands/uploads/files.ts';
import { UploadJournal } from '../../src/commands/uploads/journal.ts';

const SOURCE = 'source-1';

describe('upload journal', () => {
  let dir: string;
  let journalPath: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'seclai-journal-'));
    journalPath = join(dir, 'uploads', `${SOURCE}.jsonl`);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, content: string): UploadFile => {
    const absolutePath = join(dir, name);
    writeFileSync(absolutePath, content);
    const stats = statSync(absolutePath);
    return {
      path: name,
      absolutePath,
      diskPath: absolutePath,
      filename: name,
      size: stats.size,
      mtimeMs: stats.mtimeMs,
      contentType: 'text/plain',
    };
  };
  const lines = () => readFileSync(journalPath, 'utf8').split('\n').filter(Boolean);

  it('appends one line per finished file, mode 0600, and reads the last line per path back', async () => {
    const a = file('a.txt', 'one');
    const journal = await UploadJournal.open(dir, SOURCE);
    journal.record(a, { contentVersionId: 'v1', status: 'uploaded' });
    journal.record(a, { contentVersionId: 'v2', status: 'uploaded' });
    journal.ensureWritten();
    expect(lines()).toHaveLength(2);
    expect(statSync(journalPath).mode & 0o777).toBe(0o600);
    const reopened = await UploadJournal.open(dir, SOURCE);
    expect(reopened.size).toBe(1);
    expect((await reopened.alreadySent(a))?.contentVersionId).toBe('v2');
  });

  it('skips a line cut short by a crash, and keeps appending after it', async () => {
    const a = file('a.txt', 'one');
    const b = file('b.txt', 'two');
    const journal = await UploadJournal.open(dir, SOURCE);
    journal.record(a, { contentVersionId: 'v1', status: 'uploaded' });
    journal.ensureWritten();
    appendFileSync(journalPath, '{"path":"/cut/sh');
    const reopened = await UploadJournal.open(dir, SOURCE);
    expect(reopened.size).toBe(1);
    reopened.record(b, { contentVersionId: 'v2', status: 'uploaded' });
    reopened.ensureWritten();
    const again = await UploadJournal.open(dir, SOURCE);
    expect(await again.alreadySent(a)).toBeDefined();
    expect(await again.alreadySent(b)).toBeDefined();
  });

  it('rewrites a long journal of mostly superseded lines with only the current entries', async () => {
    const a = file('a.txt', 'one');
    const journal = await UploadJournal.open(dir, SOURCE);
    for (let i = 0; i < 1000; i++) journal.record(a, { contentVersionId: `v${i}`, status: 'uploaded' });
    journal.ensureWritten();
    expect(lines()).toHaveLength(1000);
    const reopened = await UploadJournal.open(dir, SOURCE);
    expect(lines()).toHaveLength(1);
    expect((await reopened.alreadySent(a))?.contentVersionId).toBe('v999');
  });

  it('keeps unconfirmed entries apart: not already sent, but found as unconfirmed while the file is unchanged', async () => {
    const a = file('a.txt', 'one');
    const journal = await UploadJournal.open(dir, SOURCE);
    journal.record(a, { contentVersionId: null, status: 'unconfirmed', title: 'a.txt' });
    journal.ensureWritten();
    const reopened = await UploadJournal.open(dir, SOURCE);
    expect(await reopened.alreadySent(a)).toBeUndefined();
    expect(await reopened.unconfirmed(a)).toMatchObject({ status: 'unconfirmed', title: 'a.txt' });
    const changed = file('a.txt', 'two!');
    expect(await reopened.unconfirmed(changed)).toBeUndefined();
  });

  it('counts the lines it cannot read, including entries with fields of the wrong type', async () => {
    const a = file('a.txt', 'one');
    const journal = await UploadJournal.open(dir, SOURCE);
    journal.record(a, { contentVersionId: 'v1', status: 'uploaded' });
    journal.ensureWritten();
    const entry = JSON.parse(lines()[0]);
    appendFileSync(
      journalPath,
      [
        'null',
        '"text"',
        JSON.stringify({ ...entry, contentVersionId: 42 }),
        JSON.stringify({ ...entry, status: undefined }),
        JSON.stringify({ ...entry, size: 'big' }),
        '{"path":',
      ].join('\n'),
    );
    const reopened = await UploadJournal.open(dir, SOURCE);
    expect(reopened.unreadableLines).toBe(6);
    expect((await reopened.alreadySent(a))?.contentVersionId).toBe('v1');
  });

  it('a second lock on the same source is refused at once; released, it can be taken again', async () => {
    const release = await UploadJournal.lock(dir, SOURCE);
    await expect(UploadJournal.lock(dir, SOURCE)).rejects.toThrow(
      /another `seclai sources upload --resume` to source source-1 is running/,
    );
    await release();
    const again = await UploadJournal.lock(dir, SOURCE);
    await again();
  });
});
