import type { Handler } from '../../catalog/types.ts';
import { ExitCode } from '../../errors.ts';
import { apiPath } from '../../http/api-path.ts';
import { UnconfirmedError } from '../../http/unconfirmed.ts';
import { printObject } from '../../output/format.ts';
import { createProgress } from '../../output/progress.ts';
import { collectFiles } from './files.ts';
import { type FileUploadFlags, onePath, renameUpload, uploadMetadata } from './named-files.ts';
import { checkFields, interruptController, sendFile } from './send.ts';
import { printOneWhenIndexed, sourceOfContent } from './wait-indexed.ts';

/**
 * `seclai contents upload <version-id> <file>`: replaces what backs a content version with a new
 * file, streamed from disk with a progress bar. Not repeated once the whole file was sent: a
 * replacement starts processing (and costs credits) again, so an unknown outcome is reported.
 */
export const replaceContentWithFile: Handler = async (session, input) => {
  const versionId = input.args['version-id'] as string;
  const options = input.options as FileUploadFlags;
  const metadata = uploadMetadata(session.ctx.cwd, options.metadata, options.metadataFile);
  const files = collectFiles([onePath(input.args.file as string | undefined, options.file)], {
    cwd: session.ctx.cwd,
    mimeType: options.mimeType,
    forceType: options.forceType,
  });
  renameUpload(files, options.fileName);
  const [file] = files;
  const client = await session.api();
  const progress = createProgress(session.progressOnStderr, {
    stream: session.io.stderr,
    now: () => session.ctx.clock.now(),
    columns: session.io.columns,
    totalItems: 1,
    totalBytes: file.size,
  });
  const interrupt = interruptController(session.ctx.onInterrupt);
  let data: unknown;
  try {
    progress.start('file', file.path, file.size);
    ({ data } = await sendFile(client, {
      path: apiPath`/contents/${versionId}/upload`,
      file,
      fields: {
        title: options.title,
        metadata: metadata === undefined ? undefined : JSON.stringify(metadata),
      },
      answer: (answer) =>
        checkFields(
          answer,
          ['status'],
          ['content_version_id', 'source_connection_content_version_id', 'filename'],
        ),
      onProgress: (bytes) => progress.update('file', bytes),
      signal: interrupt.signal,
      timeoutMs: session.settings.timeoutMs,
    }));
    progress.finish('file', true);
  } catch (err) {
    progress.finish('file', false);
    if (err instanceof UnconfirmedError && !interrupt.interrupted()) {
      throw err.reworded(
        `${file.path} is unconfirmed: `,
        `see whether content ${versionId} holds the new file (seclai contents get ${versionId}) before running this again`,
      );
    }
    if (!interrupt.interrupted()) throw err;
  } finally {
    interrupt.release();
    progress.stop();
  }
  if (interrupt.interrupted()) {
    session.note(`Interrupted: ${file.path} was not sent; content ${versionId} is unchanged.`);
    return ExitCode.interrupted;
  }
  const columns = ['content_version_id', 'status', 'filename'];
  if (input.options.wait)
    return printOneWhenIndexed(session, await sourceOfContent(session, versionId), data, columns);
  await printObject(session.out, data, columns);
  return ExitCode.ok;
};
