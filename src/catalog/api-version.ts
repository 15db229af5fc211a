import { topLevelGroup } from './top-level.ts';
import type { CommandSpec, GroupSpec } from './types.ts';

/** Dated API versions this CLI was built against, oldest first (2026-07-27 changed every list's shape). */
export const KNOWN_API_VERSIONS: readonly string[] = [
  '2026-07-01',
  '2026-07-27',
  '2026-08-03',
  '2026-08-21',
  '2026-09-28',
  '2026-09-30',
  '2026-10-03',
];

/** The account's pinned API version: what header-less requests get. */
export const apiVersionGroups: GroupSpec[] = [topLevelGroup('api-version')];

const columns = [
  'pinned_version',
  'effective_version',
  'default_version',
  'latest_version',
  'known_versions',
];

export const apiVersionCommands: CommandSpec[] = [
  {
    path: ['api-version', 'get'],
    aliases: ['show'],
    summary: 'Show the pinned, default, latest and known API versions',
    operation: 'GET /version',
    view: 'object',
    columns,
    examples: [{ command: 'seclai api-version get' }],
  },
  {
    path: ['api-version', 'set'],
    aliases: ['pin'],
    summary: 'Pin the account to an API version (owners and admins)',
    description:
      'Applies to later requests that send no Seclai-Version header; --api-version or SECLAI_API_VERSION ' +
      'still override it per request. A date outside the versions this CLI knows needs --allow-unknown-api-version.',
    operation: 'PUT /version',
    args: [{ name: 'date', description: 'the version to pin, YYYY-MM-DD', optional: true }],
    options: [
      {
        flags: '--date <YYYY-MM-DD>',
        description: 'the version to pin (same as the argument)',
        body: 'version',
      },
    ],
    view: 'object',
    columns,
    handler: async () => (await import('../commands/api-version/set.ts')).pinApiVersion,
    examples: [{ command: 'seclai api-version set 2026-07-27' }],
  },
  {
    path: ['api-version', 'clear'],
    aliases: ['unpin'],
    summary: 'Remove the pin: the account follows the default version again (owners and admins)',
    description: 'Sends {"version": null}, which the API takes as "no pin".',
    operation: 'PUT /version',
    body: { version: null },
    view: 'object',
    columns,
    examples: [{ command: 'seclai api-version clear' }],
  },
];
