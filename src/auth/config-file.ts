import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One `[section]` of the INI config, keys in file order. */
export type IniSections = Map<string, Map<string, string>>;

export const SSO_DEFAULTS = {
  sso_domain: 'auth.seclai.com',
  sso_client_id: '4bgf8v9qmc5puivbaqon9n5lmr',
  sso_region: 'us-west-2',
} as const;

export const SSO_KEYS = ['sso_domain', 'sso_client_id', 'sso_region', 'sso_account_id'] as const;
export type SsoKey = (typeof SSO_KEYS)[number];

const ENV_FOR_KEY: Partial<Record<SsoKey, string>> = {
  sso_domain: 'SECLAI_SSO_DOMAIN',
  sso_client_id: 'SECLAI_SSO_CLIENT_ID',
  sso_region: 'SECLAI_SSO_REGION',
};

export type ValueSource = 'env' | 'profile' | 'default-section' | 'built-in';

export interface ProfileValue {
  value: string;
  source: ValueSource;
}

export interface ProfileSettings {
  profile: string;
  ssoDomain: string;
  ssoClientId: string;
  ssoRegion: string;
  ssoAccountId?: string;
  /** Where each value came from, for `configure list` and `auth status`. */
  sources: Partial<Record<SsoKey, ProfileValue>>;
}

export function configPath(configDir: string): string {
  return join(configDir, 'config');
}

/** The section name a profile lives in: `[default]` or `[profile NAME]`. */
export function sectionName(profile: string): string {
  return profile === 'default' ? 'default' : `profile ${profile}`;
}

/** Parses AWS-style INI: sections, `key = value`, `#`/`;` comments; anything else is ignored. */
export function parseIni(text: string): IniSections {
  const sections: IniSections = new Map();
  let current: Map<string, string> | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      const name = header[1].trim().replace(/\s+/g, ' ');
      current = sections.get(name) ?? new Map();
      sections.set(name, current);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0 || !current) continue;
    const key = line.slice(0, eq).trim();
    const value = stripInlineComment(line.slice(eq + 1).trim());
    current.set(key, value);
  }
  return sections;
}

function stripInlineComment(value: string): string {
  const match = /\s[#;]/.exec(value);
  return (match ? value.slice(0, match.index) : value).trim();
}

/** Reads `<configDir>/config`; a missing file is an empty config. */
export async function readConfig(configDir: string): Promise<IniSections> {
  try {
    return parseIni(await readFile(configPath(configDir), 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw err;
  }
}

/** Resolves a profile's SSO settings: env > profile section > [default] > built-in defaults. */
export function resolveProfile(
  sections: IniSections,
  profile: string,
  env: Record<string, string | undefined>,
): ProfileSettings {
  const own = sections.get(sectionName(profile));
  const fallback = profile === 'default' ? undefined : sections.get('default');
  const sources: ProfileSettings['sources'] = {};
  for (const key of SSO_KEYS) {
    const envName = ENV_FOR_KEY[key];
    const fromEnv = envName ? env[envName] : undefined;
    if (fromEnv) sources[key] = { value: fromEnv, source: 'env' };
    else if (own?.get(key)) sources[key] = { value: own.get(key)!, source: 'profile' };
    else if (fallback?.get(key)) sources[key] = { value: fallback.get(key)!, source: 'default-section' };
    else if (key in SSO_DEFAULTS)
      sources[key] = { value: SSO_DEFAULTS[key as keyof typeof SSO_DEFAULTS], source: 'built-in' };
  }
  return {
    profile,
    ssoDomain: sources.sso_domain!.value,
    ssoClientId: sources.sso_client_id!.value,
    ssoRegion: sources.sso_region!.value,
    ssoAccountId: sources.sso_account_id?.value,
    sources,
  };
}

/** Names of the profiles defined in the config, `default` first. */
export function profileNames(sections: IniSections): string[] {
  const names = new Set<string>(['default']);
  for (const name of sections.keys()) {
    if (name.startsWith('profile ')) names.add(name.slice('profile '.length).trim());
  }
  return [...names];
}
