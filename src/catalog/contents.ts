import { fileUploadOptions, inlineTextOptions, waitOption } from './sources.ts';
import { topLevelGroup } from './top-level.ts';
import type { CommandSpec, GroupSpec } from './types.ts';

export const contentGroups: GroupSpec[] = [topLevelGroup('contents')];

const versionId = {
  name: 'version-id',
  param: 'source_connection_content_version',
  description: "the content version's id",
};

/** Replacing what backs a content version: verbs with their own handlers. */
export const contentUploadCommands: CommandSpec[] = [
  {
    path: ['contents', 'upload'],
    aliases: ['replace'],
    summary: 'Replace a content version with a new file (references to it stay valid)',
    description:
      'The file is sent again after a rate limit or a connection lost mid-file, but not once all of it was ' +
      'sent: a 5xx, a dropped connection or an answer that is not an upload result then leaves the ' +
      'replacement unconfirmed (exit 1, with a hint to check the content before trying again).',
    operation: 'POST /contents/{source_connection_content_version}/upload',
    args: [versionId, { name: 'file', optional: true, description: 'the new file (at most 200 MiB)' }],
    options: [
      { flags: '--file <path>', description: 'the new file, as the official CLI names it', repeatable: true },
      { flags: '--title <title>', description: 'title of the content' },
      ...fileUploadOptions(),
      waitOption(),
    ],
    view: 'object',
    handler: async () => (await import('../commands/uploads/content-upload.ts')).replaceContentWithFile,
    examples: [
      { command: 'seclai contents upload 5d9a… report-v2.pdf --title "Q3 report (revised)"' },
      {
        command:
          'seclai contents upload 5d9a… --file /tmp/tmp81x.pdf --file-name report-v2.pdf --metadata-file meta.json',
      },
      {
        command: 'seclai contents upload 5d9a… report-v2.pdf --wait',
        description: 'and wait until it is indexed',
      },
    ],
  },
  {
    path: ['contents', 'replace-text'],
    summary: 'Replace a content version with inline text',
    operation: 'PUT /contents/{source_connection_content_version}',
    args: [versionId],
    options: inlineTextOptions(),
    view: 'object',
    handler: async () => (await import('../commands/uploads/text.ts')).replaceContentWithText,
    examples: [{ command: 'seclai contents replace-text 5d9a… --file faq.md' }],
  },
];
