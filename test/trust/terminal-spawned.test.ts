// The real binary on a pseudo-terminal (util-linux `script`): hostile server text reaches the
// terminal as visible escapes, never as ESC sequences of its own.
import { describe, expect, it } from 'vitest';
import { useHarness } from '../foundation/harness.ts';
import { hasScript, requireBuiltBinary, spawnCli } from '../helpers/spawn.ts';
import { setRunScript } from '../sim/routes/runs.ts';

const HOSTILE_NAME = 'x\u001b]0;pwned\u0007\u001b[2J';
const HOSTILE_NAME_SHOWN = 'x\\e]0;pwned\\a\\e[2J';

describe('the spawned binary on a terminal', () => {
  const h = useHarness();

  requireBuiltBinary();

  it.runIf(hasScript)('agents list with a hostile name and NO_COLOR writes no ESC at all', async () => {
    h.sim().state.createAgent({ name: HOSTILE_NAME });
    const result = await spawnCli(['agents', 'list'], {
      env: h.env({ TERM: 'xterm-256color', NO_COLOR: '1' }),
      tty: true,
    });
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).not.toContain('\u001b');
    expect(result.stdout).not.toContain('\u0007');
    expect(result.stdout).toContain(HOSTILE_NAME_SHOWN);
  });

  it.runIf(hasScript)('agents list with colour: the only ESC sequences are our own colours', async () => {
    h.sim().state.createAgent({ name: HOSTILE_NAME });
    const result = await spawnCli(['agents', 'list'], { env: h.env({ TERM: 'xterm-256color' }), tty: true });
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout.replace(/\u001b\[[0-9;]*m/g, '')).not.toContain('\u001b');
    expect(result.stdout).toContain(HOSTILE_NAME_SHOWN);
  });

  it.runIf(hasScript)(
    'agents run: hostile tokens and a hostile run error are shown, not obeyed',
    async () => {
      const agent = h.sim().state.createAgent({ name: 'Spawned' });
      setRunScript(
        h.sim().state,
        {
          steps: ['streaming_result'],
          words: ['Hello ', '\u001b]52;c;ZXZpbA==\u0007', ' \u001b[2J', 'bye'],
          tokens: 4,
          outcome: 'failed',
          error: `boom ${HOSTILE_NAME}`,
        },
        agent.id,
      );
      const result = await spawnCli(['agents', 'run', agent.id, '--input', 'hi', '--stream'], {
        env: h.env({ TERM: 'xterm-256color', NO_COLOR: '1' }),
        tty: true,
      });
      expect(result.code, result.stdout).toBe(1);
      expect(result.stdout).toContain('Hello \\e]52;c;ZXZpbA==\\a \\e[2Jbye');
      expect(result.stdout).toContain(`error: run `);
      expect(result.stdout).toContain(`failed: boom ${HOSTILE_NAME_SHOWN}`);
      expect(result.stdout).not.toContain('\u001b]');
      expect(result.stdout).not.toContain('\u001b[2J');
      expect(result.stdout).not.toContain('\u0007');
    },
  );
});
