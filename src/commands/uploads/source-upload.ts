import type { Handler } from '../../catalog/types.ts';
import { ExitCode, UsageError } from '../../errors.ts';
import { apiPath } from '../../http/api-path.ts';
import type { ApiClient } from '../../http/client.ts';
import { DryRunStop } from '../../http/dry-run.ts';
import { ApiError } from '../../http/errors.ts';
import { UnconfirmedError } from '../../http/unconfirmed.ts';
import {
  createProgress,
  formatBytes,
  formatDuration,
  silentProgress,
  type TransferProgress,
} from '../../output/progress.ts';
import { safeForTerminal } from '../../output/terminal-text.ts';
import type { Session } from '../../session.ts';
import { collectFiles, type UploadFile } from './files.ts';
import { type JournalEntry, UNCONFIRMED, UploadJournal } from './journal.ts';
import { type FileUploadFlags, namedPaths, renameUpload, uploadMetadata } from './named-files.ts';
import { recheckUploads } from './recheck.ts';
import { jsonResultLine, tsvResultLine } from './result-lines.ts';
import { checkFields, interruptController, runPool, sendFile } from './send.ts';
import { printWhenIndexed } from './wait-indexed.ts';

/** The API's answer to `POST /sources/{id}/upload`. */
interface SourceUploadResponse {
  content_version_id: string | null;
  source_connection_content_version_id: string | null;
  filename: string;
  status: string;
  embedder_warning?: string | null;
}

/** The answer's status when the source already had the same content: nothing new was stored. */
const DUPLICATE = 'duplicate';

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
  /** New content the server took (duplicates not counted). */
  sent: number;
  sentBytes: number;
  /** Sent, and the server answered it already had the same content. */
  duplicate: number;
  failed: number;
  skipped: number;
  stopped: number;
  /** Sent in full by this run, but no answer confirmed them. */
  unconfirmed: number;
  /** Unconfirmed by an earlier run, not settled by the re-check, so not sent again. */
  notResent: number;
  /** Unconfirmed by an earlier run, found on the server by the re-check. */
  confirmed: number;
}

interface SourceUploadOptions extends FileUploadFlags {
  recursive?: boolean;
  includeHidden?: boolean;
  concurrency?: number;
  resume?: boolean;
  resendUnconfirmed?: boolean;
  wait?: boolean;
}

/**
 * `seclai sources upload <source-id> <path>...`: pre-checks every path, then streams the files,
 * several at once, with progress, a journal for `--resume`, and a clean stop on Ctrl-C.
 * `--resume` holds the journal's lock for the whole run.
 */
export const uploadToSource: Handler = async (session, input) => {
  const sourceId = input.args['source-id'] as string;
  const options = input.options as SourceUploadOptions;
  if (options.resendUnconfirmed && !options.resume)
    throw new UsageError('--resend-unconfirmed goes with --resume');
  const metadata = uploadMetadata(session.ctx.cwd, options.metadata, options.metadataFile);
  const files = collectFiles(namedPaths(input.args.path, options.file), {
    cwd: session.ctx.cwd,
    recursive: options.recursive,
    includeHidden: options.includeHidden,
    mimeType: options.mimeType,
    forceType: options.forceType,
  });
  if (options.title !== undefined && files.length !== 1) {
    throw new UsageError(`--title applies to one file only (got ${files.length})`);
  }
  renameUpload(files, options.fileName);
  // A dry run sends nothing, so it writes no journal and takes no lock (a file of its own).
  const release =
    options.resume && !session.settings.dryRun
      ? await UploadJournal.lock(session.settings.configDir, sourceId)
      : undefined;
  try {
    return await uploadFiles(session, sourceId, files, options, metadata);
  } finally {
    await release?.().catch(() => {});
  }
};

async function uploadFiles(
  session: Session,
  sourceId: string,
  files: UploadFile[],
  options: SourceUploadOptions,
  metadata: Record<string, unknown> | undefined,
): Promise<number> {
  const journal = await UploadJournal.open(session.settings.configDir, sourceId);
  if (options.resume && journal.unreadableLines > 0) {
    const lines = journal.unreadableLines;
    session.note(
      `warning: skipped ${lines} unreadable line${lines === 1 ? '' : 's'} of the upload journal ${journal.file}`,
    );
  }
  const client = await session.api();
  const { pending, skipped, confirmed, stillUnconfirmed } = await planUploads(
    client,
    sourceId,
    journal,
    files,
    options,
  );

  // Result lines go to stdout as files finish (unless --wait holds them): bars only where they cannot mix.
  const live = options.wait ? session.progressOnStderr : session.showProgress;
  if (session.progressOnStderr && !live && pending.length > 0) session.note(sendingLine(pending));
  const progress = createProgress(live, {
    stream: session.io.stderr,
    now: () => session.ctx.clock.now(),
    columns: session.io.columns,
    totalItems: pending.length,
    totalBytes: pending.reduce((sum, file) => sum + file.size, 0),
  });
  // With --wait each line waits for its final content_status.
  const held: FileOutcome[] = [];
  const pathColumn = pathWidth(files);
  const print = options.wait
    ? (outcome: FileOutcome) => {
        held.push(outcome);
      }
    : outcomePrinter(session, progress, pathColumn);
  const totals: Totals = {
    sent: 0,
    sentBytes: 0,
    duplicate: 0,
    failed: 0,
    skipped: skipped.length,
    stopped: 0,
    unconfirmed: 0,
    notResent: stillUnconfirmed.length,
    confirmed: confirmed.length,
  };
  for (const [file, entry] of skipped) {
    print({
      path: file.path,
      status: 'skipped',
      content_version_id: entry.contentVersionId,
      size: file.size,
    });
  }
  for (const [file, entry, contentVersionId] of confirmed) {
    journal.record(file, { sha256: entry.sha256, contentVersionId, status: 'uploaded', title: entry.title });
    print({ path: file.path, status: 'confirmed', content_version_id: contentVersionId, size: file.size });
  }
  for (const file of stillUnconfirmed) {
    const message =
      "still unconfirmed: the source's contents could not be listed to check it; not sent again";
    print({
      path: file.path,
      status: UNCONFIRMED,
      content_version_id: null,
      size: file.size,
      error: { message },
    });
    progress.log(session.io.stderr, `error: ${file.path}: ${message}`);
  }

  const started = session.ctx.clock.now();
  const interrupt = interruptController(session.ctx.onInterrupt);
  const path = apiPath`/sources/${sourceId}/upload`;
  const fields = {
    title: options.title,
    metadata: metadata === undefined ? undefined : JSON.stringify(metadata),
  };
  try {
    await runPool(pending, options.concurrency ?? 4, interrupt.signal, async (file, index) => {
      const id = String(index);
      const title = options.title ?? file.filename;
      progress.start(id, file.path, file.size);
      try {
        const { data, sha256 } = await sendFile<SourceUploadResponse>(client, {
          path,
          file,
          fields,
          answer: (answer) =>
            checkFields(
              answer,
              ['status'],
              ['content_version_id', 'source_connection_content_version_id', 'filename', 'embedder_warning'],
            ),
          onProgress: (bytes) => progress.update(id, bytes),
          hash: options.resume,
          signal: interrupt.signal,
          timeoutMs: session.settings.timeoutMs,
        });
        progress.finish(id, true);
        if (data.status === DUPLICATE) totals.duplicate++;
        else {
          totals.sent++;
          totals.sentBytes += file.size;
        }
        const contentVersionId = data.content_version_id ?? data.source_connection_content_version_id ?? null;
        journal.record(file, { sha256, contentVersionId, status: data.status, title });
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
          progress.log(
            session.io.stderr,
            safeForTerminal(session.secrets.mask(`warning: ${file.path}: ${data.embedder_warning}`)),
          );
      } catch (err) {
        progress.finish(id, false);
        if (err instanceof DryRunStop) throw err;
        if (interrupt.interrupted()) {
          totals.stopped++;
          print({ path: file.path, status: 'interrupted', content_version_id: null, size: file.size });
          return;
        }
        const error = describeFailure(err);
        if (err instanceof UnconfirmedError) {
          totals.unconfirmed++;
          journal.record(file, { sha256: err.sha256, contentVersionId: null, status: UNCONFIRMED, title });
          print({ path: file.path, status: UNCONFIRMED, content_version_id: null, size: file.size, error });
        } else {
          totals.failed++;
          print({ path: file.path, status: 'failed', content_version_id: null, size: file.size, error });
        }
        progress.log(
          session.io.stderr,
          safeForTerminal(session.secrets.mask(`error: ${file.path}: ${error.message}`)),
        );
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

  const notStarted =
    pending.length - totals.sent - totals.duplicate - totals.failed - totals.stopped - totals.unconfirmed;
  session.note(
    summary(totals, files.length, notStarted, session.ctx.clock.now() - started, interrupt.interrupted()),
  );
  if (totals.notResent > 0) {
    session.note(
      'hint: the source could not be checked for unconfirmed files; once you know they are missing, add --resend-unconfirmed to send them again',
    );
  } else if (totals.unconfirmed > 0) {
    session.note(
      'hint: an unconfirmed file may have arrived; run the same command with --resume to check before it is sent again',
    );
  }
  if (interrupt.interrupted()) {
    for (const outcome of held) outcomePrinter(session, silentProgress, pathColumn)(outcome);
    return ExitCode.interrupted;
  }
  const sent = totals.failed + totals.unconfirmed + totals.notResent > 0 ? ExitCode.failure : ExitCode.ok;
  if (!options.wait) return sent;
  return Math.max(
    sent,
    await printWhenIndexed(session, sourceId, held, outcomePrinter(session, silentProgress, pathColumn)),
  );
}

interface UploadPlan {
  /** To send. */
  pending: UploadFile[];
  /** Sent before, unchanged since (--resume). */
  skipped: [UploadFile, JournalEntry][];
  /** Unconfirmed before, found on the server by the re-check, with the content version id found. */
  confirmed: [UploadFile, JournalEntry, string][];
  /** Unconfirmed before, and the re-check could not tell: not sent without --resend-unconfirmed. */
  stillUnconfirmed: UploadFile[];
}

/** Sorts the files by what the journal says of them (with --resume), re-checking unconfirmed ones. */
async function planUploads(
  client: ApiClient,
  sourceId: string,
  journal: UploadJournal,
  files: UploadFile[],
  options: SourceUploadOptions,
): Promise<UploadPlan> {
  const plan: UploadPlan = { pending: [], skipped: [], confirmed: [], stillUnconfirmed: [] };
  if (!options.resume) return { ...plan, pending: files };
  const unconfirmed: [UploadFile, JournalEntry][] = [];
  for (const file of files) {
    const sent = await journal.alreadySent(file);
    const unsure = sent ? undefined : await journal.unconfirmed(file);
    if (sent) plan.skipped.push([file, sent]);
    else if (unsure) unconfirmed.push([file, unsure]);
    else plan.pending.push(file);
  }
  if (unconfirmed.length === 0) return plan;
  const rechecked = await recheckUploads(
    client,
    sourceId,
    unconfirmed.map(([, entry]) => entry),
  );
  for (const [file, entry] of unconfirmed) {
    const result = rechecked.get(entry);
    if (result?.found) plan.confirmed.push([file, entry, result.contentVersionId]);
    else if (result?.found === false || options.resendUnconfirmed) plan.pending.push(file);
    else plan.stillUnconfirmed.push(file);
  }
  return plan;
}

/**
 * Prints each outcome the way the output format asks, above the progress bars. Paths, statuses and
 * ids are shown, never obeyed, on a terminal; a pipe gets JSON as is and TSV cells escaped.
 */
function outcomePrinter(
  session: Session,
  progress: TransferProgress,
  pathColumn: number,
): (outcome: FileOutcome) => void {
  switch (session.settings.output) {
    case 'json':
      return jsonResultLine(session, progress);
    case 'tsv': {
      const row = tsvResultLine(session, progress);
      return (outcome) =>
        row([outcome.path, outcome.status, outcome.content_version_id ?? '', outcome.content_status]);
    }
    default:
      return (outcome) => progress.log(session.io.stdout, resultLine(outcome, pathColumn));
  }
}

const STATUS_COLUMN = 11;
const SIZE_COLUMN = 9;
const WIDEST_PATH_COLUMN = 60;

/** The path column's width: the longest path shown, up to a limit past which a path just runs on. */
function pathWidth(files: UploadFile[]): number {
  return Math.min(WIDEST_PATH_COLUMN, Math.max(0, ...files.map((file) => safeForTerminal(file.path).length)));
}

/** `uploaded     docs/a.md    1.2 KiB  → 3f1a…`: status, path and size in columns, then the id. */
function resultLine(outcome: FileOutcome, pathColumn: number): string {
  const id = outcome.content_version_id ? `  → ${safeForTerminal(outcome.content_version_id)}` : '';
  const indexing = outcome.content_status ? ` (indexing ${safeForTerminal(outcome.content_status)})` : '';
  return (
    `${safeForTerminal(outcome.status).padEnd(STATUS_COLUMN)} ${safeForTerminal(outcome.path).padEnd(pathColumn)}` +
    `  ${formatBytes(outcome.size).padStart(SIZE_COLUMN)}${id}${indexing}`
  );
}

/** The one static line shown instead of bars: what is about to be sent. */
function sendingLine(pending: UploadFile[]): string {
  const bytes = pending.reduce((sum, file) => sum + file.size, 0);
  return `Sending ${pending.length} file${pending.length === 1 ? '' : 's'} (${formatBytes(bytes)})…`;
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
  if (totals.duplicate > 0)
    parts.push(
      `${totals.duplicate} duplicate${totals.duplicate === 1 ? '' : 's'} (the source already had the content)`,
    );
  if (totals.skipped > 0) parts.push(`${totals.skipped} already uploaded (skipped)`);
  if (totals.confirmed > 0) parts.push(`${totals.confirmed} unconfirmed before, found on the server`);
  if (totals.failed > 0) parts.push(`${totals.failed} failed`);
  if (totals.unconfirmed > 0)
    parts.push(`${totals.unconfirmed} unconfirmed (sent in full, no answer confirmed)`);
  if (totals.notResent > 0) parts.push(`${totals.notResent} still unconfirmed (not sent again)`);
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
