import { CliError, UsageError } from '../errors.ts';
import { pathParam } from '../http/api-path.ts';
import type { ApiClient, Query, RequestOptions } from '../http/client.ts';
import { printJson, printList, printObject } from '../output/format.ts';
import { safeForTerminal } from '../output/terminal-text.ts';
import type { Session } from '../session.ts';
import { attributeName, longFlag, readDataOption } from './input.ts';
import { maxParallelOption } from './paging-flags.ts';
import type { ArgSpec, CommandSpec, HandlerInput, HttpMethod } from './types.ts';

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
  if (spec.accountQuery && session.settings.accountId) query[spec.accountQuery] = session.settings.accountId;
  if (spec.body) body = { ...body, ...spec.body };
  if (spec.data) checkRequiredFields(spec, body);
  if (spec.data === 'required' && (body === undefined || Object.keys(body).length === 0)) {
    const flags = (spec.options ?? []).filter((o) => o.body).map(longFlag);
    throw new UsageError(`nothing to change: give ${[...flags, '--data'].join(', ')}`);
  }
  if (body === undefined && spec.data && ['POST', 'PUT', 'PATCH'].includes(method) && hasRequiredBody(spec)) {
    body = {};
  }
  return { method, path, query, body };
}

/** A required body field may come from its flag or from --data; one that came from neither stops here. */
function checkRequiredFields(spec: CommandSpec, body: Record<string, unknown> | undefined): void {
  const present = (field: string) => body?.[field] !== undefined;
  for (const opt of spec.options ?? [])
    if (opt.required && opt.body && !present(opt.body))
      throw new UsageError(`${longFlag(opt)} is required`, `or give "${opt.body}" in --data`);
  for (const field of spec.requiredBody ?? [])
    if (!present(field)) throw new UsageError(`--data must have "${field}"`);
}

function hasRequiredBody(spec: CommandSpec): boolean {
  return spec.data === true || spec.data === 'required';
}

export interface Confirmation {
  confirmed: boolean;
  /** The name of what the command acts on, when it was read to ask. */
  targetName?: string;
}

/**
 * Asks before a destructive command on a TTY, naming what is at stake (read first, so an id that
 * does not exist fails before the question); refuses without --yes otherwise. With --yes nothing
 * extra is sent, and a dry run destroys nothing, so it asks nothing.
 */
export async function confirmOrRefuse(session: Session, input: HandlerInput): Promise<Confirmation> {
  const { spec, options } = input;
  if (!spec.confirm || options.yes || session.settings.dryRun) return { confirmed: true };
  if (!session.canPrompt) {
    throw new UsageError(
      `${spec.path.join(' ')} needs --yes when not run interactively`,
      `re-run with --yes: ${fillQuestion(spec.confirm, input)}`,
    );
  }
  const { readTargetName } = await import('./target.ts');
  const targetName = await readTargetName(session, input);
  const question = fillQuestion(spec.confirm, input, targetName);
  return { confirmed: await session.ctx.prompter.confirm(question, false), targetName };
}

/** The confirm text with its {arg} placeholders filled; the target's id gets its name in front when known. */
function fillQuestion(template: string, input: HandlerInput, targetName?: string): string {
  const target = targetArg(input);
  return template.replace(/\{([\w-]+)\}/g, (_, name: string) => {
    const value = String(input.args[name] ?? '');
    return name === target?.name && targetName !== undefined
      ? `${safeForTerminal(targetName)} (${value})`
      : value;
  });
}

/** The argument that names the object a row acts on: its last id argument. */
function targetArg(input: HandlerInput): ArgSpec | undefined {
  return (input.spec.args ?? []).filter((a) => a.param).at(-1);
}

/** Runs a catalog row that needs no code of its own: request, then print in the chosen format. */
export async function executeRow(session: Session, input: HandlerInput): Promise<number> {
  const { spec, options } = input;
  const maxParallel = maxParallelOption(options);
  const request = await buildRequest(session, input);
  const confirmation = await confirmOrRefuse(session, input);
  if (!confirmation.confirmed) {
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
    (spec.view === 'list' || spec.view === 'object' || spec.view === 'document')
  )
    throw new CliError(
      `the API answered ${request.method} ${request.path} with an empty body instead of ${spec.view === 'list' ? 'a list' : 'an object'}`,
    );
  await printResult(session, spec, input, response.status, response.data, confirmation.targetName);
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
  (await import('../v8-flags.ts')).keepYoungGenerationSmall();
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
  targetName?: string,
): Promise<void> {
  if (data === undefined) {
    const id = firstArg(input);
    const verb = spec.path[spec.path.length - 1];
    const done = verb === 'delete' ? { deleted: true } : { ok: true };
    const doc = id !== undefined ? { id, ...done } : { status, ...done };
    if (session.settings.output === 'json') printJson(session.out, doc);
    else {
      const what = targetName !== undefined && id !== undefined ? `${targetName} (${id})` : id;
      session.note(`${await describeDone(spec)}${what !== undefined ? ` ${what}` : ''}.`);
    }
    return;
  }
  const { listItems } = await import('../http/paginate.ts');
  const items = spec.view === 'list' ? listItems(data) : undefined;
  if (items) {
    await printList(session.out, items, items, spec.columns);
    if (spec.paginate && session.settings.output === 'table')
      notePartialList(session, spec, data, items.length);
    return;
  }
  if (CHANGE_VERBS.has(spec.path[spec.path.length - 1]) && session.settings.output !== 'json')
    await noteChange(session, spec, input, data);
  await printObject(session.out, data, objectFields(data, spec.view === 'list' ? undefined : spec.columns));
}

/** Verbs whose answer is the object they made or changed: they say so on stderr too. */
const CHANGE_VERBS = new Set(['create', 'update', 'add']);

/** `✓ Created agent Support triage  3f1a…` on stderr; stdout keeps only the object. */
async function noteChange(session: Session, spec: CommandSpec, input: HandlerInput, data: unknown) {
  const { idOf, nameOf } = await import('./target.ts');
  const id = idOf(data) ?? firstArg(input);
  const name = nameOf(data);
  const what = [name, id].filter((part) => part !== undefined).join('  ');
  session.note(`✓ ${await describeDone(spec)}${what ? ` ${what}` : ''}`);
}

/** The key/value view's first fields: id, name and status (when the object has them), then the row's columns. */
function objectFields(data: unknown, columns: string[] | undefined): string[] | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return columns;
  const leading = ['id', 'name', 'status'].filter((key) => key in data);
  return [...new Set([...leading, ...(columns ?? [])])];
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

/** "Deleted agent", "Created knowledge base": the row's verb in the past tense and its noun. */
async function describeDone(spec: CommandSpec): Promise<string> {
  const verb = spec.path[spec.path.length - 1];
  const past: Record<string, string> = {
    delete: 'Deleted',
    cancel: 'Cancelled',
    create: 'Created',
    update: 'Updated',
    add: 'Added',
  };
  if (!(verb in past)) return `Done: ${spec.path.join(' ')}`;
  const { nounOf } = await import('./target.ts');
  return `${past[verb]} ${await nounOf(spec)}`;
}
