import type { DebugLog } from '../http/redact.ts';
import { credentialsFile, KeychainUnavailableError, osKeychain, type SecretStore } from './keychain.ts';

/** `SECLAI_NO_KEYCHAIN=1` keeps the CLI away from the OS keychain (CI, shared machines, tests). */
export function keychainDisabled(env: Record<string, string | undefined>): boolean {
  const v = env.SECLAI_NO_KEYCHAIN;
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

/** The stores an API key may be kept in, in the order the chain asks them. */
export function secretStores(configDir: string, env: Record<string, string | undefined>): SecretStore[] {
  return keychainDisabled(env) ? [credentialsFile(configDir)] : [osKeychain(), credentialsFile(configDir)];
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
