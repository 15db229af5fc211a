// `seclai agents run` as the real binary: SIGINT cancels the run, a second SIGINT quits at once,
// a terminal gets tokens and a spinner, a pipe gets the bare answer.
import { describe, expect, it } from 'vitest';
import { useHarness } from '../foundation/harness.ts';
import { hasScript, requireBuiltBinary, spawnCli } from '../helpers/spawn.ts';
import { type RunScript, runRecords, setRunScript } from '../sim/routes/runs.ts';

const h = useHarness();
const CYCLE = 'The quarterly report shows steady growth in all regions. ';

function agentWith(script: RunScript): string {
  const agent = h.sim().state.createAgent({ name: 'Spawned' });
  setRunScript(h.sim().state, script, agent.id);
  return agent.id;
}

function cancels(): number {
  return h.sim().requests.filter((r) => r.operation === 'DELETE /agents/runs/{run_id}').length;
}

describe('agents run, spawned', () => {
  requireBuiltBinary();

  it('SIGINT cancels the run on the server, prints its id, exits 130', async () => {
    const id = agentWith({ hold: true, tokens: 3 });
    const result = await spawnCli(['agents', 'run', id, '--stream'], {
      env: h.env(),
      onSpawn: (child, output) => {
        const timer = setInterval(() => {
          if (output.stdout().includes('report')) {
            clearInterval(timer);
            child.kill('SIGINT');
          }
        }, 10);
      },
    });
    const [record] = runRecords(h.sim().state).values();
    expect(result.code, result.stderr).toBe(130);
    expect(result.stdout).toBe('The quarterly report ');
    expect(result.stderr).toContain(`cancelled run ${record.runId}`);
    expect(record.cancelled).toBe(true);
    expect(cancels()).toBe(1);
  });

  it('a second SIGINT exits at once while the cancel request hangs', async () => {
    const id = agentWith({ hold: true, tokens: 1 });
    h.sim().faults.add({ method: 'DELETE', path: '/agents/runs/{run_id}', delayMs: 10_000 });
    let secondAt = 0;
    const result = await spawnCli(['agents', 'run', id, '--stream'], {
      env: h.env(),
      onSpawn: (child, output) => {
        const timer = setInterval(() => {
          if (!output.stdout().includes('The')) return;
          if (cancels() === 0) {
            if (!secondAt) child.kill('SIGINT');
            secondAt = -1;
            return;
          }
          clearInterval(timer);
          secondAt = Date.now();
          child.kill('SIGINT');
        }, 10);
      },
    });
    expect(result.code, result.stderr).toBe(130);
    expect(Date.now() - secondAt).toBeLessThan(5_000); // not the 10 s the cancel hangs
    expect(result.stderr).toMatch(/interrupted; run \S+ may still be running/);
  });

  it('to a pipe: the answer alone on stdout, the summary on stderr, exit 0', async () => {
    const id = agentWith({ tokens: 20 });
    const result = await spawnCli(['agents', 'run', id, '--stream', '--input', 'go'], { env: h.env() });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`${CYCLE.repeat(2)}\n`);
    expect(result.stderr).toMatch(/^completed in [\d.]+s · 0\.42 credits · run \S+\n$/);
  });

  it.skipIf(!hasScript)(
    'on a terminal: streams by default, tokens as they come, a spinner and a summary',
    async () => {
      const id = agentWith({ tokens: 30, tokenIntervalMs: 15, batch: 2 });
      const result = await spawnCli(['agents', 'run', id, '--input', 'go'], { env: h.env(), tty: true });
      expect(result.code, result.stdout).toBe(0);
      const screen = result.stdout.replace(/\r/g, '');
      expect(screen).toContain(CYCLE.repeat(3).trimEnd());
      expect(screen).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] [^\n]* · \d+\.\ds/);
      expect(screen).toMatch(/completed in [\d.]+s · 0\.42 credits · run /);
      // The spinner library loads on demand, without a word from Node about how.
      expect(screen).not.toMatch(/Warning/);
      expect(
        h.sim().requests.filter((r) => r.operation === 'POST /agents/{agent_id}/runs/stream'),
      ).toHaveLength(1);
    },
  );

  it.skipIf(!hasScript)('on a terminal with a run that fails: exit 1 and the run error', async () => {
    const id = agentWith({ tokens: 3, outcome: 'failed', error: 'Context window exceeded' });
    const result = await spawnCli(['agents', 'run', id, '--input', 'go'], { env: h.env(), tty: true });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/error: run \S+ failed: Context window exceeded/);
  });
});
