import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Context } from '../../src/context.ts';
import { UsageError } from '../../src/errors.ts';
import {
  checkApiVersion,
  colorEnabled,
  type GlobalOptions,
  isLoopbackHost,
  parseBaseUrl,
  parseDuration,
  resolveSettings,
} from '../../src/settings.ts';

function context(env: Record<string, string | undefined> = {}, tty = false): Context {
  return {
    io: { isStdoutTTY: tty, isStderrTTY: tty, isStdinTTY: tty } as Context['io'],
    env,
    cwd: '/work/here',
    homeDir: '/home/fallback',
  } as Context;
}

function usageMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('parseDuration', () => {
  it.each([
    ['30', 30_000],
    ['30s', 30_000],
    ['500ms', 500],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1.5s', 1500],
    [' 2s ', 2000],
  ])('%s → %d ms', (text, ms) => {
    expect(parseDuration(text, '--timeout')).toBe(ms);
  });

  it.each(['0', '0s', '-1', 'abc', '', '5 m', '1d', 's', '1.s', 'Infinity'])('refuses %j', (text) => {
    expect(usageMessage(() => parseDuration(text, '--timeout'))).toMatch(
      /^--timeout must be a positive duration/,
    );
  });
});

describe('parseDuration bounds', () => {
  it('accepts up to what a timer holds (2^31−1 ms), refuses more', () => {
    expect(parseDuration('596h', '--timeout')).toBe(596 * 3_600_000);
    expect(parseDuration(`${2 ** 31 - 1}ms`, '--timeout')).toBe(2 ** 31 - 1);
    for (const text of ['1000h', `${2 ** 31}ms`, '597h', '99999999999'])
      expect(usageMessage(() => parseDuration(text, '--timeout'))).toMatch(/^--timeout must be at most 596h/);
  });

  it('refuses less than a minimum when one is given; a fraction of a millisecond never rounds to 0', () => {
    expect(usageMessage(() => parseDuration('99ms', '--poll-interval', 100))).toBe(
      '--poll-interval must be at least 100ms (got "99ms")',
    );
    expect(parseDuration('100ms', '--poll-interval', 100)).toBe(100);
    expect(parseDuration('0.1ms', '--timeout')).toBe(1);
  });
});

describe('checkApiVersion', () => {
  it.each(['2026-07-27', '2024-02-29', '2000-01-01'])('accepts the real date %s', (value) => {
    expect(() => checkApiVersion(value, '--api-version')).not.toThrow();
  });

  it.each(['2026-02-30', '2025-02-29', '2026-13-01', '2026-00-10', '2026-7-27', 'notadate', '20260727', ''])(
    'refuses %j',
    (value) => {
      expect(usageMessage(() => checkApiVersion(value, '--api-version'))).toMatch(/YYYY-MM-DD/);
    },
  );
});

describe('base URL rules', () => {
  it('accepts https anywhere and adds a trailing slash so paths join below it', () => {
    expect(parseBaseUrl('https://api.seclai.com').href).toBe('https://api.seclai.com/');
    expect(parseBaseUrl('https://proxy.example/seclai').href).toBe('https://proxy.example/seclai/');
  });

  it.each(['http://127.0.0.1:8080', 'http://localhost:3000', 'http://[::1]:9000', 'http://127.1.2.3'])(
    'accepts plain http to the loopback address %s',
    (url) => {
      expect(parseBaseUrl(url).protocol).toBe('http:');
    },
  );

  it.each(['http://example.com', 'http://10.0.0.1', 'http://localhost.example.com', 'http://0.0.0.0'])(
    'refuses plain http to %s, with a hint',
    (url) => {
      let error: unknown;
      try {
        parseBaseUrl(url);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).message).toMatch(/refusing plain http/);
      expect((error as UsageError).hint).toMatch(/https/);
    },
  );

  it.each([
    ['ftp://x', /must be an http\(s\) URL/],
    ['not a url', /not a valid URL/],
    ['file:///etc/passwd', /must be an http\(s\) URL/],
    ['api.seclai.com', /not a valid URL|http\(s\)/],
  ])('refuses %s', (url, pattern) => {
    expect(usageMessage(() => parseBaseUrl(url))).toMatch(pattern);
  });

  it('isLoopbackHost knows the loopback names only', () => {
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
    expect(isLoopbackHost('127.0.0.1.evil.com')).toBe(false);
  });
});

describe('colour rules', () => {
  const on = (opts: Pick<GlobalOptions, 'color'>, env: Record<string, string>, tty: boolean) =>
    colorEnabled(opts, context(env, tty));

  it('on a TTY by default, off when piped', () => {
    expect(on({}, {}, true)).toBe(true);
    expect(on({}, {}, false)).toBe(false);
  });

  it('NO_COLOR (any non-empty value), --no-color and TERM=dumb turn it off', () => {
    expect(on({}, { NO_COLOR: '1' }, true)).toBe(false);
    expect(on({}, { NO_COLOR: 'yes' }, true)).toBe(false);
    expect(on({ color: false }, {}, true)).toBe(false);
    expect(on({}, { TERM: 'dumb' }, true)).toBe(false);
  });

  it('an empty NO_COLOR is ignored (per no-color.org)', () => {
    expect(on({}, { NO_COLOR: '' }, true)).toBe(true);
  });

  it('FORCE_COLOR turns it on when piped, and FORCE_COLOR=0/false off on a TTY', () => {
    expect(on({}, { FORCE_COLOR: '1' }, false)).toBe(true);
    expect(on({}, { FORCE_COLOR: '0' }, true)).toBe(false);
    expect(on({}, { FORCE_COLOR: 'false' }, true)).toBe(false);
  });

  it('NO_COLOR and --no-color win over FORCE_COLOR', () => {
    expect(on({}, { NO_COLOR: '1', FORCE_COLOR: '1' }, true)).toBe(false);
    expect(on({ color: false }, { FORCE_COLOR: '1' }, false)).toBe(false);
  });
});

describe('resolveSettings', () => {
  it('defaults: tsv when piped, table on a TTY, the public API, ~/.seclai, profile "default"', () => {
    const piped = resolveSettings({}, context({ HOME: '/home/me' }));
    expect(piped).toMatchObject({ output: 'tsv', color: false, profile: 'default', debug: false });
    expect(piped.baseUrl.href).toBe('https://api.seclai.com/');
    expect(piped.configDir).toBe(join('/home/me', '.seclai'));
    expect(resolveSettings({}, context({}, true)).output).toBe('table');
  });

  it('a command with a default format of its own (a document): that, unless a flag names one', () => {
    expect(resolveSettings({}, context({}, true), 'json').output).toBe('json');
    expect(resolveSettings({ output: 'tsv' }, context(), 'json').output).toBe('tsv');
    expect(usageMessage(() => resolveSettings({ jq: '.', output: 'tsv' }, context(), 'json'))).toMatch(
      /conflicts/,
    );
  });

  it('without HOME: the account home, never the current folder; with no home at all, a refusal', () => {
    expect(resolveSettings({}, context({})).configDir).toBe(join('/home/fallback', '.seclai'));
    expect(resolveSettings({}, context({ HOME: '' })).configDir).toBe(join('/home/fallback', '.seclai'));
    expect(resolveSettings({}, context({ HOME: 'relative' })).configDir).toBe(
      join('/home/fallback', '.seclai'),
    );
    const homeless = { ...context({}), homeDir: '' } as Context;
    expect(usageMessage(() => resolveSettings({}, homeless))).toMatch(/no home folder/);
    expect(resolveSettings({ configDir: 'conf' }, homeless).configDir).toBe('/work/here/conf');
  });

  it('--json and --output json agree; --json with another --output is refused', () => {
    expect(resolveSettings({ json: true }, context()).output).toBe('json');
    expect(resolveSettings({ json: true, output: 'json' }, context()).output).toBe('json');
    expect(usageMessage(() => resolveSettings({ json: true, output: 'tsv' }, context()))).toMatch(
      /conflicts/,
    );
    expect(usageMessage(() => resolveSettings({ output: 'xml' }, context()))).toMatch(
      /--output must be one of/,
    );
  });

  it('environment fills what flags leave out; flags win', () => {
    const env = {
      SECLAI_PROFILE: 'work',
      SECLAI_CONFIG_DIR: 'conf',
      SECLAI_API_VERSION: '2026-07-27',
      SECLAI_API_URL: 'http://127.0.0.1:4010',
    };
    const fromEnv = resolveSettings({}, context(env));
    expect(fromEnv).toMatchObject({
      profile: 'work',
      configDir: '/work/here/conf',
      apiVersion: '2026-07-27',
    });
    expect(fromEnv.baseUrl.href).toBe('http://127.0.0.1:4010/');
    const fromFlags = resolveSettings(
      { profile: 'ci', configDir: '/etc/seclai', apiVersion: '2026-10-03' },
      context(env),
    );
    expect(fromFlags).toMatchObject({ profile: 'ci', configDir: '/etc/seclai', apiVersion: '2026-10-03' });
  });

  it('empty flags never fall through to another identity', () => {
    for (const key of ['apiKey', 'profile', 'accountId', 'configDir'] as const) {
      expect(usageMessage(() => resolveSettings({ [key]: '' }, context({ SECLAI_API_KEY: 'k' })))).toMatch(
        /must not be empty/,
      );
      expect(usageMessage(() => resolveSettings({ [key]: '   ' }, context()))).toMatch(/must not be empty/);
    }
  });

  it('--account-id must be a UUID', () => {
    expect(usageMessage(() => resolveSettings({ accountId: 'acme' }, context()))).toMatch(/UUID/);
    expect(resolveSettings({ accountId: '7C3D9E2F-1A4B-4C6D-8E9F-0A1B2C3D4E5F' }, context()).accountId).toBe(
      '7C3D9E2F-1A4B-4C6D-8E9F-0A1B2C3D4E5F',
    );
  });

  it('--timeout becomes milliseconds; SECLAI_DEBUG=1 turns on --debug', () => {
    expect(resolveSettings({ timeout: '2m' }, context()).timeoutMs).toBe(120_000);
    expect(resolveSettings({}, context({ SECLAI_DEBUG: '1' })).debug).toBe(true);
  });
});
