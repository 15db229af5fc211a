import { findStoredKey, secretStores } from '../../auth/stored-key.ts';
import { isTokenValid } from '../../auth/token-cache.ts';
import type { Handler } from '../../catalog/types.ts';
import { AuthError } from '../../errors.ts';
import { printObject } from '../../output/format.ts';
import { profileSettings, ssoSession } from './profile.ts';

/**
 * `seclai auth status`: walks the chain as an API call would, without sending anything, and says
 * which credential wins and why. Exit 4 when there is none.
 */
export const status: Handler = async (session) => {
  const { env } = session.ctx;
  const { profile, configDir } = session.settings;
  const settings = await profileSettings(session);
  const accountId = session.settings.accountId ?? settings.ssoAccountId;
  const accountSource = session.settings.accountId
    ? '--account-id'
    : settings.ssoAccountId
      ? `sso_account_id of profile "${profile}"`
      : undefined;
  const base = { profile };

  if (session.settings.apiKey !== undefined) {
    return show(session, {
      ...base,
      credential: 'api-key',
      source: '--api-key',
      reason: 'the --api-key flag was given',
    });
  }
  if (env.SECLAI_API_KEY) {
    return show(session, {
      ...base,
      credential: 'api-key',
      source: 'SECLAI_API_KEY',
      reason: 'SECLAI_API_KEY is set',
    });
  }
  if (env.SECLAI_ACCESS_TOKEN) {
    return show(session, {
      ...base,
      credential: 'bearer',
      source: 'SECLAI_ACCESS_TOKEN',
      reason: 'SECLAI_ACCESS_TOKEN is set',
      account_id: accountId,
      account_source: accountSource,
    });
  }
  const stored = await findStoredKey(secretStores(configDir, env), profile, session.debug);
  if (stored) {
    return show(session, {
      ...base,
      credential: 'api-key',
      source: stored.store.kind,
      reason: `an API key is stored for profile "${profile}" in ${stored.store.label}`,
    });
  }

  const sso = ssoSession(session, settings);
  const cached = await sso.read();
  if (!cached) throw new AuthError(`not signed in: no credential found for profile "${profile}"`);
  const valid = isTokenValid(cached, session.ctx.clock.now());
  if (!valid && !cached.refreshToken) {
    throw new AuthError(`the SSO sign-in for profile "${profile}" has expired`, 'run `seclai auth login`');
  }
  return show(session, {
    ...base,
    credential: 'bearer',
    source: 'sso',
    reason: valid
      ? `signed in with SSO at ${settings.ssoDomain}`
      : `signed in with SSO at ${settings.ssoDomain}; the access token has expired and will be refreshed on the next call`,
    expires_at: cached.expiresAt,
    expired: !valid,
    refreshable: Boolean(cached.refreshToken),
    account_id: accountId,
    account_source: accountSource,
    sso_domain: settings.ssoDomain,
    sso_client_id: settings.ssoClientId,
    cache_file: sso.path,
  });
};

async function show(
  session: Parameters<Handler>[0],
  report: Record<string, string | boolean | undefined>,
): Promise<number> {
  const shown = Object.fromEntries(Object.entries(report).filter(([, v]) => v !== undefined));
  await printObject(session.out, shown);
  return 0;
}
