// --wait on sources upload, sources upload-text and contents upload: poll the batch's indexing status.
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/context.ts';
import { useSimulator } from '../helpers/sim.ts';
import { indexingSettings } from '../sim/routes/source-contents.ts';
import { seedContent, storedContents } from '../sim/routes/uploads.ts';
import { useWorkspace } from '../uploads/harness.ts';

const SOURCE = '7b2e0c4d-5f61-4a7e-9d3b-2c8f1e6a9b00';
const LIST = 'GET /sources/{source_connection_id}/contents';

/** Time that passes only when the CLI sleeps: polling and --timeout without real waiting. */
function virtualClock(onSleep?: () => void): Clock {
  let now = Date.now();
  return {
    now: () => now,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      onSleep?.();
      now += ms;
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

const jsonLines = (stdout: string) =>
  stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('uploads --wait', () => {
  const sim = useSimulator({ resetState: true });
  const ws = useWorkspace(sim);
  const polls = () => sim().requests.filter((r) => r.operation === LIST);
  const polledIds = (index: number) => [polls()[index].query.content_version_id].flat();

  it('polls 250 uploads with ⌈250/100⌉ list requests per poll, never one per file', async () => {
    const names = Array.from({ length: 250 }, (_, i) => `doc-${String(i).padStart(3, '0')}.txt`);
    for (const name of names) ws().write(name, `document ${name}\n`);
    const result = await ws().run(['sources', 'upload', SOURCE, ...names, '-c', '16', '--wait', '--json'], {
      clock: virtualClock(),
    });
    expect(result.code, result.stderr).toBe(0);
    const lines = jsonLines(result.stdout);
    expect(lines).toHaveLength(250);
    expect(lines.every((line) => line.content_status === 'completed')).toBe(true);
    // pending, processing, completed: three polls of three requests each
    expect(polls().map((p) => [p.query.content_version_id].flat().length)).toEqual([
      100, 100, 50, 100, 100, 50, 100, 100, 50,
    ]);
    expect(new Set([0, 1, 2].flatMap(polledIds))).toEqual(new Set([...storedContents(sim().state).keys()]));
    expect(
      sim().requests.filter((r) => r.operation?.startsWith('GET /sources/{source_connection_id}/contents/')),
    ).toEqual([]);
    expect(result.stderr).toContain('indexing 0/250');
    expect(result.stderr).toContain('indexing 250/250');
    expect(result.stderr).toContain('Indexed 250 of 250.');
  });

  it('exits 1 when an item failed indexing, naming it with its error; --json lines carry content_status', async () => {
    ws().write('good.txt', 'fine\n');
    ws().write('scan.pdf', '%PDF-1.4 nothing to read\n');
    indexingSettings(sim().state).failures.set('scan.pdf', 'no text could be extracted');
    const result = await ws().run(['sources', 'upload', SOURCE, 'good.txt', 'scan.pdf', '--wait', '--json'], {
      clock: virtualClock(),
    });
    expect(result.code).toBe(1);
    const byPath = Object.fromEntries(jsonLines(result.stdout).map((line) => [line.path, line]));
    expect(byPath['good.txt']).toMatchObject({ status: 'uploaded', content_status: 'completed' });
    expect(byPath['scan.pdf']).toMatchObject({
      status: 'uploaded',
      content_status: 'failed',
      error: { message: 'no text could be extracted' },
    });
    expect(result.stderr).toContain('error: scan.pdf: indexing failed: no text could be extracted');
    expect(result.stderr).toContain('Indexed 1 of 2; 1 failed.');
  });

  it('shows an indexing error from the server as text, never as terminal commands', async () => {
    ws().write('x.txt', 'x\n');
    indexingSettings(sim().state).failures.set('x.txt', 'bad\u001b]0;pwned\u0007 file');
    const result = await ws().run(['sources', 'upload', SOURCE, 'x.txt', '--wait'], {
      clock: virtualClock(),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('indexing failed: bad\\e]0;pwned\\a file');
    expect(result.stderr).not.toMatch(/\u001b|\u0007/);
  });

  it('gives up on an item the source stops listing (deleted meanwhile): exit 1, content_status missing', async () => {
    ws().write('gone.txt', 'short-lived\n');
    ws().write('kept.txt', 'stays\n');
    const deleteGone = () => {
      for (const [id, content] of storedContents(sim().state))
        if (content.filename === 'gone.txt') storedContents(sim().state).delete(id);
    };
    const result = await ws().run(['sources', 'upload', SOURCE, 'gone.txt', 'kept.txt', '--wait', '--json'], {
      clock: virtualClock(deleteGone),
    });
    expect(result.code).toBe(1);
    const byPath = Object.fromEntries(jsonLines(result.stdout).map((line) => [line.path, line]));
    expect(byPath['gone.txt']).toMatchObject({ content_status: 'missing' });
    expect(byPath['kept.txt']).toMatchObject({ content_status: 'completed' });
    expect(result.stderr).toMatch(/error: gone\.txt: not found: the source did not list it in 5 polls/);
  });

  it('waits on duplicates too: the content the server already held', async () => {
    ws().write('a.txt', 'same bytes\n');
    ws().write('b.txt', 'new bytes\n');
    const held = seedContent(sim().state, {
      sourceId: SOURCE,
      filename: 'a.txt',
      bytes: Buffer.from('same bytes\n'),
    });
    const result = await ws().run(['sources', 'upload', SOURCE, 'a.txt', 'b.txt', '--wait'], {
      clock: virtualClock(),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^a\\.txt\\tduplicate\\t${held.id}\\tcompleted$`, 'm'));
    expect(result.stdout).toMatch(/^b\.txt\tuploaded\t\S+\tcompleted$/m);
    expect(polledIds(0)).toContain(held.id);
  });

  it('--timeout bounds the wait: exit 1, the unfinished items keep their last status', async () => {
    ws().write('slow.txt', 'takes forever\n');
    indexingSettings(sim().state).settleAfter = Number.POSITIVE_INFINITY;
    const result = await ws().run(
      ['--timeout', '30s', 'sources', 'upload', SOURCE, 'slow.txt', '--wait', '--json'],
      {
        clock: virtualClock(),
      },
    );
    expect(result.code).toBe(1);
    expect(jsonLines(result.stdout)).toMatchObject([{ path: 'slow.txt', content_status: 'processing' }]);
    expect(result.stderr).toContain('--timeout ran out while waiting for indexing: 1 of 1 not finished');
    expect(polls().length).toBeGreaterThan(2);
  });

  it('without --wait nothing is polled and lines carry no content_status', async () => {
    ws().write('a.txt', 'x\n');
    const result = await ws().run(['sources', 'upload', SOURCE, 'a.txt', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonLines(result.stdout)[0]).not.toHaveProperty('content_status');
    expect(polls()).toEqual([]);
  });

  it('upload-text --wait prints the answer with its final content_status', async () => {
    const result = await ws().run(
      ['sources', 'upload-text', SOURCE, '--title', 'FAQ', '--text', 'Open 9-5', '--wait', '--json'],
      { clock: virtualClock() },
    );
    expect(result.code, result.stderr).toBe(0);
    const [content] = storedContents(sim().state).values();
    expect(JSON.parse(result.stdout)).toMatchObject({
      content_version_id: content.id,
      content_status: 'completed',
    });
    expect(polls()).toHaveLength(3);
  });

  it('contents upload --wait learns the source from the content version, then waits; a failure exits 1', async () => {
    const content = seedContent(sim().state, { sourceId: SOURCE, filename: 'old.txt' });
    ws().write('new.txt', 'revised\n');
    indexingSettings(sim().state).failures.set('new.txt', 'embedding failed');
    const result = await ws().run(['contents', 'upload', content.id, 'new.txt', '--wait', '--json'], {
      clock: virtualClock(),
    });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ content_status: 'failed', error: 'embedding failed' });
    expect(polls()[0].path).toBe(`/sources/${SOURCE}/contents`);
    expect(result.stderr).toContain('indexing failed: embedding failed');
  });
});
