import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export interface BenchResult {
  name: string;
  /** What was measured, e.g. "median wall time". */
  measure: string;
  value: number;
  unit: string;
  /** The baseline measured in the same run, when the figure is a ratio. */
  baseline?: { name: string; value: number };
  ratio?: number;
  target?: string;
  pass?: boolean;
}

export type Report = (result: BenchResult) => void;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs a command to completion with stdout discarded; wall time in ms. Fails on a non-zero exit. */
export function timeCommand(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${stderr}`));
      else resolve(Number(process.hrtime.bigint() - started) / 1e6);
    });
  });
}

/**
 * The steps of one round in a random order. Some of a machine's noise recurs at a steady period
 * (seen here: identical commands in fixed slots of ~0.6 s rounds differed by 20 ms in median);
 * in a fixed order, it would fall on the same step every round.
 */
export function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Runs each command `runs` times, interleaved (one run of each per round, in a shuffled order) so
 * drift in machine load hits all alike, and returns each command's wall times in round order.
 */
export async function alternatingRuns(
  commands: {
    name: string;
    command: string;
    args: string[];
    env?: NodeJS.ProcessEnv;
    /** Called before every run of the command, e.g. to remove a cache. */
    before?: () => void;
  }[],
  runs: number,
): Promise<Map<string, number[]>> {
  const times = new Map(commands.map((c) => [c.name, [] as number[]]));
  const time = (c: (typeof commands)[number]) => {
    c.before?.();
    return timeCommand(c.command, c.args, c.env);
  };
  for (const c of commands) await time(c); // warm caches once
  for (let i = 0; i < runs; i++) {
    for (const c of shuffled(commands)) times.get(c.name)!.push(await time(c));
  }
  return times;
}

/**
 * The median of each run's own ratio: runs of the same round are moments apart, so a drift in
 * the machine's speed over the benchmark cancels out.
 */
export function pairedRatio(ours: number[], baseline: number[]): number {
  return median(ours.map((t, i) => t / baseline[i]));
}

export function printResults(results: BenchResult[]): void {
  const rows = results.map((r) => [
    r.name,
    `${r.value.toFixed(r.value < 10 ? 2 : 0)} ${r.unit}`,
    r.baseline
      ? `${r.baseline.name} ${r.baseline.value.toFixed(r.baseline.value < 10 ? 2 : 0)} ${r.unit}`
      : '',
    r.ratio !== undefined ? `${r.ratio.toFixed(2)}×` : '',
    r.target ?? '',
    r.pass === undefined ? '' : r.pass ? 'ok' : 'MISSED',
  ]);
  const head = ['benchmark', 'measured', 'baseline (same run)', 'ratio', 'target', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  console.log(line(head));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
}

/**
 * Peak resident set size of a command in MiB: GNU time's %M when /usr/bin/time exists, else the
 * kernel's high-water mark (VmHWM) sampled from /proc while it runs.
 */
export async function peakRssMiB(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (existsSync('/usr/bin/time')) {
    const stderr = await new Promise<string>((resolve, reject) => {
      const child = spawn('/usr/bin/time', ['-f', '%M', command, ...args], {
        env,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let text = '';
      child.stderr.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`exit ${code}: ${text}`))));
    });
    const kib = Number(stderr.trim().split('\n').pop());
    return kib / 1024;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: 'ignore' });
    let peakKib = 0;
    const sample = setInterval(() => {
      try {
        const match = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (match) peakKib = Math.max(peakKib, Number(match[1]));
      } catch {}
    }, 10);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(sample);
      if (code !== 0) reject(new Error(`exit ${code}`));
      else resolve(peakKib / 1024);
    });
  });
}
