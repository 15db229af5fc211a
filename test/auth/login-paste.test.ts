import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli.ts';
import { type Context, realClock } from '../../src/context.ts';
import { runBrowser, waitForBrowserEvent } from '../helpers/browser.ts';
import { type SsoWorld, startSsoWorld } from '../helpers/sso-world.ts';
import { PERSONAL_ACCOUNT_ID } from '../sim/accounts.ts';

let world: SsoWorld;
beforeAll(async () => {
  world = await startSsoWorld();
});
afterAll(async () => {
  await world.close();
});

/** `auth login --no-browser` on a terminal, with live access to its stderr and stdin. */
function startLogin(argv: string[]) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => {
    out += c;
  });
  stderr.on('data', (c: Buffer) => {
    err += c;
  });
  const ctx: Context = {
    io: { stdin, stdout, stderr, isStdinTTY: true, isStdoutTTY: false, isStderrTTY: true, columns: 100 },
    env: { ...world.env },
    cwd: process.cwd(),
    homeDir: world.home,
    clock: realClock,
    prompter: {
      confirm: async () => false,
      input: async () => '',
      password: async () => '',
      select: async () => {
        throw new Error('no select');
      },
    },
    openBrowser: async (url) => {
      throw new Error(`--no-browser must not open ${url}`);
    },
    onInterrupt: () => () => {},
  };
  const done = run(argv, ctx);
  const authorizeUrl = async () => {
    for (let i = 0; i < 200; i++) {
      const m = /https?:\/\/\S+\/oauth2\/authorize\?\S+/.exec(err);
      if (m) return m[0];
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no sign-in address printed:\n${err}`);
  };
  return { stdin, done, authorizeUrl, stdout: () => out, stderr: () => err };
}

describe('seclai auth login --no-browser', () => {
  it('prints the address and accepts the pasted redirect (after a bad paste)', async () => {
    const login = startLogin([
      '--json',
      'auth',
      'login',
      '--no-browser',
      '--port',
      String(world.callbackPort),
    ]);
    const url = await login.authorizeUrl();
    const logFile = join(world.home, 'capture.log');
    await runBrowser(url, { action: 'capture', logFile });
    const captured = await waitForBrowserEvent(logFile, 'callback-captured');
    login.stdin.write('not an address\n');
    login.stdin.write(`${captured.url}\n`);
    expect(await login.done).toBe(0);
    expect(login.stderr()).toContain('Or paste the address the browser ended on');
    expect(login.stderr()).toContain('error: the pasted address has no code or state');
    expect(JSON.parse(login.stdout())).toMatchObject({ account_id: PERSONAL_ACCOUNT_ID });
  });

  it('still finishes when the browser reaches the loopback server', async () => {
    const login = startLogin(['auth', 'login', '--no-browser', '--port', String(world.callbackPort)]);
    await runBrowser(await login.authorizeUrl());
    expect(await login.done).toBe(0);
  });

  it('rejects a pasted address with another state', async () => {
    const login = startLogin(['auth', 'login', '--no-browser', '--port', String(world.callbackPort)]);
    await login.authorizeUrl();
    login.stdin.write(`http://localhost:${world.callbackPort}/callback?code=abc&state=forged\n`);
    expect(await login.done).toBe(1);
    expect(login.stderr()).toContain('error: the sign-in callback carried a different state');
  });
});
