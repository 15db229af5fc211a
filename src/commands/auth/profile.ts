import { type ProfileSettings, readConfig, resolveProfile } from '../../auth/config-file.ts';
import { SsoSession } from '../../auth/sso-session.ts';
import type { ApiClient } from '../../http/client.ts';
import type { Session } from '../../session.ts';

/** The profile's SSO settings: environment, then its section, then `[default]`, then built-ins. */
export async function profileSettings(session: Session): Promise<ProfileSettings> {
  const { configDir, profile } = session.settings;
  return resolveProfile(await readConfig(configDir), profile, session.ctx.env);
}

export function ssoSession(session: Session, settings: ProfileSettings): SsoSession {
  return new SsoSession({
    configDir: session.settings.configDir,
    settings,
    now: () => session.ctx.clock.now(),
    debug: session.settings.debug ? session.debug : undefined,
    warn: session.warn,
    timeoutMs: session.settings.timeoutMs,
    onSecret: (secret) => session.secrets.add(secret),
  });
}

/**
 * A client with an explicit identity, for checking a credential that is not (yet) the one the chain
 * would pick: the token just obtained, or a key read from stdin. No X-Account-Id is sent.
 */
export async function clientWith(session: Session, headers: Record<string, string>): Promise<ApiClient> {
  const { ApiClient } = await import('../../http/client.ts');
  return new ApiClient({
    baseUrl: session.settings.baseUrl,
    auth: async () => headers,
    apiVersion: session.settings.apiVersion,
    timeoutMs: session.settings.timeoutMs,
    clock: session.ctx.clock,
    debug: session.settings.debug ? session.debug : undefined,
  });
}

export interface MeAnswer {
  account_id: string;
  organizations?: unknown[];
}

export async function fetchMe(session: Session, headers: Record<string, string>): Promise<MeAnswer> {
  const client = await clientWith(session, headers);
  try {
    return (await client.request<MeAnswer>({ method: 'GET', path: '/me' })).data;
  } finally {
    await client.close();
  }
}
