import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  authorizeUrl,
  exchangeCode,
  logoutUrl,
  refreshTokens,
  revokeToken,
  ssoBaseUrl,
} from '../../src/auth/oauth-endpoints.ts';
import { AuthError, CliError, UsageError } from '../../src/errors.ts';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

interface Seen {
  method?: string;
  path?: string;
  type?: string;
  form?: URLSearchParams;
}

/** A one-answer token endpoint that records what it received. */
async function endpoint(status: number, body: unknown): Promise<{ domain: string; seen: Seen }> {
  const seen: Seen = {};
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      Object.assign(seen, {
        method: req.method,
        path: req.url,
        type: req.headers['content-type'],
        form: new URLSearchParams(raw),
      });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  return { domain: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('ssoBaseUrl', () => {
  it('reads a bare host as https and keeps an explicit loopback http', () => {
    expect(ssoBaseUrl('auth.seclai.com')).toBe('https://auth.seclai.com');
    expect(ssoBaseUrl('auth.example.com:8443')).toBe('https://auth.example.com:8443');
    expect(ssoBaseUrl('https://auth.example.com/')).toBe('https://auth.example.com');
    expect(ssoBaseUrl('http://127.0.0.1:4455')).toBe('http://127.0.0.1:4455');
    expect(ssoBaseUrl('http://localhost:4455')).toBe('http://localhost:4455');
    expect(ssoBaseUrl('http://[::1]:4455')).toBe('http://[::1]:4455');
  });
  it('refuses plain http to a remote host, other schemes, paths and garbage', () => {
    expect(() => ssoBaseUrl('http://auth.example.com')).toThrow(UsageError);
    expect(() => ssoBaseUrl('ftp://auth.example.com')).toThrow(UsageError);
    expect(() => ssoBaseUrl('auth.example.com/oauth2')).toThrow(UsageError);
    expect(() => ssoBaseUrl('')).toThrow(/empty/);
    expect(() => ssoBaseUrl('exa mple')).toThrow(UsageError);
  });
});

describe('authorizeUrl and logoutUrl', () => {
  it('builds the Cognito authorize request', () => {
    const url = new URL(
      authorizeUrl({
        domain: 'auth.seclai.com',
        clientId: 'cid',
        redirectUri: 'http://localhost:9876/callback',
        state: 'st',
        codeChallenge: 'ch',
      }),
    );
    expect(url.origin + url.pathname).toBe('https://auth.seclai.com/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'cid',
      redirect_uri: 'http://localhost:9876/callback',
      scope: 'openid profile email',
      state: 'st',
      code_challenge: 'ch',
      code_challenge_method: 'S256',
    });
  });
  it('builds the hosted UI sign-out address', () => {
    expect(logoutUrl('auth.seclai.com', 'cid', 'http://localhost:9876/')).toBe(
      'https://auth.seclai.com/logout?client_id=cid&logout_uri=http%3A%2F%2Flocalhost%3A9876%2F',
    );
  });
});

describe('token endpoint calls', () => {
  it('exchanges a code with a form-encoded POST', async () => {
    const { domain, seen } = await endpoint(200, {
      access_token: 'at',
      id_token: 'it',
      refresh_token: 'rt',
      expires_in: 3600,
      token_type: 'Bearer',
    });
    const tokens = await exchangeCode({
      domain,
      clientId: 'cid',
      code: 'c',
      redirectUri: 'r',
      codeVerifier: 'v',
    });
    expect(tokens).toEqual({
      accessToken: 'at',
      idToken: 'it',
      refreshToken: 'rt',
      expiresIn: 3600,
      tokenType: 'Bearer',
    });
    expect(seen.method).toBe('POST');
    expect(seen.path).toBe('/oauth2/token');
    expect(seen.type).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(seen.form!)).toEqual({
      grant_type: 'authorization_code',
      client_id: 'cid',
      code: 'c',
      redirect_uri: 'r',
      code_verifier: 'v',
    });
  });

  it('refreshes without expecting a new refresh token', async () => {
    const { domain, seen } = await endpoint(200, {
      access_token: 'at2',
      expires_in: 60,
      token_type: 'Bearer',
    });
    const tokens = await refreshTokens({ domain, clientId: 'cid', refreshToken: 'rt' });
    expect(tokens.refreshToken).toBeUndefined();
    expect(tokens.expiresIn).toBe(60);
    expect(Object.fromEntries(seen.form!)).toEqual({
      grant_type: 'refresh_token',
      client_id: 'cid',
      refresh_token: 'rt',
    });
  });

  it('revokes with token and client_id', async () => {
    const { domain, seen } = await endpoint(200, '');
    await revokeToken({ domain, clientId: 'cid', token: 'rt' });
    expect(seen.path).toBe('/oauth2/revoke');
    expect(Object.fromEntries(seen.form!)).toEqual({ token: 'rt', client_id: 'cid' });
  });

  it('turns a rejected refresh into "log in again" (exit 4) without echoing the token', async () => {
    const { domain } = await endpoint(400, {
      error: 'invalid_grant',
      error_description: 'Refresh Token has been revoked',
    });
    const err = await refreshTokens({ domain, clientId: 'cid', refreshToken: 'SECRET-RT' }).catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.exitCode).toBe(4);
    expect(err.message).toBe(
      'the saved sign-in was rejected (invalid_grant: Refresh Token has been revoked)',
    );
    expect(err.hint).toContain('seclai auth login');
    expect(`${err.message} ${err.hint}`).not.toContain('SECRET-RT');
  });

  it('names an unknown client', async () => {
    const { domain } = await endpoint(400, { error: 'invalid_client' });
    await expect(
      exchangeCode({ domain, clientId: 'x', code: 'c', redirectUri: 'r', codeVerifier: 'v' }),
    ).rejects.toThrow(/rejected the client id/);
  });

  it('reports a server failure with its status, also when the body is not JSON', async () => {
    const { domain } = await endpoint(502, '<html>bad gateway</html>');
    const err = await refreshTokens({ domain, clientId: 'cid', refreshToken: 'rt' }).catch((e) => e);
    expect(err).toBeInstanceOf(CliError);
    expect(err.exitCode).toBe(1);
    expect(err.message).toBe(`refresh failed at ${domain}: HTTP 502`);
  });

  it('rejects a success without an access token', async () => {
    const { domain } = await endpoint(200, { token_type: 'Bearer' });
    await expect(refreshTokens({ domain, clientId: 'cid', refreshToken: 'rt' })).rejects.toThrow(
      /without an access token/,
    );
  });

  it('says when the sign-in service cannot be reached', async () => {
    const { domain } = await endpoint(200, {});
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    await expect(refreshTokens({ domain, clientId: 'cid', refreshToken: 'rt' })).rejects.toThrow(
      new RegExp(
        `could not reach the sign-in service at ${domain} \\(POST /oauth2/token\\): connection refused$`,
      ),
    );
  });
});
