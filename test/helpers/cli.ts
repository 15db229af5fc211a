import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable, type Writable } from 'node:stream';
import { afterEach, beforeEach } from 'vitest';
import { run } from '../../src/cli.ts';
import { type Clock, type Context, type Prompter, realClock } from '../../src/context.ts';

export interface CliRunOptions {
  env?: Record<string, string | undefined>;
  /** Replaces the captured stdout, e.g. with one whose writes fail (`result.stdout` stays empty). */
  stdout?: Writable;
  /** Text (or a stream) on stdin; stdin is empty and not a TTY by default. */
  stdin?: string | Readable;
  stdoutTTY?: boolean;
  stderrTTY?: boolean;
  stdinTTY?: boolean;
  columns?: number;
  cwd?: string;
  clock?: Clock;
  /** Answers for prompts, in order (an Error is thrown instead); a prompt with no answer left fails the test. */
  answers?: (string | boolean | Error)[];
  /** Receives URLs the command asks to open in a browser. */
  openBrowser?: (url: string) => Promise<void>;
  /** Called with everything written to stdout so far, after each write (to wait for output, not for time). */
  onStdout?: (soFar: string) => void;
  /** Called with a function that simulates Ctrl-C. */
  onInterruptReady?: (interrupt: () => void) => void;
  /** Receives the words of the command that runs (run()'s onCommand hook). */
  onCommand?: (path: string) => void;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  prompts: string[];
}

/** A temporary HOME / config dir for one test, removed by the returned cleanup. */
export function tempHome(): { home: string; configDir: string; cleanup: () => void } {
  const home = mkdtempSync(join(tmpdir(), 'seclai-test-'));
  return {
    home,
    configDir: join(home, '.seclai'),
    cleanup: () => rmSync(home, { recursive: true, force: true }),
  };
}

/** A fresh tempHome() for each test of the calling file or describe(); the getter gives its path. */
export function useTempHome(): () => string {
  let home: ReturnType<typeof tempHome> | undefined;
  beforeEach(() => {
    home = tempHome();
  });
  afterEach(() => {
    home?.cleanup();
    home = undefined;
  });
  return () => {
    if (!home) throw new Error('useTempHome(): HOME exists only inside tests');
    return home.home;
  };
}

/** Runs the CLI in-process through the same `run(argv, ctx)` the binary uses, capturing output. */
export async function runCli(argv: string[], options: CliRunOptions = {}): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => {
    out += c.toString('utf8');
    options.onStdout?.(out);
  });
  stderr.on('data', (c: Buffer) => {
    err += c.toString('utf8');
  });
  const stdin =
    options.stdin instanceof Readable
      ? options.stdin
      : Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]);
  const answers = [...(options.answers ?? [])];
  const prompts: string[] = [];
  const answer = (message: string) => {
    prompts.push(message);
    if (answers.length === 0) throw new Error(`unexpected prompt: ${message}`);
    const next = answers.shift()!;
    if (next instanceof Error) throw next;
    return next;
  };
  const prompter: Prompter = {
    confirm: async (message) => Boolean(answer(message)),
    input: async (message) => String(answer(message)),
    password: async (message) => String(answer(message)),
    select: async (message) => String(answer(message)) as never,
  };
  const interruptHandlers = new Set<() => void>();
  options.onInterruptReady?.(() => {
    for (const handler of [...interruptHandlers]) handler();
  });
  const ctx: Context = {
    io: {
      stdin,
      stdout: options.stdout ?? stdout,
      stderr,
      isStdinTTY: options.stdinTTY ?? false,
      isStdoutTTY: options.stdoutTTY ?? false,
      isStderrTTY: options.stderrTTY ?? false,
      columns: options.columns ?? 100,
    },
    env: { ...options.env },
    cwd: options.cwd ?? process.cwd(),
    homeDir: options.env?.HOME ?? tmpdir(),
    clock: options.clock ?? realClock,
    prompter,
    openBrowser:
      options.openBrowser ??
      (async (url) => {
        throw new Error(`unexpected browser open: ${url}`);
      }),
    onInterrupt: (handler) => {
      interruptHandlers.add(handler);
      return () => interruptHandlers.delete(handler);
    },
  };
  const code = await run(argv, ctx, { onCommand: options.onCommand });
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: out, stderr: err, prompts };
}
