import { topLevelGroup } from './top-level.ts';
import type { CommandSpec, GroupSpec } from './types.ts';

export const authGroups: GroupSpec[] = [topLevelGroup('auth'), topLevelGroup('configure')];

const loadAuth = async () => import('../commands/auth/index.ts');
const loadConfigure = async () => import('../commands/configure/index.ts');

export const authCommands: CommandSpec[] = [
  {
    path: ['auth', 'login'],
    summary: 'Sign in through the browser (SSO), or store an API key with --with-api-key',
    description: [
      'SSO: opens the sign-in page (or `$BROWSER <url>` when BROWSER is set), receives the answer on',
      'http://localhost:<port>/callback, and caches the tokens where the Seclai SDKs read them.',
      'With --no-browser the address is printed; on a terminal you may paste back the address the',
      'browser ends on. --timeout bounds the wait (default 5m).',
      '',
      '--with-api-key reads a key from stdin (never from arguments), checks it with GET /me and keeps it',
      'in the OS keychain for the profile. Without a usable keychain it is written to',
      '<config dir>/credentials (mode 0600) only with --insecure-storage.',
    ].join('\n'),
    operation: 'GET /me',
    view: 'object',
    options: [
      {
        flags: '--port <n>',
        description: 'loopback port for the sign-in callback (the production client allows 9876)',
        type: 'int',
        min: 1,
        max: 65535,
        default: 9876,
      },
      { flags: '--no-browser', description: 'print the sign-in address instead of opening a browser' },
      { flags: '--with-api-key', description: 'read an API key from stdin and store it for the profile' },
      {
        flags: '--insecure-storage',
        description: 'with --with-api-key: use <config dir>/credentials when no OS keychain is usable',
      },
    ],
    notDryRun: 'signs in and stores the credential',
    handler: async () => (await loadAuth()).login,
    examples: [
      { command: 'seclai auth login' },
      { command: 'seclai auth login --no-browser', description: 'on a machine without a browser' },
      { command: 'printf %s "$KEY" | seclai auth login --with-api-key', description: 'store an API key' },
      { command: 'seclai --profile staging auth login --json' },
    ],
  },
  {
    path: ['auth', 'status'],
    summary: 'Show which credential is used and why, its expiry and account (exit 4 when none)',
    view: 'object',
    handler: async () => (await loadAuth()).status,
    examples: [{ command: 'seclai auth status' }, { command: 'seclai auth status --json | jq .source' }],
  },
  {
    path: ['auth', 'token'],
    summary: 'Print a valid SSO access token for the profile, refreshing it when needed',
    description: 'The token goes to stdout and nowhere else; treat it as a password.',
    view: 'object',
    notDryRun: 'prints a token, refreshing it when needed',
    handler: async () => (await loadAuth()).token,
    examples: [{ command: 'curl -H "Authorization: Bearer $(seclai auth token)" …' }],
  },
  {
    path: ['auth', 'refresh'],
    summary: 'Refresh the SSO access token now',
    view: 'object',
    notDryRun: 'refreshes and stores the token',
    handler: async () => (await loadAuth()).refresh,
    examples: [{ command: 'seclai auth refresh' }],
  },
  {
    path: ['auth', 'logout'],
    summary: 'Revoke and forget the SSO sign-in, and remove the API key stored for the profile',
    view: 'none',
    notDryRun: 'revokes the sign-in and removes stored credentials',
    handler: async () => (await loadAuth()).logout,
    examples: [{ command: 'seclai auth logout' }, { command: 'seclai --profile staging auth logout' }],
  },
  {
    path: ['configure', 'sso'],
    summary: 'Set a profile’s SSO domain, client id, region and account id (asks on a terminal)',
    description:
      'With no flags on a terminal, asks for each value with the current one as default. Otherwise sets ' +
      'the values given by flags. Other sections, keys and comments of the config file are kept.',
    options: [
      { flags: '--sso-domain <host>', description: 'sign-in domain, e.g. auth.example.com (https)' },
      { flags: '--sso-client-id <id>', description: 'public OAuth client id' },
      { flags: '--sso-region <region>', description: 'AWS region of the user pool, e.g. us-west-2' },
      { flags: '--sso-account-id <uuid>', description: 'default account (X-Account-Id) for SSO calls' },
      {
        flags: '--profile-name <name>',
        description: 'profile to write (the official CLI’s name for it; default: --profile)',
      },
    ],
    view: 'none',
    notDryRun: 'writes the config file',
    handler: async () => (await loadConfigure()).configureSso,
    examples: [
      { command: 'seclai configure sso' },
      { command: 'seclai --profile staging configure sso --sso-domain auth.staging.example.com' },
    ],
  },
  {
    path: ['configure', 'list'],
    aliases: ['ls'],
    summary: 'Show every profile’s settings and where each value comes from',
    view: 'list',
    columns: ['profile', 'key', 'value', 'source'],
    handler: async () => (await loadConfigure()).listConfig,
    examples: [{ command: 'seclai configure list' }, { command: 'seclai configure list --json' }],
  },
];
