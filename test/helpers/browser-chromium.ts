#!/usr/bin/env node
// The same stand-in browser as browser-http.ts, but a real headless Chromium (playwright-core
// driving /usr/bin/chromium with a fresh profile). Same BROWSER_* environment.
import { appendFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page, type Response } from 'playwright-core';

const env = process.env;
const action = env.BROWSER_ACTION ?? 'login';
const callbackPath = env.BROWSER_CALLBACK_PATH ?? '/callback';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function log(event: Record<string, unknown>): void {
  if (env.BROWSER_LOG)
    appendFileSync(env.BROWSER_LOG, `${JSON.stringify({ driver: 'chromium', ...event })}\n`);
}

const isCallback = (url: string) => new URL(url).pathname === callbackPath;

async function main(start: string): Promise<number> {
  log({ event: 'open', url: start });
  if (action === 'ignore') return 0;
  const profile = await mkdtemp(join(tmpdir(), 'seclai-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    // page.route() misses requests reached through redirects, so intercept at the CDP level.
    if (action === 'capture' || action === 'tamper-state') {
      const cdp = await context.newCDPSession(page);
      cdp.on('Fetch.requestPaused', (event: { requestId: string; request: { url: string } }) => {
        const url = new URL(event.request.url);
        if (url.pathname !== callbackPath) {
          cdp.send('Fetch.continueRequest', { requestId: event.requestId }).catch(() => {});
        } else if (action === 'capture') {
          log({ event: 'callback-captured', url: url.toString() });
          cdp
            .send('Fetch.failRequest', { requestId: event.requestId, errorReason: 'Aborted' })
            .catch(() => {});
        } else {
          url.searchParams.set('state', 'tampered');
          cdp
            .send('Fetch.continueRequest', { requestId: event.requestId, url: url.toString() })
            .catch(() => {});
        }
      });
      await cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Request' }] });
    }
    const callback = new Promise<Response>((resolve) => {
      page.on('response', (res) => {
        if (isCallback(res.url())) resolve(res);
      });
    });
    await page.goto(start).catch(() => {});
    const outcome = await Promise.race([callback, interact(page)]);
    if (outcome === 'rejected') return 1;
    if (action === 'capture') return 0;
    const res = outcome === 'done' ? await withTimeout(callback, 30_000) : outcome;
    log({ event: 'callback', url: res.url(), status: res.status(), body: await res.text() });
    return 0;
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

/** Fills the stand-in's pages until the browser leaves them; 'rejected' on a failed login. */
async function interact(page: Page): Promise<'done' | 'rejected'> {
  for (let step = 0; step < 10; step++) {
    if (isCallback(page.url())) return 'done';
    if ((await page.locator('[role="alert"]').count()) > 0) {
      log({ event: 'login-rejected', url: page.url(), body: (await page.content()).slice(0, 2000) });
      return 'rejected';
    }
    let button: string | undefined;
    if ((await page.locator('input[name="username"]').count()) > 0) {
      await page.fill('input[name="username"]', env.BROWSER_USER ?? 'alice');
      await page.fill('input[name="password"]', env.BROWSER_PASSWORD ?? 'secret');
      button = action === 'deny' ? 'cancel' : 'login';
    } else if ((await page.locator('button[name="allow"]').count()) > 0) {
      button = action === 'deny' ? 'cancel' : 'allow';
    } else {
      await page.waitForLoadState('load').catch(() => {});
      if (step > 0) return 'done';
      continue;
    }
    log({ event: 'submit', url: page.url(), button });
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }).catch(() => {}),
      page.click(`button[name="${button}"]`),
    ]);
  }
  return 'done';
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error('the callback page never loaded')), ms).unref(),
    ),
  ]);
}

const target = process.argv[2];
if (!target) {
  process.stderr.write('usage: browser-chromium.ts <url>\n');
  process.exit(2);
}
main(target).then(
  (code) => process.exit(code),
  (err: Error) => {
    log({ event: 'error', message: err.message });
    process.stderr.write(`browser-chromium: ${err.message}\n`);
    process.exit(1);
  },
);
