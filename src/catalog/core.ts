import type { CommandSpec } from './types.ts';

/** Commands that are not one resource's: identity, raw requests, the catalog itself. */
export const coreCommands: CommandSpec[] = [
  {
    path: ['me'],
    aliases: ['whoami'],
    summary: 'Show who you are signed in as and the organizations you can switch to',
    operation: 'GET /me',
    view: 'object',
    handler: async () => (await import('../commands/me/me.ts')).showMe,
    examples: [
      { command: 'seclai me' },
      {
        command: 'seclai --account-id <org-account-id> agents list',
        description: "act in an organization's account",
      },
    ],
  },
  {
    path: ['api'],
    summary: 'Send a request to any API endpoint and print the JSON answer',
    description:
      'The path is relative to the API base URL and must stay below it (no //, \\, .. or absolute URLs); a query may follow ?. GET answers print as JSON; --paginate walks every page of a list.',
    args: [
      { name: 'method', description: 'GET, POST, PUT, PATCH or DELETE (any case)' },
      { name: 'path', description: 'e.g. /agents or agents/3f1a…/runs (the leading / is optional)' },
    ],
    options: [
      {
        flags: '-q, --query <key=value>',
        description: 'query parameter (repeatable)',
        type: 'keyvalue',
        repeatable: true,
      },
      {
        flags: '-H, --header <name:value>',
        description: 'extra request header (repeatable)',
        repeatable: true,
      },
      {
        flags: '--paginate',
        description: 'follow pages of a list and print one array of every item',
        type: 'boolean',
      },
    ],
    data: true,
    dryRunFollowUps: (options) => Boolean(options.paginate),
    handler: async () => (await import('../commands/api/api.ts')).apiRequest,
    examples: [
      { command: 'seclai api GET /agents -q limit=5' },
      { command: 'seclai api get agents', description: 'the same, typed quickly' },
      { command: 'seclai api POST /agents -d \'{"name":"demo"}\'' },
      { command: 'seclai api GET /sources --paginate | jq length' },
    ],
  },
  {
    path: ['commands'],
    summary: 'List every command with its API operation (--json for tooling)',
    handler: async () => (await import('../commands/commands/list.ts')).listCommands,
    examples: [{ command: 'seclai commands --json | jq ".[] | select(.operation != null) | .path"' }],
  },
];
