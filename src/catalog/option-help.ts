import type { CommandSpec, OptionSpec } from './types.ts';

/** An option's help text, marked when it must be given: as the flag, or (a generic row's body field) in --data. */
export function optionHelp(spec: Pick<CommandSpec, 'data' | 'handler'>, option: OptionSpec): string {
  if (!option.required) return option.description;
  if (spec.data && option.body && !spec.handler)
    return `${option.description} (required, or "${option.body}" in --data)`;
  return `${option.description} (required)`;
}
