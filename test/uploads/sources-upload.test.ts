import {
  chmodSync,
  mkdirSync,
  readFileSync,
  symlinkSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useSimulator } from '../helpers/sim.ts';
import { addMidBodyReset, setUploadAnswerDelay, setUploadLimit } from '../sim/routes/multipart.ts';
import { storedContents, uploadConcurrency } from '../sim/routes/uploads.ts';
import { randomBytesOf, sha256, until, useWorkspace } from './harness.ts';

const SOURCE = '7b2e0c4d-5f61-4a7e-9d3b-2c8f1e6a9b00';
const UPLOAD = '/sources/{source_connection_id}/upload';

describe('seclai sources upload', () => {
  const sim = useSimulator({ resetState: true });
  const ws = useWorkspace(sim);

  const uploads = () => sim().requests.filter((r) => r.operation === `POST ${UPLOAD}`);
  const stored = () => [...storedContents(sim().state).values()];
  /** The journal's lines, oldest first, with paths relative to the workspace. */
  const journalLines = (): (Record<string, unknown> & { path: string })[] =>
    readFileSync(join(ws().configDir, 'uploads', `${SOURCE}.jsonl`), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line))
      .map((entry) => ({ ...entry, path: entry.path.slice(ws().dir.length + 1) }));
  const journalEntry = (name: string) => journalLines().findLast((entry) => entry.path === name);
  const touch = (name: string, seconds: number) => utimesSync(join(ws().dir, name), seconds, seconds);

  it('sends the exact bytes, file name, MIME type, title and metadata', async () => {
    const pdf = ws().write('report.pdf', randomBytesOf(300_000));
    const result = await ws().run([
      'sources',
      'upload',
      SOURCE,
      'report.pdf',
      '--title',
      'Q3 report',
      '--metadata',
      'author=Ada',
      '--metadata',
      '{"year": 2026}',
    ]);
    expect(result.stderr).toContain('Sent 1 of 1 file');
    expect(result.code).toBe(0);
    const [content] = stored();
    expect(content.sourceId).toBe(SOURCE);
    expect(content.filename).toBe('report.pdf');
    expect(content.contentType).toBe('application/pdf');
    expect(content.size).toBe(pdf.length);
    expect(content.bytes?.equals(pdf)).toBe(true);
    expect(content.title).toBe('Q3 report');
    expect(content.metadata).toEqual({ author: 'Ada', year: 2026, title: 'Q3 report' });
    expect(uploads()[0].fields).toMatchObject({
      title: 'Q3 report',
      metadata: '{"author":"Ada","year":2026}',
    });
    expect(result.stdout).toBe(`report.pdf\tuploaded\t${content.id}\n`);
  });

  it('detects each type by extension, keeps odd file names intact, and honours --mime-type', async () => {
    ws().write('notes.md', '# Notes\n');
    ws().write('sheet.xlsx', randomBytesOf(100));
    ws().write('photo.JPG', randomBytesOf(100, 2));
    ws().write('song.flac', randomBytesOf(100, 3));
    ws().write('Résumé "final".txt', 'é\n');
    const result = await ws().run([
      'sources',
      'upload',
      SOURCE,
      'notes.md',
      'sheet.xlsx',
      'photo.JPG',
      'song.flac',
      'Résumé "final".txt',
    ]);
    expect(result.code).toBe(0);
    const types = Object.fromEntries(stored().map((c) => [c.filename, c.contentType]));
    expect(types).toEqual({
      'notes.md': 'text/markdown',
      'sheet.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'photo.JPG': 'image/jpeg',
      'song.flac': 'audio/flac',
      'Résumé %22final%22.txt': 'text/plain',
    });

    ws().write('README', 'plain words\n');
    const forced = await ws().run(['sources', 'upload', SOURCE, 'README', '--mime-type', 'text/plain']);
    expect(forced.code).toBe(0);
    expect(stored().find((c) => c.filename === 'README')?.contentType).toBe('text/plain');
  });

  it('uploads 20 files at concurrency 4: never more than 4 at once, every byte stored', async () => {
    setUploadAnswerDelay(sim().state, 40);
    const files = Array.from({ length: 20 }, (_, i) =>
      ws().write(`batch/file-${String(i).padStart(2, '0')}.txt`, randomBytesOf(20_000 + i, i + 1)),
    );
    const result = await ws().run([
      'sources',
      'upload',
      SOURCE,
      'batch',
      '--recursive',
      '--concurrency',
      '4',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(20);
    expect(
      lines.every((line) => line.status === 'uploaded' && typeof line.content_version_id === 'string'),
    ).toBe(true);
    expect(uploadConcurrency(sim().state).peak).toBe(4);
    const byName = new Map(stored().map((c) => [c.filename, c]));
    files.forEach((bytes, i) => {
      expect(byName.get(`file-${String(i).padStart(2, '0')}.txt`)?.sha256).toBe(sha256(bytes));
    });
  });

  it('big files arrive byte for byte, several at once (the read buffers are reused many times over)', async () => {
    const files = [0, 1, 2, 3].map((i) =>
      ws().write(`big-${i}.pdf`, randomBytesOf(6 * 1024 * 1024 + 12_345 * i, 40 + i)),
    );
    const result = await ws().run(['sources', 'upload', SOURCE, ...files.map((_, i) => `big-${i}.pdf`)]);
    expect(result.code).toBe(0);
    const byName = new Map(stored().map((c) => [c.filename, c]));
    files.forEach((bytes, i) => {
      expect(byName.get(`big-${i}.pdf`)?.size).toBe(bytes.length);
      expect(byName.get(`big-${i}.pdf`)?.sha256).toBe(sha256(bytes));
    });
  });

  it('after a 429 with Retry-After, sends the whole file again', async () => {
    const bytes = ws().write('big.txt', randomBytesOf(1_500_000));
    sim().faults.add({ method: 'POST', path: UPLOAD, status: 429, headers: { 'retry-after': '0' } });
    const result = await ws().run(['sources', 'upload', SOURCE, 'big.txt']);
    expect(result.code).toBe(0);
    expect(uploads().map((r) => r.status)).toEqual([429, 200]);
    const [content] = stored();
    expect(content.size).toBe(bytes.length);
    expect(content.sha256).toBe(sha256(bytes));
  });

  it('after the connection drops mid-body, re-opens the file and sends it from the start', async () => {
    const bytes = ws().write('big.pdf', randomBytesOf(2_000_000, 9));
    addMidBodyReset(sim().state, { path: UPLOAD, afterBytes: 500_000 });
    const result = await ws().run(['sources', 'upload', SOURCE, 'big.pdf']);
    expect(result.code).toBe(0);
    expect(uploads()).toHaveLength(2);
    expect(uploads()[0].status).toBeUndefined();
    const [content] = stored();
    expect(content.bytes?.equals(bytes)).toBe(true);
  });

  it('a failed file does not stop the others; exit 1 and a summary; --resume then sends only the missing one', async () => {
    for (let i = 0; i < 5; i++) ws().write(`docs/${i}.txt`, `document ${i}\n`);
    setUploadLimit(sim().state, 1000);
    ws().write('docs/2.txt', randomBytesOf(5000));
    const first = await ws().run(['sources', 'upload', SOURCE, 'docs', '-r', '--concurrency', '2']);
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/^docs\/2\.txt\tfailed\t$/m);
    expect(first.stdout.match(/\tuploaded\t/g)).toHaveLength(4);
    expect(first.stderr).toMatch(/error: docs\/2\.txt: 413/);
    expect(first.stderr).toContain('Sent 4 of 5 files');
    expect(first.stderr).toContain('1 failed');
    expect(first.stderr).toContain('--resume');

    setUploadLimit(sim().state, undefined);
    sim().reset();
    const second = await ws().run(['sources', 'upload', SOURCE, 'docs', '-r', '--resume']);
    expect(second.code).toBe(0);
    expect(uploads().map((r) => r.fields?.file)).toEqual(['2.txt']);
    expect(second.stdout.match(/\tskipped\t/g)).toHaveLength(4);
    expect(second.stderr).toContain('4 already uploaded (skipped)');
    expect(stored()).toHaveLength(5);
  });

  it('results line up in columns; the summary tells sent, duplicate, skipped and failed apart', async () => {
    ws().write('a.txt', 'kept\n');
    ws().write('copy.txt', 'same bytes\n');
    ws().write('docs/already-there.txt', 'same bytes\n');
    ws().write('docs/new.txt', 'new\n');
    ws().write('docs/big.txt', randomBytesOf(5000));
    expect((await ws().run(['sources', 'upload', SOURCE, 'a.txt', 'copy.txt', '--resume'])).code).toBe(0);
    setUploadLimit(sim().state, 1000);
    const r = await ws().run(['sources', 'upload', SOURCE, 'a.txt', 'docs', '-r', '--resume'], {
      stdoutTTY: true,
    });
    expect(r.code, r.stderr).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    const statusOf = (path: string) => lines.find((line) => line.includes(` ${path} `))?.split(' ')[0];
    expect(statusOf('a.txt')).toBe('skipped');
    expect(statusOf('docs/already-there.txt')).toBe('duplicate');
    expect(statusOf('docs/new.txt')).toBe('uploaded');
    expect(statusOf('docs/big.txt')).toBe('failed');
    // status (11), path (as wide as the longest), size (9, right-aligned), then the id
    const sizeEnds = 11 + 1 + 'docs/already-there.txt'.length + 2 + 9;
    for (const line of lines) {
      expect(line.slice(0, sizeEnds), line).toMatch(/^\S+ +\S+ +\d+(\.\d)? (B|KiB)$/);
      expect(line.slice(sizeEnds), line).toMatch(/^(| {2}→ [0-9a-f-]{36})$/);
    }
    expect(r.stderr).toMatch(
      /^Sent 1 of 4 files \(4 B in 0:\d\d\); 1 duplicate \(the source already had the content\); 1 already uploaded \(skipped\); 1 failed\.$/m,
    );
  });

  it('stdout piped while stderr is a terminal: one static line instead of bars, results intact', async () => {
    ws().write('a.txt', randomBytesOf(50_000));
    const r = await ws().run(['sources', 'upload', SOURCE, 'a.txt'], { stderrTTY: true });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^a\.txt\tuploaded\t[0-9a-f-]{36}\n$/);
    expect(r.stderr).not.toContain('\x1b[');
    expect(r.stderr).toMatch(/^Sending 1 file \(49 KiB\)…\nSent 1 of 1 file \(49 KiB in 0:0\d\)\.\n$/);
  });

  it('--resume sends a file again once it changed, and not when it was only touched', async () => {
    ws().write('a.txt', 'one\n');
    ws().write('b.txt', 'two\n');
    expect((await ws().run(['sources', 'upload', SOURCE, 'a.txt', 'b.txt', '--resume'])).code).toBe(0);
    expect(journalEntry('b.txt')?.sha256).toBe(sha256(Buffer.from('two\n')));
    sim().reset();
    ws().write('a.txt', 'one, changed\n');
    ws().write('b.txt', 'two\n');
    touch('b.txt', 1_700_000_000);
    const again = await ws().run(['sources', 'upload', SOURCE, 'a.txt', 'b.txt', '--resume']);
    expect(again.code).toBe(0);
    expect(uploads().map((r) => r.fields?.file)).toEqual(['a.txt']);
  });

  it('a run without --resume journals size and mtime but no hash: --resume then skips what is untouched and re-sends what was touched', async () => {
    ws().write('a.txt', 'one\n');
    ws().write('b.txt', 'two\n');
    expect((await ws().run(['sources', 'upload', SOURCE, 'a.txt', 'b.txt'])).code).toBe(0);
    expect(journalEntry('a.txt')).toMatchObject({ size: 4, status: 'uploaded' });
    expect(journalEntry('a.txt')).not.toHaveProperty('sha256');
    sim().reset();
    touch('b.txt', 1_700_000_000);
    const again = await ws().run(['sources', 'upload', SOURCE, 'a.txt', 'b.txt', '--resume']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^a\.txt\tskipped\t[0-9a-f-]{36}$/m);
    expect(uploads().map((r) => r.fields?.file)).toEqual(['b.txt']);
    expect(journalEntry('b.txt')?.sha256).toBe(sha256(Buffer.from('two\n')));
  });

  it('a journal that cannot be written is a warning: the uploads stand, exit 0', async () => {
    ws().write('a.txt', 'one\n');
    ws().write('b.txt', 'two\n');
    mkdirSync(ws().configDir, { recursive: true });
    writeFileSync(join(ws().configDir, 'uploads'), 'a file where the journal directory would go');
    const result = await ws().run(['sources', 'upload', SOURCE, 'a.txt', 'b.txt']);
    expect(result.code, result.stderr).toBe(0);
    expect(uploads()).toHaveLength(2);
    expect(result.stderr).toMatch(/^warning: could not save the upload journal .*uploads.*\.jsonl: /m);
    expect(result.stderr).toMatch(/^Sent 2 of 2 files/m);
  });

  it('two uploads to the same source at once keep each other’s journal entries', async () => {
    for (const side of ['a', 'b'])
      for (let i = 0; i < 3; i++) ws().write(`${side}/${i}.txt`, `${side}${i}\n`);
    setUploadAnswerDelay(sim().state, 30);
    const [a, b] = await Promise.all([
      ws().run(['sources', 'upload', SOURCE, 'a', '-r', '--concurrency', '1']),
      ws().run(['sources', 'upload', SOURCE, 'b', '-r', '--concurrency', '1']),
    ]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(
      journalLines()
        .map((entry) => entry.path)
        .sort(),
    ).toEqual(['a/0.txt', 'a/1.txt', 'a/2.txt', 'b/0.txt', 'b/1.txt', 'b/2.txt']);
    setUploadAnswerDelay(sim().state, undefined);
    sim().reset();
    const again = await ws().run(['sources', 'upload', SOURCE, 'a', 'b', '-r', '--resume']);
    expect(again.code).toBe(0);
    expect(uploads()).toHaveLength(0);
  });

  it('Ctrl-C stops cleanly: finished files stay in the journal, exit 130, and --resume sends the rest', async () => {
    for (let i = 0; i < 4; i++) ws().write(`in/${i}.txt`, `file ${i}\n`);
    setUploadAnswerDelay(sim().state, 150);
    let interrupt = () => {};
    const running = ws().run(['sources', 'upload', SOURCE, 'in', '-r', '--concurrency', '1'], {
      onInterruptReady: (fn) => {
        interrupt = fn;
      },
    });
    await until(() => uploads().length === 2);
    interrupt();
    const result = await running;
    expect(result.code).toBe(130);
    expect(result.stdout).toMatch(/^in\/0\.txt\tuploaded\t[0-9a-f-]{36}$/m);
    expect(result.stdout).toMatch(/^in\/1\.txt\tinterrupted\t$/m);
    expect(result.stderr).toContain('Interrupted: sent 1 of 4 files');
    expect(result.stderr).toContain('2 not started');
    expect(journalLines().map((entry) => entry.path)).toEqual(['in/0.txt']);

    setUploadAnswerDelay(sim().state, undefined);
    sim().reset();
    const resumed = await ws().run(['sources', 'upload', SOURCE, 'in', '-r', '--resume']);
    expect(resumed.code).toBe(0);
    expect(
      uploads()
        .map((r) => r.fields?.file)
        .sort(),
    ).toEqual(['1.txt', '2.txt', '3.txt']);
  });

  it('every pre-check failure sends nothing, exits 2 and names each bad path', async () => {
    ws().write('ok.txt', 'fine\n');
    ws().write('tool.exe', 'MZ');
    ws().write('noext', 'what am I');
    ws().write('dir/inner.txt', 'x');
    ws().write('huge.pdf', '');
    truncateSync(join(ws().dir, 'huge.pdf'), 200 * 1024 * 1024 + 1);
    symlinkSync(join(ws().dir, 'nowhere'), join(ws().dir, 'dangling.txt'));
    const result = await ws().run([
      'sources',
      'upload',
      SOURCE,
      'ok.txt',
      'missing.pdf',
      'tool.exe',
      'noext',
      'dir',
      'huge.pdf',
      'dangling.txt',
    ]);
    expect(result.code).toBe(2);
    expect(sim().requests).toHaveLength(0);
    expect(result.stderr).toContain('6 paths cannot be uploaded; nothing was sent');
    expect(result.stderr).toContain('missing.pdf: does not exist');
    expect(result.stderr).toContain('tool.exe: is application/');
    expect(result.stderr).toContain('noext: has no known type');
    expect(result.stderr).toContain('dir: is a directory (add --recursive');
    expect(result.stderr).toContain('huge.pdf: is 200 MiB; the limit is 200 MiB per file');
    expect(result.stderr).toContain('dangling.txt: does not exist');
    expect(result.stderr).toContain('hint: set the type with --mime-type');
    expect(result.stdout).toBe('');
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable file fails the pre-check', async () => {
    ws().write('secret.txt', 'x');
    chmodSync(join(ws().dir, 'secret.txt'), 0o000);
    const result = await ws().run(['sources', 'upload', SOURCE, 'secret.txt']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('secret.txt: is not readable');
    expect(sim().requests).toHaveLength(0);
  });

  it('--force-type sends a type the API does not list; other usage errors send nothing', async () => {
    ws().write('tool.exe', 'MZ');
    ws().write('a.txt', 'a');
    ws().write('b.txt', 'b');
    const forced = await ws().run(['sources', 'upload', SOURCE, 'tool.exe', '--force-type']);
    expect(forced.code).toBe(0);
    expect(stored()[0].contentType).toBe('application/x-msdos-program');

    sim().reset();
    for (const argv of [
      ['a.txt', 'b.txt', '--title', 'one title, two files'],
      ['a.txt', '--metadata', 'novalue'],
      ['a.txt', '--metadata', '[1,2]'],
      ['a.txt', '--concurrency', '0'],
      ['a.txt', '--mime-type', 'nonsense'],
    ]) {
      const result = await ws().run(['sources', 'upload', SOURCE, ...argv]);
      expect(result.code, argv.join(' ')).toBe(2);
    }
    expect(sim().requests).toHaveLength(0);
  });

  it('walks directories in order, skipping hidden entries unless --include-hidden', async () => {
    ws().write('tree/b.txt', 'b');
    ws().write('tree/a/c.txt', 'c');
    ws().write('tree/.hidden.txt', 'h');
    ws().write('tree/.git/config.txt', 'g');
    const plain = await ws().run(['sources', 'upload', SOURCE, 'tree', '-r', '--concurrency', '1']);
    expect(
      plain.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t')[0]),
    ).toEqual(['tree/a/c.txt', 'tree/b.txt']);
    sim().reset({ state: true });
    const hidden = await ws().run(['sources', 'upload', SOURCE, 'tree', '-r', '--include-hidden']);
    expect(hidden.code).toBe(0);
    expect(uploads()).toHaveLength(4);
  });

  it('reports a file the source already has as a duplicate, with the existing id', async () => {
    ws().write('a.txt', 'same bytes\n');
    await ws().run(['sources', 'upload', SOURCE, 'a.txt']);
    const again = await ws().run(['sources', 'upload', SOURCE, 'a.txt', '--json']);
    expect(again.code).toBe(0);
    const line = JSON.parse(again.stdout);
    // Found by name: a late request of an earlier test (an upload interrupted on the client while
    // the simulator was still reading it) may land in this test's fresh state first.
    const first = stored().filter((c) => c.filename === 'a.txt');
    expect(first).toHaveLength(1);
    expect(line).toMatchObject({ path: 'a.txt', status: 'duplicate', content_version_id: first[0].id });
  });

  it('draws progress on a terminal and nothing but the summary when stderr is piped', async () => {
    ws().write('a.txt', randomBytesOf(50_000));
    const tty = await ws().run(['sources', 'upload', SOURCE, 'a.txt'], { stderrTTY: true, stdoutTTY: true });
    expect(tty.code).toBe(0);
    expect(tty.stderr).toMatch(/\x1b\[\d+F\x1b\[J/);
    expect(tty.stderr).toMatch(/1\/1 files {2}49 KiB\/49 KiB/);
    expect(tty.stdout).toMatch(/^uploaded {4}a\.txt {5}49 KiB {2}→ [0-9a-f-]{36}\n$/);
    sim().reset({ state: true });
    const piped = await ws().run(['sources', 'upload', SOURCE, 'a.txt']);
    expect(piped.stderr).not.toContain('\x1b[');
    expect(piped.stderr).toMatch(/^Sent 1 of 1 file \(49 KiB in 0:0\d\)\.\n$/);
  });
});
