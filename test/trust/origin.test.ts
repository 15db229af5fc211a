// Credentials go only to the configured origin: paths and ids cannot leave it or change the route,
// header values cannot smuggle lines, the base URL carries no userinfo, and known secrets are
// masked in everything printed. Against hostile loopback servers whose every request is logged.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachePath, toCachedToken, writeCachedToken } from '../../src/auth/token-cache.ts';
import { expectUsageError } from '../foundation/harness.ts';
import { answer, useHostileCli, useHostileServer } from '../helpers/hostile.ts';

const API_KEY = 'sk-live-4f3c2a1b9e8d7c6b';
const ACCESS_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.access.c2lnbmF0dXJl';
const REFRESH_TOKEN = 'rt-0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const CLIENT_ID = 'seclai-cli-test-client';

const { server: base, home, cli } = useHostileCli({ SECLAI_API_KEY: API_KEY, SECLAI_RETRY_BASE_MS: '10' });
// Another loopback host: where a path that escaped the base origin would land.
const elsewhere = useHostileServer('127.0.0.2');
const configDir = () => join(home(), '.seclai');

function expectNothingSent(): void {
  expect(base().requests).toEqual([]);
  expect(elsewhere().requests).toEqual([]);
}

describe('seclai api: the path stays below the base URL', () => {
  const escapes: [string, (hostPort: string) => string][] = [
    ['a leading //', (h) => `//${h}/x`],
    ['/\\/ (a backslash read as a slash)', (h) => `/\\/${h}/x`],
    ['\\\\host', (h) => `\\\\${h}\\x`],
    ['an encoded //', (h) => `/%2F%2F${h}/x`],
    ['an encoded \\\\', (h) => `/%5C%5C${h}/x`],
    ['an absolute URL to another loopback host', (h) => `http://${h}/x`],
    ['an absolute URL to another host and scheme', () => 'https://evil.invalid/agents'],
    ['an absolute URL with another scheme', () => 'ftp://evil.invalid/agents'],
    ['a dot-dot segment', () => '/agents/../../x'],
    ['an encoded dot-dot segment', () => '/agents/%2e%2E/x'],
    ['a dot segment', () => '/agents/./x'],
    ['a // in the middle', () => '/agents//x'],
    ['a fragment', () => '/agents#x'],
  ];

  it.each(escapes)('%s → exit 2, nothing sent anywhere', async (_name, path) => {
    const result = await cli(['api', 'GET', path(`127.0.0.2:${elsewhere().port}`)]);
    expectUsageError(result, /^error: path /);
    expectNothingSent();
  });

  it('a path with a query reaches the base origin, with the key', async () => {
    base().handle(answer(200, { items: [] }));
    const result = await cli(['api', 'GET', '/agents?limit=5&q=a%2Fb']);
    expect(result.code, result.stderr).toBe(0);
    expect(base().requests.map((r) => r.url)).toEqual(['/agents?limit=5&q=a%2Fb']);
    expect(base().requests[0].headers['x-api-key']).toBe(API_KEY);
    expect(elsewhere().requests).toEqual([]);
  });

  it('a redirect to another origin is not followed, so the key goes nowhere else', async () => {
    base().handle(answer(307, {}, { location: `http://127.0.0.2:${elsewhere().port}/agents` }));
    const result = await cli(['api', 'GET', '/agents']);
    expect(result.code).toBe(1);
    expect(base().requests).toHaveLength(1);
    expect(elsewhere().requests).toEqual([]);
  });

  it('a base URL with a path prefix keeps it; .. cannot climb above it', async () => {
    base().handle(answer(200, { ok: true }));
    const env = { SECLAI_API_URL: `${base().url}/v1` };
    expect((await cli(['api', 'GET', '/agents'], { env })).code).toBe(0);
    expect(base().requests.map((r) => r.url)).toEqual(['/v1/agents']);
    expectUsageError(await cli(['api', 'GET', '/../agents'], { env }), /^error: path /);
    expect(base().requests).toHaveLength(1);
  });
});

describe('ids are one percent-encoded path segment', () => {
  const badIds: [string[], RegExp][] = [
    [['agents', 'delete', '.', '--yes'], /<agent-id> must not be "\."/],
    [['agents', 'delete', '..', '--yes'], /<agent-id> must not be "\.\."/],
    [['runs', 'cancel', '..'], /<run-id> must not be "\.\."/],
    [['agents', 'runs', 'cancel', '..'], /<run-id> must not be "\.\."/],
    [['runs', 'watch', '.'], /<run-id> must not be "\."/],
    [['agents', 'run', '..', '--input', 'hi', '--wait'], /<agent-id> must not be "\.\."/],
    [['agents', 'get', 'a/b'], /<agent-id> must not contain "\/"/],
    [['agents', 'get', 'x?y=1'], /<agent-id> must not contain "\?"/],
    [['agents', 'get', 'x#y'], /<agent-id> must not contain "#"/],
    [['agents', 'get', 'a\\b'], /<agent-id> must not contain "\\"/],
    [['agents', 'get', 'a\u0007b'], /<agent-id> must not contain control characters/],
    [['agents', 'get', 'ab\n'], /<agent-id> must not contain control characters/],
    [['agents', 'get', ' ab'], /<agent-id> must not start or end with whitespace/],
    [['agents', 'get', 'ab\u00a0'], /<agent-id> must not start or end with whitespace/],
  ];

  it.each(badIds)('%j → exit 2, nothing sent', async (argv, message) => {
    expectUsageError(await cli(argv), message);
    expectNothingSent();
  });

  it.each([
    ['a b', '/agents/a%20b'],
    ['%2e%2e', '/agents/%252e%252e'],
    ['é:1', '/agents/%C3%A9%3A1'],
  ])('agents get %j → GET %s', async (id, sent) => {
    base().handle(answer(200, { id }));
    const result = await cli(['agents', 'get', id, '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(base().requests.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${sent}`]);
  });
});

describe('a base URL with user:password@ is refused and never printed', () => {
  it.each([
    ['on the API host', (url: string) => url.replace('http://', 'http://alice:hunter2@')],
    ['with another scheme', () => 'ftp://alice:hunter2@evil.invalid/'],
    ['when the URL does not parse', () => 'http://alice:hunter2@[evil.invalid/'],
  ])('%s → exit 2, no userinfo on screen, nothing sent', async (_name, baseUrl) => {
    const result = await cli(['agents', 'list'], { env: { SECLAI_API_URL: baseUrl(base().url) } });
    expectUsageError(result, /SECLAI_API_URL/);
    expect(result.stderr).not.toContain('hunter2');
    expect(result.stderr).not.toContain('alice');
    expectNothingSent();
  });
});

describe('header values that would break the request are usage errors', () => {
  it.each([
    ['--api-key with CR LF', ['--api-key', 'sk-abc\r\nx-evil: 1', 'agents', 'list'], {}, /--api-key/],
    ['--api-key outside Latin-1', ['--api-key', 'sk-abc€', 'agents', 'list'], {}, /--api-key/],
    ['SECLAI_API_KEY with LF', ['agents', 'list'], { SECLAI_API_KEY: 'sk-abc\nx' }, /SECLAI_API_KEY/],
    [
      'SECLAI_ACCESS_TOKEN with CR',
      ['agents', 'list'],
      { SECLAI_API_KEY: undefined, SECLAI_ACCESS_TOKEN: 'tok-abc\rx' },
      /SECLAI_ACCESS_TOKEN/,
    ],
    [
      'api --header with LF',
      ['api', 'GET', '/agents', '-H', 'x-trace: a\nx-evil: 1'],
      {},
      /--header x-trace/,
    ],
    ['api --header outside Latin-1', ['api', 'GET', '/agents', '-H', 'x-trace: ☃'], {}, /--header x-trace/],
    ['api --header with a bad name', ['api', 'GET', '/agents', '-H', 'x trace: 1'], {}, /--header/],
  ] as const)('%s → exit 2, nothing sent', async (_name, argv, env, message) => {
    const result = await cli([...argv], { env });
    expectUsageError(result, message);
    expect(result.stderr).not.toContain('x-evil');
    expectNothingSent();
  });

  it.each([
    ['not a UUID', 'acct-42'],
    ['a UUID followed by junk', '3f1a6c2e-0000-4000-8000-000000000001 x'],
  ])("a profile's sso_account_id %s → exit 2 naming it, nothing sent", async (_name, accountId) => {
    mkdirSync(configDir(), { recursive: true, mode: 0o700 });
    writeFileSync(join(configDir(), 'config'), `[default]\nsso_account_id = ${accountId}\n`);
    const result = await cli(['agents', 'list'], {
      env: { SECLAI_API_KEY: undefined, SECLAI_ACCESS_TOKEN: ACCESS_TOKEN },
    });
    expectUsageError(result, /sso_account_id of profile "default" must be a UUID/);
    expectNothingSent();
  });
});

describe('known secrets are masked in everything printed', () => {
  it('the API key echoed in an API error detail', async () => {
    base().handle(answer(400, { detail: `key ${API_KEY} may not list agents` }));
    const result = await cli(['agents', 'list']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('key *** may not list agents');
    expect(result.stderr).not.toContain(API_KEY);
  });

  it('the --api-key echoed in the {error} envelope', async () => {
    const flagKey = 'sk-flag-0123456789abcdef';
    base().handle(answer(403, { error: { code: 'DENIED', message: `no access for ${flagKey}` } }));
    const result = await cli(['--api-key', flagKey, 'agents', 'list'], {
      env: { SECLAI_API_KEY: undefined },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no access for ***');
    expect(result.stderr).not.toContain(flagKey);
  });

  it('SECLAI_ACCESS_TOKEN echoed in a 401', async () => {
    base().handle(answer(401, { detail: `token ${ACCESS_TOKEN} expired` }));
    const result = await cli(['agents', 'list'], {
      env: { SECLAI_API_KEY: undefined, SECLAI_ACCESS_TOKEN: ACCESS_TOKEN },
    });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('token *** expired');
    expect(result.stderr).not.toContain(ACCESS_TOKEN);
  });

  it('a key read by auth login --with-api-key, echoed in the check that failed', async () => {
    const typed = 'sk-typed-00112233445566';
    base().handle(answer(500, { detail: `could not look up ${typed}` }));
    const result = await cli(['auth', 'login', '--with-api-key'], {
      stdin: `${typed}\n`,
      env: { SECLAI_API_KEY: undefined },
    });
    expect(result.code).toBe(1);
    expect(base().requests.map((r) => r.headers['x-api-key'])).toContain(typed);
    expect(result.stderr).toContain('could not look up ***');
    expect(result.stderr).not.toContain(typed);
  });

  it('the API key echoed in data on stdout', async () => {
    base().handle(answer(200, { whoami: API_KEY }));
    const result = await cli(['api', 'GET', '/me']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ whoami: '***' });
  });

  it('the API key in a --debug trace of the URL', async () => {
    base().handle(answer(200, { items: [] }));
    const result = await cli(['--debug', 'api', 'GET', '/agents', '-q', `echo=${API_KEY}`]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('echo=***');
    expect(result.stderr).not.toContain(API_KEY);
  });

  describe('with a cached SSO sign-in', () => {
    const ssoEnv = () => ({
      SECLAI_API_KEY: undefined,
      SECLAI_SSO_DOMAIN: base().url,
      SECLAI_SSO_CLIENT_ID: CLIENT_ID,
    });
    const cacheToken = async (expiresIn: number) => {
      const token = toCachedToken(
        {
          accessToken: ACCESS_TOKEN,
          refreshToken: REFRESH_TOKEN,
          expiresIn,
          clientId: CLIENT_ID,
          region: 'us-west-2',
          cognitoDomain: base().url,
        },
        Date.now(),
      );
      await writeCachedToken(cachePath(configDir(), base().url, CLIENT_ID), token);
    };

    it('the refresh token echoed in a refresh error_description', async () => {
      await cacheToken(-3600);
      base().handle(
        answer(400, { error: 'invalid_grant', error_description: `refresh token ${REFRESH_TOKEN} revoked` }),
      );
      const result = await cli(['agents', 'list'], { env: ssoEnv() });
      expect(result.code).toBe(4);
      expect(base().requests.map((r) => r.url)).toEqual(['/oauth2/token']);
      expect(result.stderr).toContain('refresh token *** revoked');
      expect(result.stderr).not.toContain(REFRESH_TOKEN);
    });

    it('auth token still prints the access token itself, as asked', async () => {
      await cacheToken(3600);
      const result = await cli(['auth', 'token'], { env: ssoEnv() });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toBe(`${ACCESS_TOKEN}\n`);
    });
  });
});
