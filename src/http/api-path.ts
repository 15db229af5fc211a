import { UsageError } from '../errors.ts';
import type { Query } from './client.ts';

// C0 controls, DEL and C1 controls.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Why an id cannot be one path segment, or undefined when it can. */
function idProblem(value: string): string | undefined {
  if (value === '') return 'must not be empty';
  if (value === '.' || value === '..') return `must not be "${value}"`;
  const reserved = /[/?#\\]/.exec(value)?.[0];
  if (reserved) return `must not contain "${reserved}"`;
  if (CONTROL.test(value)) return 'must not contain control characters';
  if (value.trim() !== value) return 'must not start or end with whitespace';
  return undefined;
}

/** Checks an id that fills a path parameter; `name` is how the user knows it (`<agent-id>`). */
export function checkPathParam(value: string, name: string): void {
  const problem = idProblem(value);
  if (problem) throw new UsageError(`${name} ${problem}`);
}

/** An id as one percent-encoded path segment. */
export function pathParam(value: string, name: string): string {
  checkPathParam(value, name);
  return encodeURIComponent(value);
}

/**
 * An API path with each interpolated id checked and encoded as one segment:
 * apiPath`/agents/${agentId}/runs`.
 */
export function apiPath(strings: TemplateStringsArray, ...ids: string[]): string {
  return strings.reduce((path, text, i) => path + text + (i < ids.length ? pathParam(ids[i], 'id') : ''), '');
}

/** Why a path below the base URL could leave its origin or route, or undefined when it cannot. */
function pathProblem(path: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) return 'must be relative to the API base URL, not an absolute URL';
  if (!path.startsWith('/')) return 'must start with /';
  if (path.startsWith('//')) return 'must start with / and then a path, not // (which names another host)';
  if (path.includes('\\')) return 'must not contain "\\"';
  if (path.includes('#')) return 'must not contain "#"';
  if (path.includes('?')) return 'must not contain "?" here (the query goes apart)';
  if (/\s/.test(path) || CONTROL.test(path)) return 'must not contain whitespace or control characters';
  const segments = path.slice(1).split('/');
  for (const [i, segment] of segments.entries()) {
    if (segment === '' && i < segments.length - 1) return 'must not contain "//"';
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return `holds a malformed percent-escape in "${segment}"`;
    }
    if (decoded === '.' || decoded === '..') return 'must not contain "." or ".." segments';
    if (/[/\\]/.test(decoded)) return 'must not contain an encoded "/" or "\\"';
  }
  return undefined;
}

/**
 * Checks a path below the base URL (encoded, without the query): it must start with one `/` and
 * keep to the base origin and route, so no `//`, `\`, dot segments, encoded slashes, fragments,
 * whitespace or control characters.
 */
export function checkApiPath(path: string): void {
  const problem = pathProblem(path);
  if (problem) throw new UsageError(`path ${problem}`, 'give a path below the API base URL, such as /agents');
}

/** A path as `seclai api` takes it, with an optional query: both checked, then split apart. */
export function splitApiPath(path: string): { pathname: string; query: URLSearchParams } {
  const question = path.indexOf('?');
  const pathname = question < 0 ? path : path.slice(0, question);
  const search = question < 0 ? '' : path.slice(question + 1);
  checkApiPath(pathname);
  if (/[#\s]/.test(search) || CONTROL.test(search))
    throw new UsageError('path must not contain "#", whitespace or control characters');
  return { pathname, query: new URLSearchParams(search) };
}

/**
 * The one place a request URL is built: the base URL, a checked path below it, and the query.
 * Whatever the path, the URL keeps the base origin, so credentials go nowhere else.
 */
export function resolveApiUrl(baseUrl: URL, path: string, query?: Query): URL {
  checkApiPath(path);
  const url = new URL(`${baseUrl.origin}${baseUrl.pathname}${path.slice(1)}`);
  if (url.origin !== baseUrl.origin || !url.pathname.startsWith(baseUrl.pathname)) {
    throw new UsageError(`path ${path} leaves the API base URL ${baseUrl.origin}${baseUrl.pathname}`);
  }
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
  }
  return url;
}
