// The real binary on a pseudo-terminal with stdout in a pipe to the same screen (`| cat`, as with
// `| tee`): no spinner or bar is drawn, since redrawing would erase the data next to it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasScript, requireBuiltBinary, spawnCli } from '../helpers/spawn.ts';
import { setRunScript } from '../sim/routes/runs.ts';
import { useHarness } from './harness.ts';

const SOURCE_ID = '7b2e0c4d-5f61-4a7e-9d3b-2c8f1e6a9b00';
/** What ora and the transfer bars write to redraw: line clears, cursor moves, synchronized output. */
const REDRAW = /\u001b\[(\d*[FGK]|J|\?2026[hl]|\?25[hl])/;

describe('the spawned binary: progress and notes next to streamed data', () => {
  const h = useHarness();

  requireBuiltBinary();

  it.runIf(hasScript)('agents run --stream | cat: the answer arrives whole, nothing is redrawn', async () => {
    const agent = h.sim().state.createAgent({ name: 'Teed' });
    setRunScript(
      h.sim().state,
      { steps: ['streaming_result'], words: ['alpha ', 'beta ', 'gamma'], tokens: 12, tokenIntervalMs: 40 },
      agent.id,
    );
    const result = await spawnCli(['agents', 'run', agent.id, '--input', 'hi', '--stream'], {
      env: h.env({ TERM: 'xterm-256color', NO_COLOR: '1' }),
      tty: true,
      stdoutPipe: true,
    });
    // The summary goes to stderr, straight to the terminal, while the answer passes through `cat`:
    // the two may land in either order, as they do in a real shell, so the answer is read without it.
    const summary = /completed in [\d.]+s · [\d.]+ credits · run [0-9a-f-]{36}\r?\n/;
    expect(result.stdout).toMatch(summary);
    expect(result.stdout.replace(summary, '')).toContain(
      'alpha beta gammaalpha beta gammaalpha beta gammaalpha beta gamma',
    );
    expect(result.stdout).not.toMatch(REDRAW);
  });

  it.runIf(hasScript)(
    'sources upload | cat: one static line instead of bars, the results intact',
    async () => {
      const file = join(h.home(), 'notes.txt');
      writeFileSync(file, 'some notes\n'.repeat(2000));
      const result = await spawnCli(['sources', 'upload', SOURCE_ID, file], {
        env: h.env({ TERM: 'xterm-256color', NO_COLOR: '1' }),
        tty: true,
        stdoutPipe: true,
      });
      expect(result.stdout).toContain('Sending 1 file (21 KiB)…');
      expect(result.stdout).toMatch(/notes\.txt\tuploaded\t[0-9a-f-]{36}/);
      expect(result.stdout).toMatch(/Sent 1 of 1 file \(21 KiB in \d+:\d\d\)\./);
      expect(result.stdout).not.toMatch(REDRAW);
    },
  );

  it.runIf(hasScript)('a dropped stream on a terminal: the note starts a line of its own', async () => {
    const agent = h.sim().state.createAgent({ name: 'Dropped' });
    setRunScript(h.sim().state, { dropAfterEvents: 8, finishAfterMs: 60 }, agent.id);
    const result = await spawnCli(
      ['agents', 'run', agent.id, '--input', 'hi', '--stream', '--poll-interval', '100ms'],
      { env: h.env({ TERM: 'xterm-256color', NO_COLOR: '1' }), tty: true },
    );
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/The \r\nThe stream dropped \(/);
    expect(result.stdout).toMatch(/\r\ncompleted in /);
  });
});
