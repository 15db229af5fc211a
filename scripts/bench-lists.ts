// `--all` figures: 10,000 agents in 100 pages from the simulator with 50 ms of latency per request,
// concurrent paging as a ratio to the sequential walk (`--max-parallel 1`) in the same run; and
// the peak memory of printing 200,000 items as JSON and as TSV rows, which stream as they arrive.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Simulator } from '../test/sim/server.ts';
import { alternatingRuns, median, pairedRatio, peakRssMiB, type Report } from './bench-lib.ts';

export interface BenchListsContext {
  sim: Simulator;
  env: NodeJS.ProcessEnv;
  bin: string;
  runs: number;
}

const LATENCY_MS = 50;
const BIG_LIST = 200_000;

export async function benchLists(report: Report, context: BenchListsContext): Promise<void> {
  const { sim, env, bin } = context;
  const runs = Math.max(3, Math.min(context.runs, 7));
  sim.state.seedAgents(10_000 - sim.state.agents.size);
  // What is measured is paging, not pacing: 1,600 requests in a minute would exhaust the
  // simulator's 300 a minute (or what an earlier part left of it), and the CLI would wait for the
  // window to reset, in one variant's runs more than the other's.
  const rateLimit = sim.state.rateLimit;
  sim.state.rateLimit = { limit: 1_000_000, windowSeconds: 60 };
  const latency = sim.faults.add({ method: 'GET', path: '/agents', delayMs: LATENCY_MS, times: Infinity });
  const list = (...extra: string[]) => [bin, 'agents', 'list', '--all', '--json', '--limit', '100', ...extra];
  try {
    const times = await alternatingRuns(
      [
        {
          name: 'agents list --all, sequential',
          command: process.execPath,
          args: list('--max-parallel', '1'),
          env,
        },
        { name: 'agents list --all, 10,000 items, 100 pages', command: process.execPath, args: list(), env },
      ],
      runs,
    );
    const sequential = times.get('agents list --all, sequential')!;
    const concurrent = times.get('agents list --all, 10,000 items, 100 pages')!;
    const ratio = pairedRatio(concurrent, sequential);
    report({
      name: `agents list --all --json, 10,000 items, 100 pages, ${LATENCY_MS} ms latency`,
      measure: `median wall time of ${runs}`,
      value: median(concurrent),
      unit: 'ms',
      baseline: { name: '--max-parallel 1', value: median(sequential) },
      ratio,
      target: '≤ 0.35×',
      pass: ratio <= 0.35,
    });
  } finally {
    latency.remaining = 0;
    sim.state.rateLimit = rateLimit;
  }

  const big = await startBigListServer(BIG_LIST);
  try {
    const bigEnv = { ...env, SECLAI_API_URL: big.url };
    for (const [label, flags] of [
      ['--json', ['--json']],
      ['TSV rows', []],
    ] as const) {
      const rss = await peakRssMiB(process.execPath, [bin, 'agents', 'list', '--all', ...flags], bigEnv);
      report({
        name: `agents list --all ${label}, 200,000 items: peak RSS`,
        measure: 'peak resident set size',
        value: rss,
        unit: 'MiB',
        target: '≤ 100 MiB',
        pass: rss <= 100,
      });
    }
  } finally {
    await big.close();
  }
}

/**
 * A stand-in for a long agents list: `{data, pagination}` pages of made-up agents, built per
 * request (the simulator would sort 200,000 records for every page).
 */
async function startBigListServer(total: number): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const query = new URL(req.url ?? '/', 'http://x').searchParams;
    const page = Number(query.get('page') ?? 1);
    const limit = Number(query.get('limit') ?? 20);
    const from = (page - 1) * limit;
    const data = [];
    for (let i = from; i < Math.min(total, from + limit); i++) {
      const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      data.push({
        id,
        name: `Agent ${i}`,
        description: `A benchmark agent, number ${i} of ${total}`,
        trigger_type: 'manual',
        created_at: '2026-11-01T12:00:00Z',
        updated_at: '2026-11-02T12:00:00Z',
      });
    }
    const pages = Math.ceil(total / limit);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ data, pagination: { page, limit, total, pages, has_next: page < pages } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// Run alone: `node scripts/bench-lists.ts` (after `npm run build`).
if (import.meta.url === `file://${process.argv[1]}`) {
  const { printResults } = await import('./bench-lib.ts');
  const { startSimulator } = await import('../test/sim/server.ts');
  const sim = await startSimulator();
  const results: Parameters<Report>[0][] = [];
  try {
    await benchLists((r) => results.push(r), {
      sim,
      env: { ...process.env, NO_COLOR: '1', SECLAI_API_URL: sim.url, SECLAI_API_KEY: sim.apiKey },
      bin: new URL('../bin/seclai.cjs', import.meta.url).pathname,
      runs: Number(process.env.BENCH_RUNS ?? 3),
    });
  } finally {
    await sim.close();
  }
  printResults(results);
}
