import {
  configPath,
  profileNames,
  readConfig,
  resolveProfile,
  SSO_KEYS,
  type ValueSource,
} from '../../auth/config-file.ts';
import type { Handler } from '../../catalog/types.ts';
import { printList } from '../../output/format.ts';

const ENV_NAMES: Record<string, string> = {
  sso_domain: 'SECLAI_SSO_DOMAIN',
  sso_client_id: 'SECLAI_SSO_CLIENT_ID',
  sso_region: 'SECLAI_SSO_REGION',
};

function describe(source: ValueSource, key: string, profile: string): string {
  switch (source) {
    case 'env':
      return `env ${ENV_NAMES[key]}`;
    case 'profile':
      return profile === 'default' ? '[default]' : `[profile ${profile}]`;
    case 'default-section':
      return '[default] (inherited)';
    case 'built-in':
      return 'built-in default';
  }
}

/** `seclai configure list`: every profile's SSO settings and where each value comes from. */
export const listConfig: Handler = async (session) => {
  const { configDir, profile: active } = session.settings;
  const sections = await readConfig(configDir);
  const names = profileNames(sections);
  if (!names.includes(active)) names.push(active);
  const rows: Record<string, string>[] = [];
  const profiles: Record<string, Record<string, { value: string; source: string }>> = {};
  for (const name of names) {
    const resolved = resolveProfile(sections, name, session.ctx.env);
    profiles[name] = {};
    for (const key of SSO_KEYS) {
      const entry = resolved.sources[key];
      if (!entry) continue;
      const source = describe(entry.source, key, name);
      rows.push({ profile: name === active ? `${name} *` : name, key, value: entry.value, source });
      profiles[name][key] = { value: entry.value, source };
    }
  }
  session.note(`config file: ${configPath(configDir)}; active profile: ${active} (marked *)`);
  await printList(
    session.out,
    rows,
    { config_file: configPath(configDir), active_profile: active, profiles },
    ['profile', 'key', 'value', 'source'],
  );
  return 0;
};
