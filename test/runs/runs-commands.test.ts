// `seclai runs get|cancel|watch` and `seclai agents runs list|search|start|get|cancel`.
import { describe, expect, it, vi } from 'vitest';
import { onlyJson, useHarness } from '../foundation/harness.ts';
import { runRecords, setRunScript } from '../sim/routes/runs.ts';

const h = useHarness();

async function startedRun(finishAfterMs: number, script = {}): Promise<{ agentId: string; runId: string }> {
  const agent = h.sim().state.createAgent({ name: 'Digest' });
  setRunScript(h.sim().state, { finishAfterMs, ...script }, agent.id);
  const r = await h.cli(['agents', 'run', agent.id, '--detach', '--input', 'weekly digest']);
  expect(r.code, r.stderr).toBe(0);
  return { agentId: agent.id, runId: r.stdout.trim() };
}

describe('runs', () => {
  it('get shows a run; --include-step-outputs adds its steps', async () => {
    const { runId } = await startedRun(0);
    const plain = onlyJson((await h.cli(['runs', 'get', runId, '--json'])).stdout) as Record<string, unknown>;
    expect(plain).toMatchObject({ run_id: runId, status: 'completed' });
    expect(plain.steps).toBeUndefined();
    const full = onlyJson((await h.cli(['runs', 'get', runId, '--include-step-outputs', '--json'])).stdout);
    expect((full as { steps: unknown[] }).steps.length).toBeGreaterThan(0);
    const alias = onlyJson((await h.cli(['agents', 'runs', 'get', runId, '--json'])).stdout);
    expect(alias).toMatchObject({ run_id: runId });
  });

  it('get of an unknown run: exit 1', async () => {
    const r = await h.cli(['runs', 'get', 'no-such-run']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/404/);
  });

  it('cancel stops a processing run; the official name `agents runs cancel` works too', async () => {
    const first = await startedRun(10_000);
    const r = await h.cli(['runs', 'cancel', first.runId, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(onlyJson(r.stdout)).toMatchObject({ run_id: first.runId, status: 'failed' });
    expect(runRecords(h.sim().state).get(first.runId)?.cancelled).toBe(true);
    const second = await startedRun(10_000);
    expect((await h.cli(['agents', 'runs', 'cancel', second.runId])).code).toBe(0);
    expect(runRecords(h.sim().state).get(second.runId)?.cancelled).toBe(true);
  });

  it('cancel of a finished run: exit 1 with the reason', async () => {
    const { runId } = await startedRun(0);
    const r = await h.cli(['runs', 'cancel', runId]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/409.*already completed/);
  });

  it('watch polls until the run ends and prints its output; exit 1 when it failed', async () => {
    const ok = await startedRun(80);
    const r = await h.cli(['runs', 'watch', ok.runId, '--poll-interval', '100ms']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('The quarterly report shows steady growth in all regions. The quarterly \n');
    expect(r.stderr).toMatch(/^completed in .* · run /m);
    const failed = await startedRun(30, { outcome: 'failed' });
    const f = await h.cli(['runs', 'watch', failed.runId, '--poll-interval', '100ms', '--json']);
    expect(f.code).toBe(1);
    expect(onlyJson(f.stdout)).toMatchObject({ run_id: failed.runId, status: 'failed' });
  });

  it('watch stops on Ctrl-C without cancelling the run', async () => {
    const { runId } = await startedRun(10_000);
    let interrupt = () => {};
    const pending = h.cli(['runs', 'watch', runId, '--poll-interval', '100ms'], {
      onInterruptReady: (fn) => (interrupt = fn),
    });
    await vi.waitFor(() => expect(h.sim().requests.some((r) => r.path.endsWith(runId))).toBe(true), {
      timeout: 10_000,
    });
    interrupt();
    const r = await pending;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain(`stopped watching run ${runId}; it keeps running`);
    expect(runRecords(h.sim().state).get(runId)?.cancelled).toBe(false);
  });
});

describe('agents runs', () => {
  it('list pages through runs newest first, filters by status, and --all walks every page', async () => {
    const agent = h.sim().state.createAgent({ name: 'Lister' });
    setRunScript(h.sim().state, { finishAfterMs: 0 }, agent.id);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await h.cli(['agents', 'run', agent.id, '--detach'])).stdout.trim());
    const page = onlyJson(
      (await h.cli(['agents', 'runs', 'list', agent.id, '--limit', '2', '--json'])).stdout,
    ) as { run_id: string }[];
    expect(page.map((r) => r.run_id)).toEqual([ids[4], ids[3]]);
    const all = onlyJson(
      (await h.cli(['agents', 'runs', 'list', agent.id, '--all', '--limit', '2', '--json'])).stdout,
    );
    expect((all as { run_id: string }[]).map((r) => r.run_id)).toEqual([...ids].reverse());
    const failed = onlyJson(
      (await h.cli(['agents', 'runs', 'list', agent.id, '--status', 'failed', '--json'])).stdout,
    );
    expect(failed).toEqual([]);
    const tsv = await h.cli(['agents', 'runs', 'list', agent.id]);
    expect(tsv.stdout.trim().split('\n')).toHaveLength(5);
  });

  it('list on a terminal shows each run whole with its start time, duration and coloured status', async () => {
    const agent = h.sim().state.createAgent({ name: 'Timed' });
    setRunScript(h.sim().state, { finishAfterMs: 0 }, agent.id);
    const runId = (await h.cli(['agents', 'run', agent.id, '--detach'])).stdout.trim();
    const r = await h.cli(['agents', 'runs', 'list', agent.id], {
      stdoutTTY: true,
      columns: 80,
      env: { FORCE_COLOR: '1' },
    });
    expect(r.code, r.stderr).toBe(0);
    const [head, row] = r.stdout
      .replace(/\u001b\[[0-9;]*m/g, '')
      .trimEnd()
      .split('\n');
    expect(head).toMatch(/^RUN_ID\s+STATUS\s+STARTED_AT\s+DURATION/);
    expect(row).toMatch(new RegExp(`^${runId}\\s+completed\\s+just now\\s+\\d+\\.\\ds`));
    expect(r.stdout).toContain('\u001b[32mcompleted');
  });

  it('search sends the typed flags as the body and lists the matches', async () => {
    const { agentId, runId } = await startedRun(0);
    const r = await h.cli([
      'agents',
      'runs',
      'search',
      '--query',
      'quarterly growth',
      '--agent',
      agentId,
      '--top',
      '3',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const found = onlyJson(r.stdout) as { agent_run_id: string }[];
    expect(found.map((m) => m.agent_run_id)).toEqual([runId]);
    expect(h.sim().requests.find((q) => q.operation === 'POST /agents/runs/search')?.body).toEqual({
      query: 'quarterly growth',
      agent_id: agentId,
      top_n: 3,
    });
  });

  it('start begins a run and prints it without waiting', async () => {
    const agent = h.sim().state.createAgent({ name: 'Starter' });
    const r = await h.cli([
      'agents',
      'runs',
      'start',
      agent.id,
      '--input',
      'go',
      '--metadata',
      '{"k":"v"}',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(onlyJson(r.stdout)).toMatchObject({ status: 'processing', input: 'go' });
  });
});
