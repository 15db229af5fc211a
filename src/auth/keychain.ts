import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseIni, sectionName } from './config-file.ts';
import { updateIniFile } from './config-write.ts';
import { tightenPrivate, type Warn } from './private-files.ts';

export const KEYCHAIN_SERVICE = 'seclai';
const API_KEY = 'api_key';

/** Where an API key can be kept for a profile. */
export interface SecretStore {
  readonly kind: 'keychain' | 'credentials-file';
  /** For messages: "the OS keychain" or the file's path. */
  readonly label: string;
  get(profile: string): Promise<string | undefined>;
  set(profile: string, apiKey: string): Promise<void>;
  /** True when something was removed. */
  remove(profile: string): Promise<boolean>;
}

/** The OS keychain cannot be used here; `reason` says why in plain words. */
export class KeychainUnavailableError extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(`no usable OS keychain: ${reason}`);
    this.name = 'KeychainUnavailableError';
    this.reason = reason;
  }
}

export interface KeychainOptions {
  /** Bounds each keychain call; an unlock prompt on a desktop needs a human, so be generous. */
  timeoutMs?: number;
}

type KeyringModule = typeof import('@napi-rs/keyring');

/**
 * The OS keychain through @napi-rs/keyring: service `seclai`, account = profile name. On Linux
 * the entry is pinned to the Secret Service; the kernel keyring is never used, because it is
 * neither persistent nor scoped to the user's login session.
 */
export function osKeychain(opts: KeychainOptions = {}): SecretStore {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const entry = async (profile: string) => {
    let mod: KeyringModule;
    try {
      mod = await import('@napi-rs/keyring');
    } catch (err) {
      throw new KeychainUnavailableError(`the keyring module could not be loaded (${messageOf(err)})`);
    }
    try {
      return new mod.AsyncEntry(KEYCHAIN_SERVICE, profile, { linux: { store: 'secret-service' } });
    } catch (err) {
      throw unavailable(err);
    }
  };
  const call = async <T>(
    profile: string,
    op: (e: InstanceType<KeyringModule['AsyncEntry']>, signal: AbortSignal) => Promise<T>,
  ) => {
    const e = await entry(profile);
    try {
      return await op(e, AbortSignal.timeout(timeoutMs));
    } catch (err) {
      throw unavailable(err);
    }
  };
  return {
    kind: 'keychain',
    label: 'the OS keychain',
    get: async (profile) => (await call(profile, (e, signal) => e.getPassword(signal))) ?? undefined,
    set: (profile, apiKey) => call(profile, (e, signal) => e.setPassword(apiKey, signal)),
    remove: (profile) => call(profile, (e, signal) => e.deleteCredential(signal)),
  };
}

/** Translates the binding's platform errors into a reason a user can act on. */
function unavailable(err: unknown): KeychainUnavailableError {
  if (err instanceof KeychainUnavailableError) return err;
  const raw = messageOf(err);
  if ((err as { name?: string })?.name === 'TimeoutError' || /aborted|timed? ?out/i.test(raw)) {
    return new KeychainUnavailableError('the keychain did not answer in time');
  }
  if (
    /DBUS_SESSION_BUS_ADDRESS|autolaunch|Failed to connect to socket|No such file or directory/i.test(raw)
  ) {
    return new KeychainUnavailableError(
      'no D-Bus session bus, so no Secret Service (gnome-keyring, KWallet) is reachable',
    );
  }
  if (/org\.freedesktop\.secrets|ServiceUnknown|was not provided by any \.service/i.test(raw)) {
    return new KeychainUnavailableError('no Secret Service (gnome-keyring, KWallet, KeePassXC) is running');
  }
  if (/prompt was dismissed|locked/i.test(raw)) {
    return new KeychainUnavailableError('the keyring is locked and was not unlocked');
  }
  return new KeychainUnavailableError(raw);
}

export function credentialsPath(configDir: string): string {
  return join(configDir, 'credentials');
}

/**
 * `<config dir>/credentials`, an INI file with mode 0600 in the config's section naming: used
 * only when the user asked for it (`--insecure-storage`), because the key sits there in clear.
 */
export function credentialsFile(configDir: string, warn?: Warn): SecretStore {
  const path = credentialsPath(configDir);
  const read = async () => {
    try {
      tightenPrivate(path, 0o600, warn);
      return parseIni(await readFile(path, 'utf8'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  };
  return {
    kind: 'credentials-file',
    label: path,
    get: async (profile) => (await read())?.get(sectionName(profile))?.get(API_KEY) || undefined,
    set: (profile, apiKey) => updateIniFile(path, sectionName(profile), { [API_KEY]: apiKey }, { warn }),
    async remove(profile) {
      const had = (await read())?.get(sectionName(profile))?.has(API_KEY) ?? false;
      if (had)
        await updateIniFile(
          path,
          sectionName(profile),
          { [API_KEY]: null },
          { dropEmptiedSection: true, warn },
        );
      return had;
    },
  };
}

function messageOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/[\x00-\x1f\x7f]+/g, ' ').trim() || 'unknown error';
}
