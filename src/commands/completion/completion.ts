import { catalog, groups } from '../../catalog/index.ts';
import type { Handler } from '../../catalog/types.ts';
import { completionScript, SHELLS, type Shell } from '../../docs/completions.ts';
import { UsageError } from '../../errors.ts';

/** Prints the completion script for the shell named by the one argument. */
export const printCompletion: Handler = async (session, { args }) => {
  const shell = String(args.shell ?? '');
  if (!SHELLS.includes(shell as Shell)) {
    throw new UsageError(`unknown shell "${shell}": use ${SHELLS.join(', ')}`);
  }
  session.out.write(completionScript(shell as Shell, groups, catalog));
  return 0;
};
