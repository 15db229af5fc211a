// The text run view after a stream resumed by polling: what it prints of the final output, which
// it compares with what it streamed without keeping that text.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type RunOutcome, TextRunView } from '../../src/output/run-view.ts';
import { StreamedText } from '../../src/output/streamed-text.ts';

describe('StreamedText', () => {
  it('tells whether a text begins with all that was added, however it was cut', () => {
    const text = 'Grüße, 世界 🌍 and more';
    for (let at = 0; at <= text.length; at++) {
      const streamed = new StreamedText();
      streamed.add(text.slice(0, at));
      streamed.add(text.slice(at));
      expect(streamed.length).toBe(text.length);
      expect(streamed.isPrefixOf(text), `cut at ${at}`).toBe(true);
      expect(streamed.isPrefixOf(`${text}, and then some`), `cut at ${at}`).toBe(true);
    }
  });

  it('a text that differs anywhere, or is shorter, does not begin with it', () => {
    const streamed = new StreamedText();
    for (const piece of ['The ', 'quick ', 'brown ', 'fox']) streamed.add(piece);
    expect(streamed.isPrefixOf('The quick brown fox jumps')).toBe(true);
    expect(streamed.isPrefixOf('The quick brown box jumps')).toBe(false);
    expect(streamed.isPrefixOf('the quick brown fox jumps')).toBe(false);
    expect(streamed.isPrefixOf('The quick brown')).toBe(false);
  });

  it('a high surrogate at the end of a piece is compared with its pair from the next', () => {
    const streamed = new StreamedText();
    streamed.add('a\ud83c');
    expect(streamed.isPrefixOf('a\ud83c')).toBe(true);
    streamed.add('\udf0d!');
    expect(streamed.isPrefixOf('a🌍!')).toBe(true);
    expect(streamed.isPrefixOf('a🌎!')).toBe(false);
  });
});

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function resumedRun(streamed: string[], output: string) {
  const stdout = new Sink();
  const stderr = new Sink();
  const view = new TextRunView({
    stdout,
    stderr,
    stdoutTTY: false,
    spinner: false,
    color: false,
    now: () => 0,
  });
  for (const token of streamed) view.token(token);
  await view.flush();
  view.resumed();
  const outcome: RunOutcome = { run: {}, runId: 'r1', status: 'completed', output, source: 'poll' };
  await view.finished(outcome);
  return { stdout: stdout.text, stderr: stderr.text };
}

describe('TextRunView after a resumed stream', () => {
  it('prints the rest of the final output after what was streamed', async () => {
    const r = await resumedRun(['The ', 'quick '], 'The quick brown fox.');
    expect(r.stdout).toBe('The quick brown fox.\n');
    expect(r.stderr).not.toMatch(/differs/);
  });

  it('prints nothing more when the final output is what was streamed', async () => {
    const r = await resumedRun(['The ', 'end.'], 'The end.');
    expect(r.stdout).toBe('The end.\n');
  });

  it('prints the final output in full, on a line of its own, when it differs from what was streamed', async () => {
    const r = await resumedRun(['The ', 'quick'], 'A different answer.');
    expect(r.stdout).toBe('The quick\nA different answer.\n');
    expect(r.stderr).toMatch(/The final output differs from what was streamed; here it is in full/);
  });
});
