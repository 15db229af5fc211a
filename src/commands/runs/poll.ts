import type { Clock } from '../../context.ts';
import { CliError } from '../../errors.ts';
import type { ApiClient } from '../../http/client.ts';
import { ApiError } from '../../http/errors.ts';
import { type AgentRun, isRun, isTerminal, runPath } from './run.ts';

export interface PollOptions {
  clock: Clock;
  signal: AbortSignal;
  /** First wait between polls; each later wait is 1.5 times longer, up to `maxIntervalMs`. */
  intervalMs: number;
  maxIntervalMs?: number;
  /** A snapshot already in hand (the answer that started the run): polling starts after a wait. */
  first?: AgentRun;
  includeStepOutputs?: boolean;
  onSnapshot?: (run: AgentRun) => void;
}

const MAX_INTERVAL_MS = 5_000;

/** Polls `GET /agents/runs/{run_id}` with backoff until the run is completed or failed. */
export async function pollUntilTerminal(
  client: ApiClient,
  runId: string,
  options: PollOptions,
): Promise<AgentRun> {
  const maxInterval = Math.max(options.maxIntervalMs ?? MAX_INTERVAL_MS, options.intervalMs);
  let interval = options.intervalMs;
  let run = options.first;
  if (run && isTerminal(run.status)) return run;
  if (run) await options.clock.sleep(interval, options.signal);
  for (;;) {
    run = await fetchRun(client, runId, options.signal, options.includeStepOutputs);
    options.onSnapshot?.(run);
    if (isTerminal(run.status)) return run;
    await options.clock.sleep(interval, options.signal);
    interval = Math.min(maxInterval, Math.round(interval * 1.5));
  }
}

export async function fetchRun(
  client: ApiClient,
  runId: string,
  signal?: AbortSignal,
  includeStepOutputs?: boolean,
): Promise<AgentRun> {
  try {
    const { data } = await client.request<unknown>({
      method: 'GET',
      path: runPath(runId),
      query: includeStepOutputs ? { include_step_outputs: true } : undefined,
      signal,
    });
    if (!isRun(data))
      throw new CliError(`the API answered GET ${runPath(runId)} with something that is not a run`);
    return data;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404)
      throw new CliError(`run ${runId} not found`, 1, 'list runs with `seclai agents runs list <agent-id>`');
    throw err;
  }
}
