import { checkHeaderValue } from '../http/header-value.ts';
import type { DebugLog } from '../http/redact.ts';
import { checkAccountId } from '../settings.ts';
import { type ProfileSettings, readConfig, resolveProfile } from './config-file.ts';
import { tightenPrivate, type Warn } from './private-files.ts';
import type { SsoSession } from './sso-session.ts';

export type Credential =
  | { kind: 'api-key'; apiKey: string; source: 'flag' | 'env' | 'keychain' | 'credentials-file' }
  | {
      kind: 'bearer';
      source: 'sso' | 'env';
      accessToken: string;
      expiresAt?: string;
      /** X-Account-Id to send: --account-id, else the profile's sso_account_id. */
      accountId?: string;
      /** For `sso`: the cached sign-in, which can be refreshed. */
      sso?: SsoSession;
    };

export interface CredentialRequest {
  configDir: string;
  profile: string;
  env: Record<string, string | undefined>;
  apiKeyFlag?: string;
  accountIdFlag?: string;
  /** The current time, read when the token's expiry is checked and again if a refresh happens. */
  clock: () => number;
  debug?: DebugLog;
  /** Told when a folder or file holding secrets had to be tightened. */
  warn?: Warn;
  timeoutMs?: number;
  /** Told every secret the chain reads (keys, tokens), so that nothing printed shows it. */
  onSecret?: (secret: string) => void;
}

/** Which link of the chain answers, found without refreshing or sending anything. */
export type ChainPick =
  | { kind: 'api-key'; apiKey: string; source: 'flag' | 'env' }
  | {
      kind: 'stored-key';
      apiKey: string;
      source: 'keychain' | 'credentials-file';
      /** Where the key is kept, for people ("the OS keychain", a file path). */
      storeLabel: string;
    }
  | { kind: 'bearer'; source: 'env'; accessToken: string; accountId?: string; profile: ProfileSettings }
  | { kind: 'sso'; sso: SsoSession; accountId?: string; profile: ProfileSettings };

/**
 * The credential chain of auth.md, up to the choice: --api-key, SECLAI_API_KEY,
 * SECLAI_ACCESS_TOKEN, an API key stored by `auth login --with-api-key` (OS keychain, then the
 * credentials file), then the profile's SSO sign-in, whose cached token is not read here.
 */
export async function pickCredential(req: CredentialRequest): Promise<ChainPick> {
  const pick = await pickUnchecked(req);
  if (pick.kind === 'api-key' || pick.kind === 'stored-key') {
    req.onSecret?.(pick.apiKey);
    checkHeaderValue(pick.apiKey, API_KEY_SETTING[pick.source]);
  } else {
    if (pick.kind === 'bearer') {
      req.onSecret?.(pick.accessToken);
      checkHeaderValue(pick.accessToken, 'SECLAI_ACCESS_TOKEN');
    }
    if (pick.accountId !== undefined) checkAccountId(pick.accountId, accountIdSetting(req, pick.profile));
  }
  return pick;
}

const API_KEY_SETTING = {
  flag: '--api-key',
  env: 'SECLAI_API_KEY',
  keychain: 'the API key stored in the OS keychain',
  'credentials-file': 'the API key stored in the credentials file',
} as const;

/** Where the X-Account-Id value came from, in the words a user can act on. */
function accountIdSetting(req: CredentialRequest, profile: ProfileSettings): string {
  if (req.accountIdFlag !== undefined) return '--account-id';
  const fromDefault = profile.sources.sso_account_id?.source === 'default-section';
  return `sso_account_id of profile "${fromDefault ? 'default' : profile.profile}"`;
}

async function pickUnchecked(req: CredentialRequest): Promise<ChainPick> {
  if (req.apiKeyFlag !== undefined) return { kind: 'api-key', apiKey: req.apiKeyFlag, source: 'flag' };
  if (req.env.SECLAI_API_KEY) return { kind: 'api-key', apiKey: req.env.SECLAI_API_KEY, source: 'env' };
  tightenPrivate(req.configDir, 0o700, req.warn);
  const profile = resolveProfile(await readConfig(req.configDir), req.profile, req.env);
  const accountId = req.accountIdFlag ?? profile.ssoAccountId;
  if (req.env.SECLAI_ACCESS_TOKEN) {
    return { kind: 'bearer', source: 'env', accessToken: req.env.SECLAI_ACCESS_TOKEN, accountId, profile };
  }
  // Stored keys and the SSO cache need the keychain binding, crypto and the lock library: loaded
  // only when no flag or variable already answered.
  const [{ findStoredKey, secretStores }, { SsoSession }] = await Promise.all([
    import('./stored-key.ts'),
    import('./sso-session.ts'),
  ]);
  const stored = await findStoredKey(secretStores(req.configDir, req.env, req.warn), req.profile, req.debug);
  if (stored) {
    return {
      kind: 'stored-key',
      apiKey: stored.apiKey,
      source: stored.store.kind,
      storeLabel: stored.store.label,
    };
  }
  return { kind: 'sso', sso: ssoSessionFor(SsoSession, req, profile), accountId, profile };
}

/**
 * The credential an API call uses: the chain's pick, with the cached SSO token refreshed when it
 * has expired. Throws AuthError (exit 4) when nothing is usable.
 */
export async function resolveCredential(req: CredentialRequest): Promise<Credential> {
  const pick = await pickCredential(req);
  switch (pick.kind) {
    case 'api-key':
    case 'stored-key':
      return { kind: 'api-key', apiKey: pick.apiKey, source: pick.source };
    case 'bearer':
      return { kind: 'bearer', source: 'env', accessToken: pick.accessToken, accountId: pick.accountId };
    case 'sso': {
      const token = await pick.sso.validToken();
      req.onSecret?.(token.accessToken);
      checkHeaderValue(token.accessToken, `the cached SSO access token of profile "${pick.profile.profile}"`);
      return {
        kind: 'bearer',
        source: 'sso',
        accessToken: token.accessToken,
        expiresAt: token.expiresAt,
        accountId: pick.accountId,
        sso: pick.sso,
      };
    }
  }
}

function ssoSessionFor(
  Session: typeof SsoSession,
  req: CredentialRequest,
  profile: ProfileSettings,
): SsoSession {
  return new Session({
    configDir: req.configDir,
    settings: profile,
    now: req.clock,
    debug: req.debug,
    warn: req.warn,
    timeoutMs: req.timeoutMs,
    onSecret: req.onSecret,
  });
}

/**
 * Request headers for a credential. After a 401 (`forceRefresh`) an SSO token is replaced once:
 * by one another process already refreshed, or by a refresh.
 */
export async function credentialHeaders(
  credential: Credential,
  { forceRefresh }: { forceRefresh: boolean },
): Promise<Record<string, string>> {
  if (credential.kind === 'api-key') return { 'x-api-key': credential.apiKey };
  if (forceRefresh && credential.sso && !refreshedAfterRejection.has(credential)) {
    refreshedAfterRejection.add(credential);
    const token = await credential.sso.validToken(credential.accessToken);
    credential.accessToken = token.accessToken;
    credential.expiresAt = token.expiresAt;
  }
  return { authorization: `Bearer ${credential.accessToken}` };
}

const refreshedAfterRejection = new WeakSet<Credential>();

/** Whether a 401 with this credential is worth one refresh and retry. */
export function canRefresh(credential: Credential): boolean {
  return credential.kind === 'bearer' && credential.sso !== undefined;
}
