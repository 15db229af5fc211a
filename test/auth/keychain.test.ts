import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  credentialsFile,
  credentialsPath,
  KeychainUnavailableError,
  osKeychain,
} from '../../src/auth/keychain.ts';

const keychainModule = fileURLToPath(new URL('../../src/auth/keychain.ts', import.meta.url));
const run = `${process.pid}-${Date.now().toString(36)}`;
const profile = (name: string) => `seclai-test-${run}-${name}`;

/** Decided once: is a Secret Service (or the platform keychain) usable here, and if not, why. */
const probe = await (async () => {
  const store = osKeychain({ timeoutMs: 5000 });
  try {
    await store.set(profile('probe'), 'probe');
    await store.remove(profile('probe'));
    return { usable: true as const, reason: '' };
  } catch (err) {
    if (err instanceof KeychainUnavailableError) return { usable: false as const, reason: err.reason };
    throw err;
  }
})();

const hasSecretTool = (() => {
  if (process.platform !== 'linux') return false;
  try {
    execFileSync('secret-tool', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ENOENT';
  }
})();

const keychainTitle = probe.usable
  ? 'OS keychain (Secret Service on Linux)'
  : `OS keychain — skipped: no usable keychain here (${probe.reason}); CI runs these under dbus-run-session with gnome-keyring`;

describe.skipIf(!probe.usable)(keychainTitle, () => {
  const store = osKeychain({ timeoutMs: 10_000 });
  const used: string[] = [];
  afterAll(async () => {
    for (const p of used) await store.remove(p).catch(() => {});
  });
  const name = (n: string) => {
    used.push(profile(n));
    return profile(n);
  };

  it('stores, reads, replaces and deletes a key per profile', async () => {
    const a = name('a');
    const b = name('b');
    expect(await store.get(a)).toBeUndefined();
    await store.set(a, 'key-a-1');
    await store.set(b, 'key-b');
    await store.set(a, 'key-a-2');
    expect(await store.get(a)).toBe('key-a-2');
    expect(await store.get(b)).toBe('key-b');
    expect(await store.remove(a)).toBe(true);
    expect(await store.remove(a)).toBe(false);
    expect(await store.get(a)).toBeUndefined();
    expect(await store.get(b)).toBe('key-b');
  });

  it.skipIf(!hasSecretTool)(
    'lands in the Secret Service under service "seclai", account = profile',
    async () => {
      const p = name('visible');
      await store.set(p, 'sk-visible');
      const found = execFileSync('secret-tool', ['lookup', 'service', 'seclai', 'username', p], {
        encoding: 'utf8',
      });
      expect(found).toBe('sk-visible');
    },
  );
});

describe.skipIf(process.platform !== 'linux')('OS keychain without a Secret Service', () => {
  /** Runs the store in a child whose D-Bus address leads nowhere. */
  function setInIsolation(env: Record<string, string | undefined>): Promise<string> {
    const script = `
      import { osKeychain } from ${JSON.stringify(keychainModule)};
      try { await osKeychain({ timeoutMs: 5000 }).set('nobody', 'x'); console.log('stored'); }
      catch (err) { console.log(err.name + ': ' + err.message); }`;
    return new Promise((resolve, reject) => {
      execFile(
        process.execPath,
        ['--input-type=module', '-e', script],
        { env: { ...process.env, ...env }, timeout: 20_000 },
        (err, stdout) => (err ? reject(err) : resolve(stdout.trim())),
      );
    });
  }

  it('says there is no usable keychain instead of falling back to the kernel keyring', async () => {
    const out = await setInIsolation({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' });
    expect(out).toBe(
      'KeychainUnavailableError: no usable OS keychain: no D-Bus session bus, so no Secret Service (gnome-keyring, KWallet) is reachable',
    );
  });
});

describe('credentials file fallback', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seclai-cred-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps keys per profile in an INI file with mode 0600', async () => {
    const store = credentialsFile(dir);
    expect(store.label).toBe(credentialsPath(dir));
    expect(await store.get('default')).toBeUndefined();
    await store.set('default', 'sk-default');
    await store.set('staging', 'sk-staging');
    expect(await store.get('default')).toBe('sk-default');
    expect(await store.get('staging')).toBe('sk-staging');
    expect(await readFile(credentialsPath(dir), 'utf8')).toBe(
      '[default]\napi_key = sk-default\n\n[profile staging]\napi_key = sk-staging\n',
    );
    if (process.platform !== 'win32') expect((await stat(credentialsPath(dir))).mode & 0o777).toBe(0o600);
  });

  it('removes only the profile’s key and keeps the rest of the file', async () => {
    await writeFile(credentialsPath(dir), '# keep me\n[default]\napi_key = sk-1\nnote = mine\n');
    const store = credentialsFile(dir);
    expect(await store.remove('default')).toBe(true);
    expect(await store.remove('default')).toBe(false);
    expect(await store.remove('other')).toBe(false);
    expect(await readFile(credentialsPath(dir), 'utf8')).toBe('# keep me\n[default]\nnote = mine\n');
  });
});
