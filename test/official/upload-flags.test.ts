// Uploads with the official CLI's flags: --file beside positional paths, --file-name for the name
// the file part carries, --metadata-file for metadata.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { contractOrNull } from '../catalog/contract-helpers.ts';
import { useHarness } from '../foundation/harness.ts';
import { answer, useHostileCli } from '../helpers/hostile.ts';
import { seedDemoAccount } from '../sim/demo-account.ts';
import { storedContents } from '../sim/routes/uploads.ts';

describe('as the server sees it', () => {
  const { server, home, cli } = useHostileCli();
  beforeEach(() => {
    writeFileSync(join(home(), 'doc.txt'), 'hello');
    writeFileSync(join(home(), 'notes.md'), '# notes');
    writeFileSync(join(home(), 'meta.json'), '{"author":"Ada","team":"docs"}');
  });
  const requestText = (i: number) => server().requests[i].body.toString('utf8');
  /** The multipart text field `name` of request `i`. */
  const field = (i: number, name: string) =>
    new RegExp(`name="${name}"\\r\\n\\r\\n([^\\r]*)\\r\\n`).exec(requestText(i))?.[1];
  const partFileName = (i: number) => /name="file"; filename="([^"]*)"/.exec(requestText(i))?.[1];
  const uploaded = (filename = 'x') =>
    answer(200, {
      content_version_id: 'v1',
      source_connection_content_version_id: 'v1',
      filename,
      status: 'processing',
      id: 'u1',
    });

  it('sources upload --file --file-name --metadata-file', async () => {
    server().handle(uploaded());
    const result = await cli([
      'sources',
      'upload',
      's1',
      '--file',
      'doc.txt',
      '--file-name',
      'Q3 report.txt',
      '--metadata-file',
      'meta.json',
      '--metadata',
      'team=eng',
      '--json',
    ]);
    expect(result.code).toBe(0);
    expect(server().requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /sources/s1/upload']);
    expect(partFileName(0)).toBe('Q3 report.txt');
    expect(JSON.parse(field(0, 'metadata') ?? 'null')).toEqual({ author: 'Ada', team: 'eng' });
  });

  it('sources upload takes --file (repeatable) beside positional paths', async () => {
    server().handle(uploaded());
    const result = await cli(['sources', 'upload', 's1', 'doc.txt', '--file', 'notes.md', '--json']);
    expect(result.code).toBe(0);
    expect(
      server()
        .requests.map((_, i) => partFileName(i))
        .sort(),
    ).toEqual(['doc.txt', 'notes.md']);
  });

  it('contents upload --file --file-name --metadata-file', async () => {
    server().handle(uploaded());
    const result = await cli([
      'contents',
      'upload',
      'v1',
      '--file',
      'doc.txt',
      '--file-name',
      'v2.txt',
      '--metadata-file',
      'meta.json',
      '--json',
    ]);
    expect(result.code).toBe(0);
    expect(server().requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /contents/v1/upload']);
    expect(partFileName(0)).toBe('v2.txt');
    expect(JSON.parse(field(0, 'metadata') ?? 'null')).toEqual({ author: 'Ada', team: 'docs' });
  });

  it('agents upload-input --file --file-name', async () => {
    server().handle(answer(200, { id: 'u1', status: 'processing', filename: 'report.csv' }));
    const result = await cli([
      'agents',
      'upload-input',
      'a1',
      '--file',
      'doc.txt',
      '--file-name',
      'report.csv',
      '--no-wait',
      '--json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(server().requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /agents/a1/upload-input']);
    expect(partFileName(0)).toBe('report.csv');
  });

  it.each([
    [['sources', 'upload', 's1'], 'error: name a file to upload\nhint: give its path, or --file <path>\n'],
    [['contents', 'upload', 'v1', 'doc.txt', '--file', 'notes.md'], 'error: this uploads one file (got 2)\n'],
    [
      ['agents', 'upload-input', 'a1', '--file', 'doc.txt', '--file', 'notes.md'],
      'error: this uploads one file (got 2)\n',
    ],
    [
      ['sources', 'upload', 's1', 'doc.txt', 'notes.md', '--file-name', 'x.txt'],
      'error: --file-name applies to one file only (got 2)\n',
    ],
    [
      ['sources', 'upload', 's1', '--file', 'doc.txt', '--file-name', '../x.txt'],
      'error: --file-name must be a file name: not empty, no /, \\ or control characters\n',
    ],
    [
      ['sources', 'upload', 's1', '--file', 'doc.txt', '--metadata-file', 'missing.json'],
      'error: --metadata-file: cannot read missing.json: no such file or directory\n',
    ],
    [
      ['contents', 'upload', 'v1', '--file', 'doc.txt', '--metadata-file', 'doc.txt'],
      /^error: --metadata-file doc.txt is not valid JSON/,
    ],
  ])('%j is a usage error, nothing sent', async (argv, message) => {
    writeFileSync(join(home(), 'list.json'), '[1]');
    const result = await cli(argv);
    expect(result.code).toBe(2);
    if (typeof message === 'string') expect(result.stderr).toBe(message);
    else expect(result.stderr).toMatch(message);
    expect(server().requests).toEqual([]);
  });

  it('refuses a metadata file that is not a JSON object', async () => {
    writeFileSync(join(home(), 'list.json'), '[1]');
    const result = await cli(['sources', 'upload', 's1', 'doc.txt', '--metadata-file', 'list.json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: --metadata-file list.json must hold a JSON object\n');
    expect(server().requests).toEqual([]);
  });
});

describe.skipIf(!contractOrNull())('against the simulator', () => {
  const h = useHarness();

  it('a source upload with --file-name and --metadata-file is stored under that name, with that metadata', async () => {
    const demo = seedDemoAccount(h.sim().state);
    writeFileSync(join(h.home(), 'tmp81x.txt'), 'quarterly numbers');
    writeFileSync(join(h.home(), 'meta.json'), '{"author":"Ada"}');
    const result = await h.cli(
      [
        'sources',
        'upload',
        demo.sourceIds[0],
        '--file',
        'tmp81x.txt',
        '--file-name',
        'q3.txt',
        '--metadata-file',
        'meta.json',
        '--json',
      ],
      { cwd: h.home() },
    );
    expect(result.code, result.stderr).toBe(0);
    const line = JSON.parse(result.stdout);
    expect(line).toMatchObject({ filename: 'q3.txt' });
    expect(storedContents(h.sim().state).get(line.content_version_id)).toMatchObject({
      filename: 'q3.txt',
      contentType: 'text/plain',
      metadata: { author: 'Ada' },
      bytes: Buffer.from('quarterly numbers'),
    });
  });
});
