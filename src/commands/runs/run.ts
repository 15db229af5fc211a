import { apiPath } from '../../http/api-path.ts';

/** The fields of an `AgentRunResponse` the CLI reads; the rest passes through untouched. */
export interface AgentRun {
  run_id: string;
  status: string;
  output?: string | null;
  credits?: number | null;
  error_count?: number;
  attempts?: { status?: string; duration?: number | null; error?: string | null }[];
  [field: string]: unknown;
}

const TERMINAL = new Set(['completed', 'failed']);

export function isTerminal(status: unknown): boolean {
  return typeof status === 'string' && TERMINAL.has(status);
}

export function isRun(value: unknown): value is AgentRun {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AgentRun).run_id === 'string' &&
    typeof (value as AgentRun).status === 'string'
  );
}

/** What went wrong in a failed run: the error of its last attempt that has one. */
export function runError(run: AgentRun): string | undefined {
  if (typeof run.error === 'string' && run.error) return run.error;
  for (const attempt of [...(run.attempts ?? [])].reverse()) if (attempt.error) return attempt.error;
  return undefined;
}

/** The run's duration by the server's clock (sum of its attempts), when it reports one. */
export function serverSeconds(run: AgentRun): number | undefined {
  const durations = (run.attempts ?? [])
    .map((a) => a.duration)
    .filter((d): d is number => typeof d === 'number');
  return durations.length > 0 ? durations.reduce((sum, d) => sum + d, 0) : undefined;
}

export function runPath(runId: string): string {
  return apiPath`/agents/runs/${runId}`;
}
