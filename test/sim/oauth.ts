import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type KoaContext, Provider } from 'oidc-provider';
import { memoryAdapterFactory } from './oauth-adapter.ts';
import { errorPage, escapeHtml, handleInteraction } from './oauth-pages.ts';

export interface OAuthServerOptions {
  /** Listening port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  clientId?: string;
  /** Registered redirect URIs, matched exactly (as Cognito does). */
  redirectUris?: string[];
  /** Shorthand for `redirectUris: ['http://localhost:<port>/callback']`; default 9876. */
  callbackPort?: number;
  /** Access-token lifetime in seconds (default 3600); see also setAccessTokenTtl. */
  accessTokenTtl?: number;
  /** Username → password; default `{ alice: 'secret' }`. */
  users?: Record<string, string>;
  /** `auto` grants consent without a page (default); `form` shows Allow / Cancel. */
  consent?: 'auto' | 'form';
}

export interface OAuthServer {
  /** Base URL, `http://127.0.0.1:<port>`: what `sso_domain` / SECLAI_SSO_DOMAIN should be. */
  url: string;
  issuer: string;
  port: number;
  clientId: string;
  redirectUris: string[];
  close(): Promise<void>;
  /** Requests that reached `/oauth2/token`, by grant_type (failed and injected ones included). */
  tokenRequests(): Record<string, number>;
  /** Requests that reached `/oauth2/revoke`. */
  revokeRequests(): number;
  /** For the Seclai simulator's bearer check: the account of a live access token, else null. */
  isAccessTokenValid(token: string): Promise<{ accountId: string } | null>;
  /** Whether a refresh token is still accepted (not revoked, not expired). */
  isRefreshTokenValid(token: string): Promise<boolean>;
  /** The next `n` token requests fail with `status` (default 500) and an OAuth error body. */
  failTokenEndpoint(n: number, status?: number): void;
  /** Lifetime of access tokens issued from now on, in seconds. */
  setAccessTokenTtl(seconds: number): void;
  /** Errors oidc-provider reported while serving (kept quiet, inspectable by tests). */
  serverErrors(): Error[];
}

let signingKey: Record<string, unknown> | undefined;

/** One RSA key per test process: generating it is the slow part of starting a server. */
function sharedSigningKey(): Record<string, unknown> {
  signingKey ??= {
    ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
    kid: 'stand-in-1',
    alg: 'RS256',
    use: 'sig',
  };
  return signingKey;
}

/**
 * A real OAuth 2.0 / OIDC authorization server (oidc-provider) dressed as Cognito's hosted UI:
 * `/oauth2/authorize`, `/oauth2/token`, `/oauth2/revoke`, `/logout`; one public client with PKCE
 * S256 required; refresh tokens without `offline_access` and without rotation.
 */
export async function startOAuthServer(opts: OAuthServerOptions = {}): Promise<OAuthServer> {
  const clientId = opts.clientId ?? 'seclai-cli-test';
  const redirectUris = opts.redirectUris ?? [`http://localhost:${opts.callbackPort ?? 9876}/callback`];
  const users = opts.users ?? { alice: 'secret' };
  let accessTokenTtl = opts.accessTokenTtl ?? 3600;
  const counts: Record<string, number> = {};
  let revokes = 0;
  let failuresLeft = 0;
  let failureStatus = 500;
  const errors: Error[] = [];

  let handler: ((req: IncomingMessage, res: import('node:http').ServerResponse) => void) | undefined;
  const server: Server = createServer((req, res) => {
    if (handler) handler(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://127.0.0.1:${port}`;

  const provider = new Provider(issuer, {
    adapter: memoryAdapterFactory(),
    jwks: { keys: [sharedSigningKey()] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    clients: [
      {
        client_id: clientId,
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: redirectUris,
        post_logout_redirect_uris: redirectUris.map((uri) => new URL('/logout', uri).toString()),
      },
    ],
    scopes: ['openid', 'profile', 'email'],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
    },
    async findAccount(_ctx: unknown, sub: string) {
      if (!Object.hasOwn(users, sub)) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: `${sub}@example.test`,
          email_verified: true,
          name: sub,
          preferred_username: sub,
        }),
      };
    },
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      introspection: { enabled: false },
      revocation: { enabled: true, allowedPolicy: async () => true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: KoaContext, form: string) => {
          ctx.type = 'html';
          ctx.body = `<!doctype html><html><body><h1>Sign out?</h1>${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button></body></html>`;
        },
        postLogoutSuccessSource: async (ctx: KoaContext) => {
          ctx.type = 'html';
          ctx.body = '<!doctype html><html><body><h1>Signed out</h1></body></html>';
        },
      },
    },
    routes: {
      authorization: '/oauth2/authorize',
      token: '/oauth2/token',
      revocation: '/oauth2/revoke',
      end_session: '/logout',
      userinfo: '/oauth2/userInfo',
      jwks: '/.well-known/jwks.json',
    },
    interactions: {
      url: async (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(t: string): boolean }) =>
      client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: () => false,
    expiresWithSession: async () => false,
    clientBasedCORS: () => false,
    ttl: {
      AccessToken: () => accessTokenTtl,
      AuthorizationCode: 300,
      IdToken: 3600,
      RefreshToken: 30 * 24 * 3600,
      Interaction: 3600,
      Session: 24 * 3600,
      Grant: 30 * 24 * 3600,
      ClientCredentials: 600,
      DeviceCode: 600,
      BackchannelAuthenticationRequest: 600,
      PreAuthorizedCode: 600,
    },
    renderError: async (ctx: KoaContext, out: Record<string, string>) => {
      ctx.type = 'html';
      ctx.body = errorPage(Object.values(out).map(String).join(': '));
    },
  });
  provider.silent = true;
  provider.on('server_error', (_ctx, err) => errors.push(err as Error));
  provider.on('error', (err) => errors.push(err as Error));

  provider.use(async (ctx, next) => {
    const isToken = ctx.method === 'POST' && ctx.path === '/oauth2/token';
    if (ctx.method === 'POST' && ctx.path === '/oauth2/revoke') revokes++;
    if (isToken && failuresLeft > 0) {
      failuresLeft--;
      const form = new URLSearchParams(await readBody(ctx.req));
      count(form.get('grant_type'));
      ctx.status = failureStatus;
      ctx.body = { error: 'server_error', error_description: 'injected failure' };
      return;
    }
    await next();
    if (isToken) count(ctx.oidc?.params?.grant_type);
  });

  const count = (grantType: unknown) => {
    const key = typeof grantType === 'string' && grantType ? grantType : 'unknown';
    counts[key] = (counts[key] ?? 0) + 1;
  };

  const providerHandler = provider.callback();
  handler = (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    if (url.pathname.startsWith('/interaction/')) {
      handleInteraction(provider, { users, consent: opts.consent ?? 'auto' }, req, res).catch(
        (err: Error) => {
          errors.push(err);
          if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
          res.end(errorPage(`interaction failed: ${escapeHtml(err.message)}`));
        },
      );
      return;
    }
    // Cognito names the post-logout target `logout_uri`; oidc-provider follows OIDC's name.
    if (url.pathname === '/logout' && url.searchParams.has('logout_uri')) {
      url.searchParams.set('post_logout_redirect_uri', url.searchParams.get('logout_uri') ?? '');
      url.searchParams.delete('logout_uri');
      req.url = url.pathname + url.search;
    }
    providerHandler(req, res);
  };

  return {
    url: issuer,
    issuer,
    port,
    clientId,
    redirectUris,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    tokenRequests: () => ({ ...counts }),
    revokeRequests: () => revokes,
    async isAccessTokenValid(token) {
      const found = await provider.AccessToken.find(token);
      return found && found.clientId === clientId ? { accountId: found.accountId } : null;
    },
    async isRefreshTokenValid(token) {
      return (await provider.RefreshToken.find(token)) !== undefined;
    },
    failTokenEndpoint(n, status = 500) {
      failuresLeft = n;
      failureStatus = status;
    },
    setAccessTokenTtl(seconds) {
      accessTokenTtl = seconds;
    },
    serverErrors: () => [...errors],
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
