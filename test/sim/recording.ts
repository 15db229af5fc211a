// What the simulator remembers about traffic, for tests to assert on.
import type { IncomingHttpHeaders } from 'node:http';

export interface RecordedRequest {
  method: string;
  /** The path without the query string. */
  path: string;
  /** Raw query values as sent: a string, or an array for a repeated key. */
  query: Record<string, string | string[]>;
  headers: IncomingHttpHeaders;
  /** Which connection it came on: the client's port. */
  connection: number;
  /** Parsed JSON body; undefined when there was none or it was not JSON. */
  body?: unknown;
  /** True when the body was multipart/form-data (not parsed here; upload routes may add `fields`). */
  multipart?: boolean;
  /** Multipart fields an upload route chose to record. */
  fields?: Record<string, string>;
  /** `METHOD /template` of the matched operation, when one matched. */
  operation?: string;
  /** Status of the answer, once sent (undefined for a dropped connection). */
  status?: number;
}

export interface Violation {
  /** `request`: the client broke the contract; `response`/`simulator`: a bug in the simulator. */
  kind: 'request' | 'response' | 'simulator';
  method: string;
  path: string;
  operation?: string;
  status?: number;
  messages: string[];
}

export function describeViolation(violation: Violation): string {
  const where = violation.operation ? ` (${violation.operation})` : '';
  const status = violation.status === undefined ? '' : ` -> ${violation.status}`;
  return `[${violation.kind}] ${violation.method} ${violation.path}${where}${status}: ${violation.messages.join('; ')}`;
}
