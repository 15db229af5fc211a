import type { Handler } from '../../catalog/types.ts';
import { CliError, ExitCode, InterruptedError, UsageError } from '../../errors.ts';
import { apiPath } from '../../http/api-path.ts';
import { ApiError } from '../../http/errors.ts';
import { UnconfirmedError } from '../../http/unconfirmed.ts';
import { printJson, printObject } from '../../output/format.ts';
import { createProgress, formatDuration } from '../../output/progress.ts';
import type { Session } from '../../session.ts';
import { collectFiles, type UploadFile } from './files.ts';
import { isMedia } from './mime.ts';
import { onePath, renameUpload } from './named-files.ts';
import { checkFields, interruptController, runPool, sendFile } from './send.ts';

/** `UploadAgentInputApiResponse`: a staged run input. */
export interface AgentInputUpload {
  id: string;
  status: 'processing' | 'ready' | 'failed' | string;
  filename: string;
  content_type: string;
  file_size: number;
  error?: string | null;
}

/** Where one file is on its way to being a usable run input. */
export interface AgentInputProgress {
  path: string;
  phase: 'uploading' | 'processing' | 'ready';
  sentBytes: number;
  totalBytes: number;
}

export interface UploadAgentInputsOptions {
  /** Receives progress; without it, bars are drawn on a terminal and waits are noted on stderr. */
  onProgress?: (update: AgentInputProgress) => void;
  /** Stops uploads and polling; without it, Ctrl-C does (InterruptedError, exit 130). */
  signal?: AbortSignal;
  /** Poll `input-uploads/{id}` until every upload is ready (default true). */
  wait?: boolean;
  /** Pre-check options, as `sources upload` takes them. */
  mimeType?: string;
  forceType?: boolean;
  /** `--file-name`: the name sent instead of the file's own (one file only). */
  fileName?: string;
  concurrency?: number;
}

const FIRST_POLL_MS = 1_000;
const MAX_POLL_MS = 5_000;
const DEFAULT_WAIT_MS = 30 * 60_000;

/**
 * Stages files as inputs of a run of `agentId` and waits until each is ready (audio and video
 * are transcribed first). Every path is pre-checked before anything is sent. Returns the upload
 * ids in the order of `paths`, for `input_upload_id(s)` of `POST /agents/{agent_id}/runs`.
 */
export async function uploadAgentInputs(
  session: Session,
  agentId: string,
  paths: string[],
  options: UploadAgentInputsOptions = {},
): Promise<string[]> {
  return (await stageAgentInputs(session, agentId, paths, options)).map((upload) => upload.id);
}

/** The most files one run takes (`input_upload_ids` has at most 20). */
const MAX_RUN_FILES = 20;

/**
 * For `agents run --file`: stages the files, waits until each is ready, and returns the run body
 * fields that name them (`input_upload_id` for one, `input_upload_ids` for several). Checks the
 * combination with the other body fields first, so a bad command line sends nothing.
 */
export async function runInputFromFiles(
  session: Session,
  agentId: string,
  paths: string[],
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  if (body.input !== undefined)
    throw new UsageError('--file cannot be combined with --input or --input-file');
  if (paths.length > MAX_RUN_FILES) {
    throw new UsageError(`a run takes at most ${MAX_RUN_FILES} files (got ${paths.length})`);
  }
  const ids = await uploadAgentInputs(session, agentId, paths);
  return ids.length === 1 ? { input_upload_id: ids[0] } : { input_upload_ids: ids };
}

/** As `uploadAgentInputs`, returning each upload's last known record. */
export async function stageAgentInputs(
  session: Session,
  agentId: string,
  paths: string[],
  options: UploadAgentInputsOptions = {},
): Promise<AgentInputUpload[]> {
  const files = collectFiles(paths, {
    cwd: session.ctx.cwd,
    mimeType: options.mimeType,
    forceType: options.forceType,
  });
  renameUpload(files, options.fileName);
  const client = await session.api();
  const ownInterrupt = options.signal ? undefined : interruptController(session.ctx.onInterrupt);
  const signal = options.signal ?? ownInterrupt!.signal;
  const bars = options.onProgress
    ? undefined
    : createProgress(session.progressOnStderr, {
        stream: session.io.stderr,
        now: () => session.ctx.clock.now(),
        columns: session.io.columns,
        totalItems: files.length,
        totalBytes: files.reduce((sum, file) => sum + file.size, 0),
      });
  const report = (file: UploadFile, phase: AgentInputProgress['phase'], sentBytes: number) =>
    options.onProgress?.({ path: file.path, phase, sentBytes, totalBytes: file.size });
  const uploads: AgentInputUpload[] = new Array(files.length);
  const base = apiPath`/agents/${agentId}`;
  // One failed file stops the rest: a run needs all of its inputs.
  const failFast = new AbortController();
  const batchSignal = AbortSignal.any([signal, failFast.signal]);
  try {
    await runPool(files, options.concurrency ?? 4, batchSignal, async (file, index) => {
      const id = String(index);
      bars?.start(id, file.path, file.size);
      report(file, 'uploading', 0);
      try {
        const { data } = await sendFile<AgentInputUpload>(client, {
          path: `${base}/upload-input`,
          file,
          answer: (answer) => checkFields(answer, ['id', 'status'], ['filename', 'content_type', 'error']),
          onProgress: (bytes) => {
            bars?.update(id, bytes);
            report(file, 'uploading', bytes);
          },
          signal: batchSignal,
          timeoutMs: session.settings.timeoutMs,
        });
        bars?.finish(id, true);
        uploads[index] = data;
      } catch (err) {
        bars?.finish(id, false);
        if (failFast.signal.aborted && !signal.aborted) return;
        failFast.abort();
        throw explainUploadError(err, file, agentId);
      }
    });
    if (signal.aborted) throw signal.reason;
    bars?.stop();
    if (options.wait !== false) {
      await Promise.all(
        files.map(async (file, index) => {
          uploads[index] = await waitUntilReady(session, agentId, file, uploads[index], signal, (phase) =>
            report(file, phase, file.size),
          );
        }),
      );
    }
    return uploads;
  } catch (err) {
    if (signal.aborted && ownInterrupt) {
      const staged = uploads.filter(Boolean).map((upload) => upload.id);
      throw new InterruptedError(
        staged.length > 0
          ? `interrupted; staged uploads so far: ${staged.join(', ')}`
          : 'interrupted; nothing was staged',
      );
    }
    throw err;
  } finally {
    bars?.stop();
    ownInterrupt?.release();
  }
}

/** Polls `input-uploads/{id}` with a growing interval until the upload is ready or failed. */
async function waitUntilReady(
  session: Session,
  agentId: string,
  file: UploadFile,
  upload: AgentInputUpload,
  signal: AbortSignal,
  onPhase: (phase: 'processing' | 'ready') => void,
): Promise<AgentInputUpload> {
  const base = apiPath`/agents/${agentId}`;
  const clock = session.ctx.clock;
  const started = clock.now();
  const limit = session.settings.timeoutMs ?? DEFAULT_WAIT_MS;
  let current = upload;
  let interval = FIRST_POLL_MS;
  let noted = false;
  while (current.status === 'processing') {
    onPhase('processing');
    if (!noted) {
      noted = true;
      session.note(
        `Waiting for ${file.path} to be processed${isMedia(file.contentType) ? ' (transcription)' : ''}…`,
      );
    }
    if (clock.now() - started >= limit) {
      throw new CliError(
        `${file.path} (upload ${current.id}) is still processing after ${formatDuration(limit / 1000)}`,
        ExitCode.failure,
        `check later with: seclai agents input-status ${agentId} ${current.id}`,
      );
    }
    await clock.sleep(interval, signal);
    interval = Math.min(MAX_POLL_MS, Math.round(interval * 1.5));
    const client = await session.api();
    current = (
      await client.request<AgentInputUpload>({
        method: 'GET',
        path: base + apiPath`/input-uploads/${current.id}`,
        signal,
      })
    ).data;
  }
  if (current.status === 'failed') {
    throw new CliError(
      `${file.path} (upload ${current.id}) failed to process: ${current.error ?? 'no reason given'}`,
    );
  }
  onPhase('ready');
  return current;
}

function explainUploadError(err: unknown, file: UploadFile, agentId: string): unknown {
  if (err instanceof UnconfirmedError) {
    return err.reworded(
      `${file.path} is unconfirmed: `,
      'it may have been staged anyway (an unused staged input does no harm); it was not sent again, so run the command again to stage it anew',
    );
  }
  if (err instanceof ApiError && err.code === 'agent_does_not_accept_uploads') {
    return new CliError(
      `${file.path}: ${err.message}`,
      ExitCode.failure,
      `this agent's definition references no attachments; see: seclai agents attachment-references ${agentId}`,
    );
  }
  if (err instanceof CliError) return new CliError(`${file.path}: ${err.message}`, err.exitCode, err.hint);
  return err;
}

/** `seclai agents upload-input <agent-id> <file>`: stages one run input and waits until it is ready. */
export const uploadAgentInput: Handler = async (session, input) => {
  const options = input.options as {
    wait?: boolean;
    mimeType?: string;
    forceType?: boolean;
    file?: string[];
    fileName?: string;
  };
  const [upload] = await stageAgentInputs(
    session,
    input.args['agent-id'] as string,
    [onePath(input.args.file as string | undefined, options.file)],
    {
      wait: options.wait,
      mimeType: options.mimeType,
      forceType: options.forceType,
      fileName: options.fileName,
    },
  );
  if (session.settings.output === 'json') printJson(session.out, upload);
  else await printObject(session.out, upload, ['id', 'status', 'filename', 'content_type', 'file_size']);
  return ExitCode.ok;
};
