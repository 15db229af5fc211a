// Agent runs: start (JSON or SSE), poll, cancel, list and search, with scripted behaviour per agent.
// A test picks how runs behave with `setRunScript(sim.state, {...}, agentId?)`; streaming, polling and
// cancelling all work on the same run records.
import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { newId } from '../clock.ts';
import { sendPagedList } from '../pagination.ts';
import type { Router, SimRequest, SimResponse } from '../router.ts';
import type { SimState } from '../state.ts';
import { findAgent } from './agents.ts';

/** How the runs of an agent behave. Every field is optional; the defaults make a short, successful run. */
export interface RunScript {
  /** Step types announced with step events; the `streaming_result` step streams the tokens. */
  steps?: string[];
  /** `stream_token` events in the streaming step (default 12). */
  tokens?: number;
  /** Texts the tokens cycle through (default: a sentence, word by word). */
  words?: string[];
  /** Wait between token writes; 0 (default) writes as fast as the client reads. */
  tokenIntervalMs?: number;
  /** Tokens per write (default 1 when paced, 4096 otherwise). */
  batch?: number;
  outcome?: 'completed' | 'failed';
  /** Error of a failed run. */
  error?: string;
  credits?: number;
  /** Destroy the connection after this many events. */
  dropAfterEvents?: number;
  /** End the stream cleanly after this many events, without `done`. */
  endAfterEvents?: number;
  /** Send this instead of `done` once the steps are over. */
  giveUp?: 'timeout' | 'error';
  /** Answer `runs/stream` with a JSON snapshot instead of a stream. */
  json?: boolean;
  /** A `: keepalive` comment after every this many events. */
  keepaliveEvery?: number;
  /** An event the client cannot know, sent after `init`. */
  unknownEvent?: string;
  /** After the tokens, keep the stream open (with keepalives) until the run is cancelled or the client leaves. */
  hold?: boolean;
  /** For runs that are not finished by their stream: milliseconds after start until polling sees them end (default 100). */
  finishAfterMs?: number;
  /** Write the stream in pieces of this many bytes, splitting lines and UTF-8 characters. */
  chunkBytes?: number;
  /** Answer 402 insufficient credits. */
  insufficientCredits?: boolean;
  /** Wait before each step starts, so a stream unfolds as a real run does. */
  stepIntervalMs?: number;
  /** After its steps the run waits for a human: `waiting_human` until it is cancelled. */
  waitForHuman?: boolean;
}

const DEFAULT_WORDS = [
  'The ',
  'quarterly ',
  'report ',
  'shows ',
  'steady ',
  'growth ',
  'in ',
  'all ',
  'regions',
  '. ',
];
const DEFAULT_STEPS = ['retrieval', 'prompt_call', 'streaming_result'];

export interface RunRecord {
  accountId: string;
  agentId: string;
  runId: string;
  input: string | null;
  priority: boolean;
  script: RunScript;
  startedAt: number;
  startedIso: string;
  /** When polling sees the run end (Infinity while it is held open). */
  finishAt: number;
  cancelled: boolean;
  output: string;
  /** With `waitForHuman`: when the run starts waiting (Infinity while its stream is still in its steps). */
  humanWaitFrom?: number;
  /** The stream currently serving this run, ended when the run is cancelled. */
  stream?: ServerResponse;
}

/** Sets how runs of `agentId` (or of every agent without a script of its own) behave. */
export function setRunScript(state: SimState, script: RunScript, agentId = '*'): void {
  state.store<RunScript>('run-scripts').set(agentId, script);
}

export function runRecords(state: SimState): Map<string, RunRecord> {
  return state.store<RunRecord>('runs');
}

function scriptFor(state: SimState, agentId: string): RunScript {
  const scripts = state.store<RunScript>('run-scripts');
  return scripts.get(agentId) ?? scripts.get('*') ?? {};
}

export default function registerRunRoutes(router: Router): void {
  router.add('POST', '/agents/{agent_id}/runs', startRun);
  router.add('POST', '/agents/{agent_id}/runs/stream', streamRun);
  router.add('GET', '/agents/runs/{run_id}', (req, res) => {
    const record = findRun(req, res);
    if (record) res.json(200, snapshot(record, req.query.include_step_outputs === true));
  });
  router.add('DELETE', '/agents/runs/{run_id}', cancelRun);
  router.add('GET', '/agents/{agent_id}/runs', listRuns);
  router.add('POST', '/agents/runs/search', searchRuns);
}

function createRecord(req: SimRequest, res: SimResponse, priority: boolean): RunRecord | undefined {
  const agent = findAgent(req, res);
  if (!agent) return undefined;
  const script = scriptFor(req.state, agent.id);
  if (script.insufficientCredits) {
    res.json(402, {
      detail: {
        error: 'insufficient_credits',
        message: 'Your account has no credits left. Add credits to run agents.',
        account_id: req.account.id,
      },
    });
    return undefined;
  }
  const body = (req.body ?? {}) as { input?: string | null };
  const now = Date.now();
  const record: RunRecord = {
    accountId: req.account.id,
    agentId: agent.id,
    runId: newId(),
    input: body.input ?? null,
    priority,
    script,
    startedAt: now,
    startedIso: new Date(now).toISOString(),
    finishAt: script.waitForHuman ? Number.POSITIVE_INFINITY : now + (script.finishAfterMs ?? 100),
    humanWaitFrom: script.waitForHuman ? now + (script.finishAfterMs ?? 100) : undefined,
    cancelled: false,
    output: outputOf(script),
  };
  runRecords(req.state).set(record.runId, record);
  return record;
}

function startRun(req: SimRequest, res: SimResponse): void {
  const priority = (req.body as { priority?: boolean } | undefined)?.priority === true;
  const record = createRecord(req, res, priority);
  if (record) res.json(200, snapshot(record));
}

function findRun(req: SimRequest, res: SimResponse): RunRecord | undefined {
  const record = runRecords(req.state).get(req.params.run_id);
  if (!record || record.accountId !== req.account.id) {
    res.detail(404, 'Agent run not found');
    return undefined;
  }
  return record;
}

function statusOf(record: RunRecord): string {
  if (record.cancelled) return 'failed';
  if (record.humanWaitFrom !== undefined && Date.now() >= record.humanWaitFrom) return 'waiting_human';
  if (Date.now() < record.finishAt) return 'processing';
  return record.script.outcome ?? 'completed';
}

function errorOf(record: RunRecord): string | null {
  if (record.cancelled) return 'Cancelled by user';
  if (statusOf(record) !== 'failed') return null;
  return record.script.error ?? 'Step prompt_call failed: the model returned an error';
}

/** The run as `AgentRunResponse`. */
export function snapshot(record: RunRecord, withSteps = false): Record<string, unknown> {
  const status = statusOf(record);
  const terminal = status === 'completed' || status === 'failed';
  const ended = terminal ? Math.min(Date.now(), record.finishAt) : null;
  const error = errorOf(record);
  const run: Record<string, unknown> = {
    run_id: record.runId,
    status,
    error_count: error ? 1 : 0,
    credits: terminal ? (record.script.credits ?? 0.42) : null,
    priority: record.priority,
    input: record.input,
    output: status === 'completed' ? record.output : null,
    output_content_type: status === 'completed' ? 'text/plain' : null,
    attempts: [
      {
        status,
        started_at: record.startedIso,
        ended_at: ended === null ? null : new Date(ended).toISOString(),
        duration: ended === null ? null : (ended - record.startedAt) / 1000,
        error,
      },
    ],
  };
  if (withSteps) {
    run.steps = (record.script.steps ?? DEFAULT_STEPS).map((type, index) => ({
      agent_step_id: `step-${index + 1}`,
      step_type: type,
      status,
      input: index === 0 ? record.input : null,
      output: terminal && status === 'completed' ? record.output : null,
      output_content_type: 'text/plain',
      started_at: record.startedIso,
      ended_at: ended === null ? null : new Date(ended).toISOString(),
      duration_seconds: ended === null ? null : (ended - record.startedAt) / 1000,
      credits_used: terminal ? 0.14 : 0,
      tool_calls: [],
    }));
  }
  return run;
}

function cancelRun(req: SimRequest, res: SimResponse): void {
  const record = findRun(req, res);
  if (!record) return;
  const status = statusOf(record);
  if (status === 'completed' || status === 'failed') {
    res.detail(409, `Agent run is already ${status} and cannot be cancelled`);
    return;
  }
  record.cancelled = true;
  record.finishAt = Date.now();
  const stream = record.stream;
  if (stream && !stream.destroyed && !stream.writableEnded) {
    stream.end(sseEvent('done', snapshot(record)));
  }
  res.json(200, snapshot(record));
}

function listRuns(req: SimRequest, res: SimResponse): void {
  const agent = findAgent(req, res);
  if (!agent) return;
  const wanted = req.query.status;
  const runs = [...runRecords(req.state).values()]
    .filter((record) => record.agentId === agent.id && record.accountId === req.account.id)
    .reverse()
    .map((record) => snapshot(record))
    .filter((run) => wanted === undefined || wanted === null || run.status === wanted);
  sendPagedList(req, res, runs);
}

function searchRuns(req: SimRequest, res: SimResponse): void {
  const body = req.body as {
    query: string;
    agent_id?: string | null;
    run_status?: string | null;
    step_type?: string | null;
    top_n?: number;
  };
  const words = body.query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = [...runRecords(req.state).values()]
    .filter((record) => record.accountId === req.account.id)
    .filter((record) => !body.agent_id || record.agentId === body.agent_id)
    .map((record) => ({ record, status: statusOf(record) }))
    .filter(({ status }) => !body.run_status || status === body.run_status)
    .map(({ record, status }) => {
      const text = record.output.toLowerCase();
      const hits = words.filter((word) => text.includes(word)).length;
      return {
        agent_run_id: record.runId,
        agent_step_run_id: `${record.runId}-3`,
        agent_id: record.agentId,
        agent_step_id: 'step-3',
        agent_step_type: body.step_type ?? 'streaming_result',
        agent_run_status: status,
        title: null,
        text: record.output.slice(0, 200),
        score: words.length ? hits / words.length : 0,
      };
    })
    .filter((match) => match.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, body.top_n ?? 10);
  res.json(200, { matches, total: matches.length });
}

function outputOf(script: RunScript): string {
  const words = script.words ?? DEFAULT_WORDS;
  const count = script.tokens ?? 12;
  const cycle = words.join('');
  return cycle.repeat(Math.floor(count / words.length)) + words.slice(0, count % words.length).join('');
}

function sseEvent(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

async function streamRun(req: SimRequest, res: SimResponse): Promise<void> {
  const record = createRecord(req, res, true);
  if (!record) return;
  const script = record.script;
  if (script.json) {
    res.json(200, snapshot(record));
    return;
  }
  record.finishAt = Number.POSITIVE_INFINITY;
  if (script.waitForHuman) record.humanWaitFrom = Number.POSITIVE_INFINITY;
  const raw = res.stream(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
  });
  record.stream = raw;
  const out = new EventWriter(raw, script);
  const runId = record.runId;
  const giveUpAt = () => {
    if (!record.cancelled) record.finishAt = Date.now() + (script.finishAfterMs ?? 100);
  };

  await out.event('init', snapshot(record));
  if (script.unknownEvent) await out.event(script.unknownEvent, { run_id: runId, note: 'something new' });
  await out.event('status', { run_id: runId, status: 'processing' });
  const steps = script.steps ?? DEFAULT_STEPS;
  for (const [index, type] of steps.entries()) {
    const step = { run_id: runId, step_id: `step-${index + 1}`, step_type: type };
    if (script.stepIntervalMs) await sleep(script.stepIntervalMs);
    await out.event('step_started', { ...step, status: 'processing' });
    if (type === 'streaming_result') {
      await out.tokens(script.words ?? DEFAULT_WORDS, script.tokens ?? 12);
      await out.event('stream_end', { run_id: runId });
    }
    const last = index === steps.length - 1;
    if (last && script.outcome === 'failed') await out.event('step_failed', { ...step, status: 'failed' });
    else await out.event('step_completed', { ...step, status: 'completed' });
  }
  if (script.waitForHuman) {
    record.humanWaitFrom = Date.now();
    await out.event('status', { run_id: runId, status: 'waiting_human' });
  }
  if (script.hold || script.waitForHuman) {
    while (!out.stopped && !record.cancelled) {
      await sleep(50);
      await out.comment('keepalive');
    }
    return;
  }
  if (out.stopped) {
    giveUpAt();
    return;
  }
  if (script.giveUp) {
    giveUpAt();
    await out.event(script.giveUp, {
      run_id: runId,
      message:
        script.giveUp === 'timeout' ? 'Stream timed out; poll the run for its result' : 'Event stream failed',
    });
    out.end();
    return;
  }
  record.finishAt = Date.now();
  await out.event('done', snapshot(record));
  out.end();
}

/** Writes events with the script's faults: batching, pacing, drops, early ends, keepalives, split writes. */
class EventWriter {
  private readonly res: ServerResponse;
  private readonly script: RunScript;
  private count = 0;
  private closed = false;

  constructor(res: ServerResponse, script: RunScript) {
    this.res = res;
    this.script = script;
    res.once('close', () => {
      this.closed = true;
    });
  }

  get stopped(): boolean {
    return this.closed || this.res.destroyed || this.res.writableEnded;
  }

  async event(name: string, data: unknown): Promise<void> {
    if (this.stopped) return;
    await this.write(sseEvent(name, data), 1);
  }

  async comment(text: string): Promise<void> {
    if (this.stopped) return;
    await this.write(`: ${text}\n\n`, 0);
  }

  async tokens(words: string[], count: number): Promise<void> {
    const events = words.map((word) => sseEvent('stream_token', { token: word }));
    const paced = (this.script.tokenIntervalMs ?? 0) > 0;
    const batch = this.script.batch ?? (paced ? 1 : 4096);
    let written = 0;
    while (written < count && !this.stopped) {
      let n = Math.min(batch, count - written);
      const limit = this.eventLimit();
      if (limit !== undefined) n = Math.max(1, Math.min(n, limit - this.count));
      let text = '';
      for (let i = 0; i < n; i++) text += events[(written + i) % events.length];
      written += n;
      await this.write(text, n);
      if (paced && written < count) await sleep(this.script.tokenIntervalMs);
    }
  }

  end(): void {
    if (!this.stopped) this.res.end();
  }

  private eventLimit(): number | undefined {
    const { dropAfterEvents, endAfterEvents } = this.script;
    if (dropAfterEvents === undefined) return endAfterEvents;
    return endAfterEvents === undefined ? dropAfterEvents : Math.min(dropAfterEvents, endAfterEvents);
  }

  private async write(text: string, events: number): Promise<void> {
    const keepaliveEvery = this.script.keepaliveEvery;
    let chunk = text;
    if (
      keepaliveEvery &&
      events > 0 &&
      Math.floor((this.count + events) / keepaliveEvery) > Math.floor(this.count / keepaliveEvery)
    )
      chunk += ': keepalive\n\n';
    this.count += events;
    if (this.script.chunkBytes) await this.writeInPieces(Buffer.from(chunk, 'utf8'), this.script.chunkBytes);
    else if (!this.res.write(chunk)) await drained(this.res);
    if (this.script.dropAfterEvents !== undefined && this.count >= this.script.dropAfterEvents) {
      await sleep(20);
      this.res.socket?.destroy();
      this.closed = true;
    } else if (this.script.endAfterEvents !== undefined && this.count >= this.script.endAfterEvents) {
      this.res.end();
    }
  }

  private async writeInPieces(bytes: Buffer, size: number): Promise<void> {
    for (let at = 0; at < bytes.length && !this.stopped; at += size) {
      this.res.write(bytes.subarray(at, at + size));
      await sleep(1);
    }
  }
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}
