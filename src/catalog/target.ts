import type { Session } from '../session.ts';
import { catalogFor } from './by-word.ts';
import type { CommandSpec, HandlerInput } from './types.ts';

/** Fields that name an object, best first. */
const NAME_FIELDS = ['name', 'title', 'display_name', 'domain', 'sender_email', 'email'];

/** What a row acts on, in words: "agent", "knowledge base", "email domain". */
export async function nounOf(spec: CommandSpec): Promise<string> {
  const groupPath = spec.path.slice(0, -1);
  const groups = (await catalogFor(spec.path[0]))?.groups ?? [];
  const group = groups.find((g) => g.path.join(' ') === groupPath.join(' '));
  if (group?.noun) return group.noun;
  const word = groupPath[groupPath.length - 1] ?? spec.path[0];
  return word.replace(/-/g, ' ').replace(/([^s])s$/, '$1');
}

/** The group's `get` row on the same path template as `spec`, which reads the object `spec` acts on. */
async function readerOf(spec: CommandSpec): Promise<CommandSpec | undefined> {
  const template = spec.operation?.split(' ')[1];
  if (!template) return undefined;
  const group = spec.path.slice(0, -1).join(' ');
  const commands = (await catalogFor(spec.path[0]))?.commands ?? [];
  return commands.find(
    (row) =>
      row.path.slice(0, -1).join(' ') === group &&
      row.path[row.path.length - 1] === 'get' &&
      row.operation === `GET ${template}`,
  );
}

/**
 * The name of the object a row acts on, read with its `get` row; undefined when there is no such
 * row or the object has no name. An object that does not exist fails here (404, exit 1).
 */
export async function readTargetName(session: Session, input: HandlerInput): Promise<string | undefined> {
  const reader = await readerOf(input.spec);
  if (!reader) return undefined;
  const valueByParam = new Map(
    (input.spec.args ?? []).filter((a) => a.param).map((a) => [a.param, input.args[a.name]]),
  );
  const args = Object.fromEntries((reader.args ?? []).map((a) => [a.name, valueByParam.get(a.param)]));
  const { buildRequest } = await import('./execute.ts');
  const request = await buildRequest(session, { spec: reader, args, options: {} });
  const response = await (await session.api()).request(request);
  return nameOf(response.data);
}

export function nameOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const record = data as Record<string, unknown>;
  const field = NAME_FIELDS.find((f) => typeof record[f] === 'string' && record[f] !== '');
  return field ? (record[field] as string) : undefined;
}

export function idOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const id = (data as Record<string, unknown>).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}
