// `npm run bench`: start-up and throughput figures, each as a ratio to a baseline measured in
// the same run. Benchmarks measure; tests assert behaviour.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator } from '../test/sim/server.ts';
import { alternatingRuns, type BenchResult, median, pairedRatio, printResults } from './bench-lib.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 25);
const PARTS = ['startup', 'runs', 'uploads', 'sync', 'lists'] as const;
// BENCH_ONLY=runs,lists measures only those parts (any of PARTS); all of them by default.
const only = process.env.BENCH_ONLY?.split(',').map((part) => part.trim());
const unknown = only?.filter((part) => !(PARTS as readonly string[]).includes(part));
if (unknown?.length) {
  console.error(`BENCH_ONLY: unknown part ${unknown.join(', ')} (parts: ${PARTS.join(', ')})`);
  process.exit(2);
}
const wanted = (part: (typeof PARTS)[number]) => !only || only.includes(part);
const bin = fileURLToPath(new URL('../bin/seclai.cjs', import.meta.url));
const results: BenchResult[] = [];
const report = (r: BenchResult) => {
  results.push(r);
  console.error(`  measured ${r.name}`);
};

console.error(`node ${process.version}, ${RUNS} alternating runs per command`);
const sim = await startSimulator();
sim.state.seedAgents(20);
const home = mkdtempSync(join(tmpdir(), 'seclai-bench-'));
const coldCache = join(home, 'cold-cache');
const env = {
  ...process.env,
  HOME: home,
  XDG_CACHE_HOME: join(home, 'cache'),
  SECLAI_API_URL: sim.url,
  SECLAI_API_KEY: sim.apiKey,
  NO_COLOR: '1',
};
try {
  if (wanted('startup')) {
    const times = await alternatingRuns(
      [
        { name: 'node -e 0', command: process.execPath, args: ['-e', '0'], env },
        { name: 'seclai --version', command: process.execPath, args: [bin, '--version'], env },
        { name: 'seclai --help', command: process.execPath, args: [bin, '--help'], env },
        {
          name: 'seclai agents list --json',
          command: process.execPath,
          args: [bin, 'agents', 'list', '--json'],
          env,
        },
        // A command's first run: no code cache yet (src/launch.ts), so it compiles all it runs
        // and writes the cache as it exits.
        {
          name: 'seclai agents list --json, first run',
          command: process.execPath,
          args: [bin, 'agents', 'list', '--json'],
          env: { ...env, XDG_CACHE_HOME: coldCache },
          before: () => rmSync(coldCache, { recursive: true, force: true }),
        },
      ],
      RUNS,
    );
    const base = times.get('node -e 0')!;
    const startup = (name: string, target?: number) => {
      const ratio = pairedRatio(times.get(name)!, base);
      report({
        name,
        measure: 'median wall time',
        value: median(times.get(name)!),
        unit: 'ms',
        baseline: { name: 'node -e 0', value: median(base) },
        ratio,
        target: target ? `≤ ${target}×` : undefined,
        pass: target ? ratio <= target : undefined,
      });
    };
    startup('seclai --version', 1.3);
    startup('seclai --help', 1.5);
    startup('seclai agents list --json', 2);
    startup('seclai agents list --json, first run', 3);
  }

  for (const [part, file, fn] of [
    ['runs', './bench-runs.ts', 'benchRuns'],
    ['uploads', './bench-uploads.ts', 'benchUploads'],
    ['sync', './bench-sync.ts', 'benchSync'],
    ['lists', './bench-lists.ts', 'benchLists'],
  ] as const) {
    if (!wanted(part) || !existsSync(fileURLToPath(new URL(file, import.meta.url)))) continue;
    const mod = await import(file);
    await mod[fn](report, { sim, env, bin, runs: RUNS });
  }
} finally {
  await sim.close();
  rmSync(home, { recursive: true, force: true });
}
printResults(results);
