import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseMetadata } from '../../catalog/input.ts';
import type { Handler, HandlerInput } from '../../catalog/types.ts';
import { UsageError } from '../../errors.ts';
import { pathParam } from '../../http/api-path.ts';
import { printObject } from '../../output/format.ts';
import { readAll } from '../../read-all.ts';
import type { Session } from '../../session.ts';
import { canonicalType, detectType, looksLikeMimeType } from './mime.ts';
import { printOneWhenIndexed } from './wait-indexed.ts';

interface TextOptions {
  title?: string;
  text?: string;
  file?: string;
  metadata?: string[];
  mimeType?: string;
}

/** `seclai sources upload-text <source-id>`: adds inline text to a source. */
export const uploadTextToSource = sendText('POST', 'sources', 'source-id');

/** `seclai contents replace-text <version-id>`: replaces a content version with inline text. */
export const replaceContentWithText = sendText('PUT', 'contents', 'version-id');

/** A handler that sends the text body to `/<collection>/<the id argument>` and prints the answer. */
function sendText(method: 'POST' | 'PUT', collection: string, idArg: string): Handler {
  return async (session, input) => {
    const body = await textBody(session, input);
    const client = await session.api();
    const { data } = await client.request({
      method,
      path: `/${collection}/${pathParam(input.args[idArg] as string, `<${idArg}>`)}`,
      body,
    });
    const columns = ['content_version_id', 'status', 'filename'];
    if (input.options.wait) return printOneWhenIndexed(session, input.args[idArg] as string, data, columns);
    await printObject(session.out, data, columns);
    return 0;
  };
}

/** `{text, title, metadata, content_type}` from exactly one of `--text` and `--file` (`-` for stdin). */
async function textBody(session: Session, input: HandlerInput): Promise<Record<string, unknown>> {
  const options = input.options as TextOptions;
  if ((options.text === undefined) === (options.file === undefined)) {
    throw new UsageError('give the text with exactly one of --text and --file');
  }
  if (options.mimeType !== undefined && !looksLikeMimeType(options.mimeType)) {
    throw new UsageError(`--mime-type must look like type/subtype (got "${options.mimeType}")`);
  }
  const metadata = parseMetadata(options.metadata);
  let text = options.text;
  let detected: string | undefined;
  if (options.file !== undefined) {
    if (options.file === '-') text = await readAll(session.io.stdin);
    else {
      const path = resolve(session.ctx.cwd, options.file);
      try {
        text = await readFile(path, 'utf8');
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new UsageError(
          `--file ${options.file}: ${code === 'ENOENT' ? 'does not exist' : (code ?? (err as Error).message)}`,
        );
      }
      const type = detectType(path);
      if (type?.startsWith('text/')) detected = type;
    }
  }
  if (text === undefined || text === '') throw new UsageError('the text is empty; nothing was sent');
  const body: Record<string, unknown> = { text };
  if (options.title !== undefined) body.title = options.title;
  if (metadata !== undefined) body.metadata = metadata;
  const contentType = options.mimeType !== undefined ? canonicalType(options.mimeType) : detected;
  if (contentType !== undefined) body.content_type = contentType;
  return body;
}
