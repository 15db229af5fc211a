// Authenticates a request: `X-API-Key`, or `Authorization: Bearer` checked by a pluggable verifier.
import type { IncomingHttpHeaders } from 'node:http';
import type { Account } from './router.ts';
import type { BearerIdentity, SimState } from './state.ts';

export type BearerVerifier = (token: string) => Promise<BearerIdentity | null> | BearerIdentity | null;

export type AuthResult =
  | { ok: true; account: Account }
  | { ok: false; status: number; code: string; message: string };

export function registeredTokenVerifier(state: SimState): BearerVerifier {
  return (token) => state.bearerTokens.get(token) ?? null;
}

export async function authenticate(
  headers: IncomingHttpHeaders,
  state: SimState,
  verifyBearer: BearerVerifier,
): Promise<AuthResult> {
  const apiKey = single(headers['x-api-key']);
  if (apiKey !== undefined) {
    const accountId = state.apiKeys.get(apiKey);
    if (accountId === undefined) return denied('API_NOT_AUTHENTICATED', 'Invalid API key');
    // X-Account-Id is ignored for API keys: the key's account is always used.
    return { ok: true, account: { id: accountId, homeId: accountId, auth: 'api_key', credential: apiKey } };
  }
  const authorization = single(headers.authorization);
  const bearer = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] : undefined;
  if (!authorization)
    return denied('API_NOT_AUTHENTICATED', 'Missing authentication: send X-API-Key or a Bearer token');
  if (!bearer) return denied('USER_NOT_AUTHENTICATED', 'Malformed Authorization header');
  const identity = await verifyBearer(bearer);
  if (!identity) return denied('USER_NOT_AUTHENTICATED', 'Invalid or expired access token');
  const requested = single(headers['x-account-id']);
  const defaultAccount = identity.accountId ?? state.personalAccountId;
  if (
    requested !== undefined &&
    requested !== defaultAccount &&
    !state.accessibleAccountIds().includes(requested)
  ) {
    return {
      ok: false,
      status: 403,
      code: 'ACCOUNT_ACCESS_DENIED',
      message: `Not a member of account ${requested}`,
    };
  }
  return {
    ok: true,
    account: { id: requested ?? defaultAccount, homeId: defaultAccount, auth: 'bearer', credential: bearer },
  };
}

function denied(code: string, message: string): AuthResult {
  return { ok: false, status: 401, code, message };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
