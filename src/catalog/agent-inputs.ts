import { idArg } from './common.ts';
import { fileNameOption } from './sources.ts';
import type { CommandSpec } from './types.ts';

const agentId = idArg('agent-id', 'agent_id', 'agent');

/** Files as run inputs: staging them, what an agent expects, and readiness. */
export const agentInputCommands: CommandSpec[] = [
  {
    path: ['agents', 'upload-input'],
    summary: 'Stage a file as input for a run, and wait until it is ready',
    description:
      'Audio and video are transcribed first: the command polls until the upload is ready (--no-wait ' +
      'returns at once). Pass the id to a run as its input upload. A file all of whose bytes were sent is ' +
      'not sent again after a 5xx, a dropped connection or an answer without an id: it is reported ' +
      'unconfirmed (exit 1), since it may have been staged.',
    operation: 'POST /agents/{agent_id}/upload-input',
    args: [agentId, { name: 'file', optional: true, description: 'the file (at most 200 MiB)' }],
    options: [
      { flags: '--file <path>', description: 'the file, as the official CLI names it', repeatable: true },
      fileNameOption,
      { flags: '--no-wait', description: 'return as soon as the file is sent, even while it is processing' },
      {
        flags: '--mime-type <type>',
        description: 'send this MIME type instead of the one the extension says',
      },
      {
        flags: '--force-type',
        description: 'send the file even when its type is not listed as accepted',
        type: 'boolean',
      },
    ],
    view: 'object',
    handler: async () => (await import('../commands/uploads/agent-input.ts')).uploadAgentInput,
    examples: [
      { command: 'seclai agents upload-input 3f1a… call.mp3' },
      { command: 'seclai agents upload-input 3f1a… invoice.pdf --json | jq -r .id' },
      { command: 'seclai agents upload-input 3f1a… --file ./data.csv --file-name report.csv' },
    ],
  },
  {
    path: ['agents', 'attachment-references'],
    aliases: ['attachment-refs'],
    summary: 'Show which files an agent expects on a run',
    operation: 'GET /agents/{agent_id}/attachment-references',
    args: [agentId],
    view: 'object',
    columns: ['requires_uploads', 'agent'],
    examples: [{ command: 'seclai agents attachment-references 3f1a…' }],
  },
  {
    path: ['agents', 'input-status'],
    summary: 'Show whether a staged input upload is ready',
    operation: 'GET /agents/{agent_id}/input-uploads/{upload_id}',
    args: [agentId, { name: 'upload-id', param: 'upload_id', description: "the upload's id" }],
    view: 'object',
    columns: ['id', 'status', 'filename', 'content_type', 'file_size', 'error'],
    examples: [{ command: 'seclai agents input-status 3f1a… 8e44…' }],
  },
];
