import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLoginServer } from '../../src/auth/login-server.ts';
import {
  authorizeUrl,
  exchangeCode,
  refreshTokens,
  revokeToken,
  type TokenSet,
} from '../../src/auth/oauth-endpoints.ts';
import { createPkce, createState } from '../../src/auth/pkce.ts';
import { AuthError, CliError } from '../../src/errors.ts';
import { chromiumAvailable, readBrowserLog, runBrowser } from '../helpers/browser.ts';
import { type OAuthServer, startOAuthServer } from '../sim/oauth.ts';

let dir: string;
const servers: { close(): Promise<void> }[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seclai-oauth-'));
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

/** A login server on a free port and an authorization server that accepts its redirect URI. */
async function setup(opts: { accessTokenTtl?: number } = {}) {
  const pkce = createPkce();
  const state = createState();
  const login = await startLoginServer({ port: 0, expectedState: state, timeoutMs: 30_000 });
  servers.push(login);
  const oauth = await startOAuthServer({ redirectUris: [login.redirectUri], ...opts });
  servers.push(oauth);
  const url = authorizeUrl({
    domain: oauth.url,
    clientId: oauth.clientId,
    redirectUri: login.redirectUri,
    state,
    codeChallenge: pkce.challenge,
  });
  return { pkce, state, login, oauth, url };
}

async function signIn(
  driver: 'http' | 'chromium' = 'http',
): Promise<{ oauth: OAuthServer; tokens: TokenSet }> {
  const { pkce, login, oauth, url } = await setup();
  const logFile = join(dir, 'browser.log');
  const browser = await runBrowser(url, { driver, logFile });
  expect(browser.code, browser.stderr).toBe(0);
  const { code } = await login.result;
  const events = await readBrowserLog(logFile);
  const callback = events.find((e) => e.event === 'callback');
  expect(callback?.status).toBe(200);
  expect(callback?.body).toContain('Signed in to Seclai');
  const tokens = await exchangeCode({
    domain: oauth.url,
    clientId: oauth.clientId,
    code,
    redirectUri: login.redirectUri,
    codeVerifier: pkce.verifier,
  });
  return { oauth, tokens };
}

describe('OAuth stand-in: authorization code + PKCE end to end', () => {
  it('signs in, refreshes, revokes, and then refuses the refresh token', async () => {
    const { oauth, tokens } = await signIn();
    expect(tokens.accessToken).toBeTruthy();
    expect(tokens.refreshToken).toBeTruthy();
    expect(tokens.idToken).toBeTruthy();
    expect(tokens.tokenType).toBe('Bearer');
    expect(await oauth.isAccessTokenValid(tokens.accessToken)).toEqual({ accountId: 'alice' });

    const refreshed = await refreshTokens({
      domain: oauth.url,
      clientId: oauth.clientId,
      refreshToken: tokens.refreshToken!,
    });
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(await oauth.isAccessTokenValid(refreshed.accessToken)).toEqual({ accountId: 'alice' });
    // No rotation: the refresh token stays usable.
    expect(refreshed.refreshToken ?? tokens.refreshToken).toBe(tokens.refreshToken);
    expect(oauth.tokenRequests()).toEqual({ authorization_code: 1, refresh_token: 1 });

    await revokeToken({ domain: oauth.url, clientId: oauth.clientId, token: tokens.refreshToken! });
    expect(oauth.revokeRequests()).toBe(1);
    expect(await oauth.isRefreshTokenValid(tokens.refreshToken!)).toBe(false);
    expect(await oauth.isAccessTokenValid(refreshed.accessToken)).toBeNull();

    const again = refreshTokens({
      domain: oauth.url,
      clientId: oauth.clientId,
      refreshToken: tokens.refreshToken!,
    });
    await expect(again).rejects.toBeInstanceOf(AuthError);
    await expect(again).rejects.toMatchObject({
      exitCode: 4,
      message: expect.stringContaining('invalid_grant'),
    });
  });

  it('rejects a code exchanged without the PKCE verifier', async () => {
    const { login, oauth, url } = await setup();
    await runBrowser(url);
    const { code } = await login.result;
    const bad = exchangeCode({
      domain: oauth.url,
      clientId: oauth.clientId,
      code,
      redirectUri: login.redirectUri,
      codeVerifier: createPkce().verifier,
    });
    await expect(bad).rejects.toMatchObject({ message: expect.stringContaining('invalid_grant') });
  });

  it('answers access_denied when the user presses Cancel', async () => {
    const { login, url } = await setup();
    const logFile = join(dir, 'deny.log');
    await runBrowser(url, { action: 'deny', logFile });
    await expect(login.result).rejects.toThrow(/sign-in was denied \(access_denied/);
    const callback = (await readBrowserLog(logFile)).find((e) => e.event === 'callback');
    expect(callback?.status).toBe(400);
    expect(callback?.body).toContain('Sign-in failed');
  });

  it('rejects a callback whose state was changed', async () => {
    const { login, url } = await setup();
    await runBrowser(url, { action: 'tamper-state' });
    await expect(login.result).rejects.toThrow(/different state/);
  });

  it('shows the login form again on a wrong password', async () => {
    const { login, url } = await setup();
    const logFile = join(dir, 'wrong.log');
    const browser = await runBrowser(url, { password: 'nope', logFile });
    expect(browser.code).toBe(1);
    const events = (await readBrowserLog(logFile)).map((e) => e.event);
    expect(events).toEqual(['open', 'submit', 'login-rejected']);
    await login.close();
    await expect(login.result).rejects.toThrow(/cancelled/);
  });

  it('fails the token endpoint on demand and counts the attempts', async () => {
    const { pkce, login, oauth, url } = await setup();
    await runBrowser(url);
    const { code } = await login.result;
    oauth.failTokenEndpoint(1, 503);
    const params = {
      domain: oauth.url,
      clientId: oauth.clientId,
      code,
      redirectUri: login.redirectUri,
      codeVerifier: pkce.verifier,
    };
    const failed = exchangeCode(params);
    await expect(failed).rejects.toBeInstanceOf(CliError);
    await expect(failed).rejects.toThrow(
      /token exchange failed at .*: HTTP 503 \(server_error: injected failure\)/,
    );
    expect((await exchangeCode(params)).accessToken).toBeTruthy();
    expect(oauth.tokenRequests()).toEqual({ authorization_code: 2 });
  });

  it('lets short-lived access tokens expire', async () => {
    const { oauth, tokens } = await signIn();
    oauth.setAccessTokenTtl(1);
    const short = await refreshTokens({
      domain: oauth.url,
      clientId: oauth.clientId,
      refreshToken: tokens.refreshToken!,
    });
    expect(short.expiresIn).toBe(1);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await oauth.isAccessTokenValid(short.accessToken)).toBeNull();
    expect(await oauth.isAccessTokenValid(tokens.accessToken)).toEqual({ accountId: 'alice' });
  });
});

describe.skipIf(!chromiumAvailable())('OAuth stand-in with a real Chromium', { timeout: 60_000 }, () => {
  it('signs in', async () => {
    const { oauth, tokens } = await signIn('chromium');
    expect(await oauth.isAccessTokenValid(tokens.accessToken)).toEqual({ accountId: 'alice' });
  });

  it('delivers access_denied when the user presses Cancel', async () => {
    const { login, url } = await setup();
    const logFile = join(dir, 'deny.log');
    expect((await runBrowser(url, { driver: 'chromium', action: 'deny', logFile })).code).toBe(0);
    await expect(login.result).rejects.toThrow(/access_denied/);
    const callback = (await readBrowserLog(logFile)).find((e) => e.event === 'callback');
    expect(callback?.body).toContain('Sign-in failed');
  });

  it('can tamper with the state on the way back', async () => {
    const { login, url } = await setup();
    await runBrowser(url, { driver: 'chromium', action: 'tamper-state' });
    await expect(login.result).rejects.toThrow(/different state/);
  });

  it('can capture the callback address without loading it', async () => {
    const { login, url, state } = await setup();
    const logFile = join(dir, 'capture.log');
    await runBrowser(url, { driver: 'chromium', action: 'capture', logFile });
    const captured = (await readBrowserLog(logFile)).find((e) => e.event === 'callback-captured');
    expect(new URL(captured!.url!).searchParams.get('state')).toBe(state);
    await login.close();
  });
});
