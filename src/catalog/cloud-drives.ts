import { idArg } from './common.ts';
import { topLevelGroup } from './top-level.ts';
import type { CommandSpec, GroupSpec } from './types.ts';

/** Cloud-drive connections (2026-10). Connecting a drive happens in the web app; these manage it after. */
export const cloudDriveGroups: GroupSpec[] = [topLevelGroup('cloud-drives')];

const connectionId = idArg('connection-id', 'connection_id', 'connection');
const columns = ['id', 'provider', 'name', 'folder_path', 'status', 'connected', 'updated_at'];

export const cloudDriveCommands: CommandSpec[] = [
  {
    path: ['cloud-drives', 'providers'],
    summary: 'List the cloud-drive providers that can be connected',
    operation: 'GET /cloud-drives/providers',
    view: 'list',
    columns: ['key', 'display_name', 'access_levels', 'scopes'],
    examples: [{ command: 'seclai cloud-drives providers' }],
  },
  {
    path: ['cloud-drives', 'list'],
    aliases: ['ls'],
    summary: "List the account's cloud-drive connections",
    operation: 'GET /cloud-drives',
    view: 'list',
    columns,
    examples: [{ command: 'seclai cloud-drives list --json | jq -r ".[].id"' }],
  },
  {
    path: ['cloud-drives', 'get'],
    aliases: ['show'],
    summary: 'Show one cloud-drive connection',
    operation: 'GET /cloud-drives/{connection_id}',
    args: [connectionId],
    view: 'object',
    columns: [...columns, 'created_at'],
    examples: [{ command: 'seclai cloud-drives get 6e0b…' }],
  },
  {
    path: ['cloud-drives', 'update'],
    summary: 'Rename a connection or change the folder it watches',
    description:
      'Sends only what is given. An empty --name or --folder-path is refused: the API takes an empty folder ' +
      'path as "the whole drive" and resets the sync cursor, so that takes --whole-drive, on purpose.',
    operation: 'PATCH /cloud-drives/{connection_id}',
    args: [connectionId],
    options: [
      { flags: '--name <name>', description: "the connection's new name", body: 'name' },
      { flags: '--folder-path <path>', description: 'watch this folder instead', body: 'folder_path' },
      {
        flags: '--whole-drive',
        description: 'watch the whole drive (resets the sync cursor)',
        type: 'boolean',
      },
    ],
    view: 'object',
    columns: [...columns, 'created_at'],
    handler: async () => (await import('../commands/cloud-drives/update.ts')).updateCloudDrive,
    examples: [
      { command: 'seclai cloud-drives update 6e0b… --name "Team drive" --folder-path /Shared/Docs' },
      { command: 'seclai cloud-drives update 6e0b… --whole-drive', description: 'watch everything' },
    ],
  },
  {
    path: ['cloud-drives', 'disconnect'],
    summary: "Revoke a connection's tokens and stop its notifications; the connection stays",
    operation: 'POST /cloud-drives/{connection_id}/disconnect',
    args: [connectionId],
    confirm: 'Disconnect cloud drive {connection-id}? Syncing stops until it is reconnected in the web app.',
    view: 'object',
    columns,
    examples: [{ command: 'seclai cloud-drives disconnect 6e0b… --yes' }],
  },
  {
    path: ['cloud-drives', 'delete'],
    aliases: ['rm'],
    summary: 'Delete a cloud-drive connection',
    description:
      'The API refuses (409) while an agent trigger or a source uses the connection; the error then names ' +
      'them when it can. `seclai cloud-drives agents <connection-id>` lists the agents.',
    operation: 'DELETE /cloud-drives/{connection_id}',
    args: [connectionId],
    confirm: 'Delete cloud drive {connection-id}?',
    view: 'none',
    handler: async () => (await import('../commands/cloud-drives/delete.ts')).deleteCloudDrive,
    examples: [{ command: 'seclai cloud-drives delete 6e0b… --yes' }],
  },
  {
    path: ['cloud-drives', 'agents'],
    summary: 'List the agents that use a connection',
    operation: 'GET /cloud-drives/{connection_id}/agents',
    args: [connectionId],
    view: 'list',
    columns: ['agent_id', 'agent_name', 'trigger_types', 'via_step', 'via_prompt_tool'],
    examples: [{ command: 'seclai cloud-drives agents 6e0b…' }],
  },
  {
    path: ['cloud-drives', 'rejections'],
    summary: 'List the files a connection skipped, newest first, with the reason',
    operation: 'GET /cloud-drives/{connection_id}/rejections',
    args: [connectionId],
    options: [
      {
        flags: '--limit <n>',
        description: 'at most this many (1-200, default 50)',
        type: 'int',
        min: 1,
        max: 200,
        query: 'limit',
      },
    ],
    view: 'list',
    columns: ['created_at', 'file_path', 'reason'],
    examples: [{ command: 'seclai cloud-drives rejections 6e0b… --limit 200' }],
  },
];
