import type { ArgSpec, OptionSpec } from './types.ts';

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

export function descriptionOption(what: string): OptionSpec {
  return { flags: '--description <text>', description: `the ${what}'s description`, body: 'description' };
}
