import type { Session } from '../session.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * A positional argument; `param` names the path parameter it fills (or a handler's input). An
 * argument with a `param` is an id: it must fit in one path segment (see checkPathParam).
 */
export interface ArgSpec {
  name: string;
  description: string;
  param?: string;
  /** A body field the argument fills instead of a path parameter. */
  body?: string;
  choices?: readonly string[];
  variadic?: boolean;
  optional?: boolean;
}

export type OptionType = 'string' | 'int' | 'number' | 'boolean' | 'json' | 'enum' | 'keyvalue';

/** A flag; `query` or `body` says where its value goes in the request. */
export interface OptionSpec {
  /** Commander flags, e.g. `--limit <n>` or `-y, --yes`. */
  flags: string;
  /** Another long name for a long-only flag, e.g. the official CLI's `--sender-email`. */
  alias?: string;
  description: string;
  type?: OptionType;
  query?: string;
  body?: string;
  choices?: readonly string[];
  min?: number;
  max?: number;
  /** May be given more than once; values collect into a list. */
  repeatable?: boolean;
  required?: boolean;
  default?: string | number | boolean;
}

export interface Example {
  command: string;
  description?: string;
}

/**
 * What a command prints: a list (table/rows), one object (key/value view), a document to keep
 * (an export: JSON unless --output names another format, since a key/value view of it cannot be
 * read back) or nothing but a note.
 */
export type View = 'list' | 'object' | 'document' | 'none';

export interface HandlerInput {
  spec: CommandSpec;
  /** Positional arguments by name (a variadic one is a string[]). */
  args: Record<string, string | string[] | undefined>;
  /** Parsed, validated command options (global options live in the Session). */
  options: Record<string, unknown>;
}

export type Handler = (session: Session, input: HandlerInput) => Promise<number | undefined>;

/**
 * One row of the catalog: a command and, usually, the API operation behind it.
 * A row without a handler runs through the generic executor.
 */
export interface CommandSpec {
  /** Words after `seclai`, e.g. ['agents', 'runs', 'list']. */
  path: string[];
  aliases?: string[];
  summary: string;
  description?: string;
  /** e.g. `GET /agents/{agent_id}`. */
  operation?: `${HttpMethod} /${string}`;
  /** What help names as the API behind the command, when not (only) `operation`: aliases, several endpoints. */
  apiHelp?: string;
  /** A deprecated name: works, warns on stderr and names this replacement (e.g. `agents runs cancel`). */
  deprecatedFor?: string;
  args?: ArgSpec[];
  options?: OptionSpec[];
  /** Accepts a JSON request body through --data. */
  data?: boolean | 'required';
  /** Body fields every request carries, whatever the flags say (e.g. `{version: null}` to clear a pin). */
  body?: Record<string, unknown>;
  /**
   * A query parameter the global `--account-id` fills too (the official CLI's `sources list
   * --account-id`), besides the `X-Account-Id` header it sets for an SSO sign-in.
   */
  accountQuery?: string;
  /** Body fields the API requires that no required flag supplies: they must come from --data. */
  requiredBody?: string[];
  /** The list walks pages with --all: `page`/`limit` or `limit`/`offset`. */
  paginate?: 'page' | 'offset';
  view?: View;
  columns?: string[];
  /** Destructive: asks on a TTY, needs --yes otherwise. The text names what is at stake. */
  confirm?: string;
  examples?: Example[];
  /**
   * Whether, with these options, the first request is followed by others built from its answer:
   * `--dry-run` says so after printing the first (pages of `--all` are known without this).
   */
  dryRunFollowUps?: (options: HandlerInput['options']) => boolean;
  /**
   * Why `--dry-run` refuses the command: it signs in or writes local files, with no API request
   * to print instead (e.g. `signs in and stores the tokens`).
   */
  notDryRun?: string;
  /** Custom behaviour, loaded only when the command runs. */
  handler?: () => Promise<Handler>;
  hidden?: boolean;
}

/** A command group (`agents`, `agents runs`) with its help text. */
export interface GroupSpec {
  path: string[];
  aliases?: string[];
  summary: string;
  /** One of the things the group holds, for notes and prompts ("Deleted agent …"), when not its name made singular. */
  noun?: string;
}
