import { readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cachePath, serializeCachedToken } from '../../src/auth/token-cache.ts';
import { chromiumAvailable, waitForBrowserEvent } from '../helpers/browser.ts';
import { type SsoWorld, startSsoWorld } from '../helpers/sso-world.ts';
import { ORGANIZATION, PERSONAL_ACCOUNT_ID } from '../sim/accounts.ts';

let world: SsoWorld;
beforeAll(async () => {
  world = await startSsoWorld();
});
afterAll(async () => {
  await world.close();
});
beforeEach(async () => {
  world.sim.reset();
  await world.cli(['auth', 'logout']);
});

const posix = process.platform !== 'win32';
const cacheFile = () => cachePath(world.configDir, world.oauth.url, world.oauth.clientId);
const readCache = async () => JSON.parse(await readFile(cacheFile(), 'utf8'));
const login = (...extra: string[]) =>
  world.cli(['auth', 'login', '--port', String(world.callbackPort), ...extra]);

async function expireCachedToken(): Promise<void> {
  const cached = await readCache();
  cached.expiresAt = new Date(Date.now() - 60_000).toISOString();
  await writeFile(cacheFile(), serializeCachedToken(cached));
}

function expectNoSecrets(text: string, cached: Record<string, string>): void {
  for (const key of ['accessToken', 'refreshToken', 'idToken']) {
    if (cached[key]) expect(text).not.toContain(cached[key]);
  }
}

describe('seclai auth login (SSO)', () => {
  it('signs in through the browser and writes the cache exactly as the SDKs do', async () => {
    const result = await login('--json');
    expect(result.stderr).toContain('Signed in to');
    expect(result.code).toBe(0);
    const raw = await readFile(cacheFile(), 'utf8');
    const cached = JSON.parse(raw);
    expect(raw).toBe(serializeCachedToken(cached));
    expect(Object.keys(cached)).toEqual([
      'accessToken',
      'refreshToken',
      'idToken',
      'expiresAt',
      'clientId',
      'region',
      'cognitoDomain',
    ]);
    expect(cached).toMatchObject({
      clientId: world.oauth.clientId,
      region: 'us-west-2',
      cognitoDomain: world.oauth.url,
    });
    expect(cached.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    if (posix) {
      expect((await stat(cacheFile())).mode & 0o777).toBe(0o600);
      expect((await stat(dirname(cacheFile()))).mode & 0o777).toBe(0o700);
    }
    const shown = JSON.parse(result.stdout);
    expect(shown).toMatchObject({
      profile: 'default',
      account_id: PERSONAL_ACCOUNT_ID,
      expires_at: cached.expiresAt,
    });
    expect(await readFile(join(world.configDir, 'config'), 'utf8')).toBe(
      `[default]\nsso_account_id = ${PERSONAL_ACCOUNT_ID}\n`,
    );
    expectNoSecrets(result.stdout + result.stderr, cached);
    const me = world.sim.requests.find((r) => r.path === '/me');
    expect(me?.headers.authorization).toBe(`Bearer ${cached.accessToken}`);
    expect(me?.headers['x-account-id']).toBeUndefined();
  });

  it('shows no secret in --debug output of login, refresh, status and logout', async () => {
    const first = await login('--json', '--debug');
    const cached = await readCache();
    const runs = [
      first,
      await world.cli(['--debug', 'auth', 'refresh']),
      await world.cli(['--debug', 'auth', 'status']),
      await world.cli(['--debug', 'me']),
    ];
    const refreshed = await readCache();
    runs.push(await world.cli(['--debug', 'auth', 'logout']));
    for (const r of runs) {
      expect(r.code).toBe(0);
      expectNoSecrets(r.stdout + r.stderr, cached);
      expectNoSecrets(r.stdout + r.stderr, refreshed);
    }
  });

  it.skipIf(!chromiumAvailable())(
    'signs in with a real Chromium as $BROWSER',
    { timeout: 60_000 },
    async () => {
      const result = await world.cli(['auth', 'login', '--port', String(world.callbackPort)], {
        browser: { driver: 'chromium' },
      });
      expect(result.code).toBe(0);
      expect((await readCache()).accessToken).toBeTruthy();
    },
  );

  it('then calls the API with the token, and never shows it, even with --debug', async () => {
    await login();
    const cached = await readCache();
    const list = await world.cli(['--debug', 'agents', 'list']);
    expect(list.code).toBe(0);
    expectNoSecrets(list.stdout + list.stderr, cached);
    expect(list.stderr).toContain('Bearer [redacted]');
    const status = await world.cli(['auth', 'status', '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ credential: 'bearer', source: 'sso', expired: false });
    const token = await world.cli(['auth', 'token']);
    expect(token.stdout).toBe(`${cached.accessToken}\n`);
  });

  it('refreshes an expired token transparently, once, and keeps the refresh token', async () => {
    await login();
    const before = await readCache();
    const refreshes = world.oauth.tokenRequests().refresh_token ?? 0;
    await expireCachedToken();
    const list = await world.cli(['--debug', 'agents', 'list']);
    expect(list.code).toBe(0);
    expect(list.stderr).toContain('refreshing the SSO access token');
    expect(world.oauth.tokenRequests().refresh_token).toBe(refreshes + 1);
    const after = await readCache();
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).toBe(before.refreshToken);
    expect(Date.parse(after.expiresAt)).toBeGreaterThan(Date.now());
    expectNoSecrets(list.stdout + list.stderr, after);
    expectNoSecrets(list.stdout + list.stderr, before);
    const again = await world.cli(['agents', 'list']);
    expect(again.code).toBe(0);
    expect(world.oauth.tokenRequests().refresh_token).toBe(refreshes + 1);
  });

  it('refreshes once after a 401 and retries the call', async () => {
    await login();
    const cached = await readCache();
    const refreshes = world.oauth.tokenRequests().refresh_token ?? 0;
    world.sim.setBearerVerifier(async (token) =>
      token !== cached.accessToken && (await world.oauth.isAccessTokenValid(token)) ? {} : null,
    );
    try {
      const list = await world.cli(['agents', 'list']);
      expect(list.code).toBe(0);
      expect(world.oauth.tokenRequests().refresh_token).toBe(refreshes + 1);
      expect((await readCache()).accessToken).not.toBe(cached.accessToken);
    } finally {
      world.sim.setBearerVerifier(async (token) =>
        (await world.oauth.isAccessTokenValid(token)) ? {} : null,
      );
    }
  });

  it('says to log in again (exit 4) when the refresh token was revoked', async () => {
    await login();
    const cached = await readCache();
    const { revokeToken } = await import('../../src/auth/oauth-endpoints.ts');
    await revokeToken({
      domain: world.oauth.url,
      clientId: world.oauth.clientId,
      token: cached.refreshToken,
    });
    await expireCachedToken();
    const list = await world.cli(['agents', 'list']);
    expect(list.code).toBe(4);
    expect(list.stderr).toMatch(/error: the saved sign-in was rejected \(invalid_grant/);
    expect(list.stderr).toContain('seclai auth login');
    expectNoSecrets(list.stdout + list.stderr, cached);
  });

  it('logs out: revokes the refresh token at the server and forgets the cache', async () => {
    await login();
    const cached = await readCache();
    const out = await world.cli(['auth', 'logout']);
    expect(out.code).toBe(0);
    expect(out.stderr).toContain('Revoked the refresh token');
    expect(world.oauth.revokeRequests()).toBeGreaterThan(0);
    expect(await world.oauth.isRefreshTokenValid(cached.refreshToken)).toBe(false);
    expect(await world.oauth.isAccessTokenValid(cached.accessToken)).toBeNull();
    await expect(stat(cacheFile())).rejects.toMatchObject({ code: 'ENOENT' });
    const status = await world.cli(['auth', 'status']);
    expect(status.code).toBe(4);
    expect(status.stderr).toContain('not signed in');
  });

  it('uses a cache the Python SDK wrote (+00:00 offset, no id token)', async () => {
    await login();
    const cached = await readCache();
    const later = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
    await writeFile(
      cacheFile(),
      `{"accessToken": "${cached.accessToken}", "refreshToken": "${cached.refreshToken}", "expiresAt": "${later}", "clientId": "${cached.clientId}", "region": "us-west-2", "cognitoDomain": "${cached.cognitoDomain}"}`,
    );
    const list = await world.cli(['agents', 'list']);
    expect(list.code).toBe(0);
    expect(world.sim.requests.at(-1)?.headers.authorization).toBe(`Bearer ${cached.accessToken}`);
  });

  it('treats a malformed cache as signed out, without deleting it', async () => {
    await login();
    await writeFile(cacheFile(), '{"accessToken": ');
    const list = await world.cli(['agents', 'list']);
    expect(list.code).toBe(4);
    expect(list.stderr).toMatch(/not signed in/);
    expect(await readFile(cacheFile(), 'utf8')).toBe('{"accessToken": ');
  });

  it('sends X-Account-Id from --account-id, else from the profile', async () => {
    await login();
    await world.cli(['--account-id', ORGANIZATION.account_id, 'agents', 'list']);
    await world.cli(['agents', 'list']);
    const lists = world.sim.requests.filter((r) => r.path === '/agents');
    expect(lists.map((r) => r.headers['x-account-id'])).toEqual([
      ORGANIZATION.account_id,
      PERSONAL_ACCOUNT_ID,
    ]);
  });
});

describe('seclai auth login: failures', () => {
  it('rejects a callback with a wrong state', async () => {
    const result = await world.cli(['auth', 'login', '--port', String(world.callbackPort)], {
      browser: { action: 'tamper-state' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error: the sign-in callback carried a different state/);
    await expect(stat(cacheFile())).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('reports error=access_denied and shows the browser a failure page', async () => {
    const logFile = join(world.home, 'deny.log');
    const result = await world.cli(['auth', 'login', '--port', String(world.callbackPort)], {
      browser: { action: 'deny', logFile },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: sign-in was denied (access_denied');
    const page = await waitForBrowserEvent(logFile, 'callback');
    expect(page.body).toContain('Sign-in failed');
  });

  it('times out with a clear message', async () => {
    const result = await world.cli(
      ['--timeout', '1s', 'auth', 'login', '--port', String(world.callbackPort)],
      {
        browser: { action: 'ignore' },
      },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: the sign-in was not completed within 1 second');
  });

  it('says which port is in use', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(world.callbackPort, '127.0.0.1', () => resolve()));
    try {
      const result = await login();
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`error: port ${world.callbackPort} is in use; pass --port`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('reports a failing token endpoint and writes nothing', async () => {
    world.oauth.failTokenEndpoint(1);
    const result = await login();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error: token exchange failed at .*: HTTP 500 \(server_error/);
    await expect(stat(cacheFile())).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses an SSO domain with plain http to a remote host', async () => {
    const result = await world.cli(['auth', 'login'], {
      env: { SECLAI_SSO_DOMAIN: 'http://auth.example.com' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('invalid SSO domain');
  });

  it('ends on Ctrl-C with exit 130', async () => {
    let interrupt: (() => void) | undefined;
    let opened!: () => void;
    const browserOpened = new Promise<void>((resolve) => {
      opened = resolve;
    });
    const pending = world.cli(['auth', 'login', '--port', String(world.callbackPort)], {
      openBrowser: async () => opened(),
      onInterruptReady: (fn) => {
        interrupt = fn;
      },
    });
    await browserOpened;
    interrupt?.();
    const result = await pending;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('sign-in interrupted');
  });
});
