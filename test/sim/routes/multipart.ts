// Not a route module: streaming multipart parsing for the upload routes (busboy): hashes and counts the file as it arrives, keeps
// small files' bytes for tests, stops at the size limit, and can drop the connection mid-body on request.
import { createHash } from 'node:crypto';
import busboy from 'busboy';
import type { SimRequest } from '../router.ts';
import type { SimState } from '../state.ts';

/** The API's limit per file. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
/** Files up to this size keep their bytes in state, so tests can compare them exactly. */
const KEEP_BYTES_UP_TO = 8 * 1024 * 1024;

export interface ParsedFile {
  field: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  bytes?: Buffer;
}

export type ParsedUpload =
  | { kind: 'ok'; fields: Record<string, string>; file?: ParsedFile }
  | { kind: 'too-large'; fields: Record<string, string> }
  | { kind: 'not-multipart'; message: string }
  | { kind: 'dropped' };

/** Drops the connection of the next matching upload after `afterBytes` of its body arrived. */
export interface MidBodyReset {
  /** A path template or a concrete path; any upload when omitted. */
  path?: string;
  afterBytes: number;
  times: number;
}

/** Upload faults that need the body: `addMidBodyReset(sim.state, {...})`. Stays until used up. */
export function addMidBodyReset(
  state: SimState,
  fault: Partial<MidBodyReset> & { afterBytes: number },
): void {
  uploadResets(state).push({ times: 1, ...fault });
}

/** Lowers the size limit (default 200 MiB) so tests can see a 413 without sending 200 MiB. */
export function setUploadLimit(state: SimState, bytes: number | undefined): void {
  const settings = state.store<number>('uploadSettings');
  if (bytes === undefined) settings.delete('maxBytes');
  else settings.set('maxBytes', bytes);
}

/** Holds each upload answer back this long after the body arrived (so concurrent uploads overlap). */
export function setUploadAnswerDelay(state: SimState, ms: number | undefined): void {
  const settings = state.store<number>('uploadSettings');
  if (ms === undefined) settings.delete('answerDelayMs');
  else settings.set('answerDelayMs', ms);
}

function uploadResets(state: SimState): MidBodyReset[] {
  const store = state.store<MidBodyReset[]>('uploadFaults');
  let list = store.get('midBodyResets');
  if (!list) {
    list = [];
    store.set('midBodyResets', list);
  }
  return list;
}

function takeReset(req: SimRequest): MidBodyReset | undefined {
  const list = uploadResets(req.state);
  const index = list.findIndex(
    (fault) => fault.times > 0 && (!fault.path || fault.path === req.path || fault.path === req.template),
  );
  if (index < 0) return undefined;
  const fault = list[index];
  fault.times--;
  if (fault.times <= 0) list.splice(index, 1);
  return fault;
}

/** Parses a multipart body as it streams in; the route must have been registered with `rawBody`. */
export function parseMultipart(req: SimRequest): Promise<ParsedUpload> {
  const contentType = String(req.headers['content-type'] ?? '');
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
    req.raw.resume();
    return Promise.resolve({ kind: 'not-multipart', message: 'expected multipart/form-data' });
  }
  const limit = req.state.store<number>('uploadSettings').get('maxBytes') ?? MAX_UPLOAD_BYTES;
  const reset = takeReset(req);
  return new Promise((resolve) => {
    const fields: Record<string, string> = {};
    let file: ParsedFile | undefined;
    let tooLarge = false;
    let settled = false;
    const settle = (result: ParsedUpload) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        limits: { fileSize: limit, files: 1, fields: 50 },
      });
    } catch (error) {
      req.raw.resume();
      settle({ kind: 'not-multipart', message: (error as Error).message });
      return;
    }
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (field, stream, info) => {
      const hash = createHash('sha256');
      const kept: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        hash.update(chunk);
        if (size <= KEEP_BYTES_UP_TO) kept.push(chunk);
      });
      stream.on('limit', () => {
        tooLarge = true;
        // Stop reading: answer at once, and let Node discard the rest of the body.
        req.raw.unpipe(parser);
        req.raw.resume();
        settle({ kind: 'too-large', fields });
      });
      stream.on('end', () => {
        file = {
          field,
          filename: info.filename ?? '',
          contentType: info.mimeType,
          size,
          sha256: hash.digest('hex'),
          bytes: size <= KEEP_BYTES_UP_TO ? Buffer.concat(kept) : undefined,
        };
      });
    });
    parser.on('close', () => settle(tooLarge ? { kind: 'too-large', fields } : { kind: 'ok', fields, file }));
    parser.on('error', (error: Error) => {
      if (settled) return;
      req.raw.unpipe(parser);
      req.raw.resume();
      settle({ kind: 'not-multipart', message: error.message });
    });
    req.raw.on('aborted', () => settle({ kind: 'dropped' }));
    req.raw.on('error', () => settle({ kind: 'dropped' }));
    if (reset) {
      let received = 0;
      req.raw.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received >= reset.afterBytes && !settled) {
          req.raw.unpipe(parser);
          req.raw.socket.destroy();
          settle({ kind: 'dropped' });
        }
      });
    }
    req.raw.pipe(parser);
  });
}
