import { idArg, pageOptions, sortOptions } from './common.ts';
import type { CommandSpec, GroupSpec } from './types.ts';

/** The indexing status of a source's content items (2026-10). */
export const sourceContentGroups: GroupSpec[] = [
  {
    path: ['sources', 'contents'],
    aliases: ['content'],
    summary: "A source's content items and how far their indexing got",
  },
];

export const CONTENT_STATUSES = ['pending', 'processing', 'completed', 'failed'] as const;

const sourceId = idArg('source-id', 'source_connection_id', 'source');
const columns = ['content_version_id', 'content_status', 'title', 'content_type', 'pulled_at', 'error'];

export const sourceContentCommands: CommandSpec[] = [
  {
    path: ['sources', 'contents', 'list'],
    aliases: ['ls'],
    summary: "List a source's content items with their indexing status",
    operation: 'GET /sources/{source_connection_id}/contents',
    args: [sourceId],
    options: [
      {
        flags: '--status <status>',
        description: 'only items in this state',
        type: 'enum',
        choices: CONTENT_STATUSES,
        query: 'status',
      },
      {
        flags: '--content-version <id>',
        description: 'only this content version (repeat for several)',
        query: 'content_version_id',
        repeatable: true,
      },
      ...sortOptions(),
      ...pageOptions(),
    ],
    paginate: 'page',
    view: 'list',
    columns,
    examples: [
      { command: 'seclai sources contents list 7b2e… --status failed --all' },
      { command: 'seclai sources contents list 7b2e… --content-version 5d9a… --content-version 8e1f…' },
    ],
  },
  {
    path: ['sources', 'contents', 'status'],
    aliases: ['get'],
    summary: "Show one content item's indexing status",
    operation: 'GET /sources/{source_connection_id}/contents/{content_version_id}',
    args: [sourceId, idArg('content-version-id', 'content_version_id', 'content version')],
    view: 'object',
    columns,
    examples: [{ command: 'seclai sources contents status 7b2e… 5d9a…' }],
  },
];
