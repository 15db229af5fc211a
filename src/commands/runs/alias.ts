import type { CommandSpec, Handler } from '../../catalog/types.ts';

/**
 * A handler that runs another row through the generic executor: `agents runs get|cancel` (the
 * official CLI's names) do exactly what `runs get|cancel` do.
 */
export function sameAs(target: CommandSpec): Handler {
  return async (session, input) => {
    const { executeRow } = await import('../../catalog/execute.ts');
    return executeRow(session, { ...input, spec: target });
  };
}
