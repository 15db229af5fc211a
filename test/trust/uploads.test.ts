// Uploads are never duplicated by a retry: what is sent again, what is reported unconfirmed, how
// --resume re-checks it, and answers or journals that are not what they should be.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../helpers/cli.ts';
import {
  answer,
  dropConnection,
  type HostileHandler,
  type SeenRequest,
  useHostileServer,
} from '../helpers/hostile.ts';
import { useSimulator } from '../helpers/sim.ts';
import { addMidBodyReset } from '../sim/routes/multipart.ts';
import { seedContent, storedContents } from '../sim/routes/uploads.ts';
import { randomBytesOf, sha256, useWorkspace } from '../uploads/harness.ts';

const SOURCE = '7b2e0c4d-5f61-4a7e-9d3b-2c8f1e6a9b00';
const VERSION = '5d9a7c1e-0b2f-4e3a-8c6d-1f2a3b4c5d6e';
const AGENT = '3f1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const UPLOAD_PATH = `/sources/${SOURCE}/upload`;
const CONTENTS_PATH = `/sources/${SOURCE}/contents`;

/** The answer the contract gives for one stored file. */
const stored = (name: string, id = `cv-${name}`) =>
  answer(200, {
    content_version_id: id,
    source_connection_content_version_id: null,
    filename: name,
    status: 'uploaded',
  });

/** The part's file name in a multipart body, as sent. */
const sentName = (req: SeenRequest) => /filename="([^"]*)"/.exec(req.body.toString('latin1'))?.[1];

/** Answers each request with the handler for its method and path prefix; the first match wins. */
function route(routes: [string, HostileHandler][]): HostileHandler {
  return (req, res) => {
    const found = routes.find(([key]) => `${req.method} ${req.url}`.startsWith(key));
    return (found?.[1] ?? answer(404, { detail: 'Not Found' }))(req, res);
  };
}

describe('uploads are never duplicated by a retry', () => {
  const server = useHostileServer();
  let dir: string;
  let home: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'seclai-trust-'));
    home = join(dir, '.home');
    mkdirSync(home);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, content: string | Buffer) => {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  };
  const run = (argv: string[]): Promise<CliResult> =>
    runCli(argv, {
      cwd: dir,
      env: {
        SECLAI_API_URL: server().url,
        SECLAI_API_KEY: 'sk-test-trust',
        HOME: home,
        SECLAI_RETRY_BASE_MS: '5',
      },
    });
  const posts = () => server().requests.filter((r) => r.method === 'POST');
  const journalFile = () => join(home, '.seclai', 'uploads', `${SOURCE}.jsonl`);
  const journal = () =>
    readFileSync(journalFile(), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line));

  describe('sources upload', () => {
    it('a 502 after the whole body was sent: sent once, reported unconfirmed with a hint, journaled, exit 1', async () => {
      write('a.txt', 'alpha\n');
      server().handle(answer(502, { error: { code: 'BAD_GATEWAY', message: 'upstream gone' } }));
      const result = await run(['sources', 'upload', SOURCE, 'a.txt']);
      expect(result.code).toBe(1);
      expect(posts()).toHaveLength(1);
      expect(result.stdout).toBe('a.txt\tunconfirmed\t\n');
      expect(result.stderr).toMatch(/error: a\.txt: the API answered 502 .* after the whole body was sent/);
      expect(result.stderr).toContain('1 unconfirmed');
      expect(result.stderr).toMatch(/hint: .*--resume to check/);
      expect(journal()).toMatchObject([
        { path: join(dir, 'a.txt'), status: 'unconfirmed', contentVersionId: null, title: 'a.txt' },
      ]);
    });

    it('a connection dropped after the whole body was read: sent once, unconfirmed', async () => {
      write('a.txt', 'alpha\n');
      server().handle(dropConnection);
      const result = await run(['sources', 'upload', SOURCE, 'a.txt', '--json']);
      expect(result.code).toBe(1);
      expect(posts()).toHaveLength(1);
      expect(posts()[0].body.toString()).toContain('alpha\n');
      expect(JSON.parse(result.stdout)).toMatchObject({ path: 'a.txt', status: 'unconfirmed' });
      expect(result.stderr).toMatch(/error: a\.txt: the connection broke after the whole body was sent/);
    });

    it('no answer within --timeout after the whole body was sent: sent once, unconfirmed', async () => {
      write('a.txt', 'alpha\n');
      let answerLate!: () => void;
      const late = new Promise<void>((resolve) => {
        answerLate = resolve;
      });
      server().handle(async (req, res) => {
        await late;
        stored('a.txt')(req, res);
      });
      const result = await run(['sources', 'upload', SOURCE, 'a.txt', '--timeout', '300ms']);
      answerLate();
      expect(result.code).toBe(1);
      expect(posts()).toHaveLength(1);
      expect(result.stdout).toBe('a.txt\tunconfirmed\t\n');
      expect(result.stderr).toMatch(
        /error: a\.txt: POST \/sources\/[^ ]+\/upload timed out after 300 ms, after the whole body was sent/,
      );
    });

    it('answers that say the request was not processed (408, 503 with Retry-After, 429) send it again', async () => {
      write('a.txt', 'alpha\n');
      const answers = [
        answer(408, { detail: 'request timeout' }),
        answer(503, { detail: 'busy' }, { 'retry-after': '0' }),
        answer(429, { detail: 'slow down' }, { 'retry-after': '0' }),
        stored('a.txt'),
      ];
      server().handle((req, res) => answers.shift()!(req, res));
      const result = await run(['sources', 'upload', SOURCE, 'a.txt']);
      expect(result.stderr).toContain('Sent 1 of 1 file');
      expect(result.code).toBe(0);
      expect(posts()).toHaveLength(4);
      expect(posts().every((r) => r.body.toString().includes('alpha\n'))).toBe(true);
    });

    it('a 502 given before the body was read is sent again: the server answered without it', async () => {
      write('big.txt', Buffer.alloc(8 * 1024 * 1024, 'x'));
      server().handleBeforeBody((_req, res) => {
        server().handle(stored('big.txt'));
        res.writeHead(502, { 'content-type': 'application/json', connection: 'close' });
        res.end('{"detail":"bad gateway"}');
      });
      const result = await run(['sources', 'upload', SOURCE, 'big.txt']);
      expect(result.stderr).toContain('Sent 1 of 1 file');
      expect(result.code).toBe(0);
      expect(posts()).toHaveLength(2);
      expect(posts()[1].body.length).toBeGreaterThan(8 * 1024 * 1024);
    });

    it('success answers that are not what the contract says are unconfirmed for that file only; the journal stays readable', async () => {
      for (const name of ['empty.txt', 'nostatus.txt', 'numberid.txt', 'notjson.txt', 'good.txt'])
        write(name, `${name}\n`);
      const byName: Record<string, HostileHandler> = {
        'empty.txt': answer(200, ''),
        'nostatus.txt': answer(200, { content_version_id: 'cv-1', filename: 'nostatus.txt' }),
        'numberid.txt': answer(200, { content_version_id: 42, status: 'uploaded', filename: 'x' }),
        'notjson.txt': answer(200, '{"content_version_id": "cv-'),
        'good.txt': stored('good.txt'),
      };
      server().handle((req, res) => byName[sentName(req) ?? '']!(req, res));
      const names = Object.keys(byName);
      const result = await run(['sources', 'upload', SOURCE, ...names, '--concurrency', '1']);
      expect(result.code).toBe(1);
      expect(posts()).toHaveLength(5);
      expect(result.stdout.split('\n').filter(Boolean)).toEqual([
        'empty.txt\tunconfirmed\t',
        'nostatus.txt\tunconfirmed\t',
        'numberid.txt\tunconfirmed\t',
        'notjson.txt\tunconfirmed\t',
        'good.txt\tuploaded\tcv-good.txt',
      ]);
      expect(result.stderr).toContain('error: empty.txt: the API answered 200, but with an empty body');
      expect(result.stderr).toContain('error: nostatus.txt: the API answered 200, but without `status`');
      expect(result.stderr).toContain(
        'error: numberid.txt: the API answered 200, but with a `content_version_id` that is not a string',
      );
      expect(result.stderr).toContain(
        'error: notjson.txt: the API answered 200 with a body that is not JSON',
      );
      expect(journal().map((entry) => [entry.path.slice(dir.length + 1), entry.status])).toEqual(
        names.map((name) => [name, name === 'good.txt' ? 'uploaded' : 'unconfirmed']),
      );

      // The next --resume reads that journal back: the good file is skipped, nothing is sent blindly.
      server().requests.length = 0;
      server().handle(route([['GET ', answer(404, { detail: 'Not Found' })]]));
      const resumed = await run(['sources', 'upload', SOURCE, ...names, '--resume']);
      expect(resumed.code).toBe(1);
      expect(posts()).toHaveLength(0);
      expect(resumed.stdout).toMatch(/^good\.txt\tskipped\tcv-good\.txt$/m);
      expect(resumed.stdout.match(/\tunconfirmed\t/g)).toHaveLength(4);
    });
  });

  describe('--resume re-checks unconfirmed files instead of sending them again', () => {
    /** Leaves `a.txt` unconfirmed in the journal, with one POST that answered 500. */
    async function leaveUnconfirmed(): Promise<void> {
      write('a.txt', 'alpha\n');
      write('b.txt', 'beta\n');
      server().handle((req, res) =>
        (sentName(req) === 'a.txt' ? answer(500, { detail: 'oops' }) : stored('b.txt'))(req, res),
      );
      const first = await run(['sources', 'upload', SOURCE, 'a.txt', 'b.txt']);
      expect(first.code).toBe(1);
      expect(first.stdout).toMatch(/^a\.txt\tunconfirmed\t$/m);
      server().requests.length = 0;
    }

    it('finds the file on the server by its title: not sent, recorded, exit 0; the next --resume skips it', async () => {
      await leaveUnconfirmed();
      const listing = {
        data: [
          {
            content_version_id: 'cv-old',
            content_status: 'completed',
            title: 'a.txt',
            pulled_at: '2020-01-01T00:00:00Z',
          },
          { content_version_id: 'cv-b', content_status: 'completed', title: 'b.txt' },
          { content_version_id: 'cv-a', content_status: 'processing', title: 'a.txt', pulled_at: null },
        ],
        pagination: { page: 1, limit: 100, total: 3, pages: 1, has_next: false, has_prev: false },
      };
      server().handle(route([[`GET ${CONTENTS_PATH}?`, answer(200, listing)]]));
      const result = await run(['sources', 'upload', SOURCE, 'a.txt', 'b.txt', '--resume']);
      expect(result.code).toBe(0);
      expect(posts()).toHaveLength(0);
      expect(server().requests.map((r) => r.url)).toEqual([`${CONTENTS_PATH}?page=1&limit=100`]);
      expect(result.stdout).toContain('a.txt\tconfirmed\tcv-a\n');
      expect(result.stdout).toContain('b.txt\tskipped\tcv-b.txt\n');
      expect(result.stderr).toContain('1 unconfirmed before, found on the server');

      server().requests.length = 0;
      const again = await run(['sources', 'upload', SOURCE, 'a.txt', 'b.txt', '--resume']);
      expect(again.code).toBe(0);
      expect(server().requests).toHaveLength(0);
      expect(again.stdout).toContain('a.txt\tskipped\tcv-a\n');
    });

    it('sends it again when the whole listing shows it is not there', async () => {
      await leaveUnconfirmed();
      const page = (n: number, titles: string[], hasNext: boolean) => ({
        data: titles.map((title) => ({
          content_version_id: `cv-${title}`,
          content_status: 'completed',
          title,
        })),
        pagination: { page: n, limit: 100, total: 2, pages: 2, has_next: hasNext, has_prev: n > 1 },
      });
      server().handle(
        route([
          [`GET ${CONTENTS_PATH}?page=1&`, answer(200, page(1, ['b.txt'], true))],
          [`GET ${CONTENTS_PATH}?page=2&`, answer(200, page(2, ['other.txt'], false))],
          [`POST ${UPLOAD_PATH}`, stored('a.txt', 'cv-a2')],
        ]),
      );
      const result = await run(['sources', 'upload', SOURCE, 'a.txt', 'b.txt', '--resume']);
      expect(result.code).toBe(0);
      expect(posts().map(sentName)).toEqual(['a.txt']);
      expect(result.stdout).toContain('a.txt\tuploaded\tcv-a2\n');
    });

    it('when the source cannot be checked, reports it unconfirmed again and sends it only with --resend-unconfirmed', async () => {
      await leaveUnconfirmed();
      server().handle(
        route([
          [`GET ${CONTENTS_PATH}`, answer(404, { detail: 'Not Found' })],
          [`POST ${UPLOAD_PATH}`, stored('a.txt', 'cv-a2')],
        ]),
      );
      const result = await run(['sources', 'upload', SOURCE, 'a.txt', 'b.txt', '--resume']);
      expect(result.code).toBe(1);
      expect(posts()).toHaveLength(0);
      expect(result.stdout).toContain('a.txt\tunconfirmed\t\n');
      expect(result.stderr).toContain('error: a.txt: still unconfirmed');
      expect(result.stderr).toContain('1 still unconfirmed (not sent again)');
      expect(result.stderr).toMatch(/hint: .*--resend-unconfirmed/);

      server().requests.length = 0;
      const resent = await run([
        'sources',
        'upload',
        SOURCE,
        'a.txt',
        'b.txt',
        '--resume',
        '--resend-unconfirmed',
      ]);
      expect(resent.code).toBe(0);
      expect(posts().map(sentName)).toEqual(['a.txt']);
      expect(resent.stdout).toContain('a.txt\tuploaded\tcv-a2\n');
    });

    it('--resend-unconfirmed without --resume is a usage error; nothing is sent', async () => {
      write('a.txt', 'alpha\n');
      const result = await run(['sources', 'upload', SOURCE, 'a.txt', '--resend-unconfirmed']);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe('error: --resend-unconfirmed goes with --resume\n');
      expect(server().requests).toHaveLength(0);
    });
  });

  describe('the journal', () => {
    it('bad lines are read past with one warning; good entries still count', async () => {
      write('a.txt', 'alpha\n');
      write('b.txt', 'beta\n');
      const first = await (async () => {
        server().handle(stored('a.txt'));
        return run(['sources', 'upload', SOURCE, 'a.txt']);
      })();
      expect(first.code).toBe(0);
      const good = readFileSync(journalFile(), 'utf8');
      writeFileSync(
        journalFile(),
        `null\n[1,2]\n{"path":"${join(dir, 'b.txt')}","size":"5","mtimeMs":1}\nnot json at all\n${good}{"path":`,
      );
      server().requests.length = 0;
      server().handle(stored('b.txt'));
      const result = await run(['sources', 'upload', SOURCE, 'a.txt', 'b.txt', '--resume']);
      expect(result.code).toBe(0);
      expect(result.stderr.match(/warning/g)).toHaveLength(1);
      expect(result.stderr).toContain(
        `warning: skipped 5 unreadable lines of the upload journal ${journalFile()}`,
      );
      expect(posts().map(sentName)).toEqual(['b.txt']);
      expect(result.stdout).toContain('a.txt\tskipped\tcv-a.txt\n');
    });

    it('two --resume uploads to one source at once: the second refuses with a clear line and sends nothing', async () => {
      write('a.txt', 'alpha\n');
      let releaseFirst!: () => void;
      const held = new Promise<void>((resolve) => {
        releaseFirst = resolve;
      });
      let firstArrived!: () => void;
      const arrived = new Promise<void>((resolve) => {
        firstArrived = resolve;
      });
      let seen = 0;
      server().handle(async (req, res) => {
        if (seen++ === 0) {
          firstArrived();
          await held;
        }
        stored('a.txt')(req, res);
      });
      const first = run(['sources', 'upload', SOURCE, 'a.txt', '--resume']);
      await arrived;
      const second = await run(['sources', 'upload', SOURCE, 'a.txt', '--resume']);
      releaseFirst();
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(
        new RegExp(
          `^error: another \`seclai sources upload --resume\` to source ${SOURCE} is running; nothing was sent\\nhint: wait for it to finish`,
        ),
      );
      expect((await first).code).toBe(0);
      expect(posts()).toHaveLength(1);

      // The lock went with the first upload: the next --resume runs, and finds the file sent.
      const third = await run(['sources', 'upload', SOURCE, 'a.txt', '--resume']);
      expect(third.code).toBe(0);
      expect(third.stdout).toBe('a.txt\tskipped\tcv-a.txt\n');
    });
  });

  describe('contents upload, agents upload-input and agents run --file', () => {
    it('contents upload: a 502 after the whole body was sent is not repeated; unconfirmed with a hint', async () => {
      write('v2.txt', 'version two\n');
      server().handle(answer(502, { detail: 'bad gateway' }));
      const result = await run(['contents', 'upload', VERSION, 'v2.txt']);
      expect(result.code).toBe(1);
      expect(posts()).toHaveLength(1);
      expect(result.stderr).toMatch(
        /^error: v2\.txt is unconfirmed: the API answered 502 .* after the whole body was sent\n/,
      );
      expect(result.stderr).toContain(`hint: see whether content ${VERSION} holds the new file`);
    });

    it('agents upload-input: a dropped connection after the whole body was sent is not repeated', async () => {
      write('invoice.txt', 'total: 3\n');
      server().handle(dropConnection);
      const result = await run(['agents', 'upload-input', AGENT, 'invoice.txt']);
      expect(result.code).toBe(1);
      expect(posts()).toHaveLength(1);
      expect(result.stderr).toMatch(
        /^error: invoice\.txt is unconfirmed: the connection broke after the whole body was sent/,
      );
      expect(result.stderr).toContain('hint: it may have been staged anyway');
    });

    it('agents upload-input: a success answer without an id is unconfirmed', async () => {
      write('invoice.txt', 'total: 3\n');
      server().handle(answer(202, { id: 7, status: 'ready', filename: 'invoice.txt' }));
      const result = await run(['agents', 'upload-input', AGENT, 'invoice.txt']);
      expect(result.code).toBe(1);
      expect(posts()).toHaveLength(1);
      expect(result.stderr).toContain(
        'error: invoice.txt is unconfirmed: the API answered 202, but with a `id` that is not a string',
      );
    });

    it('agents run --file: a 500 after the upload was sent is not repeated, and no run starts', async () => {
      write('call.txt', 'hello\n');
      server().handle(answer(500, { detail: 'oops' }));
      const result = await run(['agents', 'run', AGENT, '--file', 'call.txt', '--wait']);
      expect(result.code).toBe(1);
      expect(server().requests.map((r) => `${r.method} ${r.url}`)).toEqual([
        `POST /agents/${AGENT}/upload-input`,
      ]);
      expect(result.stderr).toMatch(/^error: call\.txt is unconfirmed: the API answered 500/);
    });
  });

  describe('file names that are not UTF-8', () => {
    const latin1Name = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x74, 0x78, 0x74]); // "café.txt" in Latin-1

    it('found below a directory: uploaded by their bytes, shown and sent by their escaped name', async () => {
      mkdirSync(join(dir, 'docs'));
      writeFileSync(Buffer.concat([Buffer.from(join(dir, 'docs/')), latin1Name]), 'bonjour\n');
      write('docs/plain.txt', 'plain\n');
      write('docs/naïve.txt', 'naïve\n');
      server().handle((req, res) => stored(sentName(req) ?? '?')(req, res));
      const result = await run(['sources', 'upload', SOURCE, 'docs', '-r', '--concurrency', '1']);
      expect(result.stderr).toContain('Sent 3 of 3 files');
      expect(result.code).toBe(0);
      // sentName reads the body as latin1: a UTF-8 name shows as its bytes.
      const utf8Name = Buffer.from('naïve.txt').toString('latin1');
      expect(posts().map(sentName)).toEqual(['caf\\xE9.txt', utf8Name, 'plain.txt']);
      expect(posts()[1].body.toString()).toContain('\r\n\r\nnaïve\n\r\n');
      expect(posts()[0].body.toString()).toContain('\r\n\r\nbonjour\n\r\n');
      expect(result.stdout).toContain('docs/caf\\xE9.txt\tuploaded\tcv-caf\\xE9.txt\n');
      expect(result.stdout).toContain('docs/naïve.txt\tuploaded\t');
    });

    it('a folder whose name is not UTF-8: the files in it are opened by their bytes', async () => {
      const folder = Buffer.concat([Buffer.from(join(dir, 'docs/')), Buffer.from([0x64, 0xe9, 0x6a, 0xe0])]);
      mkdirSync(folder, { recursive: true });
      writeFileSync(Buffer.concat([folder, Buffer.from('/inner.txt')]), 'inside\n');
      server().handle((req, res) => stored(sentName(req) ?? '?')(req, res));
      const result = await run(['sources', 'upload', SOURCE, 'docs', '-r']);
      expect(result.code, result.stderr).toBe(0);
      expect(posts().map(sentName)).toEqual(['inner.txt']);
      expect(posts()[0].body.toString()).toContain('\r\n\r\ninside\n\r\n');
      expect(result.stdout).toContain('docs/d\\xE9j\\xE0/inner.txt\tuploaded\t');
    });

    it('named on the command line (which Node reads with U+FFFD for the bad byte): found, not reported missing', async () => {
      writeFileSync(Buffer.concat([Buffer.from(`${dir}/`), latin1Name]), 'bonjour\n');
      server().handle((req, res) => stored(sentName(req) ?? '?')(req, res));
      const result = await run(['sources', 'upload', SOURCE, latin1Name.toString('utf8')]);
      expect(result.code).toBe(0);
      expect(posts().map(sentName)).toEqual(['caf\\xE9.txt']);
      expect(result.stdout).toBe('caf\\xE9.txt\tuploaded\tcv-caf\\xE9.txt\n');
    });
  });
});

describe('a body cut off before it was all sent is sent again (simulator)', () => {
  const sim = useSimulator({ resetState: true });
  const ws = useWorkspace(sim);

  it('agents upload-input: a reset mid-body re-sends the whole file once', async () => {
    const { id } = sim().state.createAgent({ name: 'Reader' });
    const bytes = ws().write('scan.pdf', randomBytesOf(2_000_000, 5));
    addMidBodyReset(sim().state, { path: '/agents/{agent_id}/upload-input', afterBytes: 300_000 });
    const result = await ws().run(['agents', 'upload-input', id, 'scan.pdf', '--json']);
    expect(result.code).toBe(0);
    expect(sim().requests.filter((r) => r.method === 'POST')).toHaveLength(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'ready', file_size: bytes.length });
  });

  it('contents upload: a reset mid-body re-sends the whole file once', async () => {
    const content = seedContent(sim().state, { sourceId: SOURCE });
    const bytes = ws().write('v2.pdf', randomBytesOf(2_000_000, 6));
    addMidBodyReset(sim().state, {
      path: '/contents/{source_connection_content_version}/upload',
      afterBytes: 300_000,
    });
    const result = await ws().run(['contents', 'upload', content.id, 'v2.pdf']);
    expect(result.code).toBe(0);
    expect(sim().requests.filter((r) => r.method === 'POST')).toHaveLength(2);
    expect(storedContents(sim().state).get(content.id)?.sha256).toBe(sha256(bytes));
  });
});
