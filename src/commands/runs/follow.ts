import { errorWords } from '../../error-words.ts';
import { CliError } from '../../errors.ts';
import { apiPath } from '../../http/api-path.ts';
import type { ApiClient } from '../../http/client.ts';
import { isEventStream, readSse, SseLimitExceeded } from '../../http/sse.ts';
import { parseJsonWithLongString } from '../../json-long-string.ts';
import type { RunOutcome, RunView } from '../../output/run-view.ts';
import { readAll } from '../../read-all.ts';
import type { Session } from '../../session.ts';
import { keepYoungGenerationSmall, skipTopTierCompiler } from '../../v8-flags.ts';
import type { RunControl } from './control.ts';
import { pollUntilTerminal } from './poll.ts';
import { type AgentRun, isRun, isTerminal, serverSeconds } from './run.ts';

export interface FollowOptions {
  session: Session;
  client: ApiClient;
  control: RunControl;
  view: RunView;
  pollIntervalMs: number;
  /** A stream silent for this long is given up for polling. */
  idleTimeoutMs?: number;
}

/**
 * Starts a run over `POST /agents/{agent_id}/runs/stream` and follows it to the end. A stream
 * that drops, ends without `done`, or gives up with `timeout`/`error` is resumed by polling.
 */
export async function streamRun(
  options: FollowOptions,
  agentId: string,
  body: Record<string, unknown>,
): Promise<RunOutcome> {
  const { client, control, view } = options;
  keepYoungGenerationSmall();
  skipTopTierCompiler();
  const response = await client.stream(
    {
      method: 'POST',
      path: apiPath`/agents/${agentId}/runs/stream`,
      body,
      signal: control.signal,
    },
    'text/event-stream',
  );
  if (!isEventStream(response.headers)) {
    const snapshot = await readJson(response.body);
    if (!isRun(snapshot)) throw new CliError('the API answered the run request with JSON that is not a run');
    control.started(snapshot.run_id);
    view.runStarted(snapshot.run_id);
    if (isTerminal(snapshot.status)) return outcome(snapshot, 'json', options);
    return resume(options, snapshot.run_id, 'the API answered with a snapshot instead of a stream', snapshot);
  }

  const tracker = new StreamTracker(control, view);
  let dropped: string | undefined;
  try {
    await readSse(
      response.body,
      {
        event: (name, data) => tracker.handle(name, data),
        chunkEnd: () => view.flush(),
        finished: () => tracker.final !== undefined,
      },
      { idleTimeoutMs: options.idleTimeoutMs },
    );
  } catch (err) {
    if (control.signal.aborted) throw control.signal.reason;
    dropped =
      err instanceof SseLimitExceeded
        ? `the stream ${err.message}`
        : `the stream dropped (${errorWords(err)})`;
  }
  await view.flush();
  const final = tracker.final;
  if (final && isTerminal(final.status)) return outcome(final, 'done', options);
  const runId = final?.run_id ?? tracker.runId;
  if (!runId) throw new CliError(`${dropped ?? 'the stream ended'} before the run started`);
  const reason =
    tracker.gaveUp ??
    dropped ??
    (final
      ? `the stream ended with the run still ${final.status}`
      : 'the stream ended before the run finished');
  return resume(options, runId, reason);
}

/** Polls a run already started (by `--wait`, or after a stream gave up) until it is terminal. */
export async function resume(
  options: FollowOptions,
  runId: string,
  reason: string,
  first?: AgentRun,
): Promise<RunOutcome> {
  options.view.warn(`${capitalise(reason)}; following run ${runId} by polling.`);
  options.view.resumed(runId, reason);
  const run = await pollRun(options, runId, first);
  return outcome(run, 'poll', options);
}

export async function pollRun(options: FollowOptions, runId: string, first?: AgentRun): Promise<AgentRun> {
  const { session, client, control, view } = options;
  let lastStatus = '';
  return pollUntilTerminal(client, runId, {
    clock: session.ctx.clock,
    signal: control.signal,
    intervalMs: options.pollIntervalMs,
    first,
    onSnapshot: (run) => {
      if (run.status !== lastStatus) view.progress(run.status);
      lastStatus = run.status;
    },
  });
}

export function outcome(run: AgentRun, source: RunOutcome['source'], _options?: FollowOptions): RunOutcome {
  return {
    run,
    runId: run.run_id,
    status: run.status,
    output: run.output,
    credits: run.credits,
    seconds: serverSeconds(run),
    source,
  };
}

const STEP_EVENT = /step/i;

/** Turns stream events into what the view shows; remembers the run id, `done`, and why a stream gave up. */
class StreamTracker {
  runId?: string;
  final?: AgentRun;
  gaveUp?: string;
  private readonly control: RunControl;
  private readonly view: RunView;

  constructor(control: RunControl, view: RunView) {
    this.control = control;
    this.view = view;
  }

  handle(name: string, raw: string): void {
    // `done` is the last word: anything after it (stray tokens) is not part of the answer.
    if (this.final) return;
    if (name === 'stream_token') {
      const token = plainToken(raw);
      if (token !== undefined) {
        this.view.received(name, { token }, raw);
        this.view.token(token);
        return;
      }
    }
    const data = parseData(raw, name === 'done' ? 'output' : undefined);
    this.view.received(name, data, raw);
    const fields = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
    switch (name) {
      case 'stream_token':
        if (typeof fields.token === 'string') this.view.token(fields.token);
        return;
      case 'stream_end':
        this.view.tokensEnded();
        return;
      case 'init':
        if (typeof fields.run_id === 'string') this.learn(fields.run_id);
        if (typeof fields.status === 'string') this.view.progress(fields.status);
        return;
      case 'done':
        if (isRun(data)) {
          this.learn(data.run_id);
          this.final = data;
        }
        return;
      case 'timeout':
      case 'error': {
        if (typeof fields.run_id === 'string') this.learn(fields.run_id);
        const detail = text(fields.message) ?? text(fields.error) ?? text(fields.detail);
        this.gaveUp = `the stream sent ${name}${detail ? ` (${detail})` : ''}`;
        return;
      }
      case 'status':
        this.view.progress(describeStep(fields) ?? text(fields.status) ?? 'working');
        return;
      default:
        if (STEP_EVENT.test(name)) {
          this.view.progress(`${name.replace(/_/g, ' ')}${stepName(fields)}`);
          return;
        }
        this.view.info(`· ${name}${raw && raw !== '{}' ? ` ${short(raw)}` : ''}`);
    }
  }

  private learn(runId: string): void {
    if (this.runId === runId) return;
    this.runId = runId;
    this.control.started(runId);
    this.view.runStarted(runId);
  }
}

const TOKEN_PREFIX = '{"token":"';

/**
 * The token of `{"token":"..."}` when the string holds no escapes: then the JSON text between
 * the quotes is the token itself, and a million tokens skip a million JSON.parse calls.
 */
function plainToken(raw: string): string | undefined {
  if (!raw.startsWith(TOKEN_PREFIX) || !raw.endsWith('"}')) return undefined;
  const token = raw.slice(TOKEN_PREFIX.length, -2);
  return token.includes('"') || token.includes('\\') ? undefined : token;
}

/** An event's JSON, or its text when it is none; `longString` names a key that may hold a long answer. */
function parseData(raw: string, longString?: string): unknown {
  try {
    return longString ? parseJsonWithLongString(raw, longString) : JSON.parse(raw);
  } catch {
    return raw;
  }
}

function describeStep(fields: Record<string, unknown>): string | undefined {
  const name = stepName(fields);
  return name ? `${text(fields.status) ?? 'step'}${name}` : undefined;
}

function stepName(fields: Record<string, unknown>): string {
  const name = text(fields.step_name) ?? text(fields.name) ?? text(fields.step_type) ?? text(fields.step_id);
  return name ? `: ${name}` : '';
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function short(value: string): string {
  const line = value.replace(/\s+/g, ' ');
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

async function readJson(body: AsyncIterable<Uint8Array | string>): Promise<unknown> {
  const text = await readAll(body);
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError('the API answered the run request with neither an event stream nor JSON');
  }
}
