import type { Handler } from '../../catalog/types.ts';
import { CliError, ExitCode } from '../../errors.ts';
import { RunControl, RunStopped } from './control.ts';
import { reportOutcome, timeoutError } from './finish.ts';
import { outcome, pollRun } from './follow.ts';
import { pollInterval } from './input.ts';
import { createRunView } from './view.ts';

/**
 * `seclai runs watch <run-id>`: poll a run until it is completed or failed, with the live view.
 * Ctrl-C stops watching and leaves the run alone: watching a run is no reason to cancel it.
 */
export const watchRun: Handler = async (session, input) => {
  const runId = input.args['run-id'] as string;
  const intervalMs = pollInterval(input.options);
  const client = await session.api();
  const view = await createRunView(session, 'final');
  const control = new RunControl(session.ctx, { timeoutMs: session.settings.timeoutMs });
  control.started(runId);
  view.runStarted(runId);
  try {
    const run = await control.race(
      pollRun({ session, client, control, view, pollIntervalMs: intervalMs }, runId),
    );
    return await reportOutcome(view, outcome(run, 'poll'));
  } catch (err) {
    view.stop();
    const stopped =
      err instanceof RunStopped ? err.reason : control.signal.aborted ? control.stopReason : undefined;
    if (stopped === 'interrupt')
      throw new CliError(`stopped watching run ${runId}; it keeps running`, ExitCode.interrupted);
    if (stopped === 'timeout') throw timeoutError(control, session.settings.timeoutMs);
    throw err;
  } finally {
    view.stop();
    control.release();
  }
};
