// Route table of the simulator: route modules register handlers by HTTP method + OpenAPI path template.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { RecordedRequest } from './recording.ts';
import type { SimState } from './state.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Account {
  /** The account the request acts on (after `X-Account-Id` for bearer tokens). */
  id: string;
  /** The credential's own account (what `GET /me` reports), before any `X-Account-Id` switch. */
  homeId: string;
  auth: 'api_key' | 'bearer';
  /** The API key or bearer token used. */
  credential: string;
}

export interface SimRequest {
  method: HttpMethod;
  /** The concrete path, e.g. `/agents/3f1a...`. */
  path: string;
  /** The OpenAPI template it matched, e.g. `/agents/{agent_id}`. */
  template: string;
  params: Record<string, string>;
  /** Query values coerced to the contract's types, with the contract's defaults filled in. */
  query: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or undefined (always undefined for `rawBody` routes). */
  body: unknown;
  /** The underlying request; its body stream is unread only for `rawBody` routes. */
  raw: IncomingMessage;
  account: Account;
  /** `Seclai-Version` this request resolved to: header, else the account's pin, else the default. */
  apiVersion: string;
  state: SimState;
  /** This request's entry in `sim.requests`; upload routes may set `fields`. */
  record: RecordedRequest;
}

export interface JsonOptions {
  /** Validate the body as the canonical `{data, pagination}` list envelope instead of the contract's schema. */
  canonicalList?: boolean;
}

export interface SimResponse {
  json(status: number, body: unknown, headers?: Record<string, string>, options?: JsonOptions): void;
  noContent(headers?: Record<string, string>): void;
  /** `{"error": {"code", "message"}}` (plus `extra` fields inside `error`, e.g. `retry_after`). */
  error(status: number, code: string, message: string, extra?: Record<string, unknown>): void;
  /** FastAPI-style `{"detail": ...}`, e.g. `res.detail(404, 'Agent not found')`. */
  detail(status: number, detail: unknown): void;
  /**
   * Writes the status line with rate-limit headers and returns the raw response for streaming (SSE, files).
   * Only the status of a streamed response is checked against the contract.
   */
  stream(status: number, headers: Record<string, string>): ServerResponse;
  readonly raw: ServerResponse;
  readonly sent: boolean;
}

export type RouteHandler = (req: SimRequest, res: SimResponse) => void | Promise<void>;

export interface RouteOptions {
  /** Leave the request body unread in `req.raw` (multipart uploads, streaming). */
  rawBody?: boolean;
}

export interface Route {
  method: HttpMethod;
  template: string;
  handler: RouteHandler;
  options: RouteOptions;
}

/** A route module: `export default function register(router: Router) { router.add(...) }`. */
export type RouteModule = (router: Router) => void;

export class Router {
  readonly #routes = new Map<string, Route>();
  readonly #closeHooks: (() => void | Promise<void>)[] = [];

  /** Registers a handler; a later registration of the same method + template replaces the earlier one. */
  add(method: HttpMethod, template: string, handler: RouteHandler, options: RouteOptions = {}): this {
    this.#routes.set(`${method} ${template}`, { method, template, handler, options });
    return this;
  }

  find(method: string, template: string): Route | undefined {
    return this.#routes.get(`${method} ${template}`);
  }

  routes(): Route[] {
    return [...this.#routes.values()];
  }

  /** Runs when the simulator closes: clear timers and other resources a route module started. */
  onClose(hook: () => void | Promise<void>): void {
    this.#closeHooks.push(hook);
  }

  async runCloseHooks(): Promise<void> {
    for (const hook of this.#closeHooks) await hook();
  }
}
