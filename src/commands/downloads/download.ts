import { lstat, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Handler } from '../../catalog/types.ts';
import { errorWords } from '../../error-words.ts';
import { CliError, ExitCode, UsageError } from '../../errors.ts';
import { apiPath } from '../../http/api-path.ts';
import type { RequestOptions } from '../../http/client.ts';
import { saveToFile, saveToStream, TargetExistsError } from '../../http/download.ts';
import { printJson } from '../../output/format.ts';
import { createProgress, formatBytes } from '../../output/progress.ts';
import { safeFileName } from '../../safe-file-name.ts';
import type { Session } from '../../session.ts';
import { interruptController } from '../uploads/send.ts';

interface DownloadOptions {
  out?: string;
  force?: boolean;
}

/** `seclai sources exports download <source-id> <export-id>`: saves a finished export. */
export const downloadExport: Handler = async (session, input) => {
  const sourceId = input.args['source-id'] as string;
  const exportId = input.args['export-id'] as string;
  return download(
    session,
    {
      method: 'GET',
      path: apiPath`/sources/${sourceId}/exports/${exportId}/download`,
    },
    input.options as DownloadOptions,
    `export-${exportId}`,
  );
};

/** `seclai runs attachment <run-id> <attachment-id>`: saves a file a run emitted. */
export const downloadRunAttachment: Handler = async (session, input) => {
  const runId = input.args['run-id'] as string;
  const attachmentId = input.args['attachment-id'] as string;
  const options = input.options as DownloadOptions & { name?: string };
  return download(
    session,
    {
      method: 'GET',
      path: apiPath`/v2/agent-runs/${runId}/attachments/${attachmentId}`,
      query: { download_name: options.name },
    },
    options,
    (options.name === undefined ? undefined : safeFileName(options.name)) ??
      `attachment-${attachmentId.slice(0, 24)}`,
  );
};

/**
 * Streams a file answer to `--out` (a file, a directory, or `-` for stdout) or, without it, to
 * the server's file name in the current directory. The file appears only once complete, and an
 * existing one is replaced only with `--force`.
 */
async function download(
  session: Session,
  request: RequestOptions,
  options: DownloadOptions,
  fallbackId: string,
): Promise<number> {
  const fallbackName = safeFileName(fallbackId) ?? 'download';
  const toStdout = options.out === '-';
  const chosen = toStdout ? undefined : await checkOut(session, options);
  const interrupt = interruptController(session.ctx.onInterrupt);
  const client = await session.api();
  let target: string | undefined;
  let received = 0;
  const progress = createProgress(toStdout ? session.showProgress : session.progressOnStderr, {
    stream: session.io.stderr,
    now: () => session.ctx.clock.now(),
    columns: session.io.columns,
    totalItems: 1,
    totalBytes: 0,
  });
  try {
    const response = await client.stream({ ...request, signal: interrupt.signal });
    const length = Number(header(response.headers['content-length']));
    const expectedBytes = Number.isFinite(length) && length >= 0 ? length : undefined;
    const onProgress = (bytes: number) => progress.update('file', bytes);
    if (toStdout) {
      progress.start('file', 'stdout', expectedBytes ?? 0);
      received = await saveToStream(response.body, session.io.stdout, {
        expectedBytes,
        onProgress,
        signal: interrupt.signal,
      });
    } else {
      const folder = chosen?.kind === 'directory' ? chosen.path : session.ctx.cwd;
      target =
        chosen?.kind === 'file'
          ? chosen.path
          : join(folder, serverFileName(response.headers) ?? fallbackName);
      const refusal =
        chosen?.kind === 'file' ? undefined : await refuseNamedTarget(folder, target, Boolean(options.force));
      if (refusal) {
        response.body.on('error', () => {});
        response.body.destroy();
        throw refusal;
      }
      progress.start('file', target, expectedBytes ?? 0);
      received = await saveToFile(response.body, target, {
        force: Boolean(options.force),
        expectedBytes,
        onProgress,
        signal: interrupt.signal,
      });
    }
    progress.finish('file', true);
  } catch (err) {
    progress.finish('file', false);
    if (interrupt.interrupted()) {
      progress.stop();
      session.note(`Interrupted: ${toStdout ? 'the download stopped' : 'nothing was written'}.`);
      return ExitCode.interrupted;
    }
    if (err instanceof TargetExistsError) {
      throw new CliError(
        `${err.path} appeared during the download; it was left as it was`,
        ExitCode.failure,
        'pass --force to replace it',
      );
    }
    if (err instanceof CliError) throw err;
    throw new CliError(`download failed: ${errorWords(err)}${toStdout ? '' : '; nothing was written'}`);
  } finally {
    interrupt.release();
    progress.stop();
  }
  if (target !== undefined) {
    if (session.settings.output === 'json') printJson(session.out, { path: target, bytes: received });
    else session.note(`Saved ${target} (${formatBytes(received)}).`);
  }
  return ExitCode.ok;
}

/** Checks `--out` before any request: a directory to save into, or a file that may be (re)written. */
async function checkOut(
  session: Session,
  options: DownloadOptions,
): Promise<{ kind: 'file' | 'directory'; path: string } | undefined> {
  if (options.out === undefined) return undefined;
  if (options.out === '') throw new UsageError('--out must not be empty');
  const path = resolve(session.ctx.cwd, options.out);
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory()) return { kind: 'directory', path };
  if (info && !options.force) {
    throw new UsageError(`${options.out} already exists; nothing was sent`, 'pass --force to replace it');
  }
  if (info && !info.isFile()) throw new UsageError(`${options.out} is not a regular file`);
  const parent = await stat(dirname(path)).catch(() => undefined);
  if (!parent?.isDirectory())
    throw new UsageError(`--out ${options.out}: the directory ${dirname(options.out)} does not exist`);
  return { kind: 'file', path };
}

/** The file name from Content-Disposition, reduced to a safe base name. */
export function serverFileName(headers: Record<string, string | string[] | undefined>): string | undefined {
  const value = header(headers['content-disposition']);
  if (!value) return undefined;
  let name: string | undefined;
  const extended = /filename\*\s*=\s*([\w-]+)'[^']*'([^;]+)/i.exec(value);
  if (extended) {
    try {
      name = decodeURIComponent(extended[2].trim());
    } catch {}
  }
  if (name === undefined) {
    const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(value);
    name = plain ? (plain[1]?.replace(/\\(.)/g, '$1') ?? plain[2]) : undefined;
  }
  return name === undefined ? undefined : safeFileName(name);
}

/**
 * Why a name the user did not choose must not be written: it would land outside the target
 * folder, or something (a file, a link, even a dangling one) already has it and `--force` was
 * not given.
 */
async function refuseNamedTarget(
  folder: string,
  target: string,
  force: boolean,
): Promise<CliError | undefined> {
  if (dirname(resolve(target)) !== resolve(folder)) {
    return new CliError(`refusing to write ${target}: it is outside ${folder}; nothing was written`);
  }
  if (!force && (await lstat(target).catch(() => undefined))) {
    return new CliError(
      `${target} already exists; nothing was written`,
      ExitCode.failure,
      'pass --force to replace it, or --out to choose another name',
    );
  }
  return undefined;
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
