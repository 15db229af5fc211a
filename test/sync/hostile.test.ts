// sources sync when the API misbehaves: ambiguous failures are not sent twice, failures are named.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { answer, dropConnection, type HostileHandler, useHostileServer } from '../helpers/hostile.ts';

const SOURCE = '5c1d9e2a-8b4f-4e6d-a3c7-0f2b9d8e1a44';
const CONTENT = '2a7f3c1e-9d4b-4f6a-8e2c-5b1d0a9f7e33';

interface Api {
  /** Items of the one page the listing answers, or a whole answer when not an array. */
  list?: unknown;
  upload?: HostileHandler;
  replace?: HostileHandler;
  remove?: HostileHandler;
}

const uploaded = (id: string) =>
  answer(200, {
    content_version_id: id,
    source_connection_content_version_id: null,
    filename: 'x',
    status: 'uploaded',
  });

const noContent: HostileHandler = (_req, res) => {
  res.writeHead(204).end();
};

/** Answers each sync request by its route. */
function api(routes: Api): HostileHandler {
  return (req, res) => {
    const url = new URL(req.url, 'http://loopback');
    if (req.method === 'GET' && url.pathname.endsWith(`/sources/${SOURCE}/contents`)) {
      const list = routes.list ?? [];
      const body = Array.isArray(list)
        ? {
            data: list,
            pagination: {
              page: 1,
              limit: 100,
              total: list.length,
              pages: 1,
              has_next: false,
              has_prev: false,
            },
          }
        : list;
      return answer(200, body)(req, res);
    }
    if (req.method === 'POST' && url.pathname.endsWith(`/sources/${SOURCE}/upload`))
      return (routes.upload ?? uploaded(CONTENT))(req, res);
    if (req.method === 'POST' && url.pathname.endsWith(`/contents/${CONTENT}/upload`))
      return (routes.replace ?? uploaded(CONTENT))(req, res);
    if (req.method === 'DELETE') return (routes.remove ?? noContent)(req, res);
    return answer(404, { detail: 'Not Found' })(req, res);
  };
}

describe('sources sync against a hostile API', () => {
  const server = useHostileServer();
  let root = '';
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'seclai-sync-'));
    mkdirSync(join(root, 'home'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    mkdirSync(dirname(join(root, 'docs', name)), { recursive: true });
    writeFileSync(join(root, 'docs', name), text);
  };
  const sync = (...extra: string[]) =>
    runCli(['sources', 'sync', SOURCE, 'docs', ...extra], {
      cwd: root,
      env: {
        SECLAI_API_URL: server().url,
        SECLAI_API_KEY: 'sk-test',
        HOME: join(root, 'home'),
        SECLAI_RETRY_BASE_MS: '1',
      },
    });
  const posts = (suffix: string) =>
    server().requests.filter((r) => r.method === 'POST' && r.url.endsWith(suffix));
  const listed = (title: string) => [{ content_version_id: CONTENT, content_status: 'completed', title }];

  it('an upload that no answer confirmed is not sent again; the next sync finds it in the listing', async () => {
    write('a.md', 'alpha\n');
    server().handle(api({ upload: answer(500, { detail: 'boom' }) }));
    const first = await sync('--json');
    expect(first.code).toBe(1);
    expect(posts('/upload')).toHaveLength(1);
    expect(first.stderr).toMatch(/^error: a\.md: .*500/m);
    expect(JSON.parse(first.stdout.split('\n')[0])).toMatchObject({
      action: 'add',
      path: 'a.md',
      status: 'unconfirmed',
    });

    server().requests.length = 0;
    server().handle(api({ list: listed('a.md') }));
    const second = await sync();
    expect(second.code).toBe(0);
    expect(posts('/upload')).toHaveLength(0);
    expect(second.stderr).toContain('1 unchanged');
  });

  it('an unconfirmed replacement is not sent again unless --resend-unconfirmed', async () => {
    write('a.md', 'alpha\n');
    server().handle(api({ list: listed('a.md') }));
    expect((await sync()).code).toBe(0);
    write('a.md', 'alpha, changed\n');
    server().handle(api({ list: listed('a.md'), replace: dropConnection }));
    const dropped = await sync();
    expect(dropped.code).toBe(1);
    expect(posts(`/contents/${CONTENT}/upload`)).toHaveLength(1);

    server().requests.length = 0;
    const again = await sync();
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      /^error: a\.md: the replacement sent by an earlier sync was never confirmed/m,
    );
    expect(posts('/upload')).toHaveLength(0);

    server().handle(api({ list: listed('a.md') }));
    const resent = await sync('--resend-unconfirmed');
    expect(resent.code).toBe(0);
    expect(posts(`/contents/${CONTENT}/upload`)).toHaveLength(1);
  });

  it('a file the API refuses is named, exit 1, the others are sent, and the next sync sends only it', async () => {
    write('good.md', 'good\n');
    write('bad.md', 'bad\n');
    server().handle(
      api({
        upload: (req, res) =>
          (req.body.includes('filename="bad.md"') ? answer(400, { detail: 'refused' }) : uploaded(CONTENT))(
            req,
            res,
          ),
      }),
    );
    const result = await sync();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: bad\.md: .*refused/m);
    expect(result.stderr).toContain('1 added');
    expect(result.stderr).toContain('1 failed');

    server().requests.length = 0;
    server().handle(api({ list: listed('good.md') }));
    expect((await sync()).code).toBe(0);
    expect(posts('/upload').map((r) => r.body.includes('filename="bad.md"'))).toEqual([true]);
  });

  it('a listing that is not a list stops the sync before anything is sent', async () => {
    write('a.md', 'alpha\n');
    server().handle(api({ list: { items: 'nope' } }));
    const result = await sync();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: the API answered GET \/sources\/.*\/contents with something that is not a list; nothing was sent$/m,
    );
    expect(posts('/upload')).toHaveLength(0);
  });

  it('a listing that repeats its first page as the second stops the sync: no upload, no delete', async () => {
    write('a.md', 'alpha\n');
    const page = [{ content_version_id: CONTENT, content_status: 'completed', title: 'gone.md' }];
    server().handle(
      api({ list: { data: page, pagination: { page: 1, limit: 100, pages: 2, has_next: true } } }),
    );
    const result = await sync('--delete', '--yes');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: listing cut short after 1 page: .*; nothing was sent$/m);
    expect(posts('/upload')).toHaveLength(0);
    expect(server().requests.filter((r) => r.method === 'DELETE')).toHaveLength(0);
  });

  it('a listing that repeats its first page with fresh timestamps stops the sync too: items are told apart by content id', async () => {
    write('a.md', 'alpha\n');
    let served = 0;
    const pagination = { page: 1, limit: 100, pages: 2, has_next: true };
    server().handle((req, res) => {
      const url = new URL(req.url ?? '/', 'http://loopback');
      if (req.method !== 'GET' || !url.pathname.endsWith(`/sources/${SOURCE}/contents`))
        return answer(404, { detail: 'Not Found' })(req, res);
      served++;
      const item = {
        content_version_id: CONTENT,
        title: 'gone.md',
        pulled_at: `2026-12-02T11:00:0${served}Z`,
      };
      return answer(200, { data: [item], pagination })(req, res);
    });
    const result = await sync('--delete', '--yes');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: listing cut short after 1 page: page 2 repeated items already listed; nothing was sent$/m,
    );
    expect(served).toBe(2);
    expect(server().requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
  });

  it('pages asked for ahead and never needed may fail: the sync reads only the pages the listing has', async () => {
    const names = Array.from({ length: 250 }, (_, i) => `page-${String(i).padStart(3, '0')}.md`);
    for (const name of names) write(name, `# ${name}\n`);
    server().handle(api({}));
    expect((await sync()).code).toBe(0);

    server().requests.length = 0;
    const onePage = api({ list: names.map((name) => listed(name)[0]) });
    // Page 1 is answered once pages 2 and 3, asked for ahead, have arrived (and been dropped).
    let aheadArrived = () => {};
    const bothAhead = new Promise<void>((resolve) => {
      aheadArrived = resolve;
    });
    let ahead = 0;
    server().handle(async (req, res) => {
      if (new URL(req.url, 'http://loopback').searchParams.get('page') === '1') {
        await bothAhead;
        return onePage(req, res);
      }
      if (++ahead === 2) aheadArrived();
      return dropConnection(req, res);
    });
    const second = await sync();
    expect(second.stderr).toContain('0 added, 0 replaced, 0 deleted, 250 unchanged');
    expect(second.code).toBe(0);
    const pages = server().requests.map((r) => new URL(r.url, 'http://loopback').searchParams.get('page'));
    expect(new Set(pages)).toEqual(new Set(['1', '2', '3']));
    expect(posts('/upload')).toHaveLength(0);
  });

  it('a delete answered 404 counts as done; a title with escapes is shown, never obeyed', async () => {
    write('a.md', 'alpha\n');
    server().handle(
      api({
        list: [
          { content_version_id: CONTENT, content_status: 'completed', title: 'a.md' },
          { content_version_id: 'c2', content_status: 'completed', title: 'old\u001b[2J.md' },
        ],
        remove: answer(404, { detail: 'Content not found' }),
      }),
    );
    const result = await runCli(['sources', 'sync', SOURCE, 'docs', '--delete', '--yes'], {
      cwd: root,
      stdoutTTY: true,
      env: { SECLAI_API_URL: server().url, SECLAI_API_KEY: 'sk-test', HOME: join(root, 'home') },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('\u001b[2J');
    expect(result.stdout).toContain('old');
    expect(result.stderr).toContain('1 deleted');
  });
});
