/** System and library error codes in plain words: codes such as EISDIR or UND_ERR_SOCKET never reach the user. */
const WORDS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EIO: 'input/output error',
  EBADF: 'the file or stream is closed',
  EPIPE: 'the other end closed the pipe',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'the connection was reset',
  ECONNABORTED: 'the connection was aborted',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'the host name could not be looked up (try again)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the connection closed unexpectedly',
  UND_ERR_CLOSED: 'the connection was closed',
  UND_ERR_CONNECT_TIMEOUT: 'connecting timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no answer came in time',
  UND_ERR_BODY_TIMEOUT: 'the answer stalled',
  UND_ERR_ABORTED: 'the request was aborted',
  UND_ERR_HEADERS_OVERFLOW: 'the answer headers were too large',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'the answer did not match its announced length',
  UND_ERR_REQ_CONTENT_LENGTH_MISMATCH: 'the request body did not match its announced length',
  UND_ERR_RES_EXCEEDED_MAX_SIZE: 'the answer was too large',
  UND_ERR_INFO: 'the server sent an invalid answer',
};

/** What went wrong, in words: a known code's words, else the message without codes or stack. */
export function errorWords(err: unknown): string {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code && WORDS[code]) return WORDS[code];
  if (code?.startsWith('HPE_')) return 'the server sent an answer that is not valid HTTP';
  if (err instanceof RangeError && /call stack/i.test(err.message)) return 'the data is nested too deeply';
  const message = typeof e.message === 'string' ? e.message : String(err);
  // Node's messages start with their code ("ENOENT: no such file…, open '/x'"): keep the words.
  const words = message
    .replace(/^[A-Z][A-Z0-9_]+: /, '')
    .replace(/, \w+ '.*'$/, '')
    .trim();
  return words === '' || /^[A-Z][A-Z0-9_]+$/.test(words) ? 'an unexpected error' : words;
}
