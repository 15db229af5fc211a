import { executeRow } from '../../catalog/execute.ts';
import type { Handler } from '../../catalog/types.ts';
import { UsageError } from '../../errors.ts';
import { checkApiVersion, checkKnownApiVersion } from '../../settings.ts';

/** `seclai api-version set <date>` (or `--date`): pins a real date this CLI knows, unless told to allow others. */
export const pinApiVersion: Handler = async (session, input) => {
  const argument = input.args.date as string | undefined;
  const flag = input.options.date as string | undefined;
  if (argument !== undefined && flag !== undefined && argument !== flag)
    throw new UsageError(`two versions given: ${argument} and --date ${flag}`);
  const date = argument ?? flag;
  if (date === undefined) throw new UsageError('missing <date>', 'e.g. seclai api-version set 2026-10-03');
  checkApiVersion(date, '<date>');
  if (!session.settings.allowUnknownApiVersion) checkKnownApiVersion(date, '<date>');
  return executeRow(session, { ...input, options: { ...input.options, date } });
};
