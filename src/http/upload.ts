import { createHash, type Hash, randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
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
        body: Readable.from(parts(upload, preamble, closing), {
          objectMode: false,
          highWaterMark: 64 * 1024,
        }),
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
  for await (const chunk of readInRing(upload.file.path, upload.file.size)) {
    sent += chunk.length;
    if (sent > upload.file.size) throw new FileChangedError(upload.file.path);
    hash.update(chunk);
    yield chunk;
    upload.onProgress?.(sent);
  }
  if (sent !== upload.file.size) throw new FileChangedError(upload.file.path);
  upload.onFileHashed?.(hash.digest('hex'));
  yield closing;
}

const CHUNK_BYTES = 512 * 1024;
const RING_SIZE = 6;

/**
 * Reads a file into a ring of six 512 KiB buffers, reused in turn: memory stays flat however big
 * the file is (a fresh buffer per read piles up as garbage faster than V8 collects it), and big
 * reads keep the socket busy. Reuse is safe because a chunk leaves our hands only through the
 * body stream (which holds one chunk ahead, its high-water mark being smaller than a chunk) and
 * the socket (which undici stops feeding until it drains): at most three buffers are in use.
 */
async function* readInRing(path: string, size: number): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  const ring: Buffer[] = [];
  try {
    for (let position = 0, turn = 0; ; turn = (turn + 1) % RING_SIZE) {
      ring[turn] ??= Buffer.allocUnsafeSlow(Math.max(1, Math.min(CHUNK_BYTES, size)));
      const buffer = ring[turn];
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) return;
      position += bytesRead;
      yield bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
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
