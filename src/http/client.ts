import type { Readable } from 'node:stream';
import type { Clock } from '../context.ts';
import { errorWords } from '../error-words.ts';
import { CliError, ExitCode } from '../errors.ts';
import { nestedTooDeeply, textMayNestTooDeeply } from '../json-depth.ts';
import { readAll } from '../read-all.ts';
import { formatTimeout } from '../settings.ts';
import { VERSION } from '../version.ts';
import { resolveApiUrl } from './api-path.ts';
import { debugJsonBody } from './debug-body.ts';
import { type CurlCredential, type CurlForm, curlCommand, DryRunStop } from './dry-run.ts';
import { ApiError, apiErrorFrom } from './errors.ts';
import { type DebugLog, redactHeaders } from './redact.ts';
import { backoffDelay, isIdempotent, type RetryPolicy } from './retry.ts';
import { noteWhenSent, saysNotProcessed, UnconfirmedError } from './unconfirmed.ts';
import { createAgent, type Dispatcher, undiciRequest } from './undici.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | undefined | null | (string | number | boolean)[];
export type Query = Record<string, QueryValue>;

/** Headers that identify the caller; asked for before every attempt so a refreshed token is used. */
export type AuthHeaderSource = (options: { forceRefresh: boolean }) => Promise<Record<string, string>>;

/** A body that can be produced again for a retry (an upload re-opens its file). */
export interface BodySource {
  /** What --debug shows of the body: a summary, never file bytes. */
  describe?(): string;
  open(): Promise<{
    body: Dispatcher.DispatchOptions['body'] | AsyncIterable<Uint8Array>;
    headers: Record<string, string>;
  }>;
  /** The body as curl's -F fields, for `--dry-run`. */
  form?: CurlForm;
}

/** `--dry-run`: requests are written as curl commands instead of sent. */
export interface DryRunOptions {
  credential: CurlCredential;
  /** Sends X-Account-Id (bearer credentials only). */
  accountId?: string;
  print(command: string): void;
}

export interface RequestOptions {
  method: Method;
  /** Path below the base URL, e.g. `/agents/abc`, ids already encoded (see apiPath). */
  path: string;
  query?: Query;
  /** A JSON body. */
  body?: unknown;
  /** A raw body (multipart, streams), re-opened on each attempt. */
  rawBody?: BodySource;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /**
   * Whether the request may be repeated after a 5xx or a dropped connection. Defaults by method.
   * A raw body that is not idempotent (an upload) is repeated only while it was not all sent, or
   * when the answer says it was not processed; after that, failures are UnconfirmedError.
   */
  idempotent?: boolean;
  /** Milliseconds for the whole request; undefined means the client's default. 0 means none. */
  timeoutMs?: number;
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  data: T;
}

export interface StreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable;
}

export interface ClientOptions {
  baseUrl: URL;
  auth: AuthHeaderSource;
  /** Whether the auth headers carry an SSO token that may be refreshed after a 401. */
  canRefreshAuth?: boolean;
  apiVersion?: string;
  accountId?: string;
  timeoutMs?: number;
  clock: Clock;
  debug?: DebugLog;
  retry?: Partial<RetryPolicy>;
  dryRun?: DryRunOptions;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 300,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};

/**
 * The one HTTP client: base URL, identity headers, retries with backoff, rate-limit pacing,
 * error envelopes turned into ApiError, and a redacted --debug trace.
 */
export class ApiClient {
  readonly baseUrl: URL;
  private readonly options: ClientOptions;
  private readonly dispatcher: Dispatcher;
  private readonly retry: RetryPolicy;
  /** How long any answer may take to start, streams and uploads included. */
  private readonly headersTimeoutMs: number;
  private pauseUntil = 0;
  /** Set once --dry-run has printed its request: nothing after it is shown either. */
  private dryRunPrinted = false;

  constructor(options: ClientOptions) {
    this.options = options;
    this.baseUrl = options.baseUrl;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.headersTimeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.dispatcher = createAgent({
      connect: { timeout: 10_000 },
      headersTimeout: this.headersTimeoutMs,
      bodyTimeout: 0,
      keepAliveTimeout: 10_000,
    });
  }

  /** Sends a request and parses the JSON answer; a 204 gives `data: undefined`. */
  async request<T = unknown>(opts: RequestOptions): Promise<ApiResponse<T>> {
    const res = await this.send(opts, 'application/json');
    const text = await readAll(res.body).catch((err: unknown) => {
      if (opts.signal?.aborted) throw opts.signal.reason;
      throw new CliError(`${opts.method} ${opts.path}: the answer was cut off (${errorWords(err)})`);
    });
    if (text === '') return { status: res.status, headers: res.headers, data: undefined as T };
    let data: T;
    try {
      data = JSON.parse(text) as T;
    } catch {
      throw new CliError(`the API answered ${opts.method} ${opts.path} with a body that is not JSON`);
    }
    if (textMayNestTooDeeply(text) && nestedTooDeeply(data))
      throw new CliError(
        `the API answered ${opts.method} ${opts.path} with JSON nested too deeply to handle`,
      );
    return { status: res.status, headers: res.headers, data };
  }

  /** Sends a request and hands back the open body (SSE, downloads). Non-2xx answers throw ApiError. */
  async stream(opts: RequestOptions, accept = '*/*'): Promise<StreamResponse> {
    return this.send({ timeoutMs: 0, ...opts }, accept);
  }

  /** The request URL: see resolveApiUrl, the one place URLs are built. */
  url(path: string, query?: Query): URL {
    return resolveApiUrl(this.baseUrl, path, query);
  }

  /**
   * Drops the connections; called once the command is done, so no request is in flight. Each
   * socket is destroyed at once; their close events, a turn of the event loop later, are not waited for.
   */
  async close(): Promise<void> {
    this.dispatcher.destroy().catch(() => {});
  }

  private async send(opts: RequestOptions, accept: string): Promise<StreamResponse> {
    const url = this.url(opts.path, opts.query);
    if (this.options.dryRun) this.printDryRun(this.options.dryRun, opts, url, accept);
    const idempotent = opts.idempotent ?? isIdempotent(opts.method);
    const timeoutMs = opts.timeoutMs ?? this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const deadline = timeoutMs > 0 ? this.options.clock.now() + timeoutMs : Number.POSITIVE_INFINITY;
    const guarded = !idempotent && opts.rawBody !== undefined;
    let forceRefresh = false;
    for (let attempt = 1; ; attempt++) {
      await this.waitForRateLimit(opts.signal);
      const started = this.options.clock.now();
      let bodySent = false;
      let res: Dispatcher.ResponseData;
      try {
        res = await this.attempt(opts, url, accept, forceRefresh, deadline, () => {
          bodySent = true;
        });
      } catch (err) {
        const reachedServer = !isConnectError(err);
        const unconfirmed = guarded && bodySent && !leftBodyUnread(err);
        if (opts.signal?.aborted) throw opts.signal.reason;
        if (isTimeout(err) || this.options.clock.now() >= deadline) {
          // A stream or upload has no deadline of its own, but its answer's headers still have one.
          const limit = isHeadersTimeout(err) ? this.headersTimeoutMs : timeoutMs;
          const message = `${opts.method} ${url.pathname} timed out after ${formatTimeout(limit)}`;
          if (unconfirmed) throw new UnconfirmedError(`${message}, after the whole body was sent`);
          throw new CliError(message);
        }
        if (attempt < this.retry.maxAttempts && (idempotent || !reachedServer || (guarded && !unconfirmed))) {
          const delay = backoffDelay(attempt, this.retry);
          this.trace(`! ${networkMessage(err)}; retrying in ${delay} ms`);
          await this.options.clock.sleep(delay, opts.signal);
          continue;
        }
        if (unconfirmed) {
          throw new UnconfirmedError(
            `the connection broke after the whole body was sent (${errorWords(err)}); no answer confirmed it`,
          );
        }
        throw requestFailed(opts.method, url, err, reachedServer && !idempotent);
      }
      // An answer that came before the whole body went out was given without it.
      const sentBeforeAnswer = bodySent;
      this.trace(
        `< ${res.statusCode} ${opts.method} ${url.pathname} (${this.options.clock.now() - started} ms)`,
        res.headers,
      );
      this.notePacing(res.headers);
      if (res.statusCode >= 200 && res.statusCode < 300) {
        return { status: res.statusCode, headers: res.headers, body: res.body };
      }
      const text = await readAll(res.body).catch(() => '');
      const error = apiErrorFrom(
        res.statusCode,
        res.headers,
        text,
        opts.method,
        url.pathname,
        this.options.clock.now(),
      );
      if (res.statusCode === 401 && this.options.canRefreshAuth && !forceRefresh) {
        forceRefresh = true;
        continue;
      }
      const wait = this.retryWait(error, idempotent || (guarded && !sentBeforeAnswer), guarded, attempt);
      if (wait === undefined) {
        if (guarded && sentBeforeAnswer && error.status >= 500 && !saysNotProcessed(error)) {
          throw new UnconfirmedError(`the API answered ${error.message} after the whole body was sent`, {
            apiError: error,
          });
        }
        throw error;
      }
      if (this.options.clock.now() + wait >= deadline) {
        error.hint ??= `the API asks to wait ${Math.ceil(wait / 1000)} s, past the time limit (--timeout)`;
        throw error;
      }
      this.trace(
        `! ${res.statusCode}; retrying in ${wait} ms (attempt ${attempt + 1} of ${this.retry.maxAttempts})`,
      );
      await this.options.clock.sleep(wait, opts.signal);
    }
  }

  private async attempt(
    opts: RequestOptions,
    url: URL,
    accept: string,
    forceRefresh: boolean,
    deadline: number,
    onBodySent: () => void,
  ): Promise<Dispatcher.ResponseData> {
    const headers: Record<string, string> = {
      accept,
      'user-agent': `seclai-cli/${VERSION} (node ${process.version}; ${process.platform} ${process.arch})`,
      ...(await this.options.auth({ forceRefresh })),
    };
    if (this.options.apiVersion) headers['seclai-version'] = this.options.apiVersion;
    if (this.options.accountId && headers.authorization) headers['x-account-id'] = this.options.accountId;
    let body: Dispatcher.DispatchOptions['body'];
    if (opts.rawBody) {
      const opened = await opts.rawBody.open();
      Object.assign(headers, opened.headers);
      // undici streams any async iterable, asking for the next chunk once the socket took the last.
      body = (
        isAsyncIterable(opened.body) ? noteWhenSent(opened.body, onBodySent) : opened.body
      ) as Dispatcher.DispatchOptions['body'];
    } else if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    Object.assign(headers, opts.headers);
    this.trace(`> ${opts.method} ${url.href}`, headers, this.options.debug ? debugBody(opts) : undefined);
    const signals = [
      opts.signal,
      Number.isFinite(deadline) ? AbortSignal.timeout(deadline - Date.now()) : undefined,
    ];
    const active = signals.filter((s): s is AbortSignal => s !== undefined);
    return undiciRequest(this.dispatcher, {
      origin: url.origin,
      path: url.pathname + url.search,
      method: opts.method,
      headers,
      body,
      signal: active.length > 0 ? AbortSignal.any(active) : undefined,
    });
  }

  /**
   * Prints the first request as curl and stops the command: a later request would need this
   * one's answer. The headers are those attempt() sends, but for the user agent.
   */
  private printDryRun(dryRun: DryRunOptions, opts: RequestOptions, url: URL, accept: string): never {
    if (this.dryRunPrinted) throw new DryRunStop();
    this.dryRunPrinted = true;
    const headers: [string, string][] = [['Accept', accept]];
    if (this.options.apiVersion) headers.push(['Seclai-Version', this.options.apiVersion]);
    if (dryRun.accountId) headers.push(['X-Account-Id', dryRun.accountId]);
    const json = opts.rawBody || opts.body === undefined ? undefined : JSON.stringify(opts.body);
    if (json !== undefined) headers.push(['Content-Type', 'application/json']);
    headers.push(...Object.entries(opts.headers ?? {}));
    dryRun.print(
      curlCommand({
        method: opts.method,
        url,
        credential: dryRun.credential,
        headers,
        json,
        form: opts.rawBody?.form,
        streaming: accept === 'text/event-stream',
      }),
    );
    throw new DryRunStop();
  }

  /** How long to wait before retrying an error answer, or undefined when it must not be retried. */
  private retryWait(
    error: ApiError,
    idempotent: boolean,
    guarded: boolean,
    attempt: number,
  ): number | undefined {
    if (attempt >= this.retry.maxAttempts) return undefined;
    const retryable =
      error.status === 429 ||
      (guarded && saysNotProcessed(error)) ||
      (idempotent && (error.status === 502 || error.status === 503 || error.status === 504));
    if (!retryable) return undefined;
    const wait = secondsToMs(error.retryAfterSeconds) ?? backoffDelay(attempt, this.retry);
    // A 503 may carry Retry-After too; an unbounded stream must not sleep for hours on it.
    if (wait > this.retry.maxRetryAfterMs) {
      error.hint = `the API asks to wait ${Math.ceil(wait / 1000)} s before retrying`;
      return undefined;
    }
    return wait;
  }

  /** Slows down before the rate limit: when no requests remain, wait for the window to reset. */
  private notePacing(headers: Record<string, string | string[] | undefined>): void {
    const remaining = Number(headers['x-ratelimit-remaining']);
    const reset = Number(headers['x-ratelimit-reset']);
    if (remaining === 0 && Number.isFinite(reset)) {
      const until = reset * 1000;
      if (until > this.options.clock.now())
        this.pauseUntil = Math.min(until, this.options.clock.now() + 60_000);
    }
  }

  private async waitForRateLimit(signal?: AbortSignal): Promise<void> {
    const wait = this.pauseUntil - this.options.clock.now();
    if (wait > 0) {
      this.trace(`! rate limit reached; waiting ${wait} ms for it to reset`);
      await this.options.clock.sleep(wait, signal);
    }
  }

  private trace(line: string, headers?: Record<string, string | string[] | undefined>, body?: string): void {
    this.options.debug?.(line, headers ? redactHeaders(headers) : undefined, body);
  }
}

/** The request body as --debug shows it, or undefined when there is none. */
function debugBody(opts: RequestOptions): string | undefined {
  if (opts.rawBody) return opts.rawBody.describe?.() ?? '(streamed body)';
  return opts.body === undefined ? undefined : debugJsonBody(opts.body);
}

const CONNECT_ERRORS = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'EHOSTUNREACH',
]);

/** True when the request surely never reached the server, so even a POST may be sent again. */
function isConnectError(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code !== undefined && CONNECT_ERRORS.has(code);
}

/**
 * A reset (or a write to a closed socket) means the server closed the connection with part of
 * the body unread, even when all of it had left this process (it may sit in socket buffers).
 */
function leftBodyUnread(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return [e?.code, e?.cause?.code].some((code) => code === 'ECONNRESET' || code === 'EPIPE');
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as AsyncIterable<unknown> | undefined)?.[Symbol.asyncIterator] === 'function';
}

function isTimeout(err: unknown): boolean {
  return (err as { name?: string })?.name === 'TimeoutError' || isHeadersTimeout(err);
}

function isHeadersTimeout(err: unknown): boolean {
  return (err as { code?: string })?.code === 'UND_ERR_HEADERS_TIMEOUT';
}

/** A request that failed without an answer, in words: the method and path, never an internal code. */
function requestFailed(method: string, url: URL, err: unknown, mayHaveTakenEffect: boolean): CliError {
  if (isConnectError(err))
    return new CliError(`could not reach ${url.origin} (${method} ${url.pathname}): ${errorWords(err)}`);
  return new CliError(
    `${method} ${url.pathname} failed: ${errorWords(err)}`,
    ExitCode.failure,
    mayHaveTakenEffect ? 'the request was sent; check whether it took effect before trying again' : undefined,
  );
}

function networkMessage(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return e?.code
    ? `${e.code}${e.message && !e.message.includes(e.code) ? ` (${e.message})` : ''}`
    : String(e?.message ?? err);
}

function secondsToMs(seconds: number | undefined): number | undefined {
  return seconds === undefined ? undefined : Math.round(seconds * 1000);
}

export { ApiError };
