import type { Hash } from 'node:crypto';
import { closeSync, openSync, read, readSync } from 'node:fs';
import { randomHex } from '../random-hex.ts';
import type { BodySource } from './client.ts';
import { debugMultipartBody } from './debug-body.ts';
import type { CurlForm } from './dry-run.ts';

export interface MultipartFile {
  /** Path on disk (bytes for a name that is not UTF-8); opened again for every attempt. */
  path: string | Buffer;
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
  /** When given, the file is hashed as it is read: called once an attempt has read all of it, with its SHA-256 (hex). */
  onFileHashed?: (sha256: string) => void;
}

const CRLF = '\r\n';

/**
 * A multipart/form-data body streamed from disk: preamble, the file in chunks, closing boundary.
 * Content-Length is known up front, so nothing is buffered; each `open()` (one per attempt)
 * re-opens the file and sends it from the start.
 */
export function multipartBody(upload: MultipartUpload): BodySource {
  const boundary = `----seclai${randomHex(24)}`;
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
  const fieldNames = Object.entries(upload.fields ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([name]) => name);
  return {
    describe: () =>
      debugMultipartBody(fieldNames, {
        field: upload.fileField ?? 'file',
        filename: upload.file.filename,
        contentType: upload.file.contentType,
        size: upload.file.size,
      }),
    form: curlForm(upload),
    async open() {
      upload.onProgress?.(0);
      return {
        body: parts(upload, preamble, closing),
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(length),
        },
      };
    },
  };
}

/** The same form for `--dry-run`, as curl's -F fields. */
function curlForm(upload: MultipartUpload): CurlForm {
  return {
    fields: Object.entries(upload.fields ?? {}).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
    file: {
      field: upload.fileField ?? 'file',
      path: String(upload.file.path),
      filename: upload.file.filename,
      contentType: upload.file.contentType,
    },
  };
}

async function* parts(upload: MultipartUpload, preamble: Buffer, closing: Buffer): AsyncGenerator<Buffer> {
  yield preamble;
  // node:crypto loads only for a hashing (--resume) upload: it costs 8 ms at start-up.
  const hash: Hash | undefined = upload.onFileHashed
    ? (await import('node:crypto')).createHash('sha256')
    : undefined;
  let sent = 0;
  for await (const chunk of readChunks(upload.file.path, upload.file.size)) {
    sent += chunk.length;
    if (sent > upload.file.size) throw new FileChangedError(upload.file.filename);
    hash?.update(chunk);
    yield chunk;
    upload.onProgress?.(sent);
  }
  if (sent !== upload.file.size) throw new FileChangedError(upload.file.filename);
  if (hash) upload.onFileHashed?.(hash.digest('hex'));
  yield closing;
}

const CHUNK_BYTES = 512 * 1024;
/** A read slower than this is not coming from the page cache or a fast disk... */
const SLOW_READ_MS = 4;
/** ...when it happens this many times in a row (once can be the process being descheduled). */
const SLOW_READS_IN_A_ROW = 3;

/**
 * Reads a file in 512 KiB chunks into two buffers used in turn, so memory stays flat however
 * big the file is. Each chunk costs some JavaScript on its way to the socket; in `npm run bench`
 * 512 KiB did best (128 and 256 KiB spent more per chunk, 768 KiB and 1 MiB lost the CPU cache).
 *
 * Reads happen on the main thread while they are quick (the file is in the page cache or on a
 * fast disk): a thread-pool read costs a second core the socket and the server need, which made
 * a loopback upload about 10% slower. Three reads in a row slower than 4 ms move the rest of
 * the file to the thread pool, reading each chunk while the one before is sent, so a slow disk
 * or network file system does not hold up the other uploads or the progress display.
 *
 * Reuse is safe because the body goes straight to undici, which asks for the next chunk once
 * the socket has taken the last: a full chunk is above the socket's high-water mark, so undici
 * waits for it to drain. When this generator resumes, the chunk it yielded is gone, and its
 * buffer can take the chunk after next.
 */
export async function* readChunks(
  path: string | Buffer,
  size: number,
  slowReadMs = SLOW_READ_MS,
): AsyncGenerator<Buffer> {
  const fd = openSync(path, 'r');
  const length = Math.max(1, Math.min(CHUNK_BYTES, size));
  const buffers = [Buffer.allocUnsafeSlow(length), Buffer.allocUnsafeSlow(length)];
  let readingAhead: Promise<number> | undefined;
  try {
    for (let position = 0, turn = 0, slowReads = 0; ; turn ^= 1) {
      const buffer = buffers[turn];
      let bytesRead: number;
      if (readingAhead) {
        bytesRead = await readingAhead;
      } else {
        // process.hrtime, not performance.now(): the performance global loads perf_hooks.
        const started = process.hrtime.bigint();
        bytesRead = readSync(fd, buffer, 0, length, position);
        const tookMs = Number(process.hrtime.bigint() - started) / 1e6;
        slowReads = tookMs < slowReadMs ? 0 : slowReads + 1;
      }
      if (bytesRead === 0) return;
      position += bytesRead;
      if (slowReads >= SLOW_READS_IN_A_ROW || readingAhead) {
        readingAhead = readInThreadPool(fd, buffers[turn ^ 1], length, position);
      }
      // A short chunk may sit in the socket's queue without undici waiting for it to drain, so
      // it goes out as a copy its buffer cannot overwrite; it is the last one but for a file
      // that is changing, which FileChangedError catches.
      yield bytesRead === length ? buffer : Buffer.from(buffer.subarray(0, bytesRead));
    }
  } finally {
    await readingAhead?.catch(() => undefined);
    closeSync(fd);
  }
}

/** fs.read as a promise: the callback API, since node:fs/promises costs start-up time to load. */
function readInThreadPool(fd: number, buffer: Buffer, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) =>
    read(fd, buffer, 0, length, position, (err, bytesRead) => (err ? reject(err) : resolve(bytesRead))),
  );
}

/** The file's size changed between the pre-check and the upload; the declared length would be wrong. */
export class FileChangedError extends Error {
  readonly code = 'FILE_CHANGED';
  constructor(name: string) {
    super(`${name} changed size while it was being uploaded`);
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
