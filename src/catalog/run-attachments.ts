import { aliasRow } from './common.ts';
import { downloadOptions } from './sources.ts';
import type { CommandSpec } from './types.ts';

const runAttachment: CommandSpec = {
  path: ['runs', 'attachment'],
  aliases: ['download-attachment'],
  summary: 'Download a file a run emitted, written whole or not at all',
  description:
    "The attachment id is the URL-safe base64 storage key from the run's output manifest. Streams to " +
    '--out (a file, a directory, or - for stdout) or, without it, to the server-given file name; an ' +
    'existing file is replaced only with --force.',
  operation: 'GET /v2/agent-runs/{run_id}/attachments/{attachment_id}',
  args: [
    { name: 'run-id', param: 'run_id', description: "the run's id" },
    { name: 'attachment-id', param: 'attachment_id', description: "the attachment's id (storage key)" },
  ],
  options: [
    ...downloadOptions(),
    {
      flags: '--name <file-name>',
      alias: '--download-name',
      description: 'file name the server should give the download',
      query: 'download_name',
    },
  ],
  handler: async () => (await import('../commands/downloads/download.ts')).downloadRunAttachment,
  examples: [
    { command: 'seclai runs attachment 0c7d… c3RvcmFnZS9rZXk --out chart.png' },
    { command: 'seclai runs attachment 0c7d… c3RvcmFnZS9rZXk --out - > chart.png' },
  ],
};

/** Files a run emitted. */
export const runAttachmentCommands: CommandSpec[] = [
  runAttachment,
  aliasRow(runAttachment, {
    path: ['agents', 'runs', 'download-attachment'],
    aliases: undefined,
    summary: 'Download a file a run emitted (same as `seclai runs attachment`)',
    examples: [{ command: 'seclai agents runs download-attachment 0c7d… c3RvcmFnZS9rZXk --out chart.png' }],
  }),
];
