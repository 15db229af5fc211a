// The demo agents of `npm run sim` and `npm run demo` behave like real ones, seen through the CLI.
import { beforeEach, describe, expect, it } from 'vitest';
import { useHarness } from '../foundation/harness.ts';
import { DEMO_AGENTS, type DemoAgent, seedDemoAgents } from '../sim/demo-agents.ts';
import { runRecords } from '../sim/routes/runs.ts';

const demo = (role: DemoAgent['role']): string => {
  const agent = DEMO_AGENTS.find((a) => a.role === role);
  if (!agent) throw new Error(`no ${role} demo agent`);
  return agent.id;
};

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const events = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { event: string; data: Record<string, unknown> });

describe('demo agents', () => {
  const h = useHarness();
  beforeEach(() => {
    seedDemoAgents(h.sim().state);
  });

  it('are listed by name, each with the fixed id the README can name', async () => {
    const result = await h.cli(['agents', 'list', '--all', '--json']);
    const ids = (JSON.parse(result.stdout) as { id: string }[]).map((a) => a.id);
    expect(ids).toEqual(expect.arrayContaining(DEMO_AGENTS.map((a) => a.id)));
  });

  it('one streams its answer token by token, between step events, and completes', async () => {
    const result = await h.cli(['agents', 'run', demo('streaming'), '--input', 'hi', '--stream', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const names = events(result.stdout).map((e) => e.event);
    expect(names.filter((n) => n === 'step_started')).toHaveLength(3);
    expect(names.filter((n) => n === 'stream_token').length).toBeGreaterThan(20);
    expect(names.indexOf('stream_token')).toBeGreaterThan(names.lastIndexOf('step_started'));
    expect(events(result.stdout).at(-1)).toMatchObject({ event: 'done', data: { status: 'completed' } });
  });

  it('one fails, and the CLI says why and exits 1', async () => {
    const result = await h.cli(['agents', 'run', demo('failing'), '--input', 'hi', '--stream']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the model provider timed out');
  });

  it('one waits for a human: waiting_human until it is cancelled', async () => {
    const started = await h.cli(['agents', 'run', demo('waiting'), '--input', 'hi', '--detach', '--json']);
    expect(started.code, started.stderr).toBe(0);
    const runId = (JSON.parse(started.stdout) as { run_id: string }).run_id;
    let status = '';
    for (let i = 0; i < 100 && status !== 'waiting_human'; i++) {
      const shown = await h.cli(['runs', 'get', runId, '--json']);
      status = (JSON.parse(shown.stdout) as { status: string }).status;
      if (status !== 'waiting_human') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe('waiting_human');
    const cancelled = await h.cli(['runs', 'cancel', runId, '--json']);
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect((JSON.parse(cancelled.stdout) as { status: string }).status).toBe('failed');
  });

  it('one streams `waiting_human` after its steps and holds the stream open', async () => {
    let interrupt = () => {};
    let shown = '';
    const pending = h.cli(['agents', 'run', demo('waiting'), '--input', 'hi', '--stream', '--json'], {
      onStdout: (soFar) => {
        shown = soFar;
      },
      onInterruptReady: (fn) => {
        interrupt = fn;
      },
    });
    await waitFor(() => shown.includes('"waiting_human"'));
    interrupt();
    const result = await pending;
    expect(result.code).toBe(130);
    const statuses = events(result.stdout)
      .filter((e) => e.event === 'status')
      .map((e) => e.data.status);
    expect(statuses).toEqual(['processing', 'waiting_human']);
    expect([...runRecords(h.sim().state).values()][0].cancelled).toBe(true);
  });

  it('one is slow enough to stop with Ctrl-C: exit 130, the run cancelled on the server', async () => {
    let interrupt = () => {};
    const pending = h.cli(['agents', 'run', demo('slow'), '--input', 'hi', '--stream'], {
      onInterruptReady: (fn) => {
        interrupt = fn;
      },
    });
    await waitFor(() => runRecords(h.sim().state).size === 1);
    interrupt();
    const result = await pending;
    expect(result.code).toBe(130);
    expect([...runRecords(h.sim().state).values()][0].cancelled).toBe(true);
  });
});
