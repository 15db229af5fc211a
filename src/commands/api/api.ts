import { readJsonInput } from '../../catalog/input.ts';
import type { Handler } from '../../catalog/types.ts';
import { UsageError } from '../../errors.ts';
import { splitApiPath } from '../../http/api-path.ts';
import type { Method, Query } from '../../http/client.ts';
import { checkHeaderName, checkHeaderValue } from '../../http/header-value.ts';
import { printJson } from '../../output/format.ts';

const METHODS: Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** `seclai api <METHOD> <path>`: any endpoint, JSON in and out, like `gh api`. */
export const apiRequest: Handler = async (session, { args, options }) => {
  const method = String(args.method).toUpperCase() as Method;
  if (!METHODS.includes(method))
    throw new UsageError(`method must be one of ${METHODS.join(', ')} (got "${args.method}")`);
  const { pathname, query: inlineQuery } = splitApiPath(withLeadingSlash(String(args.path)));
  const query: Query = {};
  for (const [key, value] of inlineQuery) addQuery(query, key, value);
  for (const [key, value] of (options.query as [string, string][] | undefined) ?? [])
    addQuery(query, key, value);
  const headers: Record<string, string> = {};
  for (const header of (options.header as string[] | undefined) ?? []) {
    const colon = header.indexOf(':');
    if (colon <= 0) throw new UsageError('--header expects name:value');
    const name = header.slice(0, colon).trim().toLowerCase();
    const value = header.slice(colon + 1).trim();
    checkHeaderName(name, '--header');
    checkHeaderValue(value, `--header ${name}`);
    headers[name] = value;
  }
  const body =
    typeof options.data === 'string'
      ? (await readJsonInput(options.data, session.ctx.cwd, session.io.stdin)).parsed
      : undefined;
  if (options.paginate && method !== 'GET') throw new UsageError('--paginate works only with GET');
  const client = await session.api();
  if (options.paginate) {
    const { fetchAllItems } = await import('../../http/paginate.ts');
    const mode = 'offset' in query ? 'offset' : 'page';
    printJson(session.out, await fetchAllItems(client, { method, path: pathname, query, headers }, mode));
    return 0;
  }
  const response = await client.request({ method, path: pathname, query, headers, body });
  printJson(session.out, response.data === undefined ? { status: response.status } : response.data);
  return 0;
};

/** `agents` means `/agents`, as `gh api` reads it; a URL (`https://…`) is left to be refused. */
function withLeadingSlash(path: string): string {
  return path.startsWith('/') || /^[a-z][a-z\d+.-]*:/i.test(path) ? path : `/${path}`;
}

function addQuery(query: Query, key: string, value: string): void {
  const existing = query[key];
  if (existing === undefined) query[key] = value;
  else query[key] = [...(Array.isArray(existing) ? existing : [existing as string]), value];
}
