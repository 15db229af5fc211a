import { pickCredential } from '../../auth/chain.ts';
import type { Handler } from '../../catalog/types.ts';
import { AuthError } from '../../errors.ts';
import { printJson, printObject } from '../../output/format.ts';
import { profileSettings, ssoSession } from './profile.ts';
import { whereFrom } from './status.ts';

/**
 * `seclai auth token`: a valid SSO access token on stdout, refreshed first when it has expired.
 * Never an API key: when one is what API calls use, the error says so instead.
 */
export const token: Handler = async (session) => {
  const sso = ssoSession(session, await profileSettings(session));
  const current = await sso.validToken().catch(async (err: unknown) => {
    if (!(err instanceof AuthError)) throw err;
    const pick = await pickCredential(session.credentialRequest());
    if (pick.kind === 'sso') throw err;
    throw new AuthError(
      `${err.message}; auth token prints an SSO access token, and API calls here use another credential (${whereFrom(pick, session.settings.profile).reason})`,
      'run `seclai auth login` for an access token, or see `seclai auth status`',
    );
  });
  if (session.settings.output === 'json') {
    printJson(session.secretOut, { access_token: current.accessToken, expires_at: current.expiresAt });
  } else {
    session.secretOut.write(`${current.accessToken}\n`);
  }
  return 0;
};

/** `seclai auth refresh`: a new access token now, whatever the old one's expiry. */
export const refresh: Handler = async (session) => {
  const settings = await profileSettings(session);
  const next = await ssoSession(session, settings).forceRefresh();
  session.note(`Refreshed the SSO sign-in for profile "${settings.profile}".`);
  await printObject(session.out, { profile: settings.profile, expires_at: next.expiresAt });
  return 0;
};
