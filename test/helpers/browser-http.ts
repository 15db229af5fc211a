#!/usr/bin/env node
// A stand-in browser for tests: `browser-http.ts <authorize URL>`. Follows redirects with a
// cookie jar, fills the stand-in's login form, and stops after loading the /callback page.
// Behaviour comes from the environment (see browser.ts): BROWSER_USER, BROWSER_PASSWORD,
// BROWSER_ACTION (login | deny | ignore | tamper-state | capture), BROWSER_LOG (JSON lines).
import { appendFileSync } from 'node:fs';
import { CookieJar } from './browser-cookies.ts';
import { type FormInfo, findForm } from './browser-form.ts';

const env = process.env;
const action = env.BROWSER_ACTION ?? 'login';
const callbackPath = env.BROWSER_CALLBACK_PATH ?? '/callback';

function log(event: Record<string, unknown>): void {
  if (env.BROWSER_LOG) appendFileSync(env.BROWSER_LOG, `${JSON.stringify({ driver: 'http', ...event })}\n`);
}

async function main(start: string): Promise<number> {
  log({ event: 'open', url: start });
  if (action === 'ignore') return 0;
  const jar = new CookieJar();
  let url = new URL(start);
  let method = 'GET';
  let body: string | undefined;
  for (let hop = 0; hop < 40; hop++) {
    if (url.pathname === callbackPath) {
      if (action === 'capture') {
        log({ event: 'callback-captured', url: url.toString() });
        return 0;
      }
      if (action === 'tamper-state') url.searchParams.set('state', 'tampered');
    }
    const headers: Record<string, string> = { 'user-agent': 'seclai-test-browser' };
    const cookie = jar.header(url);
    if (cookie) headers.cookie = cookie;
    if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(url, { method, headers, body, redirect: 'manual' });
    jar.store(url, res.headers.getSetCookie());
    const text = await res.text();
    if (url.pathname === callbackPath) {
      log({ event: 'callback', url: url.toString(), status: res.status, body: text });
      return 0;
    }
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      url = new URL(location, url);
      method = 'GET';
      body = undefined;
      continue;
    }
    if (/role="alert"/.test(text)) {
      log({ event: 'login-rejected', url: url.toString(), body: text.slice(0, 2000) });
      return 1;
    }
    const form = res.status === 200 ? findForm(text) : undefined;
    if (!form) {
      log({ event: 'stuck', url: url.toString(), status: res.status, body: text.slice(0, 2000) });
      return 1;
    }
    ({ url, body } = submit(form, url));
    method = 'POST';
  }
  log({ event: 'too-many-hops', url: url.toString() });
  return 1;
}

function submit(form: FormInfo, base: URL): { url: URL; body: string } {
  const fields = new URLSearchParams();
  for (const input of form.inputs) {
    if (input.type === 'password') fields.set(input.name, env.BROWSER_PASSWORD ?? 'secret');
    else if (input.name === 'username') fields.set(input.name, env.BROWSER_USER ?? 'alice');
    else fields.set(input.name, input.value);
  }
  const wanted = action === 'deny' ? 'cancel' : undefined;
  const button = form.buttons.find((b) => (wanted ? b.name === wanted : b.name !== 'cancel'));
  if (button) fields.set(button.name, button.value);
  log({ event: 'submit', url: new URL(form.action, base).toString(), button: button?.name });
  return { url: new URL(form.action || base.toString(), base), body: fields.toString() };
}

const target = process.argv[2];
if (!target) {
  process.stderr.write('usage: browser-http.ts <url>\n');
  process.exit(2);
}
main(target).then(
  (code) => process.exit(code),
  (err: Error) => {
    log({ event: 'error', message: err.message });
    process.stderr.write(`browser-http: ${err.message}\n`);
    process.exit(1);
  },
);
