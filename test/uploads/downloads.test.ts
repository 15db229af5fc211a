import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { serverFileName } from '../../src/commands/downloads/download.ts';
import { useSimulator } from '../helpers/sim.ts';
import { seedRunAttachment } from '../sim/routes/attachments.ts';
import { seedExportFile } from '../sim/routes/exports.ts';
import { randomBytesOf, useWorkspace } from './harness.ts';

const SOURCE = '7b2e0c4d-5f61-4a7e-9d3b-2c8f1e6a9b00';
const EXPORT = '91c0d1e2-3f40-4a5b-8c6d-7e8f9a0b1c2d';
const RUN = '0c7d1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';

describe('downloads', () => {
  const sim = useSimulator({ resetState: true });
  const ws = useWorkspace(sim);
  const exportArgs = ['sources', 'exports', 'download', SOURCE, EXPORT];
  const leftovers = () => readdirSync(ws().dir).filter((name) => name.endsWith('.part'));

  it('streams an export to --out: complete bytes, and a note of what was saved', async () => {
    const bytes = randomBytesOf(3_000_000);
    seedExportFile(sim().state, EXPORT, { sourceId: SOURCE, bytes });
    const result = await ws().run([...exportArgs, '--out', 'export.jsonl']);
    expect(result.code).toBe(0);
    expect(readFileSync(join(ws().dir, 'export.jsonl')).equals(bytes)).toBe(true);
    expect(result.stderr).toContain(`Saved ${join(ws().dir, 'export.jsonl')} (2.9 MiB).`);
    expect(leftovers()).toEqual([]);
  });

  it('without --out, uses the server-given name; into a directory as well', async () => {
    seedExportFile(sim().state, EXPORT, {
      sourceId: SOURCE,
      bytes: Buffer.from('{"a":1}\n'),
      filename: 'kb export.jsonl',
    });
    expect((await ws().run(exportArgs)).code).toBe(0);
    expect(readFileSync(join(ws().dir, 'kb export.jsonl'), 'utf8')).toBe('{"a":1}\n');
    ws().write('out/.keep', '');
    const json = await ws().run([...exportArgs, '--out', 'out', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ path: join(ws().dir, 'out', 'kb export.jsonl'), bytes: 8 });
  });

  it('never overwrites without --force: a named target fails before any request', async () => {
    seedExportFile(sim().state, EXPORT, { sourceId: SOURCE, bytes: Buffer.from('new\n') });
    ws().write('export.jsonl', 'old\n');
    const refused = await ws().run([...exportArgs, '--out', 'export.jsonl']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('export.jsonl already exists; nothing was sent');
    expect(sim().requests).toHaveLength(0);
    expect(readFileSync(join(ws().dir, 'export.jsonl'), 'utf8')).toBe('old\n');

    const forced = await ws().run([...exportArgs, '--out', 'export.jsonl', '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(ws().dir, 'export.jsonl'), 'utf8')).toBe('new\n');
  });

  it('never overwrites a server-named file without --force either', async () => {
    seedExportFile(sim().state, EXPORT, {
      sourceId: SOURCE,
      bytes: Buffer.from('new\n'),
      filename: 'x.jsonl',
    });
    ws().write('x.jsonl', 'old\n');
    const refused = await ws().run(exportArgs);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('x.jsonl already exists; nothing was written');
    expect(readFileSync(join(ws().dir, 'x.jsonl'), 'utf8')).toBe('old\n');
    expect(leftovers()).toEqual([]);
  });

  it('a download that breaks leaves neither the target nor a temporary file', async () => {
    seedExportFile(sim().state, EXPORT, {
      sourceId: SOURCE,
      bytes: randomBytesOf(1_000_000),
      dropAfterBytes: 300_000,
    });
    const result = await ws().run([...exportArgs, '--out', 'export.jsonl']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/download failed: .*nothing was written/);
    expect(existsSync(join(ws().dir, 'export.jsonl'))).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  it('a broken download with --force keeps the old file as it was', async () => {
    seedExportFile(sim().state, EXPORT, {
      sourceId: SOURCE,
      bytes: randomBytesOf(1_000_000),
      dropAfterBytes: 100_000,
    });
    ws().write('export.jsonl', 'old\n');
    const result = await ws().run([...exportArgs, '--out', 'export.jsonl', '--force']);
    expect(result.code).toBe(1);
    expect(readFileSync(join(ws().dir, 'export.jsonl'), 'utf8')).toBe('old\n');
    expect(leftovers()).toEqual([]);
  });

  it('Ctrl-C mid-download exits 130 and writes nothing', async () => {
    seedExportFile(sim().state, EXPORT, {
      sourceId: SOURCE,
      bytes: randomBytesOf(2_000_000),
      dropAfterBytes: undefined,
    });
    sim().faults.add({ method: 'GET', delayMs: 300 });
    let interrupt = () => {};
    const running = ws().run([...exportArgs, '--out', 'export.jsonl'], {
      onInterruptReady: (fn) => (interrupt = fn),
    });
    await vi.waitFor(() => expect(sim().requests).toHaveLength(1), { timeout: 10_000 });
    interrupt();
    const result = await running;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('Interrupted: nothing was written.');
    expect(existsSync(join(ws().dir, 'export.jsonl'))).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  it('an answer that does not start within --timeout: exit 1 naming that limit, nothing written', async () => {
    seedExportFile(sim().state, EXPORT, { sourceId: SOURCE, bytes: Buffer.from('late\n') });
    sim().faults.add({ method: 'GET', delayMs: 1_500, times: Number.POSITIVE_INFINITY });
    const result = await ws().run(['--timeout', '300ms', ...exportArgs, '--out', 'export.jsonl']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: GET \/sources\/[^ ]+ timed out after 300 ms/);
    expect(existsSync(join(ws().dir, 'export.jsonl'))).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  it('--out - streams to stdout', async () => {
    seedExportFile(sim().state, EXPORT, { sourceId: SOURCE, bytes: Buffer.from('line 1\nline 2\n') });
    const result = await ws().run([...exportArgs, '--out', '-']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('line 1\nline 2\n');
  });

  it('an export still being made (409), expired (410) or unknown (404) fails with exit 1', async () => {
    seedExportFile(sim().state, EXPORT, { sourceId: SOURCE, bytes: Buffer.from(''), status: 'processing' });
    const pending = await ws().run([...exportArgs, '--out', 'e.jsonl']);
    expect(pending.code).toBe(1);
    expect(pending.stderr).toContain('409');
    seedExportFile(sim().state, EXPORT, { sourceId: SOURCE, bytes: Buffer.from(''), status: 'expired' });
    expect((await ws().run([...exportArgs, '--out', 'e.jsonl'])).stderr).toContain('410');
    const unknown = await ws().run(['sources', 'exports', 'download', SOURCE, RUN, '--out', 'e.jsonl']);
    expect(unknown.stderr).toContain('404');
    expect(existsSync(join(ws().dir, 'e.jsonl'))).toBe(false);
  });

  it('runs attachment saves a run file, with --name passed as download_name', async () => {
    const png = randomBytesOf(70_000, 5);
    seedRunAttachment(sim().state, RUN, 'c3RvcmFnZS9rZXk', {
      bytes: png,
      filename: 'chart.png',
      contentType: 'image/png',
    });
    const result = await ws().run(['runs', 'attachment', RUN, 'c3RvcmFnZS9rZXk', '--name', 'q3.png']);
    expect(result.code).toBe(0);
    expect(readFileSync(join(ws().dir, 'q3.png')).equals(png)).toBe(true);
    expect(sim().requests[0].query).toEqual({ download_name: 'q3.png' });
    const missing = await ws().run(['runs', 'attachment', RUN, 'bm9wZQ', '--out', 'x.png']);
    expect(missing.code).toBe(1);
  });

  it('draws a progress bar on a terminal', async () => {
    seedExportFile(sim().state, EXPORT, { sourceId: SOURCE, bytes: randomBytesOf(500_000) });
    const result = await ws().run([...exportArgs, '--out', 'e.jsonl'], { stderrTTY: true });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/e\.jsonl +\[#+\] +100% {2}488 KiB\/488 KiB|\x1b\[\d+F/);
  });

  it('reads a safe file name from Content-Disposition', () => {
    expect(serverFileName({ 'content-disposition': 'attachment; filename="a b.pdf"' })).toBe('a b.pdf');
    expect(
      serverFileName({
        'content-disposition': "attachment; filename=x; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf",
      }),
    ).toBe('résumé.pdf');
    expect(serverFileName({ 'content-disposition': 'attachment; filename="../../etc/passwd"' })).toBe(
      'passwd',
    );
    expect(serverFileName({ 'content-disposition': 'attachment; filename=".."' })).toBeUndefined();
    expect(serverFileName({})).toBeUndefined();
    writeFileSync(join(ws().dir, 'unused'), '');
  });
});
