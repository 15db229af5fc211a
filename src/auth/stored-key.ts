import type { DebugLog } from '../http/redact.ts';
import { credentialsFile, KeychainUnavailableError, osKeychain, type SecretStore } from './keychain.ts';
import type { Warn } from './private-files.ts';

/** `SECLAI_NO_KEYCHAIN=1` keeps the CLI away from the OS keychain (CI, shared machines, tests). */
export function keychainDisabled(env: Record<string, string | undefined>): boolean {
  const v = env.SECLAI_NO_KEYCHAIN;
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

/** The stores an API key may be kept in, in the order the chain asks them. */
export function secretStores(
  configDir: string,
  env: Record<string, string | undefined>,
  warn?: Warn,
): SecretStore[] {
  const file = credentialsFile(configDir, warn);
  return keychainDisabled(env) ? [file] : [osKeychain(), file];
}

export interface StoredKey {
  apiKey: string;
  store: SecretStore;
}

/** The API key stored for a profile; a keychain that cannot be used counts as holding none. */
export async function findStoredKey(
  stores: SecretStore[],
  profile: string,
  debug?: DebugLog,
): Promise<StoredKey | undefined> {
  for (const store of stores) {
    try {
      const apiKey = await store.get(profile);
      if (apiKey) return { apiKey, store };
    } catch (err) {
      const why = err instanceof KeychainUnavailableError ? err.reason : (err as Error).message;
      debug?.(`skipping ${store.label}: ${why}`);
    }
  }
  return undefined;
}
