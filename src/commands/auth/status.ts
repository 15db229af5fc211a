import { type ChainPick, pickCredential } from '../../auth/chain.ts';
import { isTokenValid } from '../../auth/token-cache.ts';
import type { Handler } from '../../catalog/types.ts';
import { AuthError } from '../../errors.ts';
import { printObject } from '../../output/format.ts';

/**
 * `seclai auth status`: walks the chain as an API call would, without sending anything, and says
 * which credential wins and why. Exit 4 when there is none.
 */
export const status: Handler = async (session) => {
  const { profile } = session.settings;
  const pick = await pickCredential(session.credentialRequest());
  const base = { profile };
  const account = (accountId: string | undefined) => ({
    account_id: accountId,
    account_source: session.settings.accountId
      ? '--account-id'
      : accountId
        ? `sso_account_id of profile "${profile}"`
        : undefined,
  });

  switch (pick.kind) {
    case 'api-key':
    case 'stored-key':
      return show(session, { ...base, credential: 'api-key', ...whereFrom(pick, profile) });
    case 'bearer':
      return show(session, {
        ...base,
        credential: 'bearer',
        ...whereFrom(pick, profile),
        ...account(pick.accountId),
      });
    case 'sso': {
      const cached = await pick.sso.read();
      if (!cached) throw new AuthError(`not signed in: no credential found for profile "${profile}"`);
      const valid = isTokenValid(cached, session.ctx.clock.now());
      if (!valid && !cached.refreshToken) {
        throw new AuthError(
          `the SSO sign-in for profile "${profile}" has expired`,
          'run `seclai auth login`',
        );
      }
      const { ssoDomain, ssoClientId } = pick.profile;
      return show(session, {
        ...base,
        credential: 'bearer',
        source: 'sso',
        reason: valid
          ? `signed in with SSO at ${ssoDomain}`
          : `signed in with SSO at ${ssoDomain}; the access token has expired and will be refreshed on the next call`,
        expires_at: cached.expiresAt,
        expired: !valid,
        refreshable: Boolean(cached.refreshToken),
        ...account(pick.accountId),
        sso_domain: ssoDomain,
        sso_client_id: ssoClientId,
        cache_file: pick.sso.path,
      });
    }
  }
};

/** The `source` of a credential found before the SSO sign-in, and why it wins. */
export function whereFrom(
  pick: Exclude<ChainPick, { kind: 'sso' }>,
  profile: string,
): { source: string; reason: string } {
  switch (pick.kind) {
    case 'api-key':
      return pick.source === 'flag'
        ? { source: '--api-key', reason: 'the --api-key flag was given' }
        : { source: 'SECLAI_API_KEY', reason: 'SECLAI_API_KEY is set' };
    case 'stored-key':
      return {
        source: pick.source,
        reason: `an API key is stored for profile "${profile}" in ${pick.storeLabel}`,
      };
    case 'bearer':
      return { source: 'SECLAI_ACCESS_TOKEN', reason: 'SECLAI_ACCESS_TOKEN is set' };
  }
}

async function show(
  session: Parameters<Handler>[0],
  report: Record<string, string | boolean | undefined>,
): Promise<number> {
  const shown = Object.fromEntries(Object.entries(report).filter(([, v]) => v !== undefined));
  await printObject(session.out, shown);
  return 0;
}
