import { readFile, stat } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { credentialsPath, KeychainUnavailableError, osKeychain } from '../../src/auth/keychain.ts';
import { type SsoWorld, startSsoWorld } from '../helpers/sso-world.ts';
import { PERSONAL_ACCOUNT_ID } from '../sim/accounts.ts';

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

const KEY = 'sk-sim-test';

/** The keys in the credentials file, if it exists. */
async function fileKeys(): Promise<string[]> {
  const text = await readFile(credentialsPath(world.configDir), 'utf8').catch(() => '');
  return [...text.matchAll(/api_key = (.*)/g)].map((m) => m[1]);
}

describe('seclai auth login --with-api-key (no usable keychain)', () => {
  it('refuses to store the key in clear without --insecure-storage, and says how', async () => {
    const result = await world.cli(['auth', 'login', '--with-api-key'], { stdin: `${KEY}\n` });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'error: no usable OS keychain to store the key: SECLAI_NO_KEYCHAIN is set',
    );
    expect(result.stderr).toContain('hint: pass --insecure-storage');
    expect(await fileKeys()).toEqual([]);
    expect(result.stdout + result.stderr).not.toContain(KEY);
  });

  it('stores it in the credentials file (0600) with --insecure-storage, and the chain uses it', async () => {
    const result = await world.cli(['--json', 'auth', 'login', '--with-api-key', '--insecure-storage'], {
      stdin: KEY,
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('stored unencrypted in');
    expect(JSON.parse(result.stdout)).toEqual({
      profile: 'default',
      account_id: PERSONAL_ACCOUNT_ID,
      stored_in: credentialsPath(world.configDir),
    });
    expect(result.stdout + result.stderr).not.toContain(KEY);
    expect(await readFile(credentialsPath(world.configDir), 'utf8')).toBe(`[default]\napi_key = ${KEY}\n`);
    if (process.platform !== 'win32') {
      expect((await stat(credentialsPath(world.configDir))).mode & 0o777).toBe(0o600);
    }
    const me = world.sim.requests.find((r) => r.path === '/me');
    expect(me?.headers['x-api-key']).toBe(KEY);

    world.sim.reset();
    const list = await world.cli(['agents', 'list']);
    expect(list.code).toBe(0);
    expect(world.sim.requests[0].headers['x-api-key']).toBe(KEY);
    const status = await world.cli(['auth', 'status', '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ credential: 'api-key', source: 'credentials-file' });

    const fromEnv = await world.cli(['auth', 'status', '--json'], { env: { SECLAI_API_KEY: 'sk-other' } });
    expect(JSON.parse(fromEnv.stdout)).toMatchObject({ source: 'SECLAI_API_KEY' });
    const token = await world.cli(['auth', 'token']);
    expect(token.code).toBe(4);
    expect(token.stdout).toBe('');
    expect(token.stderr).toContain(
      `auth token prints an SSO access token, and API calls here use another credential (an API key is stored for profile "default" in ${credentialsPath(world.configDir)})`,
    );
    expect(token.stderr).not.toContain(KEY);
    const tokenWithEnv = await world.cli(['auth', 'token'], { env: { SECLAI_API_KEY: 'sk-other' } });
    expect(tokenWithEnv.stderr).toContain('API calls here use another credential (SECLAI_API_KEY is set)');
    const fromFlag = await world.cli(['--api-key', 'sk-flag', 'auth', 'status', '--json']);
    expect(JSON.parse(fromFlag.stdout)).toMatchObject({ credential: 'api-key', source: '--api-key' });
    const bearer = await world.cli(
      ['--account-id', '0b6f2a5e-3c1d-4e8f-9a7b-5d2c1e0f4a3b', 'auth', 'status', '--json'],
      {
        env: { SECLAI_ACCESS_TOKEN: 'at-secret-7f3a' },
      },
    );
    expect(bearer.stderr).toBe('');
    expect(JSON.parse(bearer.stdout)).toEqual({
      profile: 'default',
      credential: 'bearer',
      source: 'SECLAI_ACCESS_TOKEN',
      reason: 'SECLAI_ACCESS_TOKEN is set',
      account_id: '0b6f2a5e-3c1d-4e8f-9a7b-5d2c1e0f4a3b',
      account_source: '--account-id',
    });
    expect(bearer.stdout + bearer.stderr).not.toContain('at-secret-7f3a');

    const out = await world.cli(['auth', 'logout']);
    expect(out.stderr).toContain(`Removed the API key stored in ${credentialsPath(world.configDir)}`);
    expect(await readFile(credentialsPath(world.configDir), 'utf8')).toBe('');
    expect((await world.cli(['auth', 'status'])).code).toBe(4);
  });

  it('rejects an empty stdin with exit 2', async () => {
    const result = await world.cli(['auth', 'login', '--with-api-key', '--insecure-storage'], {
      stdin: '  \n',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: no API key on stdin');
    expect(world.sim.requests).toHaveLength(0);
  });

  it('rejects a key the API does not accept (exit 4) and stores nothing', async () => {
    const result = await world.cli(['auth', 'login', '--with-api-key', '--insecure-storage'], {
      stdin: 'sk-wrong',
    });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('the API rejected this API key');
    expect(result.stdout + result.stderr).not.toContain('sk-wrong');
    expect(await fileKeys()).toEqual([]);
  });

  it('never takes the key from arguments', async () => {
    const result = await world.cli(['--api-key', KEY, 'auth', 'login', '--with-api-key'], { stdin: KEY });
    expect(result.code).toBe(2);
    const extra = await world.cli(['auth', 'login', '--with-api-key', KEY]);
    expect(extra.code).toBe(2);
  });

  it('asks with a hidden prompt on a terminal', async () => {
    const result = await world.cli(['auth', 'login', '--with-api-key', '--insecure-storage'], {
      stdinTTY: true,
      stderrTTY: true,
      answers: [KEY],
    });
    expect(result.code).toBe(0);
    expect(result.prompts).toEqual(['Seclai API key']);
  });
});

const keychainProbe = await (async () => {
  try {
    const store = osKeychain({ timeoutMs: 5000 });
    await store.get('seclai-probe');
    await store.set('seclai-probe', 'x');
    await store.remove('seclai-probe');
    return '';
  } catch (err) {
    return err instanceof KeychainUnavailableError ? err.reason : String(err);
  }
})();

describe.skipIf(keychainProbe !== '')(
  `seclai auth login --with-api-key with the OS keychain${keychainProbe ? ` — skipped: ${keychainProbe}` : ''}`,
  () => {
    const profile = `seclai-test-${process.pid}`;
    const cli = (argv: string[], stdin?: string) =>
      world.cli(['--profile', profile, ...argv], { stdin, env: { SECLAI_NO_KEYCHAIN: '' } });

    it('stores the key in the keychain, uses it, and logout removes it', async () => {
      const stored = await cli(['auth', 'login', '--with-api-key'], KEY);
      expect(stored.code).toBe(0);
      expect(stored.stderr).toContain('stored in the OS keychain');
      expect(await osKeychain().get(profile)).toBe(KEY);
      expect(await fileKeys()).toEqual([]);
      const status = await cli(['auth', 'status', '--json']);
      expect(JSON.parse(status.stdout)).toMatchObject({ credential: 'api-key', source: 'keychain' });
      world.sim.reset();
      expect((await cli(['agents', 'list'])).code).toBe(0);
      expect(world.sim.requests[0].headers['x-api-key']).toBe(KEY);
      const out = await cli(['auth', 'logout']);
      expect(out.stderr).toContain('Removed the API key stored in the OS keychain');
      expect(await osKeychain().get(profile)).toBeUndefined();
    });
  },
);
