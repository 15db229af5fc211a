import { stat } from 'node:fs/promises';
import { revokeToken } from '../../auth/oauth-endpoints.ts';
import { withRefreshLock } from '../../auth/refresh-lock.ts';
import { secretStores } from '../../auth/stored-key.ts';
import { removeCachedToken } from '../../auth/token-cache.ts';
import type { Handler } from '../../catalog/types.ts';
import { CliError } from '../../errors.ts';
import { printJson } from '../../output/format.ts';
import { profileSettings, ssoSession } from './profile.ts';

/**
 * `seclai auth logout`: revokes the refresh token at `/oauth2/revoke` (which also ends the access
 * tokens issued from it), removes the cache entry and the API key stored for the profile.
 */
export const logout: Handler = async (session) => {
  const settings = await profileSettings(session);
  const sso = ssoSession(session, settings);
  let revoked = false;
  let revokeError: Error | undefined;
  // Under the refresh lock, so a concurrent refresh cannot write the entry back.
  const hasCache = await stat(sso.path).then(
    () => true,
    () => false,
  );
  const removedCache =
    hasCache &&
    (await withRefreshLock(
      sso.path,
      async () => {
        const cached = await sso.read();
        if (cached?.refreshToken) {
          try {
            await revokeToken(
              { domain: settings.ssoDomain, clientId: settings.ssoClientId, token: cached.refreshToken },
              { timeoutMs: session.settings.timeoutMs },
            );
            revoked = true;
          } catch (err) {
            revokeError = err as Error;
          }
        }
        return removeCachedToken(sso.path);
      },
      { timeoutMs: session.settings.timeoutMs },
    ));

  const removedKeys: string[] = [];
  for (const store of secretStores(session.settings.configDir, session.ctx.env, session.warn)) {
    try {
      if (await store.remove(settings.profile)) removedKeys.push(store.label);
    } catch (err) {
      session.debug(`could not check ${store.label}: ${(err as Error).message}`);
    }
  }

  if (revoked) session.note(`Revoked the refresh token at ${settings.ssoDomain}.`);
  if (removedCache) session.note(`Removed the cached SSO sign-in (${sso.path}).`);
  for (const where of removedKeys) session.note(`Removed the API key stored in ${where}.`);
  if (!removedCache && removedKeys.length === 0)
    session.note(`Nothing to sign out of for profile "${settings.profile}".`);
  if (session.settings.output === 'json') {
    printJson(session.out, {
      profile: settings.profile,
      revoked,
      removed_cache: removedCache,
      removed_api_keys: removedKeys,
    });
  }
  if (revokeError) {
    throw new CliError(
      `signed out on this machine, but revoking the refresh token failed: ${revokeError.message}`,
      1,
      'the refresh token stays valid at the server until it expires',
    );
  }
  return 0;
};
