// Sync figures for `npm run bench`: a second `sources sync` of 1,000 unchanged files (requests and
// wall time against `node -e 0` plus the listing itself), then the same with 10 files changed.
// Files are generated in a temporary directory and removed afterwards.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Simulator } from '../test/sim/server.ts';
import { type BenchResult, median, shuffled, timeCommand } from './bench-lib.ts';

type Report = (result: BenchResult) => void;

interface BenchContext {
  sim: Simulator;
  env: NodeJS.ProcessEnv;
  bin: string;
  runs: number;
}

const SOURCE = '3d8f2b6a-1c4e-4b7d-9a2f-6e0c8b4d1f57';
const FILES = 1000;
const CHANGED = 10;

export async function benchSync(
  report: Report,
  { sim, env: baseEnv, bin, runs }: BenchContext,
): Promise<void> {
  // The first sync uploads the 1,000 files, which is not what is measured: under the simulator's
  // 300 requests a minute, the CLI's pacing would make it take three minutes.
  const rateLimit = sim.state.rateLimit;
  sim.state.rateLimit = { limit: 1_000_000, windowSeconds: 60 };
  const dir = mkdtempSync(join(tmpdir(), 'seclai-bench-sync-'));
  const docs = join(dir, 'docs');
  mkdirSync(docs);
  const env: NodeJS.ProcessEnv = {
    ...baseEnv,
    HOME: join(dir, 'home'),
    SECLAI_CONFIG_DIR: join(dir, 'config'),
  };
  try {
    for (let i = 0; i < FILES; i++) writeFileSync(join(docs, `page-${i}.md`), `# Page ${i}\n`);
    const sync = [bin, 'sources', 'sync', SOURCE, docs];
    await timeCommand(process.execPath, sync, env);

    const since = sim.requests.length;
    await timeCommand(process.execPath, sync, env);
    const unchangedRequests = sim.requests.slice(since);
    report({
      name: `sources sync, ${FILES} unchanged: requests`,
      measure: 'requests the simulator received',
      value: unchangedRequests.length,
      unit: 'requests',
      target: `≤ ${Math.ceil(FILES / 100) + 1}`,
      pass: unchangedRequests.length <= Math.ceil(FILES / 100) + 1,
    });

    const rounds = Math.max(3, Math.min(runs, 15));
    const syncTimes: number[] = [];
    const nodeTimes: number[] = [];
    const listingTimes: number[] = [];
    const steps = [
      async () => nodeTimes.push(await timeCommand(process.execPath, ['-e', '0'], env)),
      async () => syncTimes.push(await timeCommand(process.execPath, sync, env)),
      async () => listingTimes.push(await timeListing(sim, String(env.SECLAI_API_KEY))),
    ];
    for (let i = 0; i < rounds; i++) for (const step of shuffled(steps)) await step();
    const budget = 2 * median(nodeTimes) + median(listingTimes);
    report({
      name: `sources sync, ${FILES} unchanged: wall time`,
      measure: `median of ${rounds} rounds`,
      value: median(syncTimes),
      unit: 'ms',
      baseline: {
        name: `2× node -e 0 + the listing (${Math.round(median(listingTimes))} ms)`,
        value: budget,
      },
      ratio: median(syncTimes) / budget,
      target: '≤ 1×',
      pass: median(syncTimes) <= budget,
    });

    for (let i = 0; i < CHANGED; i++)
      writeFileSync(join(docs, `page-${i * 97}.md`), `# Page ${i * 97}, edited\n`);
    const before = sim.requests.length;
    const changedTime = await timeCommand(process.execPath, sync, env);
    const sent = sim.requests.slice(before).filter((r) => r.method !== 'GET');
    report({
      name: `sources sync, ${CHANGED} of ${FILES} changed: files sent`,
      measure: `uploads and replacements sent (${Math.round(changedTime)} ms)`,
      value: sent.length,
      unit: 'requests',
      target: `= ${CHANGED}`,
      pass: sent.length === CHANGED && sent.every((r) => r.operation?.startsWith('POST /contents/')),
    });
  } finally {
    sim.state.rateLimit = rateLimit;
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The listing alone, from this process: every page of the source's contents, 100 a page. */
async function timeListing(sim: Simulator, apiKey: string): Promise<number> {
  const started = performance.now();
  for (let page = 1; ; page++) {
    const response = await fetch(`${sim.url}/sources/${SOURCE}/contents?page=${page}&limit=100`, {
      headers: { 'x-api-key': apiKey },
    });
    const body = (await response.json()) as { pagination?: { has_next?: boolean } };
    if (!body.pagination?.has_next) break;
  }
  return performance.now() - started;
}
