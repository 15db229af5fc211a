import { CliError, ExitCode, LOGIN_HINT } from '../errors.ts';
import { safeForTerminal } from '../output/terminal-text.ts';
import { parseRetryAfter } from './retry.ts';

/** An error answer from the API, with the status, code and message from either error envelope. */
export class ApiError extends CliError {
  readonly status: number;
  readonly code?: string;
  readonly retryAfterSeconds?: number;
  readonly body: unknown;
  declare hint?: string;

  constructor(init: {
    status: number;
    message: string;
    code?: string;
    retryAfterSeconds?: number;
    body: unknown;
    hint?: string;
  }) {
    super(init.message, exitCodeFor(init.status), init.hint);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.body = init.body;
  }
}

function exitCodeFor(status: number): number {
  return status === 401 ? ExitCode.auth : ExitCode.failure;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'bad request',
  401: 'not authenticated',
  402: 'insufficient credits or plan limit',
  403: 'forbidden',
  404: 'not found',
  409: 'conflict',
  413: 'payload too large',
  422: 'validation failed',
  429: 'rate limited',
  500: 'server error',
  502: 'bad gateway',
  503: 'service unavailable',
  504: 'gateway timeout',
};

interface ValidationItem {
  loc?: (string | number)[];
  msg?: string;
  message?: string;
  path?: string;
  line?: number;
  column?: number;
}

/** Turns an error answer (either envelope, or no JSON at all) into one ApiError. */
export function apiErrorFrom(
  status: number,
  headers: Record<string, string | string[] | undefined>,
  text: string,
  method: string,
  path: string,
  now: number,
): ApiError {
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {}
  let code: string | undefined;
  let detail: string | undefined;
  let retryAfter = parseRetryAfter(headerValue(headers['retry-after']), now);
  let items: string[] = [];
  if (isRecord(body) && isRecord(body.error)) {
    code = str(body.error.code);
    detail = str(body.error.message);
    if (retryAfter === undefined && typeof body.error.retry_after === 'number')
      retryAfter = body.error.retry_after;
  } else if (isRecord(body) && 'detail' in body) {
    const d = body.detail;
    if (typeof d === 'string') detail = d;
    else if (Array.isArray(d)) items = d.map(describeItem);
    else if (isRecord(d)) {
      code = str(d.error) ?? str(d.code);
      detail = str(d.message) ?? str(d.error);
      if (Array.isArray(d.errors)) items = d.errors.map(describeItem);
    }
  } else if (typeof body === 'string' && body.trim() !== '' && body.length < 200) {
    detail = body.trim();
  }
  // The server's words become one line each: a line break in them cannot forge a line of ours.
  const shown = (text: string) => safeForTerminal(text);
  const head = `${status} ${STATUS_TEXT[status] ?? 'error'}${code ? ` (${shown(code)})` : ''}`;
  let message = detail ? `${head}: ${shown(detail)} (${method} ${path})` : `${head}: ${method} ${path}`;
  if (items.length > 0) message += `\n${items.map((i) => `  - ${shown(i)}`).join('\n')}`;
  return new ApiError({ status, message, code, retryAfterSeconds: retryAfter, body, hint: hintFor(status) });
}

function hintFor(status: number): string | undefined {
  if (status === 401) return LOGIN_HINT;
  if (status === 403) return 'check --account-id and that your user belongs to that organization';
  return undefined;
}

function describeItem(item: unknown): string {
  if (!isRecord(item)) return String(item);
  const i = item as ValidationItem;
  const where = i.loc ? i.loc.filter((p) => p !== 'body').join('.') : i.path;
  const at =
    i.line !== undefined ? ` (line ${i.line}${i.column !== undefined ? `, column ${i.column}` : ''})` : '';
  return `${where ? `${where}: ` : ''}${i.msg ?? i.message ?? JSON.stringify(item)}${at}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
