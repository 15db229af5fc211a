import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Handler } from '../../catalog/types.ts';
import { ExitCode, UsageError } from '../../errors.ts';
import { apiPath } from '../../http/api-path.ts';
import type { ApiClient } from '../../http/client.ts';
import { ApiError } from '../../http/errors.ts';
import { UnconfirmedError } from '../../http/unconfirmed.ts';
import { parserCompiled, startParserCompile } from '../../http/undici.ts';
import { nextTurn } from '../../next-turn.ts';
import { createProgress, type TransferProgress } from '../../output/progress.ts';
import { safeForTerminal } from '../../output/terminal-text.ts';
import type { Session } from '../../session.ts';
import { keepYoungGenerationSmall, skipOptimizingCompilers } from '../../v8-flags.ts';
import { collectFiles } from './files.ts';
import { pathFilter } from './path-filter.ts';
import { checkFields, interruptController, runPool, sendFile } from './send.ts';
import { type ActionLine, actionPrinter, printPlan, type SyncTotals, summaryLine } from './sync-output.ts';
import { listSource, type PlanItem, planSync, titleOf } from './sync-plan.ts';
import { SyncState } from './sync-state.ts';
import { printWhenIndexed } from './wait-indexed.ts';

interface SyncOptions {
  include?: string[];
  exclude?: string[];
  delete?: boolean;
  yes?: boolean;
  dryRun?: boolean;
  wait?: boolean;
  concurrency?: number;
  forceType?: boolean;
  resendUnconfirmed?: boolean;
}

/** What an upload answers (`POST /sources/{id}/upload`, `POST /contents/{id}/upload`). */
interface UploadAnswer {
  content_version_id?: string | null;
  source_connection_content_version_id?: string | null;
  status: string;
}

/**
 * `seclai sources sync <source-id> <dir>`: mirrors a folder into a source. Checks the folder,
 * lists the source, plans (add / replace / delete / unchanged), asks before deleting, then sends
 * the changes with the upload machinery, recording each file's state as soon as it is known.
 */
export const syncFolder: Handler = async (session, input) => {
  const sourceId = input.args['source-id'] as string;
  const dir = input.args.dir as string;
  const options = input.options as SyncOptions;
  for (const glob of [...(options.include ?? []), ...(options.exclude ?? [])])
    if (glob.trim() === '') throw new UsageError('--include and --exclude need a non-empty glob');
  if (options.delete && !options.yes && !options.dryRun && !session.canPrompt)
    throw new UsageError(
      'sources sync --delete needs --yes when not run interactively',
      'add --yes to delete the contents whose file is gone (see them first with --dry-run)',
    );
  const root = resolve(session.ctx.cwd, dir);
  if (!isDirectory(root)) throw new UsageError(`${dir} is not a directory`);
  keepYoungGenerationSmall();
  skipOptimizingCompilers();
  // Compiled in the background while the state is locked and read and the folder walked, the HTTP
  // parser is ready when the listing is asked for.
  if (!options.dryRun) startParserCompile(session.ctx.env);
  const state = SyncState.of(session.settings.configDir, sourceId);
  const release = options.dryRun ? undefined : await state.lock(sourceId);
  try {
    state.read();
    // V8 goes on with a compile from a task of this thread's event loop once the module is
    // decoded: one turn of the loop here, or the compile would wait for the walk to end.
    await nextTurn();
    const filter = pathFilter(options.include, options.exclude);
    const files = collectFiles([dir], {
      cwd: session.ctx.cwd,
      recursive: true,
      includeHidden: true,
      forceType: options.forceType,
      allowEmpty: true,
      keep: (path, folder) => (folder ? filter.walks : filter.keeps)(titleOf(root, path)),
    });
    const client = await session.api();
    const listing = listSource(client, sourceId, Math.min(files.length, state.recordedAtMost));
    listing.catch(() => {}); // awaited below, once the state is parsed
    // Parsed while the listing's first requests are on their way: once the parser is compiled,
    // a turn of the event loop dispatches them (see undiciRequest) and the next one writes them.
    await parserCompiled();
    await nextTurn();
    await nextTurn();
    state.parse();
    const plan = await planSync({
      root,
      files,
      listing: await listing,
      state,
      filter,
      delete: options.delete,
      resendUnconfirmed: options.resendUnconfirmed,
    });
    if (options.dryRun) {
      await printPlan(session, plan);
      return ExitCode.ok;
    }
    const deletions = plan.filter((item) => item.action === 'delete').length;
    if (deletions > 0 && !options.yes) {
      const question = `Delete ${deletions} content${deletions === 1 ? '' : 's'} of source ${sourceId} whose file is gone from ${dir}?`;
      if (!(await session.ctx.prompter.confirm(question, false))) {
        session.note('Cancelled; nothing was changed.');
        return ExitCode.failure;
      }
    }
    return await applyPlan(session, client, sourceId, state, plan, options);
  } finally {
    await release?.().catch(() => {});
  }
};

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

async function applyPlan(
  session: Session,
  client: ApiClient,
  sourceId: string,
  state: SyncState,
  plan: PlanItem[],
  options: SyncOptions,
): Promise<number> {
  const totals: SyncTotals = {
    add: 0,
    replace: 0,
    delete: 0,
    unchanged: 0,
    failed: 0,
    unconfirmed: 0,
    sentBytes: 0,
  };
  const sends = plan.filter((item) => item.action === 'add' || item.action === 'replace');
  const deletes = plan.filter((item) => item.action === 'delete');
  for (const item of plan) {
    if (item.record) state.record(item.record);
    if (item.action === 'unchanged') totals.unchanged++;
  }
  const progress = createProgress(session.showProgress, {
    stream: session.io.stderr,
    now: () => session.ctx.clock.now(),
    columns: session.io.columns,
    totalItems: sends.length,
    totalBytes: sends.reduce((sum, item) => sum + (item.size ?? 0), 0),
  });
  const print = actionPrinter(session, progress);
  const held: ActionLine[] = [];
  const failed = (item: PlanItem, err: unknown, status = 'failed'): ActionLine => {
    const error = describeFailure(err);
    progress.log(
      session.io.stderr,
      safeForTerminal(session.secrets.mask(`error: ${item.path}: ${error.message}`)),
    );
    return {
      action: item.action,
      path: item.path,
      size: item.size,
      content_version_id: item.content_version_id,
      status,
      error,
    };
  };
  for (const item of plan.filter((each) => each.action === 'unconfirmed')) {
    totals.unconfirmed++;
    print(
      failed(
        item,
        new Error(
          `the replacement sent by an earlier sync was never confirmed; not sent again (check it with seclai contents get ${item.content_version_id})`,
        ),
        'unconfirmed',
      ),
    );
  }

  const interrupt = interruptController(session.ctx.onInterrupt);
  try {
    await runPool(sends, options.concurrency ?? 4, interrupt.signal, async (item, index) => {
      const line = await sendOne(
        session,
        client,
        sourceId,
        state,
        item,
        String(index),
        progress,
        interrupt.signal,
      );
      if (line === undefined) return;
      if (line.status === 'failed') totals.failed++;
      else if (line.status === 'unconfirmed') totals.unconfirmed++;
      else {
        totals[item.action as 'add' | 'replace']++;
        totals.sentBytes += item.size ?? 0;
      }
      if (options.wait && line.error === undefined) held.push(line);
      else print(line);
    });
    if (!interrupt.interrupted())
      await runPool(deletes, options.concurrency ?? 4, interrupt.signal, async (item) => {
        try {
          await client.request({
            method: 'DELETE',
            path: apiPath`/contents/${item.content_version_id ?? ''}`,
            signal: interrupt.signal,
          });
        } catch (err) {
          if (interrupt.interrupted()) return;
          if (!(err instanceof ApiError && err.status === 404)) {
            totals.failed++;
            print(failed(item, err));
            return;
          }
        }
        if (state.get(item.path)?.contentVersionId === item.content_version_id) state.forget(item.path);
        totals.delete++;
        print({
          action: 'delete',
          path: item.path,
          size: null,
          content_version_id: item.content_version_id,
          status: 'deleted',
        });
      });
  } finally {
    interrupt.release();
    progress.stop();
    try {
      await state.compact();
    } catch (err) {
      session.note(`warning: could not save the sync state ${state.file}: ${(err as Error).message}`);
    }
  }
  let code: number = totals.failed + totals.unconfirmed > 0 ? ExitCode.failure : ExitCode.ok;
  if (interrupt.interrupted()) code = ExitCode.interrupted;
  else if (options.wait) code = Math.max(code, await printWhenIndexed(session, sourceId, held, print));
  else for (const line of held) print(line);
  summaryLine(session, totals, interrupt.interrupted());
  if (totals.unconfirmed > 0)
    session.note(
      'hint: an unconfirmed file may have arrived; the next sync checks the source before sending it again (a replacement needs --resend-unconfirmed)',
    );
  return code;
}

/** Sends one new or changed file; undefined when Ctrl-C stopped it. */
async function sendOne(
  session: Session,
  client: ApiClient,
  sourceId: string,
  state: SyncState,
  item: PlanItem,
  id: string,
  progress: TransferProgress,
  signal: AbortSignal,
): Promise<ActionLine | undefined> {
  const file = item.file;
  if (!file) return undefined;
  const replacing = item.action === 'replace' && item.content_version_id !== null;
  const path = replacing
    ? apiPath`/contents/${item.content_version_id ?? ''}/upload`
    : apiPath`/sources/${sourceId}/upload`;
  progress.start(id, item.path, file.size);
  const line = { action: item.action, path: item.path, size: item.size };
  try {
    const { data, sha256 } = await sendFile<UploadAnswer>(client, {
      path,
      file,
      fields: { title: item.path },
      answer: (answer) =>
        checkFields(answer, ['status'], ['content_version_id', 'source_connection_content_version_id']),
      onProgress: (bytes) => progress.update(id, bytes),
      hash: true,
      signal,
      timeoutMs: session.settings.timeoutMs,
    });
    progress.finish(id, true);
    const contentVersionId =
      data.content_version_id ?? data.source_connection_content_version_id ?? item.content_version_id;
    state.record({
      path: item.path,
      size: file.size,
      mtimeMs: file.mtimeMs,
      sha256,
      contentVersionId,
      status: 'synced',
    });
    return { ...line, content_version_id: contentVersionId, status: data.status };
  } catch (err) {
    progress.finish(id, false);
    if (signal.aborted) return undefined;
    const error = describeFailure(err);
    progress.log(
      session.io.stderr,
      safeForTerminal(session.secrets.mask(`error: ${item.path}: ${error.message}`)),
    );
    const unconfirmed = err instanceof UnconfirmedError;
    if (unconfirmed)
      state.record({
        path: item.path,
        size: file.size,
        mtimeMs: file.mtimeMs,
        sha256: err.sha256,
        contentVersionId: item.content_version_id,
        status: 'unconfirmed',
        action: replacing ? 'replace' : 'add',
      });
    return {
      ...line,
      content_version_id: item.content_version_id,
      status: unconfirmed ? 'unconfirmed' : 'failed',
      error,
    };
  }
}

function describeFailure(err: unknown): NonNullable<ActionLine['error']> {
  if (err instanceof ApiError) return { status: err.status, code: err.code, message: err.message };
  return { message: err instanceof Error ? err.message : String(err) };
}
