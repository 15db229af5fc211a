import { describe, expect, it } from 'vitest';
import { useSimulator } from '../helpers/sim.ts';
import { seedContent, storedContents } from '../sim/routes/uploads.ts';
import { randomBytesOf, useWorkspace } from './harness.ts';

const SOURCE = '7b2e0c4d-5f61-4a7e-9d3b-2c8f1e6a9b00';

describe('inline text and content replacement', () => {
  const sim = useSimulator({ resetState: true });
  const ws = useWorkspace(sim);
  const contents = () => [...storedContents(sim().state).values()];

  it('upload-text sends text, title, metadata and a type from the file extension', async () => {
    ws().write('notes.md', '# Opening hours\n9-5\n');
    const result = await ws().run([
      'sources',
      'upload-text',
      SOURCE,
      '--title',
      'Notes',
      '--file',
      'notes.md',
      '--metadata',
      'team=ops',
      '--json',
    ]);
    expect(result.code).toBe(0);
    expect(sim().requests[0].body).toEqual({
      text: '# Opening hours\n9-5\n',
      title: 'Notes',
      metadata: { team: 'ops' },
      content_type: 'text/markdown',
    });
    expect(JSON.parse(result.stdout)).toMatchObject({
      status: 'uploaded',
      content_version_id: contents()[0].id,
    });
  });

  it('upload-text takes --text, or stdin with --file -', async () => {
    expect((await ws().run(['sources', 'upload-text', SOURCE, '--text', 'hello'])).code).toBe(0);
    expect(
      (await ws().run(['sources', 'upload-text', SOURCE, '--file', '-'], { stdin: 'from stdin' })).code,
    ).toBe(0);
    expect(sim().requests.map((r) => r.body)).toEqual([{ text: 'hello' }, { text: 'from stdin' }]);
  });

  it('needs exactly one of --text and --file, and a file that exists: exit 2, nothing sent', async () => {
    ws().write('a.txt', 'a');
    for (const argv of [[], ['--text', 'x', '--file', 'a.txt'], ['--file', 'missing.txt'], ['--text', '']]) {
      const result = await ws().run(['sources', 'upload-text', SOURCE, ...argv]);
      expect(result.code, argv.join(' ')).toBe(2);
    }
    expect(sim().requests).toHaveLength(0);
  });

  it('contents replace-text replaces what backs a version', async () => {
    const content = seedContent(sim().state, { sourceId: SOURCE });
    const result = await ws().run([
      'contents',
      'replace-text',
      content.id,
      '--text',
      'new words',
      '--title',
      'T',
    ]);
    expect(result.code).toBe(0);
    expect(sim().requests[0].method).toBe('PUT');
    expect(content.bytes?.toString()).toBe('new words');
    expect(content.title).toBe('T');
  });

  it('contents upload (alias replace) streams the new file, with title and metadata', async () => {
    const content = seedContent(sim().state, { sourceId: SOURCE });
    const bytes = ws().write('v2.pdf', randomBytesOf(250_000));
    const result = await ws().run([
      'contents',
      'replace',
      content.id,
      'v2.pdf',
      '--title',
      'Revised',
      '--metadata',
      '{"rev":2}',
      '--json',
    ]);
    expect(result.code).toBe(0);
    expect(content.bytes?.equals(bytes)).toBe(true);
    expect(content.contentType).toBe('application/pdf');
    expect(content.metadata).toEqual({ rev: 2, title: 'Revised' });
    expect(JSON.parse(result.stdout)).toMatchObject({ content_version_id: content.id, filename: 'v2.pdf' });
    expect(contents()).toHaveLength(1);
  });

  it('contents upload retries a 429 with the whole file, and pre-checks before sending', async () => {
    const content = seedContent(sim().state, { sourceId: SOURCE });
    const bytes = ws().write('v2.txt', randomBytesOf(400_000));
    sim().faults.add({ method: 'POST', status: 429, headers: { 'retry-after': '0' } });
    expect((await ws().run(['contents', 'upload', content.id, 'v2.txt'])).code).toBe(0);
    expect(sim().requests.map((r) => r.status)).toEqual([429, 200]);
    expect(content.bytes?.equals(bytes)).toBe(true);

    sim().reset();
    const bad = await ws().run(['contents', 'upload', content.id, 'nope.txt']);
    expect(bad.code).toBe(2);
    expect(sim().requests).toHaveLength(0);
  });

  it('an unknown content version fails with 404 and exit 1', async () => {
    ws().write('a.txt', 'a');
    const result = await ws().run(['contents', 'upload', '00000000-0000-4000-8000-000000000000', 'a.txt']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('404');
  });
});
