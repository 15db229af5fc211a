import type { Handler } from '../../catalog/types.ts';
import { CliError } from '../../errors.ts';
import { apiPath } from '../../http/api-path.ts';
import { ApiError } from '../../http/errors.ts';
import { printJson, printText } from '../../output/format.ts';
import type { RunOutcome } from '../../output/run-view.ts';
import { outputWatchOf } from '../../output/write-failure.ts';
import { RunControl, RunStopped } from './control.ts';
import { eventFilter } from './event-filter.ts';
import { reportOutcome, stopAfterInterrupt, timeoutError } from './finish.ts';
import { type FollowOptions, outcome, pollRun, streamRun } from './follow.ts';
import { chooseMode, pollInterval, readRunBody, streamIdleTimeout } from './input.ts';
import { type AgentRun, isRun } from './run.ts';
import { createRunView } from './view.ts';

/** `seclai agents run <agent-id>`: start a run, then stream it, poll it, or leave it (--detach). */
export const runAgent: Handler = async (session, input) => {
  const agentId = input.args['agent-id'] as string;
  const options = input.options;
  const mode = chooseMode(session, options);
  const intervalMs = pollInterval(options);
  const idleTimeoutMs = streamIdleTimeout(options, session.ctx.env);
  const keepEvent = eventFilter(session, options, mode);
  const body = await readRunBody(session, options);
  const files = options.file as string[] | undefined;
  if (files?.length) {
    const { runInputFromFiles } = await import('../uploads/agent-input.ts');
    Object.assign(body, await runInputFromFiles(session, agentId, files, body));
  }
  const client = await session.api();
  const runsPath = apiPath`/agents/${agentId}/runs`;
  const start = async (signal?: AbortSignal): Promise<AgentRun> => {
    const { data } = await client.request<unknown>({
      method: 'POST',
      path: runsPath,
      body,
      signal,
    });
    if (!isRun(data))
      throw new CliError(`the API answered POST ${runsPath} with something that is not a run`);
    return data;
  };

  if (mode === 'detach') {
    const run = await withAgentNotFound(agentId, start());
    if (session.settings.output === 'json') printJson(session.out, run);
    else {
      printText(session.out, run.run_id);
      session.note(`Started run ${run.run_id}; follow it with \`seclai runs watch ${run.run_id}\`.`);
    }
    return 0;
  }

  const view = await createRunView(session, mode === 'stream' ? 'events' : 'final', keepEvent);
  const output = outputWatchOf(session.io.stdout);
  const control = new RunControl(session.ctx, {
    timeoutMs: session.settings.timeoutMs,
    outputFailed: output?.signal,
    onFirstInterrupt: (runId) =>
      view.warn(
        `Interrupted: ${options.cancelOnInterrupt === false ? 'leaving' : 'cancelling'} run ${runId ?? '(starting)'} — Ctrl-C again to quit at once.`,
      ),
  });
  const follow: FollowOptions = {
    session,
    client,
    control,
    view,
    pollIntervalMs: intervalMs,
    idleTimeoutMs,
  };
  const work = async (): Promise<RunOutcome> => {
    if (mode === 'stream') return withAgentNotFound(agentId, streamRun(follow, agentId, streamBody(body)));
    const first = await withAgentNotFound(agentId, start(control.signal));
    control.started(first.run_id);
    view.runStarted(first.run_id);
    return outcome(await pollRun(follow, first.run_id, first), 'poll');
  };
  try {
    const result = await control.race(work());
    return await reportOutcome(view, result);
  } catch (err) {
    view.stop();
    const stopped =
      err instanceof RunStopped ? err.reason : control.signal.aborted ? control.stopReason : undefined;
    if (stopped === 'interrupt' || stopped === 'output')
      return await control.race(
        stopAfterInterrupt(
          client,
          control,
          options.cancelOnInterrupt !== false,
          stopped === 'output' ? output?.failure : undefined,
        ),
      );
    if (stopped === 'timeout') throw timeoutError(control, session.settings.timeoutMs);
    throw err;
  } finally {
    view.stop();
    control.release();
  }
};

/** A 404 while starting a run means the agent does not exist: say which. */
async function withAgentNotFound<T>(agentId: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404)
      throw new CliError(`agent ${agentId} not found`, 1, 'list your agents with `seclai agents list`');
    throw err;
  }
}

/** A streamed run is always a priority run: its body has no `priority` field. */
function streamBody(body: Record<string, unknown>): Record<string, unknown> {
  const { priority: _priority, ...rest } = body;
  return rest;
}
