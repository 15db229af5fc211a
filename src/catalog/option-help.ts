import type { CommandSpec, OptionSpec } from './types.ts';

/** An option's help text, marked when it must be given: as the flag, or (for a body field) in --data. */
export function optionHelp(spec: Pick<CommandSpec, 'data'>, option: OptionSpec): string {
  if (!option.required) return option.description;
  if (spec.data && option.body) return `${option.description} (required, or "${option.body}" in --data)`;
  return `${option.description} (required)`;
}
