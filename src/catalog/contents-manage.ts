import { deleteRow, idArg, pageOptions } from './common.ts';
import type { CommandSpec } from './types.ts';

/** Reading and deleting content versions; uploads and replacements live in contents.ts. */
const contentId = idArg('content-id', 'source_connection_content_version', 'content version');

export const contentManageCommands: CommandSpec[] = [
  {
    path: ['contents', 'get'],
    aliases: ['show'],
    summary: "Show a content version's details and a slice of its text",
    operation: 'GET /contents/{source_connection_content_version}',
    args: [contentId],
    options: [
      {
        flags: '--start <n>',
        description: 'first character of text to include (default 0)',
        type: 'int',
        min: 0,
        query: 'start',
      },
      {
        flags: '--end <n>',
        description: 'character to stop at (default 5000)',
        type: 'int',
        min: 0,
        query: 'end',
      },
    ],
    view: 'object',
    columns: [
      'id',
      'title',
      'source_name',
      'content_status',
      'content_type',
      'content_word_count',
      'published_at',
      'text_content',
    ],
    examples: [{ command: 'seclai contents get 7d3a… --end 20000' }],
  },
  deleteRow(
    ['contents', 'delete'],
    'content version',
    'DELETE /contents/{source_connection_content_version}',
    [contentId],
    'seclai contents delete 7d3a… --yes',
  ),
  {
    path: ['contents', 'embeddings'],
    summary: "List a content version's embedded chunks",
    operation: 'GET /contents/{source_connection_content_version}/embeddings',
    args: [contentId],
    options: pageOptions(),
    paginate: 'page',
    view: 'list',
    columns: ['id', 'text_start', 'text_end', 'text'],
    examples: [{ command: 'seclai contents embeddings 7d3a… --limit 50' }],
  },
];
