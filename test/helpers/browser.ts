import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** Executables a test puts in `BROWSER`; the CLI runs `$BROWSER <url>`. */
export const HTTP_BROWSER = fileURLToPath(new URL('./browser-http.ts', import.meta.url));
export const CHROMIUM_BROWSER = fileURLToPath(new URL('./browser-chromium.ts', import.meta.url));
export const CHROMIUM_PATH = '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export type BrowserAction =
  /** Sign in and load the callback page (default). */
  | 'login'
  /** Press Cancel: the client gets `error=access_denied`. */
  | 'deny'
  /** Do nothing (the login times out). */
  | 'ignore'
  /** Replace `state` in the callback URL before loading it. */
  | 'tamper-state'
  /** Stop before loading the callback; its URL is logged (for pasting into `--no-browser`). */
  | 'capture';

export interface BrowserSetup {
  driver?: 'http' | 'chromium';
  action?: BrowserAction;
  user?: string;
  password?: string;
  /** JSON-lines log of what the driver saw; read it with readBrowserLog. */
  logFile?: string;
}

/** Environment variables to merge into the CLI's env so it signs in through a driver. */
export function browserEnv(setup: BrowserSetup = {}): Record<string, string> {
  const env: Record<string, string> = {
    BROWSER: setup.driver === 'chromium' ? CHROMIUM_BROWSER : HTTP_BROWSER,
    BROWSER_ACTION: setup.action ?? 'login',
  };
  if (setup.user !== undefined) env.BROWSER_USER = setup.user;
  if (setup.password !== undefined) env.BROWSER_PASSWORD = setup.password;
  if (setup.logFile) env.BROWSER_LOG = setup.logFile;
  return env;
}

export interface BrowserEvent {
  driver: 'http' | 'chromium';
  event: string;
  url?: string;
  status?: number;
  body?: string;
  message?: string;
}

export async function readBrowserLog(file: string): Promise<BrowserEvent[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as BrowserEvent);
}

/** Waits (up to `timeoutMs`) for a driver started by the CLI to log `event`. */
export async function waitForBrowserEvent(
  file: string,
  event: string,
  timeoutMs = 10_000,
): Promise<BrowserEvent> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await readBrowserLog(file)).find((e) => e.event === event);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`the browser driver never logged "${event}" in ${file}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Runs a driver directly (without the CLI) and resolves when it exits. */
export function runBrowser(url: string, setup: BrowserSetup = {}): Promise<{ code: number; stderr: string }> {
  const extra = browserEnv(setup);
  const env = { ...process.env, ...extra };
  return new Promise((resolve) => {
    execFile(extra.BROWSER, [url], { env, timeout: 60_000 }, (err, _stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stderr });
    });
  });
}
