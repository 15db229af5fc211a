// `seclai agents run` in-process against the simulator: each mode, each fault, each exit code.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectUsageError, onlyJson, useHarness } from '../foundation/harness.ts';
import { type RunScript, runRecords, setRunScript } from '../sim/routes/runs.ts';

const h = useHarness();
const POLL = ['--poll-interval', '100ms'];
const ANSWER_12 = 'The quarterly report shows steady growth in all regions. The quarterly ';

function agentWith(script: RunScript = {}): string {
  const agent = h.sim().state.createAgent({ name: 'Report writer' });
  setRunScript(h.sim().state, script, agent.id);
  return agent.id;
}

function sent(operation: string) {
  return h.sim().requests.filter((r) => r.operation === operation);
}

function events(stdout: string): { event: string; data: Record<string, unknown> }[] {
  return stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));
}

const STREAM_OP = 'POST /agents/{agent_id}/runs/stream';
const POLL_OP = 'GET /agents/runs/{run_id}';
const CANCEL_OP = 'DELETE /agents/runs/{run_id}';

describe('agents run --stream', () => {
  it('writes the answer to stdout, nothing else, and one summary line to stderr', async () => {
    const id = agentWith();
    const r = await h.cli([
      'agents',
      'run',
      id,
      '--stream',
      '--input',
      'Q3?',
      '--metadata',
      'team=ops',
      '--metadata',
      '{"n":2}',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${ANSWER_12}\n`);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^completed in [\d.]+s · 0\.42 credits · run [0-9a-f-]{36}$/);
    expect(sent(STREAM_OP)[0].body).toEqual({ input: 'Q3?', metadata: { team: 'ops', n: 2 } });
    expect(sent(POLL_OP)).toHaveLength(0);
  });

  it('with --json prints one {"event","data"} line per event, in order, ending with done', async () => {
    const id = agentWith({ tokens: 5, unknownEvent: 'usage_report', keepaliveEvery: 2 });
    const r = await h.cli(['agents', 'run', id, '--stream', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const all = events(r.stdout);
    const names = all.map((e) => e.event);
    expect(names[0]).toBe('init');
    expect(names).toContain('usage_report');
    expect(names.filter((n) => n === 'stream_token')).toHaveLength(5);
    expect(names.at(-1)).toBe('done');
    expect(all.at(-1)?.data).toMatchObject({
      status: 'completed',
      credits: 0.42,
      output: 'The quarterly report shows steady ',
    });
    expect(all.find((e) => e.event === 'stream_token')?.data).toEqual({ token: 'The ' });
    expect(r.stderr).toBe('');
  });

  it('prints the final output when no tokens were streamed', async () => {
    const id = agentWith({ steps: ['retrieval', 'prompt_call'], tokens: 3 });
    const r = await h.cli(['agents', 'run', id, '--stream', '--input', 'x']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('The quarterly report \n');
  });

  it('keeps UTF-8 intact when the stream arrives in 3-byte pieces, with keepalives and an unknown event', async () => {
    const words = ['Grüße ', '世界 ', '🌍 ', 'naïve ', 'café'];
    const id = agentWith({
      words,
      tokens: 10,
      chunkBytes: 3,
      keepaliveEvery: 3,
      unknownEvent: 'shiny_new_thing',
    });
    const r = await h.cli(['agents', 'run', id, '--stream'], { stderrTTY: true });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${words.join('').repeat(2)}\n`);
    expect(r.stderr).toContain('shiny_new_thing');
  });

  it('shows the step and elapsed time on a spinner when stdout and stderr are terminals', async () => {
    const id = agentWith({ tokens: 20, tokenIntervalMs: 20, batch: 1 });
    const r = await h.cli(['agents', 'run', id, '--stream'], { stderrTTY: true, stdoutTTY: true });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${'The quarterly report shows steady growth in all regions. '.repeat(2)}\n`);
    expect(r.stderr).toMatch(/(starting run|step \w+: streaming_result) · (\d+ tokens · )?\d+\.\ds/);
    expect(r.stderr).toMatch(/completed in .* · run /);
  });

  it('stdout piped (`| tee`) while stderr is a terminal: no spinner, nothing erased, the summary only', async () => {
    const id = agentWith({ tokens: 20, tokenIntervalMs: 20, batch: 1 });
    const r = await h.cli(['agents', 'run', id, '--stream'], { stderrTTY: true });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${'The quarterly report shows steady growth in all regions. '.repeat(2)}\n`);
    expect(r.stderr).toMatch(/^completed in [^\n]* · run [0-9a-f-]{36}\n$/);
  });

  it('answers a JSON snapshot instead of a stream: treated as the final run', async () => {
    const id = agentWith({ json: true, finishAfterMs: 0 });
    const r = await h.cli(['agents', 'run', id, '--stream', ...POLL]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${ANSWER_12}\n`);
    expect(sent(POLL_OP)).toHaveLength(0);
  });

  it('answers a JSON snapshot of an unfinished run: polls it to the end', async () => {
    const id = agentWith({ json: true, finishAfterMs: 80 });
    const r = await h.cli(['agents', 'run', id, '--stream', ...POLL]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${ANSWER_12}\n`);
    expect(sent(POLL_OP).length).toBeGreaterThan(0);
  });
});

describe('a stream that is not a success resumes by polling', () => {
  it('dropped after k events: says so, polls, prints the rest of the answer', async () => {
    const id = agentWith({ dropAfterEvents: 8, finishAfterMs: 60 });
    const r = await h.cli(['agents', 'run', id, '--stream', ...POLL]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${ANSWER_12}\n`);
    expect(r.stderr).toMatch(/stream dropped .*following run [0-9a-f-]{36} by polling/);
    expect(sent(POLL_OP).length).toBeGreaterThan(0);
  });

  it('ended cleanly without done', async () => {
    const id = agentWith({ endAfterEvents: 6 });
    const r = await h.cli(['agents', 'run', id, '--stream', ...POLL]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${ANSWER_12}\n`);
    expect(r.stderr).toMatch(/stream ended before the run finished/);
  });

  for (const giveUp of ['timeout', 'error'] as const) {
    it(`gave up with a ${giveUp} event: --json adds "resumed" and a polled "done"`, async () => {
      const id = agentWith({ giveUp, tokens: 4 });
      const r = await h.cli(['agents', 'run', id, '--stream', '--json', ...POLL]);
      expect(r.code, r.stderr).toBe(0);
      const all = events(r.stdout);
      const names = all.map((e) => e.event);
      expect(names.slice(-3)).toEqual([giveUp, 'resumed', 'done']);
      expect(all.at(-1)?.data).toMatchObject({ status: 'completed' });
      expect(r.stderr).toMatch(new RegExp(`stream sent ${giveUp}`));
    });
  }

  it('a run that fails after a drop still exits 1', async () => {
    const id = agentWith({ dropAfterEvents: 5, outcome: 'failed', error: 'Model quota exceeded' });
    const r = await h.cli(['agents', 'run', id, '--stream', ...POLL]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: run [0-9a-f-]{36} failed: Model quota exceeded/);
  });
});

describe('agents run --wait and --detach', () => {
  it('--wait starts a run, polls it and prints the output (with --priority)', async () => {
    const id = agentWith({ finishAfterMs: 50 });
    const r = await h.cli(['agents', 'run', id, '--wait', '--priority', '--input', 'hi', ...POLL]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${ANSWER_12}\n`);
    expect(sent('POST /agents/{agent_id}/runs')[0].body).toEqual({ input: 'hi', priority: true });
    expect(sent(STREAM_OP)).toHaveLength(0);
    expect(sent(POLL_OP).length).toBeGreaterThan(0);
  });

  it('waits by default when neither stdout nor stderr is a terminal; --json prints the final run', async () => {
    const id = agentWith({ finishAfterMs: 20 });
    const r = await h.cli(['agents', 'run', id, '--json', ...POLL]);
    expect(r.code, r.stderr).toBe(0);
    expect(onlyJson(r.stdout)).toMatchObject({ status: 'completed', output: ANSWER_12, credits: 0.42 });
    expect(sent(STREAM_OP)).toHaveLength(0);
  });

  it('streams by default on a terminal', async () => {
    const id = agentWith();
    const r = await h.cli(['agents', 'run', id], { stdoutTTY: true });
    expect(r.code, r.stderr).toBe(0);
    expect(sent(STREAM_OP)).toHaveLength(1);
  });

  it('--detach prints the run id and leaves it running', async () => {
    const id = agentWith({ finishAfterMs: 10_000 });
    const r = await h.cli(['agents', 'run', id, '--detach']);
    expect(r.code, r.stderr).toBe(0);
    const runId = r.stdout.trim();
    expect(runRecords(h.sim().state).get(runId)?.cancelled).toBe(false);
    expect(r.stderr).toContain(`seclai runs watch ${runId}`);
  });

  it('--wait exits 1 for a failed run, with its error', async () => {
    const id = agentWith({ outcome: 'failed', finishAfterMs: 10 });
    const r = await h.cli(['agents', 'run', id, '--wait', ...POLL]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/failed after .* · run /);
    expect(r.stderr).toMatch(/error: run \S+ failed: Step prompt_call failed/);
  });
});

describe('agents run: errors', () => {
  it('an unknown agent: exit 1, naming the id', async () => {
    const r = await h.cli(['agents', 'run', '6b1d3c5e-0000-4000-8000-000000000000', '--stream']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: agent 6b1d3c5e-0000-4000-8000-000000000000 not found$/m);
  });

  it('insufficient credits (402): exit 1 with the reason', async () => {
    const id = agentWith({ insufficientCredits: true });
    const r = await h.cli(['agents', 'run', id, '--stream']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/402 .*insufficient_credits.*no credits left/);
  });

  it('a failed streamed run: exit 1 with the run error after the summary', async () => {
    const id = agentWith({ outcome: 'failed', error: 'Tool call timed out' });
    const r = await h.cli(['agents', 'run', id, '--stream']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^failed after .*\nerror: run \S+ failed: Tool call timed out\n/m);
  });

  it('a rejected API key: exit 4', async () => {
    const id = agentWith();
    const r = await h.cli(['agents', 'run', id, '--stream'], { env: { SECLAI_API_KEY: 'sk-wrong' } });
    expect(r.code).toBe(4);
  });

  it('--timeout bounds the whole wait: exit 1, the run left running and named', async () => {
    const id = agentWith({ hold: true, tokens: 2 });
    const r = await h.cli(['--timeout', '300ms', 'agents', 'run', id, '--stream']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /error: run (\S+) did not finish within 300 ms \(--timeout\); it is still running/,
    );
    expect(r.stderr).toMatch(/seclai runs watch /);
    expect(sent(CANCEL_OP)).toHaveLength(0);
  });

  const badInput: [string, string[], RegExp][] = [
    [
      '--input and --input-file',
      ['--input', 'a', '--input-file', 'b.txt'],
      /--input or --input-file, not both/,
    ],
    [
      'an unreadable input file',
      ['--input-file', 'missing.txt'],
      /--input-file: cannot read missing.txt: no such file or directory/,
    ],
    ['metadata that is not key=value', ['--metadata', 'novalue'], /--metadata expects key=value/],
    ['metadata JSON that is not an object', ['--metadata', '[1]'], /--metadata/],
    ['--wait with --detach', ['--wait', '--detach'], /--wait and --detach cannot be used together/],
    ['--stream with --wait', ['--stream', '--wait'], /--stream and --wait cannot be used together/],
    ['a bad --poll-interval', ['--poll-interval', 'soon'], /--poll-interval must be a positive duration/],
  ];
  for (const [what, args, message] of badInput) {
    it(`${what}: exit 2, nothing sent`, async () => {
      const id = agentWith();
      const r = await h.cli(['agents', 'run', id, ...args], { cwd: h.home() });
      expectUsageError(r, message);
      expect(h.sim().requests).toHaveLength(0);
    });
  }

  it('reads the input from a file, or from stdin with -', async () => {
    const id = agentWith();
    writeFileSync(join(h.home(), 'q.txt'), 'from a file\n');
    const fromFile = await h.cli(['agents', 'run', id, '--stream', '--input-file', 'q.txt'], {
      cwd: h.home(),
    });
    expect(fromFile.code, fromFile.stderr).toBe(0);
    const fromStdin = await h.cli(['agents', 'run', id, '--stream', '--input', '-'], { stdin: 'from stdin' });
    expect(fromStdin.code, fromStdin.stderr).toBe(0);
    expect(sent(STREAM_OP).map((r) => r.body)).toEqual([{ input: 'from a file\n' }, { input: 'from stdin' }]);
  });
});

describe('agents run: a note mid-answer on a terminal', () => {
  /** The stderr line holding `pattern`, and the line before it. */
  function lineBefore(stderr: string, pattern: RegExp): [string | undefined, string] {
    const lines = stderr.split('\n');
    const at = lines.findIndex((line) => pattern.test(line));
    expect(at, stderr).toBeGreaterThanOrEqual(0);
    return [lines[at - 1], lines[at]];
  }

  it('a dropped stream: the note starts on a new line, not after the half-written answer', async () => {
    const id = agentWith({ dropAfterEvents: 8, finishAfterMs: 60 });
    const r = await h.cli(['agents', 'run', id, '--stream', ...POLL], { stderrTTY: true });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${ANSWER_12}\n`);
    expect(lineBefore(r.stderr, /stream dropped/)).toEqual(['', expect.stringMatching(/^\S/)]);
  });

  it('with stderr piped the note adds no blank line', async () => {
    const id = agentWith({ dropAfterEvents: 8, finishAfterMs: 60 });
    const r = await h.cli(['agents', 'run', id, '--stream', ...POLL]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^\S[^\n]*stream dropped/);
  });

  it('Ctrl-C: the interruption note and the error start on lines of their own', async () => {
    const id = agentWith({ hold: true, tokens: 3 });
    let interrupt = () => {};
    let shown = '';
    const pending = h.cli(['agents', 'run', id, '--stream'], {
      stderrTTY: true,
      onStdout: (soFar) => (shown = soFar),
      onInterruptReady: (fn) => (interrupt = fn),
    });
    await waitFor(() => shown === 'The quarterly report ');
    interrupt();
    const r = await pending;
    expect(r.code).toBe(130);
    expect(r.stdout).toBe('The quarterly report ');
    expect(lineBefore(r.stderr, /^Interrupted: cancelling run/)[0]).toBe('');
    expect(r.stderr.split('\n').filter((line) => line === '')).toHaveLength(2);
    expect(r.stderr).toMatch(/\nerror: interrupted; cancelled run/);
  });
});

describe('agents run: Ctrl-C', () => {
  it('cancels the run on the server, names it, exits 130', async () => {
    const id = agentWith({ hold: true, tokens: 3 });
    let interrupt = () => {};
    let shown = '';
    const pending = h.cli(['agents', 'run', id, '--stream'], {
      onStdout: (soFar) => (shown = soFar),
      onInterruptReady: (fn) => (interrupt = fn),
    });
    await waitFor(() => shown === 'The quarterly report ');
    interrupt();
    const r = await pending;
    const [record] = runRecords(h.sim().state).values();
    expect(r.code).toBe(130);
    expect(r.stdout).toBe('The quarterly report ');
    expect(r.stderr).toContain(`error: interrupted; cancelled run ${record.runId}`);
    expect(sent(CANCEL_OP)).toHaveLength(1);
    expect(record.cancelled).toBe(true);
  });

  it('a Ctrl-C before the run id arrived cancels once the run has started', async () => {
    const id = agentWith({ hold: true, tokens: 1 });
    h.sim().faults.add({ method: 'POST', path: STREAM_OP.split(' ')[1], delayMs: 200 });
    let interrupt = () => {};
    const pending = h.cli(['agents', 'run', id, '--stream'], { onInterruptReady: (fn) => (interrupt = fn) });
    await waitFor(() => sent(STREAM_OP).length === 1);
    interrupt();
    const r = await pending;
    expect(r.code).toBe(130);
    expect(sent(CANCEL_OP)).toHaveLength(1);
    expect([...runRecords(h.sim().state).values()][0].cancelled).toBe(true);
  });

  it('--no-cancel-on-interrupt leaves the run going', async () => {
    const id = agentWith({ hold: true, tokens: 1 });
    let interrupt = () => {};
    const pending = h.cli(['agents', 'run', id, '--stream', '--no-cancel-on-interrupt'], {
      onInterruptReady: (fn) => (interrupt = fn),
    });
    await waitFor(() => runRecords(h.sim().state).size === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    interrupt();
    const r = await pending;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/interrupted; run \S+ is still running/);
    expect(sent(CANCEL_OP)).toHaveLength(0);
  });

  it('a second Ctrl-C quits at once, even while the cancel request hangs', async () => {
    const id = agentWith({ hold: true, tokens: 1 });
    h.sim().faults.add({ method: 'DELETE', path: CANCEL_OP.split(' ')[1], delayMs: 5_000 });
    let interrupt = () => {};
    const pending = h.cli(['agents', 'run', id, '--wait', ...POLL], {
      onInterruptReady: (fn) => (interrupt = fn),
    });
    await waitFor(() => runRecords(h.sim().state).size === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    interrupt();
    await waitFor(() => sent(CANCEL_OP).length === 1);
    const started = Date.now();
    interrupt();
    const r = await pending;
    expect(Date.now() - started).toBeLessThan(3_000); // not the 5 s the cancel hangs
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/interrupted; run \S+ may still be running/);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
