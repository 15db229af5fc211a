import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The SSO token cache entry, in the SDKs' wire format (camelCase keys). */
export interface CachedToken {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  expiresAt: string;
  clientId: string;
  region: string;
  cognitoDomain: string;
}

/** A token counts as valid while now + 30 s < expiresAt. */
export const EXPIRY_MARGIN_MS = 30_000;

export function cacheDir(configDir: string): string {
  return join(configDir, 'sso', 'cache');
}

export function cacheFileName(ssoDomain: string, clientId: string): string {
  return `${createHash('sha1').update(`${ssoDomain}|${clientId}`).digest('hex')}.json`;
}

export function cachePath(configDir: string, ssoDomain: string, clientId: string): string {
  return join(cacheDir(configDir), cacheFileName(ssoDomain, clientId));
}

export function isTokenValid(token: CachedToken, now: number): boolean {
  const expires = Date.parse(token.expiresAt);
  return Number.isFinite(expires) && now + EXPIRY_MARGIN_MS < expires;
}

/** Reads a cache entry. Missing, unreadable or malformed files all mean "not logged in". */
export async function readCachedToken(path: string): Promise<CachedToken | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return isCachedToken(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function isCachedToken(value: unknown): value is CachedToken {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.accessToken === 'string' &&
    v.accessToken !== '' &&
    typeof v.expiresAt === 'string' &&
    (v.refreshToken === undefined || typeof v.refreshToken === 'string')
  );
}
