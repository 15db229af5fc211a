import { topLevelGroup } from './top-level.ts';
import type { CommandSpec, GroupSpec, OptionSpec } from './types.ts';

/** `--concurrency` of the commands that send many files. */
const concurrencyOption: OptionSpec = {
  flags: '-c, --concurrency <n>',
  description: 'files sent at the same time (1-16)',
  type: 'int',
  min: 1,
  max: 16,
  default: 4,
};

export const sourceGroups: GroupSpec[] = [
  topLevelGroup('sources'),
  { path: ['sources', 'exports'], aliases: ['export'], summary: "Exports of a source's content to a file" },
];

const sourceId = { name: 'source-id', param: 'source_connection_id', description: "the source's id" };

/** `--file-name`: the official CLI's name for the file name an upload sends. */
export const fileNameOption: OptionSpec = {
  flags: '--file-name <name>',
  description: "file name to send instead of the file's own (one file only)",
};

/** `--metadata`, `--metadata-file`, `--file-name`, `--mime-type` and `--force-type`: what file uploads share. */
export function fileUploadOptions(): OptionSpec[] {
  return [
    {
      flags: '--metadata <key=value|json>',
      description: 'metadata: key=value (repeatable) or one JSON object, e.g. \'{"author":"Ada"}\'',
      repeatable: true,
    },
    {
      flags: '--metadata-file <path>',
      description: 'metadata from a file holding a JSON object (--metadata keys go over its keys)',
    },
    fileNameOption,
    {
      flags: '--mime-type <type>',
      description: 'send this MIME type instead of the one the file extension says',
    },
    {
      flags: '--force-type',
      description: 'send files even when their type is not one the API lists as accepted',
      type: 'boolean',
    },
  ];
}

/** `--wait`: after sending, poll until the content is indexed. */
export function waitOption(): OptionSpec {
  return {
    flags: '--wait',
    description:
      'after sending, wait until indexing completed or failed (exit 1 if any failed); --timeout bounds it',
    type: 'boolean',
  };
}

/** `--text`, `--file`, `--title`, `--metadata`, `--mime-type` for inline text. */
export function inlineTextOptions(): OptionSpec[] {
  return [
    { flags: '--title <title>', description: 'title of the content' },
    { flags: '--text <text>', description: 'the text itself' },
    { flags: '--file <path>', description: 'read the text from a file (- for stdin)' },
    {
      flags: '--metadata <key=value|json>',
      description: 'metadata: key=value (repeatable) or one JSON object',
      repeatable: true,
    },
    {
      flags: '--mime-type <type>',
      description: 'content type of the text (default text/plain, or from the --file extension)',
    },
  ];
}

/** Uploads and downloads of sources: verbs with their own handlers. */
export const sourceUploadCommands: CommandSpec[] = [
  {
    path: ['sources', 'upload'],
    summary: 'Upload files to a source: streamed, several at once, with progress and --resume',
    description:
      'Every path is checked before anything is sent: it must exist, be a readable regular file of at most ' +
      '200 MiB, and be a type the API accepts (text, PDF, Office, images, audio, video). Output: one line per ' +
      'file (path, status, content version id) on stdout; with --json one JSON object per file per line. ' +
      'Each finished file is recorded (path, size, mtime) in a journal in the config directory; --resume ' +
      'skips the files it lists that are unchanged, and records a SHA-256 of each file it sends, so a file ' +
      'that was only touched is not sent again either. A file whose whole body was sent but whose upload no ' +
      'answer confirmed (a 5xx, a dropped connection, an answer that is not an upload result) is not sent ' +
      'again: it is reported and journaled "unconfirmed", and --resume first asks the source whether it ' +
      'arrived (GET /sources/{id}/contents, by title); when that cannot be told it stays unconfirmed unless ' +
      '--resend-unconfirmed. Two --resume uploads to one source cannot run at once: the second refuses ' +
      '(the journal is locked). Exits 1 when any file failed or is unconfirmed, 130 when interrupted.',
    operation: 'POST /sources/{source_connection_id}/upload',
    args: [
      sourceId,
      {
        name: 'path',
        variadic: true,
        optional: true,
        description: 'files, or directories with --recursive (or give them with --file)',
      },
    ],
    options: [
      {
        flags: '--file <path>',
        description: 'a file or directory to upload, as the official CLI names it (repeatable)',
        repeatable: true,
      },
      { flags: '-r, --recursive', description: 'upload the files below directories', type: 'boolean' },
      {
        flags: '--include-hidden',
        description: 'with --recursive, include dot files and directories',
        type: 'boolean',
      },
      { flags: '--title <title>', description: 'title of the content (one file only)' },
      ...fileUploadOptions(),
      concurrencyOption,
      {
        flags: '--resume',
        description:
          'skip files the journal shows were already uploaded, unchanged; re-check unconfirmed ones; hash what is sent',
        type: 'boolean',
      },
      {
        flags: '--resend-unconfirmed',
        description:
          'with --resume, send unconfirmed files again when the source cannot tell whether they arrived',
        type: 'boolean',
      },
      waitOption(),
    ],
    handler: async () => (await import('../commands/uploads/source-upload.ts')).uploadToSource,
    examples: [
      { command: 'seclai sources upload 7b2e… report.pdf notes.md --title "Q3 report"' },
      {
        command: 'seclai sources upload 7b2e… ./docs --recursive --concurrency 8',
        description: 'a whole folder',
      },
      {
        command: 'seclai sources upload 7b2e… ./docs -r --resume',
        description: 'after an interruption: send the rest',
      },
      { command: 'seclai sources upload 7b2e… *.pdf --json | jq -r .content_version_id' },
      {
        command:
          'seclai sources upload 7b2e… --file ./doc.pdf --file-name "Q3 report.pdf" --metadata-file meta.json',
        description: "the official CLI's spelling",
      },
      {
        command: 'seclai sources upload 7b2e… ./docs -r --wait',
        description: 'then wait until every file is indexed (exit 1 if any failed)',
      },
    ],
  },
  {
    path: ['sources', 'sync'],
    summary: 'Mirror a folder into a source: send new and changed files, optionally delete what is gone',
    description:
      'Compares <dir> (recursive; dot files and --exclude globs skipped, --include globs narrow) with the ' +
      "source's contents, matched by title = the file's path relative to <dir>: new files are uploaded with " +
      'that title, changed ones replace their content in place (POST /contents/{id}/upload: ids and references ' +
      'stay), unchanged ones are not sent, and with --delete contents whose file is gone are deleted (asked on ' +
      'a terminal, --yes otherwise). A change is told by size and modification time against the last sync, ' +
      'then by SHA-256 where the time differs; that state lives in the config directory, one line per file as ' +
      'it is synced, so an interrupted sync resumes. Without it (a fresh machine), a file whose title the source ' +
      'holds is taken as synced. A glob with a / matches the whole relative path; one without matches any name ' +
      'in it; * and ? stay within a name, ** spans folders. A file sent in full that no answer confirmed is not ' +
      'sent again: the next sync looks for it in the listing (a replacement needs --resend-unconfirmed). Output: ' +
      'one line per action (add, replace, delete) and a summary on stderr; with --json one object per action and ' +
      'a final {"summary": ...} object. --dry-run prints the plan (add / replace / delete / unchanged, with sizes) ' +
      'and sends nothing but reads. Exits 0 when the source matches the folder, 1 when any file failed or is ' +
      'unconfirmed (each named), 2 on bad input before anything is sent, 130 when interrupted.',
    apiHelp:
      'GET /sources/{source_connection_id}/contents, POST /sources/{source_connection_id}/upload, ' +
      'POST /contents/{source_connection_content_version}/upload, DELETE /contents/{source_connection_content_version}',
    args: [sourceId, { name: 'dir', description: 'the folder to mirror' }],
    options: [
      {
        flags: '--exclude <glob>',
        description: 'skip files and folders matching the glob (repeatable)',
        repeatable: true,
      },
      {
        flags: '--include <glob>',
        description: 'only files matching the glob (repeatable; --exclude still wins)',
        repeatable: true,
      },
      {
        flags: '--delete',
        description: 'delete contents whose file is gone from the folder',
        type: 'boolean',
      },
      { flags: '-y, --yes', description: 'with --delete: do not ask before deleting', type: 'boolean' },
      {
        flags: '--dry-run',
        description: 'print the plan (add / replace / delete / unchanged, with sizes); send nothing',
        type: 'boolean',
      },
      concurrencyOption,
      {
        flags: '--force-type',
        description: 'send files even when their type is not one the API lists as accepted',
        type: 'boolean',
      },
      {
        flags: '--resend-unconfirmed',
        description: 'send again a replacement an earlier sync sent but no answer confirmed',
        type: 'boolean',
      },
      waitOption(),
    ],
    handler: async () => (await import('../commands/uploads/sync.ts')).syncFolder,
    examples: [
      {
        command: 'seclai sources sync 7b2e… ./docs --exclude "*.tmp" --dry-run',
        description: 'see the plan',
      },
      { command: 'seclai sources sync 7b2e… ./docs --delete --yes', description: 'in CI, on every merge' },
      {
        command: 'seclai sources sync 7b2e… ./docs --include "**/*.md" --wait',
        description: 'Markdown only, then wait until it is indexed',
      },
      { command: 'seclai sources sync 7b2e… ./docs --json | jq -c "select(.action)"' },
    ],
  },
  {
    path: ['sources', 'upload-text'],
    summary: 'Add inline text to a source',
    operation: 'POST /sources/{source_connection_id}',
    args: [sourceId],
    options: [...inlineTextOptions(), waitOption()],
    view: 'object',
    handler: async () => (await import('../commands/uploads/text.ts')).uploadTextToSource,
    examples: [
      { command: 'seclai sources upload-text 7b2e… --title "FAQ" --text "Opening hours: 9-5"' },
      { command: 'seclai sources upload-text 7b2e… --title "Notes" --file notes.md' },
      { command: 'seclai sources upload-text 7b2e… --title "FAQ" --file faq.md --wait' },
    ],
  },
  {
    path: ['sources', 'exports', 'download'],
    summary: 'Download a finished export, written whole or not at all',
    description:
      'Streams to --out (a file, a directory, or - for stdout) or, without it, to the server-given file name ' +
      'in the current directory. The file is written under a temporary name and renamed when complete; an ' +
      'existing file is replaced only with --force.',
    operation: 'GET /sources/{source_connection_id}/exports/{export_id}/download',
    args: [sourceId, { name: 'export-id', param: 'export_id', description: "the export's id" }],
    options: downloadOptions(),
    handler: async () => (await import('../commands/downloads/download.ts')).downloadExport,
    examples: [
      { command: 'seclai sources exports download 7b2e… 91c0… --out export.zip' },
      { command: 'seclai sources exports download 7b2e… 91c0… --out - | unzip -l /dev/stdin' },
    ],
  },
];

/** `--out` and `--force` for downloads. */
export function downloadOptions(): OptionSpec[] {
  return [
    { flags: '--out <path>', description: 'file or directory to write to; - for stdout' },
    { flags: '-f, --force', description: 'replace an existing file', type: 'boolean' },
  ];
}
