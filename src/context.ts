import { isAbsolute } from 'node:path';
import type { Readable, Writable } from 'node:stream';

/** Terminal streams and what we know about them. Commands write only here, never to process.*. */
export interface IO {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  isStdinTTY: boolean;
  isStdoutTTY: boolean;
  isStderrTTY: boolean;
  /** Terminal width when stdout or stderr is a TTY. */
  columns?: number;
}

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface Prompter {
  confirm(message: string, defaultValue?: boolean): Promise<boolean>;
  input(message: string, defaultValue?: string): Promise<string>;
  password(message: string): Promise<string>;
  select<T extends string>(message: string, choices: { name: string; value: T }[]): Promise<T>;
}

/** Subscribes to Ctrl-C (SIGINT). The returned function unsubscribes. */
export type InterruptSource = (handler: () => void) => () => void;

/**
 * What the outside world gives a command run: streams, environment, time, prompts, a browser,
 * interrupts. The binary builds one from `process`; tests build one from buffers.
 */
export interface Context {
  io: IO;
  env: Record<string, string | undefined>;
  cwd: string;
  /** The account's home folder, for when HOME is unset; '' when there is none. */
  homeDir: string;
  clock: Clock;
  prompter: Prompter;
  openBrowser(url: string): Promise<void>;
  onInterrupt: InterruptSource;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(done, ms);
      function done() {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }
      function onAbort() {
        clearTimeout(timer);
        reject(signal?.reason);
      }
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** A prompter backed by @inquirer/prompts, loaded only when a prompt is actually shown. */
export function inquirerPrompter(io: IO): Prompter {
  const opts = () => ({ input: io.stdin, output: io.stderr });
  const load = () => import('@inquirer/prompts');
  return {
    async confirm(message, defaultValue = false) {
      return (await load()).confirm({ message, default: defaultValue }, opts());
    },
    async input(message, defaultValue) {
      return (await load()).input({ message, default: defaultValue }, opts());
    },
    async password(message) {
      return (await load()).password({ message, mask: true }, opts());
    },
    async select(message, choices) {
      return (await load()).select({ message, choices }, opts());
    },
  };
}

/** Opens a URL: `$BROWSER <url>` when BROWSER is set, else the `open` package. */
export async function openInBrowser(url: string, env: Record<string, string | undefined>): Promise<void> {
  const browser = env.BROWSER;
  if (browser) {
    const { spawn } = await import('node:child_process');
    const child = spawn(browser, [url], {
      stdio: 'ignore',
      detached: true,
      shell: false,
      env: env as NodeJS.ProcessEnv,
    });
    child.on('error', () => {});
    child.unref();
    return;
  }
  const { default: open } = await import('open');
  const child = await open(url);
  child.on('error', () => {});
}

/** The account's home folder (HOME, else the password database); '' when there is none. */
function accountHome(): string {
  try {
    const os = process.getBuiltinModule('node:os');
    const home = os.homedir();
    return isAbsolute(home) ? home : os.userInfo().homedir;
  } catch {
    return '';
  }
}

/**
 * A closed pipe (`seclai … | head`) ends the process quietly. Other write failures on stdout are
 * reported by run() (src/output/write-failure.ts); one on stderr leaves nowhere to report anything.
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  return stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
  });
}

/**
 * process.stderr, made on first use, like stdin: as a pipe it loads node:net, and
 * `seclai --help` never writes to it.
 */
function stderr(): NodeJS.WriteStream {
  if (!stderrReady) quietOnClosedPipe(process.stderr);
  stderrReady = true;
  return process.stderr;
}
let stderrReady = false;

/** Whether fd 2 may be a terminal, without loading node:tty (and node:net) to ask. */
function stderrMayBeTerminal(): boolean {
  try {
    return process.getBuiltinModule('node:fs').fstatSync(2).isCharacterDevice();
  } catch {
    return false;
  }
}

export function processContext(): Context {
  const io: IO = {
    // process.stdin builds a stream on first use (2 ms); most commands never read it.
    get stdin() {
      return process.stdin;
    },
    stdout: quietOnClosedPipe(process.stdout),
    get stderr() {
      return stderr();
    },
    get isStdinTTY() {
      return process.getBuiltinModule('node:tty').isatty(0);
    },
    isStdoutTTY: Boolean(process.stdout.isTTY),
    get isStderrTTY() {
      return Boolean(stderr().isTTY);
    },
    // The terminal's width: stdout's, else stderr's when that is a terminal (progress, notes).
    columns: process.stdout.columns || (stderrMayBeTerminal() ? stderr().columns : undefined) || undefined,
  };
  return {
    io,
    env: process.env,
    cwd: process.cwd(),
    homeDir: accountHome(),
    clock: realClock,
    prompter: inquirerPrompter(io),
    openBrowser: (url) => openInBrowser(url, process.env),
    onInterrupt: (handler) => {
      process.on('SIGINT', handler);
      return () => process.off('SIGINT', handler);
    },
  };
}
