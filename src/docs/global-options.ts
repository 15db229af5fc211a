/**
 * The global options `seclai --help` lists, as data for completions and the man page.
 * test/docs.test.ts checks this list against the real `--help`, so the two cannot drift.
 */
export interface GlobalOption {
  flags: string;
  description: string;
  choices?: readonly string[];
}

export const DRY_RUN_HELP = 'print the request as a curl command instead of sending it';

export const GLOBAL_OPTIONS: readonly GlobalOption[] = [
  { flags: '--json', description: 'print JSON (same as --output json)' },
  { flags: '--compact', description: 'print JSON on one line (implies --json)' },
  { flags: '--jq <expression>', description: 'filter JSON output with a jq expression (implies --json)' },
  {
    flags: '-o, --output <format>',
    description: 'output format: table, json or tsv',
    choices: ['table', 'json', 'tsv'],
  },
  { flags: '--api-key <key>', description: 'API key (overrides SECLAI_API_KEY and stored credentials)' },
  { flags: '--profile <name>', description: 'config profile (default: SECLAI_PROFILE or "default")' },
  { flags: '--account-id <uuid>', description: 'act on another organization account (SSO sign-in only)' },
  { flags: '--config-dir <dir>', description: 'config directory (default: SECLAI_CONFIG_DIR or ~/.seclai)' },
  { flags: '--api-version <date>', description: 'Seclai-Version to send, YYYY-MM-DD' },
  { flags: '--allow-unknown-api-version', description: 'send an API version this CLI does not know' },
  {
    flags: '--timeout <duration>',
    description:
      'time limit, e.g. 30s or 5m, at most 596h (per request; whole wait for runs, logins and --wait)',
  },
  { flags: '--no-color', description: 'turn off colour' },
  { flags: '--debug', description: 'trace HTTP requests and their bodies to stderr (secrets redacted)' },
  { flags: '--dry-run', description: DRY_RUN_HELP },
  { flags: '-V, --version', description: 'print the version' },
  { flags: '-h, --help', description: 'show help' },
];
