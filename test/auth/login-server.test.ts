import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  checkCallbackParams,
  formatDuration,
  type LoginServer,
  parsePastedRedirect,
  startLoginServer,
} from '../../src/auth/login-server.ts';
import { CliError, UsageError } from '../../src/errors.ts';

const open: { close(): unknown }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function start(
  opts: { timeoutMs?: number; signal?: AbortSignal; port?: number } = {},
): Promise<LoginServer> {
  const server = await startLoginServer({ port: 0, expectedState: 'st4te', timeoutMs: 10_000, ...opts });
  open.push(server);
  return server;
}

/** GET over a chosen loopback address, as a browser resolving `localhost` either way would. */
function get(host: string, port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path, method: 'GET', family: host.includes(':') ? 6 : 4 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const ipv6 = await new Promise<boolean>((resolve) => {
  const probe = createServer();
  probe.once('error', () => resolve(false));
  probe.listen(0, '::1', () => probe.close(() => resolve(true)));
});

describe('checkCallbackParams', () => {
  const check = (q: string) => checkCallbackParams(new URLSearchParams(q), 'abc');
  it('returns the code when the state matches', () => {
    expect(check('code=xyz&state=abc')).toEqual({ code: 'xyz' });
  });
  it('says why a callback is rejected', () => {
    expect(() => check('code=xyz&state=zzz')).toThrow(/different state/);
    expect(() => check('code=xyz')).toThrow(/no state/);
    expect(() => check('state=abc&error=access_denied&error_description=User+said+no')).toThrow(
      'sign-in was denied (access_denied: User said no)',
    );
    expect(() => check('state=abc&error=server_error')).toThrow(/refused the login \(server_error\)/);
    expect(() => check('state=abc')).toThrow(/no authorization code/);
  });
});

describe('parsePastedRedirect', () => {
  it('accepts a full URL, a query string, or surrounding spaces', () => {
    expect(parsePastedRedirect('  http://localhost:9876/callback?code=c1&state=abc \n', 'abc')).toEqual({
      code: 'c1',
    });
    expect(parsePastedRedirect('?code=c2&state=abc', 'abc')).toEqual({ code: 'c2' });
    expect(parsePastedRedirect('code=c3&state=abc', 'abc')).toEqual({ code: 'c3' });
  });
  it('rejects empty, unrelated and mismatched input', () => {
    expect(() => parsePastedRedirect('  ', 'abc')).toThrow(UsageError);
    expect(() => parsePastedRedirect('hello world', 'abc')).toThrow(/no code or state/);
    expect(() => parsePastedRedirect('http://localhost:9876/callback?code=c&state=nope', 'abc')).toThrow(
      /different state/,
    );
  });
});

describe('startLoginServer', () => {
  it('delivers the code and shows a success page', async () => {
    const server = await start();
    expect(server.redirectUri).toBe(`http://localhost:${server.port}/callback`);
    const page = await get('127.0.0.1', server.port, '/callback?code=the-code&state=st4te');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Signed in to Seclai');
    expect(page.body).not.toContain('the-code');
    await expect(server.result).resolves.toEqual({ code: 'the-code' });
  });

  it.skipIf(!ipv6)('answers on ::1 too, so `localhost` works either way', async () => {
    const server = await start();
    const page = await get('::1', server.port, '/callback?code=six&state=st4te');
    expect(page.status).toBe(200);
    await expect(server.result).resolves.toEqual({ code: 'six' });
  });

  it('shows a failure page and fails the login on a wrong state', async () => {
    const server = await start();
    const page = await get('127.0.0.1', server.port, '/callback?code=x&state=other');
    expect(page.status).toBe(400);
    expect(page.body).toContain('Sign-in failed');
    await expect(server.result).rejects.toThrow(/different state/);
  });

  it('fails the login on error=access_denied and escapes what it echoes', async () => {
    const server = await start();
    const page = await get(
      '127.0.0.1',
      server.port,
      '/callback?state=st4te&error=access_denied&error_description=%3Cscript%3Ex%3C%2Fscript%3E',
    );
    expect(page.body).not.toContain('<script>');
    expect(page.body).toContain('&lt;script&gt;');
    await expect(server.result).rejects.toThrow(/denied \(access_denied: <script>x<\/script>\)/);
  });

  it('ignores other paths (favicon) and keeps waiting', async () => {
    const server = await start();
    expect((await get('127.0.0.1', server.port, '/favicon.ico')).status).toBe(404);
    const done = await get('127.0.0.1', server.port, '/callback?code=c&state=st4te');
    expect(done.status).toBe(200);
    await expect(server.result).resolves.toEqual({ code: 'c' });
  });

  it('stops listening once the login is decided', async () => {
    const server = await start();
    await get('127.0.0.1', server.port, '/callback?code=c&state=st4te');
    await server.result;
    await server.close();
    await expect(get('127.0.0.1', server.port, '/callback?code=again&state=st4te')).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });

  it('says which port is in use and what to do', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    open.push(blocker);
    const port = (blocker.address() as AddressInfo).port;
    const attempt = startLoginServer({ port, expectedState: 's', timeoutMs: 1000 });
    await expect(attempt).rejects.toBeInstanceOf(CliError);
    await expect(attempt).rejects.toThrow(`port ${port} is in use; pass --port`);
  });

  it.skipIf(!ipv6)('treats a port taken only on ::1 as in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '::1', () => resolve()));
    open.push(blocker);
    const port = (blocker.address() as AddressInfo).port;
    await expect(startLoginServer({ port, expectedState: 's', timeoutMs: 1000 })).rejects.toThrow(
      `port ${port} is in use`,
    );
    // Nothing was left listening on 127.0.0.1.
    await expect(get('127.0.0.1', port, '/callback')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('times out with a clear message', async () => {
    const server = await start({ timeoutMs: 50 });
    await expect(server.result).rejects.toThrow('the sign-in was not completed within 0 seconds');
    await expect(get('127.0.0.1', server.port, '/callback')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('ends when aborted (Ctrl-C)', async () => {
    const controller = new AbortController();
    const server = await start({ signal: controller.signal });
    controller.abort(new CliError('interrupted', 130));
    await expect(server.result).rejects.toMatchObject({ exitCode: 130 });
  });

  it('formats durations for messages', () => {
    expect(formatDuration(300_000)).toBe('5 minutes');
    expect(formatDuration(90_000)).toBe('1 minute 30 seconds');
    expect(formatDuration(1000)).toBe('1 second');
  });
});
