import { findStoredKey, secretStores } from '../../auth/stored-key.ts';
import type { Session } from '../../session.ts';

/** What the chain would pick before the SSO sign-in, if anything (for a note after login). */
export async function shadowingCredential(session: Session): Promise<string | undefined> {
  const { env } = session.ctx;
  if (session.settings.apiKey !== undefined) return 'the --api-key flag';
  if (env.SECLAI_API_KEY) return 'SECLAI_API_KEY';
  if (env.SECLAI_ACCESS_TOKEN) return 'SECLAI_ACCESS_TOKEN';
  const stored = await findStoredKey(
    secretStores(session.settings.configDir, env, session.warn),
    session.settings.profile,
  );
  if (stored) return `the API key stored in ${stored.store.label} (remove it with \`seclai auth logout\`)`;
  return undefined;
}
