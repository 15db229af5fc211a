import type { CommandSpec, GroupSpec } from './types.ts';

/** The account's pinned API version: what header-less requests get. */
export const apiVersionGroups: GroupSpec[] = [
  {
    path: ['api-version'],
    summary: "The account's pinned API version (Seclai-Version for requests that send none)",
  },
];

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
      'Applies to later requests that send no Seclai-Version header; --api-version or SECLAI_API_VERSION still override it per request.',
    operation: 'PUT /version',
    options: [
      { flags: '--date <YYYY-MM-DD>', description: 'the version to pin', body: 'version', required: true },
    ],
    view: 'object',
    columns,
    examples: [{ command: 'seclai api-version set --date 2026-07-27' }],
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
