import { createHash, type Hash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { BodySource } from './client.ts';

export interface MultipartFile {
  /** Path on disk; opened again for every attempt. */
  path: string;
  /** Name sent in the part's Content-Disposition. */
  filename: string;
  contentType: string;
  /** Size found by the pre-check; the body is declared with this length. */
  size: number;
}

export interface MultipartUpload {
  file: MultipartFile;
  /** Form field name of the file part (`file` in every Seclai upload). */
  fileField?: string;
  /** Text fields sent before the file, in order. Undefined values are left out. */
  fields?: Record<string, string | undefined>;
  /** Called with the file bytes handed to the connection so far in this attempt (0 when an attempt starts). */
  onProgress?: (sentBytes: number) => void;
  /** Called when an attempt has read the whole file, with its SHA-256 (hex). */
  onFileHashed?: (sha256: string) => void;
}

const CRLF = '\r\n';

/**
 * A multipart/form-data body streamed from disk: preamble, the file in chunks, closing boundary.
 * Content-Length is known up front, so nothing is buffered; each `open()` (one per attempt)
 * re-opens the file and sends it from the start.
 */
export function multipartBody(upload: MultipartUpload): BodySource {
  const boundary = `----seclai${randomBytes(12).toString('hex')}`;
  const preamble = Buffer.from(
    Object.entries(upload.fields ?? {})
      .filter((entry): entry is [string, string] => entry[1] !== undefined)
      .map(([name, value]) => `--${boundary}${CRLF}${disposition(name)}${CRLF}${CRLF}${value}${CRLF}`)
      .join('') +
      `--${boundary}${CRLF}${disposition(upload.fileField ?? 'file', upload.file.filename)}${CRLF}` +
      `Content-Type: ${upload.file.contentType}${CRLF}${CRLF}`,
    'utf8',
  );
  const closing = Buffer.from(`${CRLF}--${boundary}--${CRLF}`, 'utf8');
  const length = preamble.length + upload.file.size + closing.length;
  return {
    async open() {
      upload.onProgress?.(0);
      return {
        body: Readable.from(parts(upload, preamble, closing)),
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(length),
        },
      };
    },
  };
}

async function* parts(upload: MultipartUpload, preamble: Buffer, closing: Buffer): AsyncGenerator<Buffer> {
  yield preamble;
  const hash: Hash = createHash('sha256');
  let sent = 0;
  for await (const chunk of createReadStream(upload.file.path)) {
    const bytes = chunk as Buffer;
    sent += bytes.length;
    if (sent > upload.file.size) throw new FileChangedError(upload.file.path);
    hash.update(bytes);
    yield bytes;
    upload.onProgress?.(sent);
  }
  if (sent !== upload.file.size) throw new FileChangedError(upload.file.path);
  upload.onFileHashed?.(hash.digest('hex'));
  yield closing;
}

/** The file's size changed between the pre-check and the upload; the declared length would be wrong. */
export class FileChangedError extends Error {
  readonly code = 'FILE_CHANGED';
  constructor(path: string) {
    super(`${path} changed size while it was being uploaded`);
    this.name = 'FileChangedError';
  }
}

/**
 * One Content-Disposition line. The file name is sent as UTF-8 with `"`, CR and LF
 * percent-encoded, as browsers do, so any name survives and none can break the header.
 */
function disposition(name: string, filename?: string): string {
  const quoted = (value: string) =>
    `"${value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}"`;
  return `Content-Disposition: form-data; name=${quoted(name)}${filename === undefined ? '' : `; filename=${quoted(filename)}`}`;
}
