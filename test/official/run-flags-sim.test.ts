// agents run --data, --replay and --events --event-filter against the simulator, which holds
// every request to the contract.
import { describe, expect, it } from 'vitest';
import { contractOrNull } from '../catalog/contract-helpers.ts';
import { onlyJson, useHarness } from '../foundation/harness.ts';

describe.skipIf(!contractOrNull())('agents run, the official way, against the simulator', () => {
  const h = useHarness();
  const POLL = ['--poll-interval', '100ms'];

  it('replays an earlier run with a --data body, waiting and streaming', async () => {
    const agent = h.sim().state.createAgent({ name: 'Report writer' });
    const first = await h.cli(['agents', 'run', agent.id, '--input', 'first', '--wait', '--json', ...POLL]);
    expect(first.code, first.stderr).toBe(0);
    const firstRun = onlyJson(first.stdout) as { run_id: string };

    const waited = await h.cli([
      'agents',
      'run',
      agent.id,
      '--data',
      '{"input":"again","metadata":{"team":"docs"}}',
      '--replay',
      firstRun.run_id,
      '--wait',
      '--json',
      ...POLL,
    ]);
    expect(waited.code, waited.stderr).toBe(0);
    expect(onlyJson(waited.stdout)).toMatchObject({ status: 'completed' });

    const streamed = await h.cli([
      'agents',
      'run',
      agent.id,
      '--data',
      '{"input":"streamed","priority":true}',
      '--replay',
      firstRun.run_id,
      '--events',
      '--event-filter',
      'stream_token,done',
    ]);
    expect(streamed.code, streamed.stderr).toBe(0);
    const names = new Set(
      streamed.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).event),
    );
    expect([...names].sort()).toEqual(['done', 'stream_token']);
    const bodies = h
      .sim()
      .requests.filter((r) => r.method === 'POST')
      .map((r) => r.body);
    expect(bodies.slice(1)).toEqual([
      { input: 'again', metadata: { team: 'docs' }, replay_of_run_id: firstRun.run_id },
      { input: 'streamed', replay_of_run_id: firstRun.run_id },
    ]);
  });
});
