// Injected failures: the next matching requests get a fault instead of (or, for a pure delay, before) normal handling.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

export interface FaultSpec {
  method?: string;
  /** A path template (`/agents/{agent_id}`) or a concrete path (`/agents/3f1a...`); any path when omitted. */
  path?: string;
  /** How many matching requests get the fault (default 1; `Infinity` for all). */
  times?: number;
  status?: number;
  headers?: Record<string, string>;
  /** JSON-serialised unless it is a string; a default error envelope is used when omitted. */
  body?: unknown;
  /** Wait before answering; alone, the request then proceeds normally. */
  delayMs?: number;
  /** Answer 200 with a body that is not valid JSON. */
  malformed?: boolean;
  /** Destroy the connection without answering. */
  reset?: boolean;
}

export interface Fault extends FaultSpec {
  readonly id: number;
  /** Matching requests still to be faulted. */
  remaining: number;
  /** Requests that received the fault so far. */
  hits: number;
}

export class Faults {
  readonly #active: Fault[] = [];
  #nextId = 1;

  add(spec: FaultSpec): Fault {
    const fault: Fault = { ...spec, id: this.#nextId++, remaining: spec.times ?? 1, hits: 0 };
    this.#active.push(fault);
    return fault;
  }

  /** Faults that still have requests to affect. */
  get pending(): Fault[] {
    return this.#active.filter((fault) => fault.remaining > 0);
  }

  clear(): void {
    this.#active.length = 0;
  }

  /** Consumes and returns the first fault matching this request, if any. */
  take(method: string, path: string, template: string | undefined): Fault | undefined {
    const fault = this.#active.find(
      (candidate) =>
        candidate.remaining > 0 &&
        (!candidate.method || candidate.method.toUpperCase() === method) &&
        (!candidate.path || candidate.path === path || candidate.path === template),
    );
    if (!fault) return undefined;
    fault.remaining--;
    fault.hits++;
    if (fault.remaining <= 0) this.#active.splice(this.#active.indexOf(fault), 1);
    return fault;
  }
}

export function answersInsteadOfHandler(fault: Fault): boolean {
  return Boolean(fault.reset || fault.malformed || fault.status !== undefined);
}

/** Applies a fault; resolves true when it answered (or dropped) the request, false when handling should go on. */
export async function applyFault(fault: Fault, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (fault.delayMs) await sleep(fault.delayMs);
  if (fault.reset) {
    req.socket.destroy();
    return true;
  }
  if (fault.malformed) {
    res.writeHead(fault.status ?? 200, { 'content-type': 'application/json', ...fault.headers });
    res.end('{"data": [{"id": "truncated');
    return true;
  }
  if (fault.status === undefined) return false;
  const body = fault.body === undefined ? defaultFaultBody(fault.status, fault.headers) : fault.body;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
  res.end(text);
  return true;
}

function defaultFaultBody(status: number, headers: Record<string, string> = {}): unknown {
  if (status === 429) {
    const retryAfter = Number(headerValue(headers, 'retry-after') ?? 1);
    return {
      error: { code: 'RATE_LIMIT_EXCEEDED', message: 'Rate limit exceeded', retry_after: retryAfter },
    };
  }
  return { error: { code: `HTTP_${status}`, message: `Simulated fault: HTTP ${status}` } };
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}
