// `--all`: pages fetched concurrently once the first says how many there are (order kept, at most
// --max-parallel in flight, fewer when the rate limit runs low, one at a time for shapes without a
// total), and the list printed as it arrives with the same bytes as when printed whole.
import type { ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { expectUsageError, useHarness } from '../foundation/harness.ts';
import { type CliRunOptions, runCli } from '../helpers/cli.ts';
import { type SeenRequest, useHostileServer } from '../helpers/hostile.ts';

const h = useHarness();
const hostile = useHostileServer();

function against(argv: string[], options: CliRunOptions = {}) {
  return runCli(argv, {
    ...options,
    env: { SECLAI_API_URL: hostile().url, SECLAI_API_KEY: 'sk-hostile', HOME: h.home(), ...options.env },
  });
}

const agent = (n: number) => ({ id: `agent-${String(n).padStart(3, '0')}`, name: `Agent ${n}` });
const pageNumber = (req: SeenRequest) => Number(new URL(req.url, 'http://x').searchParams.get('page') ?? 1);

interface PagedServer {
  /** The most requests the server held unanswered at one time. */
  maxInFlight: () => number;
  pagesAsked: number[];
}

/**
 * Serves `total` agents in pages of `limit`, shaped by `shape`. Answers after page 1 are held until
 * `holdFor` requests wait (or a short while passes), then given in reverse order, so a client that
 * does not keep the order, or sends more than it may, shows it.
 */
function servePages(
  total: number,
  limit: number,
  shape: (items: object[], page: number) => unknown,
  options: { holdFor: number; headers?: Record<string, string> },
): PagedServer {
  let inFlight = 0;
  let maxInFlight = 0;
  const pagesAsked: number[] = [];
  let held: (() => void)[] = [];
  let timer: NodeJS.Timeout | undefined;
  const release = () => {
    clearTimeout(timer);
    timer = undefined;
    const answers = held.reverse();
    held = [];
    for (const give of answers) give();
  };
  hostile().handle((req, res: ServerResponse) => {
    const page = pageNumber(req);
    pagesAsked.push(page);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const items = Array.from({ length: Math.max(0, Math.min(limit, total - (page - 1) * limit)) }, (_, i) =>
      agent((page - 1) * limit + i + 1),
    );
    const give = () => {
      inFlight--;
      res.writeHead(200, { 'content-type': 'application/json', ...options.headers });
      res.end(JSON.stringify(shape(items, page)));
    };
    if (page === 1) return give();
    held.push(give);
    if (held.length >= options.holdFor) setTimeout(release, 30);
    else timer ??= setTimeout(release, 80);
  });
  return { maxInFlight: () => maxInFlight, pagesAsked };
}

const withPagination = (total: number, limit: number) => (items: object[], page: number) => ({
  data: items,
  pagination: { page, limit, total, pages: Math.ceil(total / limit), has_next: page * limit < total },
});
const allAgents = (n: number) => Array.from({ length: n }, (_, i) => agent(i + 1));

describe('--all fetches the pages after the first concurrently', () => {
  it('at most --max-parallel in flight, items in list order', async () => {
    const server = servePages(90, 10, withPagination(90, 10), { holdFor: 2 });
    const result = await against([
      'agents',
      'list',
      '--all',
      '--json',
      '--limit',
      '10',
      '--max-parallel',
      '2',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(allAgents(90));
    expect(server.maxInFlight()).toBe(2);
    expect([...server.pagesAsked].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('4 pages in flight by default, when the first page states only a total and a limit', async () => {
    const server = servePages(90, 10, (items, page) => ({ data: items, total: 90, page, limit: 10 }), {
      holdFor: 4,
    });
    const result = await against(['agents', 'list', '--all', '--json', '--limit', '10']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(allAgents(90));
    expect(server.maxInFlight()).toBe(4);
  });

  it.each([
    ['a bare array', (items: object[]) => items],
    [
      'has_next alone',
      (items: object[], page: number) => ({ data: items, pagination: { page, has_next: page < 5 } }),
    ],
  ])('one page at a time for a shape without a total: %s', async (_name, shape) => {
    const server = servePages(45, 10, shape, { holdFor: 4 });
    const result = await against(['agents', 'list', '--all', '--json', '--limit', '10']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(allAgents(45));
    expect(server.maxInFlight()).toBe(1);
  });

  it('one page at a time while X-RateLimit-Remaining runs low', async () => {
    const server = servePages(60, 10, withPagination(60, 10), {
      holdFor: 4,
      headers: { 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '5' },
    });
    const result = await against(['agents', 'list', '--all', '--json', '--limit', '10']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(allAgents(60));
    expect(server.maxInFlight()).toBe(1);
  });

  it('a page that fails fails the listing, exit 1', async () => {
    hostile().handle((req, res) => {
      const page = pageNumber(req);
      if (page === 3) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end('{"detail":"no such page"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(withPagination(50, 10)([agent(page)], page)));
    });
    const result = await against(['agents', 'list', '--all', '--limit', '10']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: .*400/);
  });

  it.each([
    [['--all', '--max-parallel', '0'], /^error: --max-parallel must be a whole number from 1 to 16$/],
    [['--all', '--max-parallel', '17'], /^error: --max-parallel must be a whole number from 1 to 16$/],
    [['--all', '--max-parallel', '2.5'], /^error: --max-parallel must be a whole number from 1 to 16$/],
    [['--max-parallel', '2'], /^error: --max-parallel needs --all$/],
  ])('agents list %j is a usage error and sends nothing', async (flags, pattern) => {
    const result = await h.cli(['agents', 'list', ...flags]);
    expectUsageError(result, pattern);
    expect(h.sim().requests).toEqual([]);
  });
});

describe('--all prints the list as it arrives', () => {
  it('cut short under --jq, which holds the list: nothing printed, and the hint says so', async () => {
    hostile().handle((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: [agent(1)], pagination: { page: pageNumber(req), has_next: true } }));
    });
    const result = await against(['agents', 'list', '--all', '--jq', 'length']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: listing cut short after 1 page: .*\nhint: nothing was printed;/);
  });

  it('the first page is on stdout before the second is answered', async () => {
    const stdout = new PassThrough();
    let printed = '';
    stdout.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
    });
    const firstPagePrinted = () =>
      new Promise<boolean>((resolve) => {
        const check = () => printed.includes('agent-010');
        if (check()) return resolve(true);
        stdout.on('data', () => check() && resolve(true));
        setTimeout(() => resolve(check()), 5000);
      });
    hostile().handle(async (req, res) => {
      const page = pageNumber(req);
      // Only after page 1 was printed may page 2 be answered: a held list would never be.
      const status = page === 1 || (await firstPagePrinted()) ? 200 : 503;
      res.writeHead(status, { 'content-type': 'application/json' });
      const items = allAgents(20).slice((page - 1) * 10, page * 10);
      res.end(JSON.stringify({ data: items, pagination: { page, limit: 10, has_next: page < 2 } }));
    });
    const result = await against(['agents', 'list', '--all', '--json', '--limit', '10'], { stdout });
    expect(result.code).toBe(0);
    expect(JSON.parse(printed)).toEqual(allAgents(20));
  });

  describe('with the same bytes as the list printed whole', () => {
    const pages = async (argv: string[]) => {
      let text = '';
      for (let page = 1; page <= 3; page++) {
        const result = await h.cli(['agents', 'list', '--page', String(page), '--limit', '10', ...argv]);
        expect(result.code).toBe(0);
        text += result.stdout;
      }
      return text;
    };

    it('--json: one array, indented as JSON.stringify indents it', async () => {
      h.sim().state.seedAgents(25);
      const whole = (await pages(['--json', '--compact']))
        .trim()
        .split('\n')
        .flatMap((line) => JSON.parse(line));
      const result = await h.cli(['agents', 'list', '--all', '--json', '--limit', '10']);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(`${JSON.stringify(whole, null, 2)}\n`);
    });

    it('--json --compact: one line', async () => {
      h.sim().state.seedAgents(25);
      const whole = (await pages(['--json', '--compact']))
        .trim()
        .split('\n')
        .flatMap((line) => JSON.parse(line));
      const result = await h.cli(['agents', 'list', '--all', '--json', '--compact', '--limit', '10']);
      expect(result.stdout).toBe(`${JSON.stringify(whole)}\n`);
    });

    it('an empty list: []', async () => {
      const result = await h.cli(['agents', 'list', '--all', '--json']);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('[]\n');
    });

    it('TSV rows when piped: the rows of every page, in order', async () => {
      h.sim().state.seedAgents(25);
      const whole = await pages([]);
      const result = await h.cli(['agents', 'list', '--all', '--limit', '10']);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(whole);
      expect(result.stdout.trim().split('\n')).toHaveLength(25);
    });

    it('a table on a terminal, held to size its columns', async () => {
      h.sim().state.seedAgents(25);
      const all = await h.cli(['agents', 'list', '--all', '--limit', '10'], {
        stdoutTTY: true,
        columns: 200,
      });
      const one = await h.cli(['agents', 'list', '--limit', '100'], { stdoutTTY: true, columns: 200 });
      expect(all.code).toBe(0);
      expect(all.stdout).toBe(one.stdout);
    });

    it('under --jq, which filters the whole array', async () => {
      h.sim().state.seedAgents(25);
      const result = await h.cli(['agents', 'list', '--all', '--json', '--limit', '10', '--jq', 'length']);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('25\n');
    });
  });
});
