// Sync: a small file read once; loading node:fs/promises (and the readline it pulls in) costs ~2 ms.
import { readFileSync } from 'node:fs';
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

export type IniLine =
  | { kind: 'blank' | 'comment' | 'other' }
  | { kind: 'header'; name: string }
  | { kind: 'entry'; key: string; value: string };

/**
 * How the reader sees one line. The writer (config-write.ts) uses the same reading, so what it
 * edits is exactly what the parser would have read.
 */
export function classifyLine(rawLine: string): IniLine {
  const line = rawLine.trim();
  if (line === '') return { kind: 'blank' };
  if (line.startsWith('#') || line.startsWith(';')) return { kind: 'comment' };
  const header = /^\[([^\]]+)\]$/.exec(line);
  if (header) return { kind: 'header', name: header[1].trim().replace(/\s+/g, ' ') };
  const eq = line.indexOf('=');
  if (eq <= 0) return { kind: 'other' };
  return {
    kind: 'entry',
    key: line.slice(0, eq).trim(),
    value: stripInlineComment(line.slice(eq + 1).trim()),
  };
}

/** Parses AWS-style INI: sections, `key = value`, `#`/`;` comments; anything else is ignored. */
export function parseIni(text: string): IniSections {
  const sections: IniSections = new Map();
  let current: Map<string, string> | undefined;
  for (const rawLine of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = classifyLine(rawLine);
    if (line.kind === 'header') {
      current = sections.get(line.name) ?? new Map();
      sections.set(line.name, current);
    } else if (line.kind === 'entry' && current) {
      current.set(line.key, line.value);
    }
  }
  return sections;
}

/** Where a value's inline comment (`value  # note`) starts, if it has one. */
export function inlineCommentStart(value: string): number | undefined {
  return /\s[#;]/.exec(value)?.index;
}

function stripInlineComment(value: string): string {
  const start = inlineCommentStart(value);
  return (start === undefined ? value : value.slice(0, start)).trim();
}

/** Reads `<configDir>/config`; a missing file is an empty config. */
export async function readConfig(configDir: string): Promise<IniSections> {
  try {
    return parseIni(readFileSync(configPath(configDir), 'utf8'));
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
