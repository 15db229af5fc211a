// Streaming throughput of `seclai agents run --stream`: a million tokens from the simulator, to a
// pipe and to a pseudo-terminal, as a ratio to `curl -N` reading the same stream in the same run;
// and whether the cost grows linearly with the token count.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setRunScript } from '../test/sim/routes/runs.ts';
import type { Simulator } from '../test/sim/server.ts';
import { median, pairedRatio, peakRssMiB, type Report, shuffled } from './bench-lib.ts';

export interface BenchRunsContext {
  sim: Simulator;
  env: NodeJS.ProcessEnv;
  bin: string;
  runs: number;
}

const WORDS = ['The ', 'quick ', 'brown ', 'fox ', 'jumps ', 'over ', 'the ', 'lazy ', 'dog', '. '];
const MILLION = 1_000_000;

interface Measured {
  ms: number;
  bytes: number;
}

/** Runs a command with stdout on a pipe that the parent drains; wall time and bytes read. */
function timePiped(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
    let bytes = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited with ${code}`));
      else resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, bytes });
    });
  });
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The same command under a pseudo-terminal (util-linux `script`), its output drained from a pipe. */
function underPty(command: string, args: string[]): [string, string[]] {
  return ['script', ['-qfec', [command, ...args].map(shellQuote).join(' '), '/dev/null']];
}

export async function benchRuns(report: Report, context: BenchRunsContext): Promise<void> {
  const { sim, env, bin } = context;
  const runs = Math.max(3, Math.min(context.runs, 7));
  const hasCurl = spawnSync('sh', ['-c', 'command -v curl']).status === 0;
  const hasPty = existsSync('/usr/bin/script');
  if (!hasCurl) {
    console.error('  runs: curl not found; streaming benchmark skipped');
    return;
  }
  const agents = new Map<number, string>();
  for (const tokens of [250_000, MILLION]) {
    const agent = sim.state.createAgent({ name: `bench ${tokens} tokens` });
    setRunScript(sim.state, { tokens, words: WORDS, steps: ['streaming_result'] }, agent.id);
    agents.set(tokens, agent.id);
  }
  const cliEnv = { ...env, NO_COLOR: '1' };
  const cli = (tokens: number): [string, string[]] => [
    process.execPath,
    [bin, 'agents', 'run', agents.get(tokens)!, '--stream', '--input', 'go'],
  ];
  const curl = (tokens: number): [string, string[]] => [
    'curl',
    [
      '-N',
      '-s',
      '-f',
      '-X',
      'POST',
      '-H',
      `x-api-key: ${sim.apiKey}`,
      '-H',
      'content-type: application/json',
      '-H',
      'accept: text/event-stream',
      '-d',
      '{"input":"go"}',
      `${sim.url}/agents/${agents.get(tokens)}/runs/stream`,
    ],
  ];

  const commands: { name: string; run: () => Promise<Measured> }[] = [
    { name: 'curl -N, 1M tokens, pipe', run: () => timePiped(...curl(MILLION), env) },
    { name: 'seclai agents run --stream, 1M tokens, pipe', run: () => timePiped(...cli(MILLION), cliEnv) },
    { name: 'seclai agents run --stream, 250k tokens, pipe', run: () => timePiped(...cli(250_000), cliEnv) },
  ];
  if (hasPty) {
    commands.push(
      { name: 'curl -N, 1M tokens, pty', run: () => timePiped(...underPty(...curl(MILLION)), env) },
      {
        name: 'seclai agents run --stream, 1M tokens, pty',
        run: () => timePiped(...underPty(...cli(MILLION)), cliEnv),
      },
    );
  }
  const times = new Map(commands.map((c) => [c.name, [] as number[]]));
  const bytes = new Map<string, number>();
  for (const c of commands) bytes.set(c.name, (await c.run()).bytes); // warm-up, and the output size
  for (let i = 0; i < runs; i++) {
    for (const c of shuffled(commands)) times.get(c.name)!.push((await c.run()).ms);
  }
  const med = (name: string) => median(times.get(name)!);

  const expected = answerLength(MILLION);
  const piped = bytes.get('seclai agents run --stream, 1M tokens, pipe')!;
  if (piped < expected) throw new Error(`seclai printed ${piped} bytes for a ${expected}-byte answer`);

  const ratioTo = (name: string, baseline: string, target: number) => {
    const ratio = pairedRatio(times.get(name)!, times.get(baseline)!);
    report({
      name,
      measure: `median wall time of ${runs}`,
      value: med(name),
      unit: 'ms',
      baseline: { name: baseline, value: med(baseline) },
      ratio,
      target: `≤ ${target}×`,
      pass: ratio <= target,
    });
  };
  ratioTo('seclai agents run --stream, 1M tokens, pipe', 'curl -N, 1M tokens, pipe', 2);
  if (hasPty) ratioTo('seclai agents run --stream, 1M tokens, pty', 'curl -N, 1M tokens, pty', 2);
  else console.error('  runs: no `script` here; the pseudo-terminal figure is skipped');

  const rss = await peakRssMiB(...cli(MILLION), cliEnv);
  report({
    name: 'seclai agents run --stream, 1M tokens: peak RSS',
    measure: 'peak resident set size',
    value: rss,
    unit: 'MiB',
    target: '≤ 80 MiB',
    pass: rss <= 80,
  });

  // Linear: four times the tokens costs at most four times as much (start-up is shared, so less).
  const small = med('seclai agents run --stream, 250k tokens, pipe');
  const large = med('seclai agents run --stream, 1M tokens, pipe');
  report({
    name: 'seclai agents run --stream, 1M vs 250k tokens',
    measure: 'ratio of median wall times (linear ≤ 4)',
    value: large,
    unit: 'ms',
    baseline: { name: '250k tokens', value: small },
    ratio: large / small,
    target: '≤ 4.4×',
    pass: large / small <= 4.4,
  });
}

function answerLength(tokens: number): number {
  const cycle = WORDS.join('');
  return (
    cycle.length * Math.floor(tokens / WORDS.length) + WORDS.slice(0, tokens % WORDS.length).join('').length
  );
}
