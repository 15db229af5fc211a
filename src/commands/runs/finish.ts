import { CliError, ExitCode, InterruptedError } from '../../errors.ts';
import type { ApiClient } from '../../http/client.ts';
import type { RunOutcome, RunView } from '../../output/run-view.ts';
import { safeForTerminal } from '../../output/terminal-text.ts';
import { formatTimeout } from '../../settings.ts';
import type { RunControl } from './control.ts';
import { runError, runPath } from './run.ts';

/** Shows how the run ended and turns its status into the exit code: 0 completed, 1 failed. */
export async function reportOutcome(view: RunView, outcome: RunOutcome): Promise<number> {
  await view.finished(outcome);
  if (outcome.status === 'completed') return ExitCode.ok;
  const error = runError(outcome.run as Parameters<typeof runError>[0]);
  // One line, whatever the server's error text holds.
  throw new CliError(
    safeForTerminal(`run ${outcome.runId} ${outcome.status}${error ? `: ${error}` : ''}`),
    ExitCode.failure,
    `see its steps with \`seclai runs get ${outcome.runId} --include-step-outputs\``,
  );
}

/**
 * After the first Ctrl-C, or stdout failing (`failure`): cancel the run (unless told not to) and
 * say what was left behind.
 */
export async function stopAfterInterrupt(
  client: ApiClient,
  control: RunControl,
  cancel: boolean,
  failure?: CliError,
): Promise<never> {
  const runId = control.runId;
  if (!runId) throw new InterruptedError('interrupted before the run started');
  if (failure) return cancelAfterOutputFailure(client, control, cancel, failure);
  if (!cancel) {
    throw new CliError(
      `interrupted; run ${runId} is still running`,
      ExitCode.interrupted,
      `follow it with \`seclai runs watch ${runId}\`, or stop it with \`seclai runs cancel ${runId}\``,
    );
  }
  try {
    await client.request({ method: 'DELETE', path: runPath(runId), signal: control.hardSignal });
  } catch (err) {
    if (control.hardSignal.aborted)
      throw new InterruptedError(`interrupted; run ${runId} may still be running`);
    throw new CliError(
      `interrupted; could not cancel run ${runId}: ${(err as Error).message}`,
      ExitCode.interrupted,
      `try \`seclai runs cancel ${runId}\``,
    );
  }
  throw new InterruptedError(`interrupted; cancelled run ${runId}`);
}

/** Stdout failed while the run went on: cancel it as on Ctrl-C, and fail (exit 1) with the write failure. */
async function cancelAfterOutputFailure(
  client: ApiClient,
  control: RunControl,
  cancel: boolean,
  failure: CliError,
): Promise<never> {
  const runId = control.runId as string;
  if (!cancel)
    throw new CliError(
      `${failure.message}; run ${runId} is still running`,
      ExitCode.failure,
      `follow it with \`seclai runs watch ${runId}\``,
    );
  try {
    await client.request({ method: 'DELETE', path: runPath(runId), signal: control.hardSignal });
  } catch (err) {
    throw new CliError(
      `${failure.message}; could not cancel run ${runId}: ${(err as Error).message}`,
      ExitCode.failure,
      `try \`seclai runs cancel ${runId}\``,
    );
  }
  throw new CliError(`${failure.message}; cancelled run ${runId}`);
}

/** --timeout ran out before the run finished; the run goes on. */
export function timeoutError(control: RunControl, timeoutMs: number | undefined): CliError {
  const limit = timeoutMs === undefined ? '' : ` within ${formatTimeout(timeoutMs)}`;
  if (!control.runId) return new CliError(`the run did not start${limit} (--timeout)`);
  return new CliError(
    `run ${control.runId} did not finish${limit} (--timeout); it is still running`,
    ExitCode.failure,
    `follow it with \`seclai runs watch ${control.runId}\``,
  );
}
