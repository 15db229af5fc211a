import { readConfig, resolveProfile, type SsoKey } from '../../auth/config-file.ts';
import { type IniUpdates, updateProfile } from '../../auth/config-write.ts';
import { ssoBaseUrl } from '../../auth/oauth-endpoints.ts';
import type { Handler } from '../../catalog/types.ts';
import { UsageError } from '../../errors.ts';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PROFILE = /^[A-Za-z0-9_.-]+$/;

const FLAG_FOR: Record<SsoKey, string> = {
  sso_domain: 'ssoDomain',
  sso_client_id: 'ssoClientId',
  sso_region: 'ssoRegion',
  sso_account_id: 'ssoAccountId',
};

function check(key: SsoKey, value: string): string {
  const v = value.trim();
  switch (key) {
    case 'sso_domain':
      ssoBaseUrl(v);
      return v;
    case 'sso_client_id':
      if (!/^[\w-]+$/.test(v)) throw new UsageError(`invalid client id: "${value}"`);
      return v;
    case 'sso_region':
      if (!REGION.test(v)) throw new UsageError(`invalid region: "${value}" (for example us-west-2)`);
      return v;
    case 'sso_account_id':
      if (!UUID.test(v)) throw new UsageError(`the account id must be a UUID (got "${value}")`);
      return v;
  }
}

/**
 * `seclai configure sso`: by flags, or asked one by one on a terminal with the current values as
 * defaults. Only the profile's own SSO keys change; the rest of the file is kept byte for byte.
 */
export const configureSso: Handler = async (session, { options }) => {
  const { configDir } = session.settings;
  const fromFlags = (Object.keys(FLAG_FOR) as SsoKey[]).filter((k) => options[FLAG_FOR[k]] !== undefined);
  let profile = typeof options.profileName === 'string' ? options.profileName : session.settings.profile;
  if (!PROFILE.test(profile)) throw new UsageError(`invalid profile name: "${profile}"`);
  const updates: IniUpdates = {};

  if (fromFlags.length > 0 || !session.canPrompt) {
    if (fromFlags.length === 0) {
      throw new UsageError(
        'nothing to set',
        'pass --sso-domain, --sso-client-id, --sso-region or --sso-account-id, or run on a terminal to be asked',
      );
    }
    for (const key of fromFlags) updates[key] = check(key, String(options[FLAG_FOR[key]]));
  } else {
    const { prompter } = session.ctx;
    profile = (await prompter.input('Profile name', profile)).trim() || profile;
    if (!PROFILE.test(profile)) throw new UsageError(`invalid profile name: "${profile}"`);
    // Defaults come from the file (and built-ins), not from SECLAI_SSO_* in the environment.
    const current = resolveProfile(await readConfig(configDir), profile, {});
    const questions: [SsoKey, string][] = [
      ['sso_domain', 'SSO domain'],
      ['sso_client_id', 'SSO client id'],
      ['sso_region', 'SSO region'],
      ['sso_account_id', 'Account id (empty for your personal account)'],
    ];
    for (const [key, label] of questions) {
      const before = current.sources[key]?.value;
      const answer = (await prompter.input(label, before ?? '')).trim();
      if (answer === '') {
        if (key === 'sso_account_id' && current.sources[key]?.source === 'profile') updates[key] = null;
        continue;
      }
      if (answer !== before) updates[key] = check(key, answer);
    }
  }

  if (Object.keys(updates).length === 0) {
    session.note(`Profile "${profile}" is unchanged.`);
    return 0;
  }
  await updateProfile(configDir, profile, updates, session.warn);
  for (const [key, value] of Object.entries(updates)) {
    session.note(
      value === null
        ? `Removed ${key} from profile "${profile}".`
        : `Set ${key} = ${value} in profile "${profile}".`,
    );
  }
  const shadowed = Object.keys(updates).filter((k) => session.ctx.env[`SECLAI_${k.toUpperCase()}`]);
  for (const key of shadowed) session.note(`note: SECLAI_${key.toUpperCase()} is set and overrides ${key}`);
  return 0;
};
