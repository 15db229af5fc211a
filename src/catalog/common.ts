import type { ArgSpec, CommandSpec, OptionSpec } from './types.ts';

/** `--page` / `--limit` for lists that page with `page` and `limit`; `--all` comes with every pageable list. */
export function pageOptions(maxLimit = 100): OptionSpec[] {
  return [
    { flags: '--page <n>', description: 'page number (from 1)', type: 'int', min: 1, query: 'page' },
    {
      flags: '--limit <n>',
      description: `items per page (1-${maxLimit})`,
      type: 'int',
      min: 1,
      max: maxLimit,
      query: 'limit',
    },
  ];
}

/** `--limit` / `--offset` for lists that page by offset. */
export function offsetOptions(maxLimit = 100): OptionSpec[] {
  return [
    {
      flags: '--limit <n>',
      description: `items per request (1-${maxLimit})`,
      type: 'int',
      min: 1,
      max: maxLimit,
      query: 'limit',
    },
    { flags: '--offset <n>', description: 'items to skip', type: 'int', min: 0, query: 'offset' },
  ];
}

export function idArg(name: string, param: string, what: string): ArgSpec {
  return { name, param, description: `the ${what}'s id` };
}

export function nameOption(what: string): OptionSpec {
  return { flags: '--name <name>', description: `the ${what}'s name`, body: 'name' };
}

/** The option, marked required: given as the flag or as its field in --data. */
export function required(option: OptionSpec): OptionSpec {
  return { ...option, required: true };
}

export function descriptionOption(what: string): OptionSpec {
  return { flags: '--description <text>', description: `the ${what}'s description`, body: 'description' };
}

/**
 * `--<name>` and `--no-<name>` for one boolean field: the first sends true, the second false,
 * neither sends nothing (unless `defaultValue` is given).
 */
export function toggleOptions(
  name: string,
  target: { body: string } | { query: string },
  description: string,
  negatedDescription: string,
  defaultValue?: boolean,
): OptionSpec[] {
  return [
    {
      flags: `--${name}`,
      description,
      type: 'boolean',
      ...target,
      ...(defaultValue === undefined ? {} : { default: defaultValue }),
    },
    { flags: `--no-${name}`, description: negatedDescription, type: 'boolean', ...target },
  ];
}

/** Accepts an AI suggestion (the default) or, with `--no-accepted`, declines it. */
export function acceptedOptions(what = 'suggestion'): OptionSpec[] {
  return toggleOptions('accepted', { body: 'accepted' }, `accept the ${what}`, `decline the ${what}`, true);
}

/** The natural-language request an AI assistant works from (`user_input`). */
export function promptOption(description: string): OptionSpec {
  return { flags: '--prompt <text>', alias: '--user-input', description, body: 'user_input', required: true };
}

/** `--id` (repeatable, required) for link/unlink bodies `{ids: [...]}`. */
export function idsOption(what: string): OptionSpec {
  return {
    flags: '--id <uuid>',
    description: `${what} id (repeat for several)`,
    body: 'ids',
    repeatable: true,
    required: true,
  };
}

/** `--sort` / `--order` for lists that sort on the server. */
export function sortOptions(): OptionSpec[] {
  return [
    { flags: '--sort <field>', description: 'field to sort by (default created_at)', query: 'sort' },
    {
      flags: '--order <order>',
      description: 'sort order',
      type: 'enum',
      choices: ['asc', 'desc'],
      query: 'order',
    },
  ];
}

/** `--from` / `--to` (ISO 8601) for lists filtered by `time_from` / `time_to`. */
export function timeRangeOptions(): OptionSpec[] {
  return [
    { flags: '--from <time>', description: 'from this time (ISO 8601)', query: 'time_from' },
    { flags: '--to <time>', description: 'up to this time (ISO 8601)', query: 'time_to' },
  ];
}

/** `--days` or `--start-date` / `--end-date` (YYYY-MM-DD) for reports over a window. */
export function dayWindowOptions(maxDays = 730): OptionSpec[] {
  return [
    {
      flags: '--days <n>',
      description: `days back from today (1-${maxDays})`,
      type: 'int',
      min: 1,
      max: maxDays,
      query: 'days',
    },
    {
      flags: '--start-date <date>',
      description: 'first day, YYYY-MM-DD (overrides --days)',
      query: 'start_date',
    },
    { flags: '--end-date <date>', description: 'last day, YYYY-MM-DD', query: 'end_date' },
  ];
}

/** A `delete` row: one or more ids fill the path, asks first, prints nothing but a note. */
export function deleteRow(
  path: string[],
  what: string,
  operation: CommandSpec['operation'],
  args: ArgSpec[],
  example: string,
): CommandSpec {
  const last = args[args.length - 1];
  return {
    path,
    aliases: ['rm'],
    summary: `Delete ${/^[aeiou]/i.test(what) ? 'an' : 'a'} ${what}`,
    operation,
    args,
    confirm: `Delete ${what} {${last.name}}?`,
    view: 'none',
    examples: [{ command: example }],
  };
}

/** Flags for accepting an AI assistant's plan, which may create a solution or delete resources. */
export function acceptPlanOptions(): OptionSpec[] {
  return [
    {
      flags: '--confirm-deletions',
      description: 'allow the plan to delete resources',
      type: 'boolean',
      body: 'confirm_deletions',
    },
    {
      flags: '--solution-name <name>',
      description: 'name for a solution the plan creates',
      body: 'solution_name',
    },
    {
      flags: '--solution-description <text>',
      description: 'description for a solution the plan creates',
      body: 'solution_description',
    },
  ];
}

/**
 * A second name for `row` (the official CLI's, or an older one): its arguments and options, run
 * as `row` runs, its help naming `row`'s API operation. `fields` gives the path, summary and
 * examples, and anything else that differs.
 */
export function aliasRow(
  row: CommandSpec,
  fields: Pick<CommandSpec, 'path' | 'summary' | 'examples'> & Partial<CommandSpec>,
): CommandSpec {
  return {
    ...row,
    operation: undefined,
    apiHelp: row.operation,
    handler: row.handler ?? (async () => (await import('../commands/runs/alias.ts')).sameAs(row)),
    ...fields,
  };
}
