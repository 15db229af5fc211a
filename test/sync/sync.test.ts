import { mkdirSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useSimulator } from '../helpers/sim.ts';
import { setUploadAnswerDelay } from '../sim/routes/multipart.ts';
import { storedContents } from '../sim/routes/uploads.ts';
import { hastyClock, until, useWorkspace } from '../uploads/harness.ts';

const SOURCE = '5c1d9e2a-8b4f-4e6d-a3c7-0f2b9d8e1a44';
const LIST = 'GET /sources/{source_connection_id}/contents';
const ADD = 'POST /sources/{source_connection_id}/upload';
const REPLACE = 'POST /contents/{source_connection_content_version}/upload';
const DELETE = 'DELETE /contents/{source_connection_content_version}';

describe('seclai sources sync', () => {
  const sim = useSimulator({ resetState: true });
  const ws = useWorkspace(sim);

  const sync = (...extra: string[]) => ws().run(['sources', 'sync', SOURCE, 'docs', ...extra]);
  const sent = (operation: string) => sim().requests.filter((r) => r.operation === operation);
  /** The pages of the listing asked for, in page order. */
  const listedPages = () =>
    sent(LIST)
      .map((r) => String(r.query.page))
      .sort();
  const titles = () =>
    [...storedContents(sim().state).values()]
      .filter((c) => c.sourceId === SOURCE)
      .map((c) => c.title)
      .sort();
  const byTitle = (title: string) =>
    [...storedContents(sim().state).values()].find((c) => c.sourceId === SOURCE && c.title === title);
  const jsonLines = (stdout: string) =>
    stdout
      .trim()
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line));
  const stateFile = () => join(ws().configDir, 'sync', `${SOURCE}.jsonl`);
  const touch = (name: string, seconds: number) => utimesSync(join(ws().dir, name), seconds, seconds);

  const writeDocs = (count: number) => {
    for (let i = 0; i < count; i++) ws().write(`docs/page-${String(i).padStart(3, '0')}.md`, `# Page ${i}\n`);
  };

  it('a second sync asks for the listing pages its state expects at once, before the first answers', async () => {
    writeDocs(250);
    expect((await sync()).code).toBe(0);
    sim().reset();
    sim().faults.add({
      method: 'GET',
      path: '/sources/{source_connection_id}/contents',
      delayMs: 1_500,
      times: 3,
    });
    const second = sync();
    await until(() => sent(LIST).length === 3);
    expect(sent(LIST).map((r) => r.status)).toEqual([undefined, undefined, undefined]);
    expect(listedPages()).toEqual(['1', '2', '3']);
    const result = await second;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('0 added, 0 replaced, 0 deleted, 250 unchanged');
    expect(sent(LIST)).toHaveLength(3);
  });

  it('pages asked for ahead that the source no longer has are left unread', async () => {
    writeDocs(120);
    expect((await sync()).code).toBe(0);
    const contents = storedContents(sim().state);
    for (const [id, content] of [...contents])
      if (content.sourceId === SOURCE && (content.title ?? '') >= 'page-020') contents.delete(id);
    sim().reset();
    const second = await sync();
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('100 added, 0 replaced, 0 deleted, 20 unchanged');
    expect(listedPages()).toEqual(['1', '2']);
    expect(titles()).toHaveLength(120);
  });

  it('refuses while another sync to the source holds its lock: exit 1, nothing sent, the state untouched', async () => {
    writeDocs(3);
    expect((await sync()).code).toBe(0);
    const state = readFileSync(stateFile(), 'utf8');
    mkdirSync(`${stateFile()}.lock`);
    ws().write('docs/page-000.md', '# Page 0, edited\n');
    sim().reset();
    const refused = await sync();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      new RegExp(`^error: another \`seclai sources sync\` to source ${SOURCE} is running; nothing was sent`),
    );
    expect(sim().requests).toHaveLength(0);
    expect(readFileSync(stateFile(), 'utf8')).toBe(state);

    rmSync(`${stateFile()}.lock`, { recursive: true });
    const next = await sync();
    expect(next.code).toBe(0);
    expect(next.stderr).toContain('0 added, 1 replaced, 0 deleted, 2 unchanged');
  });

  it('first sync uploads every file titled by its relative path; a second sends nothing in ⌈n/100⌉+1 requests', async () => {
    writeDocs(150);
    ws().write('docs/guide/intro.md', '# Intro\n');
    const first = await sync();
    expect(first.stderr).toContain('Synced: 151 added, 0 replaced, 0 deleted, 0 unchanged');
    expect(first.code).toBe(0);
    expect(sent(ADD)).toHaveLength(151);
    expect(titles()).toContain('guide/intro.md');
    expect(titles()).toContain('page-000.md');
    expect(sent(ADD).find((r) => r.fields?.title === 'guide/intro.md')?.fields?.file).toBe('intro.md');

    sim().reset();
    const second = await sync();
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('');
    expect(second.stderr).toContain('0 added, 0 replaced, 0 deleted, 151 unchanged');
    expect(sim().requests.length).toBeLessThanOrEqual(Math.ceil(151 / 100) + 1);
    expect(sent(ADD).length + sent(REPLACE).length).toBe(0);
    expect(sent(LIST).map((r) => r.query.limit)).toEqual(['100', '100']);
  });

  it('replaces a changed file in place, keeping its content id; a touched but unchanged file is not sent', async () => {
    ws().write('docs/a.md', 'first\n');
    ws().write('docs/b.md', 'bee\n');
    expect((await sync()).code).toBe(0);
    const id = byTitle('a.md')?.id;

    ws().write('docs/a.md', 'second version\n');
    touch('docs/b.md', 1_900_000_000);
    sim().reset();
    const result = await sync('--json');
    expect(result.code).toBe(0);
    expect(sent(ADD)).toHaveLength(0);
    expect(sent(REPLACE).map((r) => r.path)).toEqual([`/contents/${id}/upload`]);
    expect(byTitle('a.md')?.id).toBe(id);
    expect(byTitle('a.md')?.bytes?.toString()).toBe('second version\n');
    const lines = jsonLines(result.stdout);
    expect(lines[0]).toMatchObject({
      action: 'replace',
      path: 'a.md',
      content_version_id: id,
      status: 'uploaded',
    });
    expect(lines.at(-1)).toEqual({
      summary: {
        added: 0,
        replaced: 1,
        deleted: 0,
        unchanged: 1,
        failed: 0,
        unconfirmed: 0,
        sent_bytes: 15,
        interrupted: false,
      },
    });
  });

  it('--delete removes content whose file is gone: --yes when piped, asked on a terminal, refused without', async () => {
    ws().write('docs/keep.md', 'keep\n');
    ws().write('docs/gone.md', 'gone\n');
    ws().write('docs/later.md', 'later\n');
    expect((await sync()).code).toBe(0);
    rmSync(join(ws().dir, 'docs/gone.md'));
    rmSync(join(ws().dir, 'docs/later.md'));

    sim().reset();
    const refused = await sync('--delete');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error: sources sync --delete needs --yes when not run interactively$/m);
    expect(sim().requests).toHaveLength(0);

    const asked = await ws().run(['sources', 'sync', SOURCE, 'docs', '--delete'], {
      stdinTTY: true,
      stderrTTY: true,
      answers: [false],
    });
    expect(asked.prompts).toEqual([`Delete 2 contents of source ${SOURCE} whose file is gone from docs?`]);
    expect(asked.code).toBe(1);
    expect(sent(DELETE)).toHaveLength(0);

    const yes = await sync('--delete', '--yes', '--json');
    expect(yes.code).toBe(0);
    expect(titles()).toEqual(['keep.md']);
    expect(
      jsonLines(yes.stdout)
        .filter((line) => line.action === 'delete')
        .map((line) => line.path)
        .sort(),
    ).toEqual(['gone.md', 'later.md']);
  });

  it('skips dot files and --exclude globs, narrows to --include, and never deletes what is excluded', async () => {
    ws().write('docs/.git/config.txt', 'git\n');
    ws().write('docs/.hidden.md', 'hidden\n');
    ws().write('docs/notes.md', 'notes\n');
    ws().write('docs/draft.tmp.txt', 'draft\n');
    ws().write('docs/build/out.md', 'built\n');
    ws().write('docs/api/ref.md', 'ref\n');
    ws().write('docs/api/data.csv', 'a,b\n');
    const result = await sync('--exclude', '*.tmp.txt', '--exclude', 'build', '--include', '**/*.md');
    expect(result.code).toBe(0);
    expect(titles()).toEqual(['api/ref.md', 'notes.md']);

    ws().write('docs/unknown.zzz', 'no type, excluded so no error\n');
    rmSync(join(ws().dir, 'docs/notes.md'));
    sim().reset();
    const again = await sync('--exclude', '*.zzz', '--exclude', 'api/ref.md', '--delete', '--yes');
    expect(again.code).toBe(0);
    // notes.md is gone: deleted; api/ref.md is excluded now: left alone.
    expect(titles()).toEqual(['api/data.csv', 'api/ref.md', 'build/out.md', 'draft.tmp.txt']);
    expect(sent(DELETE)).toHaveLength(1);
  });

  it('rebuilds its state from the listing when the state file is missing: nothing is sent again', async () => {
    writeDocs(5);
    expect((await sync()).code).toBe(0);
    rmSync(stateFile());
    sim().reset();
    const result = await sync();
    expect(result.code).toBe(0);
    expect(sent(ADD).length + sent(REPLACE).length).toBe(0);
    expect(result.stderr).toContain('5 unchanged');
    // The state is back: a change afterwards is found by size and time, and only it is sent.
    ws().write('docs/page-002.md', '# Page two, longer now\n');
    sim().reset();
    expect((await sync()).code).toBe(0);
    expect(sent(REPLACE)).toHaveLength(1);
    expect(sent(ADD)).toHaveLength(0);
  });

  it('an interrupted sync resumes: what was sent stays recorded and is not sent again', async () => {
    writeDocs(4);
    setUploadAnswerDelay(sim().state, 150);
    let interrupt = () => {};
    const running = ws().run(['sources', 'sync', SOURCE, 'docs', '--concurrency', '1'], {
      onInterruptReady: (fn) => {
        interrupt = fn;
      },
    });
    await until(() => sent(ADD).length === 2);
    interrupt();
    const result = await running;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('Interrupted: Synced: 1 added');
    setUploadAnswerDelay(sim().state, undefined);
    sim().reset();
    const resumed = await sync();
    expect(resumed.code).toBe(0);
    expect(sent(ADD).map((r) => r.fields?.title)).toEqual(['page-001.md', 'page-002.md', 'page-003.md']);
    expect(titles()).toEqual(['page-000.md', 'page-001.md', 'page-002.md', 'page-003.md']);
  });

  it('--dry-run prints the plan as TSV, a table or one JSON array, and sends nothing but reads', async () => {
    ws().write('docs/same.md', 'same\n');
    ws().write('docs/changed.md', 'old\n');
    ws().write('docs/gone.md', 'gone\n');
    expect((await sync()).code).toBe(0);
    const ids = {
      same: byTitle('same.md')?.id,
      changed: byTitle('changed.md')?.id,
      gone: byTitle('gone.md')?.id,
    };
    ws().write('docs/changed.md', 'new and longer\n');
    ws().write('docs/new.md', 'brand new\n');
    rmSync(join(ws().dir, 'docs/gone.md'));
    const before = readState();
    sim().reset();

    const tsv = await sync('--dry-run', '--delete');
    expect(tsv.code).toBe(0);
    expect(tsv.stdout).toBe(
      [
        `replace\tchanged.md\t15\t${ids.changed}`,
        'add\tnew.md\t10\t',
        `unchanged\tsame.md\t5\t${ids.same}`,
        `delete\tgone.md\t\t${ids.gone}`,
        '',
      ].join('\n'),
    );
    expect(tsv.stderr).toContain('Plan: 1 to add (10 B), 1 to replace (15 B), 1 to delete, 1 unchanged.');

    const json = await sync('--dry-run', '--delete', '--json');
    expect(JSON.parse(json.stdout)).toEqual([
      { action: 'replace', path: 'changed.md', size: 15, content_version_id: ids.changed },
      { action: 'add', path: 'new.md', size: 10, content_version_id: null },
      { action: 'unchanged', path: 'same.md', size: 5, content_version_id: ids.same },
      { action: 'delete', path: 'gone.md', size: null, content_version_id: ids.gone },
    ]);

    const table = await ws().run(['sources', 'sync', SOURCE, 'docs', '--dry-run'], { stdoutTTY: true });
    expect(table.stdout).toMatch(/ACTION.*PATH.*SIZE/);
    expect(table.stdout).toContain('new.md');

    expect(sim().requests.every((r) => r.method === 'GET')).toBe(true);
    expect(readState()).toBe(before);
    expect(titles()).toEqual(['changed.md', 'gone.md', 'same.md']);
  });

  it('bad input exits 2 before any request: no such folder, a file instead of one, an empty glob, a bad type', async () => {
    ws().write('docs/file.md', 'x\n');
    ws().write('docs/odd.zzz', 'x\n');
    const cases = [
      [['sources', 'sync', SOURCE, 'missing'], /^error: missing is not a directory$/m],
      [['sources', 'sync', SOURCE, 'docs/file.md'], /^error: docs\/file\.md is not a directory$/m],
      [['sources', 'sync', SOURCE, 'docs', '--exclude', ''], /non-empty glob/],
      [['sources', 'sync', SOURCE, 'docs'], /odd\.zzz: has no known type/],
    ] as const;
    for (const [argv, message] of cases) {
      const result = await ws().run([...argv]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    expect(sim().requests).toHaveLength(0);
  });

  it('--wait waits until everything sent is indexed', async () => {
    ws().write('docs/a.md', 'a\n');
    ws().write('docs/b.md', 'b\n');
    const result = await ws().run(['sources', 'sync', SOURCE, 'docs', '--wait', '--json'], {
      clock: hastyClock,
    });
    expect(result.code).toBe(0);
    const lines = jsonLines(result.stdout);
    expect(lines.filter((line) => line.action === 'add').map((line) => line.content_status)).toEqual([
      'completed',
      'completed',
    ]);
    expect(result.stderr).toContain('Indexed 2 of 2.');
  });

  function readState(): string {
    return readFileSync(stateFile(), 'utf8');
  }
});
