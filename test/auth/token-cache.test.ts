import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type CachedToken,
  cachePath,
  isTokenValid,
  readCachedToken,
  removeCachedToken,
  serializeCachedToken,
  toCachedToken,
  writeCachedToken,
} from '../../src/auth/token-cache.ts';

const posix = process.platform !== 'win32';
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seclai-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const full: CachedToken = {
  accessToken: 'eyJ.access',
  refreshToken: 'refresh-1',
  idToken: 'eyJ.id',
  expiresAt: '2026-11-23T14:05:00.000Z',
  clientId: '4bgf8v9qmc5puivbaqon9n5lmr',
  region: 'us-west-2',
  cognitoDomain: 'auth.seclai.com',
};

describe('cache location', () => {
  it('is sso/cache/<sha1 of "domain|clientId">.json', () => {
    const sha = createHash('sha1').update('auth.seclai.com|4bgf8v9qmc5puivbaqon9n5lmr').digest('hex');
    expect(cachePath('/cfg', 'auth.seclai.com', '4bgf8v9qmc5puivbaqon9n5lmr')).toBe(
      join('/cfg', 'sso', 'cache', `${sha}.json`),
    );
  });
});

describe('serializeCachedToken', () => {
  it('writes the SDK bytes: key order, two-space indent, no trailing newline', () => {
    expect(serializeCachedToken(full)).toBe(`{
  "accessToken": "eyJ.access",
  "refreshToken": "refresh-1",
  "idToken": "eyJ.id",
  "expiresAt": "2026-11-23T14:05:00.000Z",
  "clientId": "4bgf8v9qmc5puivbaqon9n5lmr",
  "region": "us-west-2",
  "cognitoDomain": "auth.seclai.com"
}`);
  });

  it('leaves out absent refresh and id tokens, whatever order the object had', () => {
    const scrambled = {
      cognitoDomain: 'd',
      region: 'r',
      clientId: 'c',
      expiresAt: '2026-01-01T00:00:00.000Z',
      accessToken: 'a',
    } as CachedToken;
    expect(Object.keys(JSON.parse(serializeCachedToken(scrambled)))).toEqual([
      'accessToken',
      'expiresAt',
      'clientId',
      'region',
      'cognitoDomain',
    ]);
  });
});

describe('toCachedToken', () => {
  it('turns expires_in into an ISO instant with milliseconds and Z', () => {
    const now = Date.parse('2026-11-23T13:05:00.000Z');
    const token = toCachedToken(
      { accessToken: 'a', expiresIn: 3600, clientId: 'c', region: 'r', cognitoDomain: 'd' },
      now,
    );
    expect(token.expiresAt).toBe('2026-11-23T14:05:00.000Z');
    expect(isTokenValid(token, now)).toBe(true);
    expect(isTokenValid(token, Date.parse('2026-11-23T14:04:30.000Z'))).toBe(false);
    expect(isTokenValid(token, Date.parse('2026-11-23T14:04:29.999Z'))).toBe(true);
  });
});

describe('writeCachedToken', () => {
  it('round-trips and creates the directory 0700 and the file 0600', async () => {
    const path = cachePath(dir, 'auth.seclai.com', 'cid');
    await writeCachedToken(path, full);
    expect(await readFile(path, 'utf8')).toBe(serializeCachedToken(full));
    expect(await readCachedToken(path)).toEqual(full);
    if (posix) {
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      expect((await stat(dirname(path))).mode & 0o777).toBe(0o700);
    }
  });

  it.skipIf(!posix)('tightens an existing cache directory and replaces a loose file', async () => {
    const path = cachePath(dir, 'd', 'c');
    await mkdir(dirname(path), { recursive: true, mode: 0o755 });
    await writeFile(path, '{}', { mode: 0o644 });
    await writeCachedToken(path, full);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(dirname(path))).mode & 0o777).toBe(0o700);
  });

  it('replaces atomically and leaves no temporary files', async () => {
    const path = cachePath(dir, 'd', 'c');
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => writeCachedToken(path, { ...full, accessToken: `token-${i}` })),
    );
    const read = await readCachedToken(path);
    expect(read?.accessToken).toMatch(/^token-\d+$/);
    expect(await readdir(dirname(path))).toEqual([path.split(/[\\/]/).pop()]);
  });

  it('removes an entry and says whether there was one', async () => {
    const path = cachePath(dir, 'd', 'c');
    await writeCachedToken(path, full);
    expect(await removeCachedToken(path)).toBe(true);
    expect(await removeCachedToken(path)).toBe(false);
    expect(await readCachedToken(path)).toBeUndefined();
  });
});

describe('readCachedToken', () => {
  it.each([
    ['not JSON', '{"accessToken": '],
    ['an array', '[]'],
    ['no access token', '{"expiresAt":"2026-01-01T00:00:00Z"}'],
    ['a number token', '{"accessToken":1,"expiresAt":"x"}'],
    ['empty', ''],
  ])('treats %s as signed out, and leaves the file alone', async (_name, content) => {
    const path = cachePath(dir, 'd', 'c');
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
    expect(await readCachedToken(path)).toBeUndefined();
    expect(await readFile(path, 'utf8')).toBe(content);
  });

  it('accepts what the Python SDK writes (+00:00 offsets, no refresh token)', async () => {
    const path = cachePath(dir, 'd', 'c');
    await mkdir(dirname(path), { recursive: true });
    await writeFile(
      path,
      '{"accessToken": "a", "expiresAt": "2026-11-23T14:05:00+00:00", "clientId": "c", "region": "r", "cognitoDomain": "d"}',
    );
    const token = await readCachedToken(path);
    expect(token?.accessToken).toBe('a');
    expect(isTokenValid(token!, Date.parse('2026-11-23T14:00:00Z'))).toBe(true);
  });

  it.skipIf(!posix || process.getuid?.() === 0)('treats an unreadable file as signed out', async () => {
    const path = cachePath(dir, 'd', 'c');
    await writeCachedToken(path, full);
    await chmod(path, 0o000);
    expect(await readCachedToken(path)).toBeUndefined();
  });

  it('treats a directory in place of the file as signed out', async () => {
    const path = cachePath(dir, 'd', 'c');
    await mkdir(path, { recursive: true });
    expect(await readCachedToken(path)).toBeUndefined();
  });
});
