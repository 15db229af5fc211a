import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, inject } from 'vitest';

export const BIN = fileURLToPath(new URL('../../bin/seclai.cjs', import.meta.url));

export interface SpawnResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface SpawnOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  /** Run under a pseudo-terminal (util-linux `script`): stdout and stderr are both the terminal. */
  tty?: boolean;
  /** With `tty`: stdout goes through a pipe to `cat` on the terminal (like `| tee`); stderr stays the terminal. */
  stdoutPipe?: boolean;
  cwd?: string;
  /** Called once the process has started, e.g. to send signals. */
  onSpawn?: (
    child: import('node:child_process').ChildProcess,
    output: { stdout: () => string; stderr: () => string },
  ) => void;
  timeoutMs?: number;
}

/** Fails the tests of the calling describe() when test/global-setup.ts could not build dist/. */
export function requireBuiltBinary(): void {
  beforeAll(() => {
    const buildError = inject('buildError');
    if (buildError)
      throw new Error(`dist/ could not be built, so the binary cannot be tested:\n${buildError}`);
  });
}

/** Whether a pseudo-terminal can be had here (util-linux `script`). */
export const hasScript = existsSync('/usr/bin/script');

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Spawns the real `bin/seclai` with a clean environment (PATH and HOME from options). */
export function spawnCli(argv: string[], options: SpawnOptions = {}): Promise<SpawnResult> {
  const env = { PATH: process.env.PATH, ...options.env } as NodeJS.ProcessEnv;
  const command = options.tty ? 'script' : process.execPath;
  const args = options.tty
    ? [
        '-qfec',
        [process.execPath, BIN, ...argv].map(shellQuote).join(' ') + (options.stdoutPipe ? ' | cat' : ''),
        '/dev/null',
      ]
    : [BIN, ...argv];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    options.onSpawn?.(child, { stdout: () => stdout, stderr: () => stderr });
    if (options.stdin !== undefined) child.stdin.end(options.stdin);
    else if (!options.tty) child.stdin.end();
  });
}
