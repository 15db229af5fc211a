import { parseMetadata } from '../../catalog/input.ts';
import type { Handler } from '../../catalog/types.ts';
import { ExitCode, UsageError } from '../../errors.ts';
import { ApiError } from '../../http/errors.ts';
import {
  createProgress,
  formatBytes,
  formatDuration,
  silentProgress,
  type TransferProgress,
} from '../../output/progress.ts';
import type { Session } from '../../session.ts';
import { collectFiles, type UploadFile } from './files.ts';
import { type JournalEntry, UploadJournal } from './journal.ts';
import { interruptController, runPool, sendFile } from './send.ts';
import { printWhenIndexed } from './wait-indexed.ts';

/** The API's answer to `POST /sources/{id}/upload`. */
interface SourceUploadResponse {
  content_version_id: string | null;
  source_connection_content_version_id: string | null;
  filename: string;
  status: string;
  embedder_warning?: string | null;
}

/** What happened to one file, as printed: a TSV line, an NDJSON object or a line for people. */
interface FileOutcome {
  path: string;
  status: string;
  content_version_id: string | null;
  source_connection_content_version_id?: string | null;
  filename?: string;
  size: number;
  embedder_warning?: string | null;
  error?: { status?: number; code?: string; message: string };
  /** With --wait: where indexing ended (`completed`, `failed`, or unfinished after --timeout). */
  content_status?: string;
}

interface Totals {
  sent: number;
  sentBytes: number;
  failed: number;
  skipped: number;
  stopped: number;
}

/**
 * `seclai sources upload <source-id> <path>...`: pre-checks every path, then streams the files,
 * several at once, with progress, a journal for `--resume`, and a clean stop on Ctrl-C.
 */
export const uploadToSource: Handler = async (session, input) => {
  const sourceId = input.args['source-id'] as string;
  const paths = input.args.path as string[];
  const options = input.options as {
    recursive?: boolean;
    includeHidden?: boolean;
    title?: string;
    metadata?: string[];
    mimeType?: string;
    forceType?: boolean;
    concurrency?: number;
    resume?: boolean;
    wait?: boolean;
  };
  const metadata = parseMetadata(options.metadata);
  const files = collectFiles(paths, {
    cwd: session.ctx.cwd,
    recursive: options.recursive,
    includeHidden: options.includeHidden,
    mimeType: options.mimeType,
    forceType: options.forceType,
  });
  if (options.title !== undefined && files.length !== 1) {
    throw new UsageError(`--title applies to one file only (got ${files.length})`);
  }
  const journal = await UploadJournal.open(session.settings.configDir, sourceId);
  const pending: UploadFile[] = [];
  const skipped: [UploadFile, JournalEntry][] = [];
  for (const file of files) {
    const entry = options.resume ? await journal.alreadySent(file) : undefined;
    if (entry) skipped.push([file, entry]);
    else pending.push(file);
  }

  const client = await session.api();
  const progress = createProgress(session.showProgress, {
    stream: session.io.stderr,
    now: () => session.ctx.clock.now(),
    columns: session.io.columns,
    totalItems: pending.length,
    totalBytes: pending.reduce((sum, file) => sum + file.size, 0),
  });
  // With --wait each line waits for its final content_status.
  const held: FileOutcome[] = [];
  const print = options.wait
    ? (outcome: FileOutcome) => held.push(outcome)
    : outcomePrinter(session, progress);
  const totals: Totals = { sent: 0, sentBytes: 0, failed: 0, skipped: skipped.length, stopped: 0 };
  for (const [file, entry] of skipped) {
    print({
      path: file.path,
      status: 'skipped',
      content_version_id: entry.contentVersionId,
      size: file.size,
    });
  }

  const started = session.ctx.clock.now();
  const interrupt = interruptController(session.ctx.onInterrupt);
  const path = `/sources/${encodeURIComponent(sourceId)}/upload`;
  const fields = {
    title: options.title,
    metadata: metadata === undefined ? undefined : JSON.stringify(metadata),
  };
  try {
    await runPool(pending, options.concurrency ?? 4, interrupt.signal, async (file, index) => {
      const id = String(index);
      progress.start(id, file.path, file.size);
      try {
        const { data, sha256 } = await sendFile<SourceUploadResponse>(client, {
          path,
          file,
          fields,
          onProgress: (bytes) => progress.update(id, bytes),
          hash: options.resume,
          signal: interrupt.signal,
          timeoutMs: session.settings.timeoutMs,
        });
        progress.finish(id, true);
        totals.sent++;
        totals.sentBytes += file.size;
        const contentVersionId = data.content_version_id ?? data.source_connection_content_version_id;
        journal.record(file, { sha256, contentVersionId, status: data.status });
        print({
          path: file.path,
          status: data.status,
          content_version_id: contentVersionId,
          source_connection_content_version_id: data.source_connection_content_version_id,
          filename: data.filename,
          size: file.size,
          embedder_warning: data.embedder_warning,
        });
        if (data.embedder_warning)
          progress.log(session.io.stderr, `warning: ${file.path}: ${data.embedder_warning}`);
      } catch (err) {
        progress.finish(id, false);
        if (interrupt.interrupted()) {
          totals.stopped++;
          print({ path: file.path, status: 'interrupted', content_version_id: null, size: file.size });
          return;
        }
        totals.failed++;
        const error = describeFailure(err);
        print({ path: file.path, status: 'failed', content_version_id: null, size: file.size, error });
        progress.log(session.io.stderr, `error: ${file.path}: ${error.message}`);
      }
    });
  } finally {
    interrupt.release();
    progress.stop();
    try {
      journal.ensureWritten();
    } catch (err) {
      session.note(`warning: could not save the upload journal ${journal.file}: ${(err as Error).message}`);
    }
  }

  const notStarted = pending.length - totals.sent - totals.failed - totals.stopped;
  session.note(
    summary(totals, files.length, notStarted, session.ctx.clock.now() - started, interrupt.interrupted()),
  );
  if (interrupt.interrupted()) {
    for (const outcome of held) outcomePrinter(session, silentProgress)(outcome);
    return ExitCode.interrupted;
  }
  const sent = totals.failed > 0 ? ExitCode.failure : ExitCode.ok;
  if (!options.wait) return sent;
  return Math.max(
    sent,
    await printWhenIndexed(session, sourceId, held, outcomePrinter(session, silentProgress)),
  );
};

/** Prints each outcome the way the output format asks, above the progress bars. */
function outcomePrinter(session: Session, progress: TransferProgress): (outcome: FileOutcome) => void {
  const stdout = session.io.stdout;
  switch (session.settings.output) {
    case 'json':
      return (outcome) => progress.log(stdout, JSON.stringify(withoutUndefined(outcome)));
    case 'tsv':
      return (outcome) =>
        progress.log(
          stdout,
          [outcome.path, outcome.status, outcome.content_version_id ?? '', outcome.content_status]
            .filter((cell) => cell !== undefined)
            .map(tsvCell)
            .join('\t'),
        );
    default:
      return (outcome) =>
        progress.log(
          stdout,
          `${outcome.status.padEnd(11)} ${outcome.path}${outcome.content_version_id ? `  → ${outcome.content_version_id}` : ''}${outcome.content_status ? ` (indexing ${outcome.content_status})` : ''}`,
        );
  }
}

function summary(
  totals: Totals,
  total: number,
  notStarted: number,
  elapsedMs: number,
  interrupted: boolean,
): string {
  const parts = [
    `${interrupted ? 'Interrupted: sent' : 'Sent'} ${totals.sent} of ${total} file${total === 1 ? '' : 's'} (${formatBytes(totals.sentBytes)} in ${formatDuration(elapsedMs / 1000)})`,
  ];
  if (totals.skipped > 0) parts.push(`${totals.skipped} already uploaded (skipped)`);
  if (totals.failed > 0) parts.push(`${totals.failed} failed`);
  if (totals.stopped > 0) parts.push(`${totals.stopped} stopped mid-upload`);
  if (notStarted > 0) parts.push(`${notStarted} not started`);
  let text = `${parts.join('; ')}.`;
  if (totals.failed > 0 || totals.stopped > 0 || notStarted > 0) {
    text += '\nRun the same command with --resume to send only what is missing.';
  }
  return text;
}

function describeFailure(err: unknown): NonNullable<FileOutcome['error']> {
  if (err instanceof ApiError) return { status: err.status, code: err.code, message: err.message };
  return { message: err instanceof Error ? err.message : String(err) };
}

function withoutUndefined(value: object): object {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

function tsvCell(text: string): string {
  return text.replace(/[\t\n\r]/g, ' ');
}
