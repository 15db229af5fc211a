import { CliError, UsageError } from '../errors.ts';
import { pathParam } from '../http/api-path.ts';
import type { ApiClient, Query, RequestOptions } from '../http/client.ts';
import { printJson, printList, printObject } from '../output/format.ts';
import type { Session } from '../session.ts';
import { attributeName, longFlag, readDataOption } from './input.ts';
import { maxParallelOption } from './paging-flags.ts';
import type { CommandSpec, HandlerInput, HttpMethod } from './types.ts';

/** Builds the request a catalog row describes, from validated args and options. */
export async function buildRequest(session: Session, input: HandlerInput): Promise<RequestOptions> {
  const { spec, args, options } = input;
  if (!spec.operation) throw new Error(`${spec.path.join(' ')} has no operation`);
  const [method, template] = spec.operation.split(' ') as [HttpMethod, string];
  const path = template.replace(/\{(\w+)\}/g, (_, param: string) => {
    const arg = spec.args?.find((a) => (a.param ?? a.name) === param);
    const value = arg ? args[arg.name] : undefined;
    if (typeof value !== 'string' || value === '') throw new UsageError(`missing <${arg?.name ?? param}>`);
    return pathParam(value, `<${arg?.name ?? param}>`);
  });
  const query: Query = {};
  let body: Record<string, unknown> | undefined;
  if (spec.data && typeof options.data === 'string') {
    body = await readDataOption(options.data, session.ctx.cwd, session.io.stdin);
  }
  for (const arg of spec.args ?? []) {
    if (arg.body && args[arg.name] !== undefined) body = { ...body, [arg.body]: args[arg.name] };
  }
  for (const opt of spec.options ?? []) {
    const value = options[attributeName(opt)];
    if (value === undefined) continue;
    if (opt.query) query[opt.query] = value as Query[string];
    if (opt.body) {
      body ??= {};
      body[opt.body] =
        opt.type === 'keyvalue' && Array.isArray(value)
          ? Object.fromEntries(value as [string, string][])
          : value;
    }
  }
  if (spec.body) body = { ...body, ...spec.body };
  if (spec.data === 'required' && (body === undefined || Object.keys(body).length === 0)) {
    const flags = (spec.options ?? []).filter((o) => o.body).map(longFlag);
    throw new UsageError(`nothing to change: give ${[...flags, '--data'].join(', ')}`);
  }
  if (body === undefined && spec.data && ['POST', 'PUT', 'PATCH'].includes(method) && hasRequiredBody(spec)) {
    body = {};
  }
  return { method, path, query, body };
}

function hasRequiredBody(spec: CommandSpec): boolean {
  return spec.data === true || spec.data === 'required';
}

/** Asks before a destructive command on a TTY; refuses without --yes otherwise. */
export async function confirmOrRefuse(session: Session, input: HandlerInput): Promise<boolean> {
  const { spec, args, options } = input;
  if (!spec.confirm || options.yes) return true;
  const question = spec.confirm.replace(/\{([\w-]+)\}/g, (_, name: string) => String(args[name] ?? ''));
  if (!session.canPrompt) {
    throw new UsageError(
      `${spec.path.join(' ')} needs --yes when not run interactively`,
      `re-run with --yes: ${question}`,
    );
  }
  return session.ctx.prompter.confirm(question, false);
}

/** Runs a catalog row that needs no code of its own: request, then print in the chosen format. */
export async function executeRow(session: Session, input: HandlerInput): Promise<number> {
  const { spec, options } = input;
  const maxParallel = maxParallelOption(options);
  const request = await buildRequest(session, input);
  if (!(await confirmOrRefuse(session, input))) {
    session.note('Cancelled; nothing was changed.');
    return 1;
  }
  const client = await session.api();
  if (spec.paginate && options.all) {
    await printAllPages(session, spec, request, client, maxParallel);
    return 0;
  }
  const response = await client.request(request);
  if (
    response.data === undefined &&
    response.status !== 204 &&
    (spec.view === 'list' || spec.view === 'object')
  )
    throw new CliError(
      `the API answered ${request.method} ${request.path} with an empty body instead of ${spec.view === 'list' ? 'a list' : 'an object'}`,
    );
  await printResult(session, spec, input, response.status, response.data);
  return 0;
}

/** `--all`: every page, printed as it arrives, fetched concurrently when the list says how long it is. */
async function printAllPages(
  session: Session,
  spec: CommandSpec,
  request: RequestOptions,
  client: ApiClient,
  maxParallel: number | undefined,
): Promise<void> {
  const { walkPages } = await import('../http/paginate.ts');
  const { startList } = await import('../output/list-stream.ts');
  (await import('../young-generation.ts')).keepYoungGenerationSmall();
  const limitOption = spec.options?.find((o) => o.query === 'limit');
  if (limitOption && request.query?.limit === undefined)
    request.query = { ...request.query, limit: limitOption.max ?? 100 };
  if (spec.paginate === 'page' && request.query?.page === undefined)
    request.query = { ...request.query, page: 1 };
  const list = startList(session.out, spec.columns);
  await walkPages(client, request, spec.paginate!, {
    maxParallel,
    onItems: (items) => list.add(items),
    // A table, and --jq, hold the list until the end: nothing was printed if the walk fails.
    streamed: session.settings.output !== 'table' && session.settings.jq === undefined,
  });
  await list.end();
}

/** Prints an API answer the way the row's view says; a 204 still prints one JSON document. */
export async function printResult(
  session: Session,
  spec: CommandSpec,
  input: HandlerInput,
  status: number,
  data: unknown,
): Promise<void> {
  if (data === undefined) {
    const id = firstArg(input);
    const verb = spec.path[spec.path.length - 1];
    const done = verb === 'delete' ? { deleted: true } : { ok: true };
    const doc = id !== undefined ? { id, ...done } : { status, ...done };
    if (session.settings.output === 'json') printJson(session.out, doc);
    else session.note(`${describeDone(spec)}${id !== undefined ? ` ${id}` : ''}.`);
    return;
  }
  const { listItems } = await import('../http/paginate.ts');
  const items = spec.view === 'list' ? listItems(data) : undefined;
  if (items) {
    await printList(session.out, items, items, spec.columns);
    if (spec.paginate && session.settings.output === 'table')
      notePartialList(session, spec, data, items.length);
  } else await printObject(session.out, data, spec.view === 'object' ? spec.columns : undefined);
}

/** On a terminal, says when the list has more items than this page shows, and how to see them. */
function notePartialList(session: Session, spec: CommandSpec, data: unknown, shown: number): void {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return;
  const doc = data as Record<string, unknown>;
  const pagination = (doc.pagination ?? {}) as Record<string, unknown>;
  const total = typeof pagination.total === 'number' ? pagination.total : doc.total;
  if (typeof total !== 'number' || total <= shown || shown === 0) return;
  if (spec.paginate === 'page') {
    const page = Number(pagination.page ?? doc.page ?? 1);
    session.note(`${shown} of ${total} shown; --page ${page + 1} or --all`);
  } else {
    const offset = Number(doc.offset ?? pagination.offset ?? 0);
    session.note(`${shown} of ${total} shown; --offset ${offset + shown} or --all`);
  }
}

function firstArg(input: HandlerInput): string | undefined {
  const first = input.spec.args?.[0];
  const value = first ? input.args[first.name] : undefined;
  return typeof value === 'string' ? value : undefined;
}

function describeDone(spec: CommandSpec): string {
  const verb = spec.path[spec.path.length - 1];
  const noun = spec.path.slice(0, -1).join(' ');
  const past: Record<string, string> = {
    delete: 'Deleted',
    cancel: 'Cancelled',
    create: 'Created',
    update: 'Updated',
  };
  return `${past[verb] ?? 'Done:'} ${noun}`;
}
