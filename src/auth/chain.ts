import { AuthError } from '../errors.ts';
import { type ProfileSettings, readConfig, resolveProfile } from './config-file.ts';
import { cachePath, isTokenValid, readCachedToken } from './token-cache.ts';

export type Credential =
  | { kind: 'api-key'; apiKey: string; source: 'flag' | 'env' | 'keychain' | 'credentials-file' }
  | {
      kind: 'bearer';
      source: 'sso' | 'env';
      accessToken: string;
      expiresAt?: string;
      /** X-Account-Id to send: --account-id, else the profile's sso_account_id. */
      accountId?: string;
    };

export interface CredentialRequest {
  configDir: string;
  profile: string;
  env: Record<string, string | undefined>;
  apiKeyFlag?: string;
  accountIdFlag?: string;
  now: number;
}

/** Explains where a credential came from, for `auth status` and error hints. */
export function describeSource(credential: Credential): string {
  switch (credential.source) {
    case 'flag':
      return '--api-key flag';
    case 'env':
      return credential.kind === 'api-key' ? 'SECLAI_API_KEY' : 'SECLAI_ACCESS_TOKEN';
    case 'keychain':
      return 'API key stored in the OS keychain';
    case 'credentials-file':
      return 'API key stored in the credentials file';
    case 'sso':
      return 'SSO token cache';
  }
}

/**
 * The credential chain of auth.md: --api-key, SECLAI_API_KEY, SECLAI_ACCESS_TOKEN, then the cached
 * SSO token for the profile. Throws AuthError (exit 4) when nothing usable is found.
 */
export async function resolveCredential(req: CredentialRequest): Promise<Credential> {
  if (req.apiKeyFlag !== undefined) return { kind: 'api-key', apiKey: req.apiKeyFlag, source: 'flag' };
  if (req.env.SECLAI_API_KEY) return { kind: 'api-key', apiKey: req.env.SECLAI_API_KEY, source: 'env' };
  const profile = resolveProfile(await readConfig(req.configDir), req.profile, req.env);
  const accountId = req.accountIdFlag ?? profile.ssoAccountId;
  if (req.env.SECLAI_ACCESS_TOKEN) {
    return { kind: 'bearer', source: 'env', accessToken: req.env.SECLAI_ACCESS_TOKEN, accountId };
  }
  return ssoCredential(req, profile, accountId);
}

async function ssoCredential(
  req: CredentialRequest,
  profile: ProfileSettings,
  accountId: string | undefined,
): Promise<Credential> {
  const token = await readCachedToken(cachePath(req.configDir, profile.ssoDomain, profile.ssoClientId));
  if (!token) throw new AuthError(`no credentials found for profile "${req.profile}"`);
  if (!isTokenValid(token, req.now)) {
    throw new AuthError(
      `the SSO session for profile "${req.profile}" has expired`,
      'run `seclai auth login`',
    );
  }
  return {
    kind: 'bearer',
    source: 'sso',
    accessToken: token.accessToken,
    expiresAt: token.expiresAt,
    accountId,
  };
}
