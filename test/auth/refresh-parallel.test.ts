import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachePath, serializeCachedToken } from '../../src/auth/token-cache.ts';
import { type SsoWorld, startSsoWorld } from '../helpers/sso-world.ts';

const entry = fileURLToPath(new URL('./fixtures/cli-main.ts', import.meta.url));

let world: SsoWorld;
beforeAll(async () => {
  world = await startSsoWorld();
});
afterAll(async () => {
  await world.close();
});

function seclai(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [entry, ...argv], { env: world.env, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('an expired SSO token and 8 processes at once', () => {
  it('makes exactly one refresh request, and all 8 calls succeed', { timeout: 60_000 }, async () => {
    const login = await world.cli(['auth', 'login', '--port', String(world.callbackPort)]);
    expect(login.code).toBe(0);
    const file = cachePath(world.configDir, world.oauth.url, world.oauth.clientId);
    const cached = JSON.parse(await readFile(file, 'utf8'));
    cached.expiresAt = new Date(Date.now() - 60_000).toISOString();
    await writeFile(file, serializeCachedToken(cached));
    const before = world.oauth.tokenRequests().refresh_token ?? 0;
    world.sim.reset();

    const results = await Promise.all(Array.from({ length: 8 }, () => seclai(['agents', 'list', '--json'])));

    for (const r of results) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(() => JSON.parse(r.stdout)).not.toThrow();
    }
    expect((world.oauth.tokenRequests().refresh_token ?? 0) - before).toBe(1);
    const after = JSON.parse(await readFile(file, 'utf8'));
    expect(after.accessToken).not.toBe(cached.accessToken);
    expect(after.refreshToken).toBe(cached.refreshToken);
    const bearers = new Set(world.sim.requests.map((r) => r.headers.authorization));
    expect(bearers).toEqual(new Set([`Bearer ${after.accessToken}`]));
    expect(world.sim.requests).toHaveLength(8);
  });
});
