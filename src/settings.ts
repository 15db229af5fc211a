import { statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { KNOWN_API_VERSIONS } from './catalog/api-version.ts';
import type { Context } from './context.ts';
import { UsageError } from './errors.ts';
import { checkHeaderValue } from './http/header-value.ts';

export const DEFAULT_API_URL = 'https://api.seclai.com';
export const OUTPUT_FORMATS = ['table', 'json', 'tsv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Global options as commander hands them over (all optional). */
export interface GlobalOptions {
  json?: boolean;
  compact?: boolean;
  jq?: string;
  output?: string;
  apiKey?: string;
  profile?: string;
  accountId?: string;
  configDir?: string;
  apiVersion?: string;
  allowUnknownApiVersion?: boolean;
  timeout?: string;
  color?: boolean;
  debug?: boolean;
  dryRun?: boolean;
}

/** Global options and environment, validated and resolved once per run. */
export interface Settings {
  output: OutputFormat;
  /** JSON on one line (--compact). */
  compact: boolean;
  /** A jq expression every JSON output goes through (--jq). */
  jq?: string;
  color: boolean;
  debug: boolean;
  apiKey?: string;
  profile: string;
  accountId?: string;
  configDir: string;
  apiVersion?: string;
  /** --allow-unknown-api-version: a version outside KNOWN_API_VERSIONS may be sent (or pinned). */
  allowUnknownApiVersion: boolean;
  /** --timeout, when given. Commands decide what it bounds (a request, a run, a login). */
  timeoutMs?: number;
  baseUrl: URL;
  /** --dry-run: requests are printed as curl commands, not sent; nothing is asked or written. */
  dryRun: boolean;
}

/**
 * `defaultOutput`: the format when no flag names one (a document prints JSON); otherwise a table
 * on a terminal, TSV in a pipe.
 */
export function resolveSettings(opts: GlobalOptions, ctx: Context, defaultOutput?: OutputFormat): Settings {
  const env = ctx.env;
  for (const [flag, value] of [
    ['--api-key', opts.apiKey],
    ['--profile', opts.profile],
    ['--account-id', opts.accountId],
    ['--config-dir', opts.configDir],
  ] as const) {
    if (value !== undefined && value.trim() === '') {
      throw new UsageError(`${flag} must not be empty`);
    }
  }
  const output = resolveOutput(opts, ctx, defaultOutput);
  const apiVersion = opts.apiVersion ?? (env.SECLAI_API_VERSION || undefined);
  const allowUnknownApiVersion = Boolean(opts.allowUnknownApiVersion);
  if (apiVersion !== undefined) {
    const source = opts.apiVersion ? '--api-version' : 'SECLAI_API_VERSION';
    checkApiVersion(apiVersion, source);
    if (!allowUnknownApiVersion) checkKnownApiVersion(apiVersion, source);
  }
  if (opts.accountId !== undefined) checkAccountId(opts.accountId);
  if (opts.apiKey !== undefined) checkHeaderValue(opts.apiKey, '--api-key');
  return {
    output,
    compact: Boolean(opts.compact),
    jq: opts.jq,
    color: colorEnabled(opts, ctx),
    debug: Boolean(opts.debug) || env.SECLAI_DEBUG === '1',
    apiKey: opts.apiKey,
    profile: opts.profile ?? (env.SECLAI_PROFILE || 'default'),
    accountId: opts.accountId,
    configDir: resolveConfigDir(opts.configDir, ctx),
    apiVersion,
    allowUnknownApiVersion,
    timeoutMs: opts.timeout === undefined ? undefined : parseDuration(opts.timeout, '--timeout'),
    baseUrl: parseBaseUrl(env.SECLAI_API_URL || DEFAULT_API_URL),
    dryRun: Boolean(opts.dryRun),
  };
}

function resolveOutput(opts: GlobalOptions, ctx: Context, defaultOutput?: OutputFormat): OutputFormat {
  if (opts.output !== undefined && !(OUTPUT_FORMATS as readonly string[]).includes(opts.output)) {
    throw new UsageError(
      `--output must be one of ${OUTPUT_FORMATS.join(', ')} (got "${opts.output}")`,
      ['full', 'data', 'status'].includes(opts.output)
        ? "the official CLI's --output full|data|status is `agents run --events --event-filter <types>` here"
        : 'to save a download to a file, use --out <path>',
    );
  }
  if (opts.jq !== undefined && opts.jq.trim() === '')
    throw new UsageError('--jq needs an expression, e.g. --jq .');
  if (opts.json || opts.compact || opts.jq !== undefined) {
    if (opts.output !== undefined && opts.output !== 'json') {
      const flag = opts.json ? '--json' : opts.compact ? '--compact' : '--jq';
      throw new UsageError(`${flag} conflicts with --output ${opts.output}`);
    }
    return 'json';
  }
  return (opts.output as OutputFormat | undefined) ?? defaultOutput ?? (ctx.io.isStdoutTTY ? 'table' : 'tsv');
}

/** Colour only on a terminal, unless NO_COLOR, --no-color or TERM=dumb say no, or FORCE_COLOR says yes. */
export function colorEnabled(opts: Pick<GlobalOptions, 'color'>, ctx: Context): boolean {
  const env = ctx.env;
  if (opts.color === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  if (env.TERM === 'dumb') return false;
  return ctx.io.isStdoutTTY;
}

/**
 * `--config-dir`, else SECLAI_CONFIG_DIR, else `.seclai` in the home folder: HOME, USERPROFILE or
 * the account's home (os.homedir()), whichever is an absolute path first. Never the current
 * folder: without a home, the command refuses.
 */
function resolveConfigDir(flag: string | undefined, ctx: Context): string {
  const fromEnv = ctx.env.SECLAI_CONFIG_DIR || undefined;
  const chosen = flag ?? fromEnv;
  if (chosen !== undefined) {
    const dir = resolve(ctx.cwd, chosen);
    checkNotAFile(dir, `${flag !== undefined ? '--config-dir' : 'SECLAI_CONFIG_DIR'} ${chosen}`);
    return dir;
  }
  const home = [ctx.env.HOME, ctx.env.USERPROFILE, ctx.homeDir].find((dir) => dir && isAbsolute(dir));
  if (!home) {
    throw new UsageError(
      'no home folder to keep settings in (HOME is not set)',
      'set HOME, or choose a folder with --config-dir or SECLAI_CONFIG_DIR',
    );
  }
  const dir = join(home, '.seclai');
  checkNotAFile(dir, `the config folder ${dir}`);
  return dir;
}

function checkNotAFile(dir: string, named: string): void {
  const info = statSync(dir, { throwIfNoEntry: false });
  if (info && !info.isDirectory()) throw new UsageError(`${named} is not a folder`);
}

export function checkApiVersion(value: string, source: string): void {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(Date.UTC(+match[1], +match[2] - 1, +match[3])) : undefined;
  const real =
    match &&
    date &&
    date.getUTCFullYear() === +match[1] &&
    date.getUTCMonth() === +match[2] - 1 &&
    date.getUTCDate() === +match[3];
  if (!real) throw new UsageError(`${source} must be a date as YYYY-MM-DD (got "${value}")`);
}

/** A dated version this CLI was built against, unless --allow-unknown-api-version (as the official CLI). */
export function checkKnownApiVersion(value: string, source: string): void {
  if (KNOWN_API_VERSIONS.includes(value)) return;
  throw new UsageError(
    `${source} ${value} is not an API version this CLI knows (${KNOWN_API_VERSIONS.join(', ')})`,
    'add --allow-unknown-api-version to send it anyway',
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An account id bound for X-Account-Id; `setting` names where it came from. */
export function checkAccountId(value: string, setting = '--account-id'): void {
  if (!UUID.test(value)) throw new UsageError(`${setting} must be a UUID (got ${JSON.stringify(value)})`);
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** A URL as it may be shown: any `user:password@` replaced, so it is never printed. */
function withoutUserinfo(value: string): string {
  return value.replace(/^([^:/?#]*:\/\/)[^/?#]*@/, '$1***@');
}

/**
 * SECLAI_API_URL: an http(s) URL without `user:password@`; plain http only to a loopback host,
 * so credentials never travel in clear.
 */
export function parseBaseUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`SECLAI_API_URL is not a valid URL: "${withoutUserinfo(value)}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`SECLAI_API_URL must be an http(s) URL (got "${withoutUserinfo(value)}")`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new UsageError(
      'SECLAI_API_URL must not carry a user name or password (user:password@)',
      'the CLI sends its own credentials; give the URL without them',
    );
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new UsageError(
      `refusing plain http:// to ${url.hostname}: credentials would travel unencrypted`,
      'use https://, or http:// only to a loopback address',
    );
  }
  // A query or fragment on the base would end up in every request; the base is a prefix only.
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** The longest wait Node's timers hold (2^31−1 ms, about 24.8 days); a longer one fires at once. */
export const MAX_DURATION_MS = 2 ** 31 - 1;

/**
 * Parses `30`, `30s`, `500ms`, `5m`, `1h` (a bare number is seconds) into milliseconds, between
 * `minMs` and what a timer can hold.
 */
export function parseDuration(value: string, flag: string, minMs = 0): number {
  const match = DURATION.exec(value.trim());
  const ms = match ? Number(match[1]) * UNIT_MS[match[2] ?? 's'] : Number.NaN;
  if (!match || !(ms > 0)) {
    throw new UsageError(`${flag} must be a positive duration such as 30, 30s, 500ms or 5m (got "${value}")`);
  }
  if (ms > MAX_DURATION_MS)
    throw new UsageError(`${flag} must be at most 596h, about 24 days (got "${value}")`);
  if (ms < minMs) throw new UsageError(`${flag} must be at least ${minMs}ms (got "${value}")`);
  return Math.ceil(ms);
}

/** A `--timeout` value back in words: `30 s` when it is whole seconds, else `500 ms`. */
export function formatTimeout(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
