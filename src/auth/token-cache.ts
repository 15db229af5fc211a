import { createHash } from 'node:crypto';
import { readFile, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../write-file-atomic.ts';
import { ensurePrivateDir } from './private-files.ts';

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

/** What a token answer plus the profile's settings become in the cache. */
export interface CacheEntryInput {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  /** Seconds from `now`. */
  expiresIn: number;
  clientId: string;
  region: string;
  cognitoDomain: string;
}

export function toCachedToken(input: CacheEntryInput, now: number): CachedToken {
  return {
    accessToken: input.accessToken,
    refreshToken: input.refreshToken,
    idToken: input.idToken,
    expiresAt: new Date(now + input.expiresIn * 1000).toISOString(),
    clientId: input.clientId,
    region: input.region,
    cognitoDomain: input.cognitoDomain,
  };
}

/**
 * The file's bytes exactly as the SDKs write them: this key order, two-space indent, no trailing
 * newline, absent tokens left out.
 */
export function serializeCachedToken(token: CachedToken): string {
  const ordered: Record<string, string> = { accessToken: token.accessToken };
  if (token.refreshToken) ordered.refreshToken = token.refreshToken;
  if (token.idToken) ordered.idToken = token.idToken;
  ordered.expiresAt = token.expiresAt;
  ordered.clientId = token.clientId;
  ordered.region = token.region;
  ordered.cognitoDomain = token.cognitoDomain;
  return JSON.stringify(ordered, null, 2);
}

/** Creates the cache directory (0700), tightening it if it already exists. */
export async function ensureCacheDir(path: string): Promise<void> {
  ensurePrivateDir(dirname(path));
}

/** Writes an entry atomically: a 0600 temporary file in the same directory, then a rename. */
export async function writeCachedToken(path: string, token: CachedToken): Promise<void> {
  await ensureCacheDir(path);
  await writeFileAtomic(path, serializeCachedToken(token), 0o600);
}

/** Removes an entry; false when there was none. */
export async function removeCachedToken(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
