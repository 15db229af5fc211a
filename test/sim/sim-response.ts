// The `res` handed to route handlers: JSON helpers that add rate-limit headers and check bodies against the contract.
import type { ServerResponse } from 'node:http';
import type { JsonOptions, SimResponse } from './router.ts';

export interface ResponseChecks {
  /** Rate-limit headers, computed once per successful answer. */
  successHeaders(): Record<string, string>;
  /** Records a violation when a JSON body does not match the contract. */
  checkJson(status: number, body: unknown, options: JsonOptions): void;
}

export class SimResponseImpl implements SimResponse {
  readonly raw: ServerResponse;
  readonly #checks: ResponseChecks;

  constructor(raw: ServerResponse, checks: ResponseChecks) {
    this.raw = raw;
    this.#checks = checks;
  }

  get sent(): boolean {
    return this.raw.headersSent;
  }

  json(status: number, body: unknown, headers: Record<string, string> = {}, options: JsonOptions = {}): void {
    this.#checks.checkJson(status, body, options);
    const text = JSON.stringify(body);
    this.#writeHead(status, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(text)),
      ...headers,
    });
    this.raw.end(text);
  }

  noContent(headers: Record<string, string> = {}): void {
    this.#writeHead(204, headers);
    this.raw.end();
  }

  error(status: number, code: string, message: string, extra: Record<string, unknown> = {}): void {
    this.json(status, { error: { code, message, ...extra } });
  }

  detail(status: number, detail: unknown): void {
    this.json(status, { detail });
  }

  stream(status: number, headers: Record<string, string>): ServerResponse {
    this.#writeHead(status, headers);
    return this.raw;
  }

  #writeHead(status: number, headers: Record<string, string>): void {
    if (this.raw.headersSent) throw new Error('seclai simulator: a route answered twice');
    const rateLimit = status < 400 ? this.#checks.successHeaders() : {};
    this.raw.writeHead(status, { ...rateLimit, ...headers });
  }
}
