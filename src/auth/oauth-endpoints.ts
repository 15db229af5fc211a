import { errorWords } from '../error-words.ts';
import { AuthError, CliError, UsageError } from '../errors.ts';
import { createAgent, type Dispatcher, undiciRequest } from '../http/undici.ts';

/** What the Cognito token endpoint answers, in our names. */
export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  /** Seconds from now. */
  expiresIn: number;
  tokenType: string;
}

export interface EndpointOptions {
  signal?: AbortSignal;
  dispatcher?: Dispatcher;
  /** Per-request limit for headers and body, in ms. */
  timeoutMs?: number;
}

export const DEFAULT_SCOPE = 'openid profile email';
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The SSO domain as a base URL. A bare host (optionally with a port) means https; an explicit
 * `http://` is accepted only for a loopback host, so tokens never cross a network in clear text.
 */
export function ssoBaseUrl(domain: string): string {
  const trimmed = domain.trim().replace(/\/+$/, '');
  if (!trimmed) throw new UsageError('the SSO domain is empty');
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed);
  let url: URL;
  try {
    url = new URL(hasScheme ? trimmed : `https://${trimmed}`);
  } catch {
    throw new UsageError(`invalid SSO domain: ${domain}`);
  }
  const host = url.hostname.toLowerCase();
  if (url.protocol === 'http:') {
    if (!LOOPBACK_HOSTS.has(host) && !/^127\.\d+\.\d+\.\d+$/.test(host)) {
      throw new UsageError(
        `invalid SSO domain: ${domain}`,
        'http:// is allowed only for a loopback address; use a bare host name for https',
      );
    }
  } else if (url.protocol !== 'https:') {
    throw new UsageError(
      `invalid SSO domain: ${domain}`,
      'use a host name, or https:// / http://127.0.0.1:PORT',
    );
  }
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new UsageError(`invalid SSO domain: ${domain}`, 'give only the host (and port), without a path');
  }
  return url.origin;
}

export interface AuthorizeParams {
  domain: string;
  clientId: string;
  redirectUri: string;
  state: string;
  codeChallenge: string;
  scope?: string;
}

export function authorizeUrl(p: AuthorizeParams): string {
  const url = new URL('/oauth2/authorize', ssoBaseUrl(p.domain));
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: p.clientId,
    redirect_uri: p.redirectUri,
    scope: p.scope ?? DEFAULT_SCOPE,
    state: p.state,
    code_challenge: p.codeChallenge,
    code_challenge_method: 'S256',
  }).toString();
  return url.toString();
}

/** The hosted UI's sign-out page (a browser URL; nothing is sent). */
export function logoutUrl(domain: string, clientId: string, logoutUri: string): string {
  const url = new URL('/logout', ssoBaseUrl(domain));
  url.search = new URLSearchParams({ client_id: clientId, logout_uri: logoutUri }).toString();
  return url.toString();
}

export interface ExchangeParams {
  domain: string;
  clientId: string;
  code: string;
  redirectUri: string;
  codeVerifier: string;
}

export async function exchangeCode(p: ExchangeParams, opts: EndpointOptions = {}): Promise<TokenSet> {
  const body = await postForm(
    p.domain,
    '/oauth2/token',
    {
      grant_type: 'authorization_code',
      client_id: p.clientId,
      code: p.code,
      redirect_uri: p.redirectUri,
      code_verifier: p.codeVerifier,
    },
    opts,
    'sign-in',
  );
  return parseTokenSet(body);
}

export interface RefreshParams {
  domain: string;
  clientId: string;
  refreshToken: string;
}

/** A refresh; the answer usually has no refresh token, so the caller keeps the old one. */
export async function refreshTokens(p: RefreshParams, opts: EndpointOptions = {}): Promise<TokenSet> {
  const body = await postForm(
    p.domain,
    '/oauth2/token',
    { grant_type: 'refresh_token', client_id: p.clientId, refresh_token: p.refreshToken },
    opts,
    'refresh',
  );
  return parseTokenSet(body);
}

export interface RevokeParams {
  domain: string;
  clientId: string;
  token: string;
}

export async function revokeToken(p: RevokeParams, opts: EndpointOptions = {}): Promise<void> {
  await postForm(p.domain, '/oauth2/revoke', { token: p.token, client_id: p.clientId }, opts, 'revoke');
}

type Purpose = 'sign-in' | 'refresh' | 'revoke';

async function postForm(
  domain: string,
  path: string,
  form: Record<string, string>,
  opts: EndpointOptions,
  purpose: Purpose,
): Promise<unknown> {
  const base = ssoBaseUrl(domain);
  const url = new URL(path, base);
  const timeout = opts.timeoutMs ?? 30_000;
  let res: Dispatcher.ResponseData;
  try {
    res = await undiciRequest(opts.dispatcher ?? sharedAgent(), {
      origin: url.origin,
      path: url.pathname + url.search,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
      signal: opts.signal,
      headersTimeout: timeout,
      bodyTimeout: timeout,
    });
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    throw new CliError(
      `could not reach the sign-in service at ${base} (POST ${url.pathname}): ${describe(err)}`,
    );
  }
  const text = await res.body.text().catch(() => '');
  const json = parseJson(text);
  if (res.statusCode >= 200 && res.statusCode < 300) return json;
  throw oauthFailure(purpose, base, res.statusCode, json);
}

/** Turns an OAuth error answer into a message that names the cause but never echoes a token. */
function oauthFailure(purpose: Purpose, base: string, status: number, json: unknown): CliError {
  const fields = isRecord(json) ? json : {};
  const code = typeof fields.error === 'string' ? safeText(fields.error, 64) : undefined;
  const description =
    typeof fields.error_description === 'string' ? safeText(fields.error_description, 200) : undefined;
  const detail = [code, description].filter(Boolean).join(': ');
  if (code === 'invalid_grant' && purpose === 'refresh') {
    return new AuthError(
      `the saved sign-in was rejected (${detail})`,
      'run `seclai auth login` to sign in again',
    );
  }
  if (code === 'invalid_grant' && purpose === 'sign-in') {
    return new AuthError(`the sign-in code was rejected (${detail})`, 'run `seclai auth login` again');
  }
  if (code === 'invalid_client' || code === 'unauthorized_client') {
    return new AuthError(
      `the sign-in service rejected the client id (${detail || `HTTP ${status}`})`,
      'check sso_client_id with `seclai configure list`',
    );
  }
  const verb = purpose === 'sign-in' ? 'token exchange' : purpose;
  return new CliError(`${verb} failed at ${base}: HTTP ${status}${detail ? ` (${detail})` : ''}`);
}

function parseTokenSet(json: unknown): TokenSet {
  if (!isRecord(json) || typeof json.access_token !== 'string' || !json.access_token) {
    throw new CliError('the sign-in service answered without an access token');
  }
  const expiresIn = Number(json.expires_in);
  return {
    accessToken: json.access_token,
    refreshToken:
      typeof json.refresh_token === 'string' && json.refresh_token ? json.refresh_token : undefined,
    idToken: typeof json.id_token === 'string' && json.id_token ? json.id_token : undefined,
    expiresIn: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600,
    tokenType: typeof json.token_type === 'string' ? json.token_type : 'Bearer',
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function safeText(s: string, max: number): string {
  const oneLine = s.replace(/[\x00-\x1f\x7f]+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

/** In words; a `fetch failed` style error says what happened in its cause. */
function describe(err: unknown): string {
  const cause = (err as { code?: unknown; cause?: unknown } | null)?.cause;
  return errorWords(typeof (err as { code?: unknown })?.code !== 'string' && cause ? cause : err);
}

let agent: Dispatcher | undefined;

function sharedAgent(): Dispatcher {
  agent ??= createAgent({ connect: { timeout: 10_000 } });
  return agent;
}
