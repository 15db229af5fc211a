// Bounded waits, clean failures: durations a timer can hold, streams that stall or swell, output
// that cannot be written, request errors in words, listings that never end, empty answers,
// and bodies that are not UTF-8.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, existsSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { expectUsageError, useHarness } from '../foundation/harness.ts';
import { type CliRunOptions, runCli } from '../helpers/cli.ts';
import { answer, dropConnection, type HostileHandler, useHostileServer } from '../helpers/hostile.ts';
import { BIN, requireBuiltBinary } from '../helpers/spawn.ts';

const h = useHarness();
const hostile = useHostileServer();
const AGENT_ID = '3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';

/** Runs the CLI against the hostile server, whose answers the test chose. */
function against(argv: string[], options: CliRunOptions = {}) {
  return runCli(argv, {
    ...options,
    env: {
      SECLAI_API_URL: hostile().url,
      SECLAI_API_KEY: 'sk-hostile',
      HOME: h.home(),
      SECLAI_RETRY_BASE_MS: '10',
      ...options.env,
    },
  });
}
const RUN_ID = '0b7e3c1a-2f4d-4e6b-9a8c-1d2e3f4a5b6c';

describe('durations', () => {
  it.each([
    [['--timeout', '1000h', 'agents', 'list'], /^error: --timeout must be at most 596h/],
    [['runs', 'watch', RUN_ID, '--poll-interval', '1000h'], /^error: --poll-interval must be at most 596h/],
    [['runs', 'watch', RUN_ID, '--poll-interval', '10ms'], /^error: --poll-interval must be at least 100ms/],
    [
      ['agents', 'run', RUN_ID, '--wait', '--poll-interval', '99ms'],
      /--poll-interval must be at least 100ms/,
    ],
  ])('%j is a usage error and sends nothing', async (argv, pattern) => {
    const result = await h.cli(argv);
    expectUsageError(result, pattern);
    expect(h.sim().requests).toEqual([]);
  });
});

describe('bodies that are not UTF-8', () => {
  const LATIN1 = Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]); // {"name":"é"} in Latin-1

  it('--data - with invalid UTF-8 is a usage error, nothing sent', async () => {
    const result = await h.cli(['agents', 'create', '--data', '-'], { stdin: Readable.from([LATIN1]) });
    expectUsageError(result, /^error: --data from stdin is not valid UTF-8 text$/);
    expect(h.sim().requests).toEqual([]);
  });

  it('--data @file with invalid UTF-8 is a usage error, nothing sent', async () => {
    const file = join(h.home(), 'body.json');
    writeFileSync(file, LATIN1);
    const result = await h.cli(['agents', 'create', '--data', `@${file}`]);
    expectUsageError(result, /^error: --data file .*body\.json is not valid UTF-8 text$/);
    expect(h.sim().requests).toEqual([]);
  });

  it('--input-file with invalid UTF-8 is a usage error, nothing sent', async () => {
    const file = join(h.home(), 'question.txt');
    writeFileSync(file, Buffer.from([0x51, 0xff, 0x3f]));
    const result = await h.cli(['agents', 'run', RUN_ID, '--wait', '--input-file', file]);
    expectUsageError(result, /^error: --input-file .*question\.txt is not valid UTF-8 text$/);
    expect(h.sim().requests).toEqual([]);
  });

  it('--data @dir names the problem in words, not EISDIR', async () => {
    const result = await h.cli(['agents', 'create', '--data', `@${h.home()}`]);
    expectUsageError(result, /^error: --data: cannot read .*: it is a directory$/);
  });
});

describe('--all against a server that always claims another page', () => {
  it('repeating the same items: exit 1, "listing cut short", the JSON array printed so far left open', async () => {
    hostile().handle(
      answer(200, { data: [{ id: AGENT_ID, name: 'same' }], pagination: { page: 1, has_next: true } }),
    );
    const result = await against(['agents', 'list', '--all', '--json']);
    expect(result.code).toBe(1);
    // Streamed as it arrived: no JSON parser takes the unclosed array for a whole list.
    expect(result.stdout).toBe(`[\n  {\n    "id": "${AGENT_ID}",\n    "name": "same"\n  }`);
    expect(() => JSON.parse(result.stdout)).toThrow();
    expect(result.stderr).toMatch(
      /^error: listing cut short after 1 page: page 2 repeated items already listed\nhint: what was printed is incomplete;/,
    );
    expect(hostile().requests).toHaveLength(2);
  });

  it('new items on every page past pagination.pages: exit 1, cut short', async () => {
    hostile().handle((req, res) => {
      const page = Number(new URL(req.url, 'http://x').searchParams.get('page'));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ data: [{ id: `agent-${page}` }], pagination: { page, pages: 3, has_next: true } }),
      );
    });
    const result = await against(['agents', 'list', '--all']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('agent-1\t\t\t\t\nagent-2\t\t\t\t\nagent-3\t\t\t\t\n');
    expect(result.stderr).toMatch(
      /^error: listing cut short after 3 pages: the API claimed a page past its last one/,
    );
  });
});

describe('empty answers', () => {
  const empty: HostileHandler = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end();
  };

  it('an empty 200 where an object is expected: exit 1, not "Done"', async () => {
    hostile().handle(empty);
    const result = await against(['agents', 'get', AGENT_ID]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: the API answered GET /agents/${AGENT_ID} with an empty body instead of an object\n`,
    );
  });

  it('an empty 200 where a list is expected: exit 1', async () => {
    hostile().handle(empty);
    const result = await against(['agents', 'list']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: the API answered GET \/agents with an empty body instead of a list\n/,
    );
  });

  it('an empty 200 with --all: exit 1', async () => {
    hostile().handle(empty);
    const result = await against(['agents', 'list', '--all']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: the API answered GET \/agents with an empty body\n/);
  });

  it('a 204 on delete still says Deleted', async () => {
    hostile().handle((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const result = await against(['agents', 'delete', AGENT_ID, '--yes']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe(`Deleted agent ${AGENT_ID}.\n`);
  });
});

describe('request errors in words', () => {
  const INTERNAL = /UND_ERR|ECONN|EPIPE|ENOTDIR|EISDIR|Maximum call stack|\n\s+at /;

  it('a connection dropped in the middle of the answer names the method and path', async () => {
    hostile().handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
      res.write('{"data": [{"id": "half');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const result = await against(['agents', 'list']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: GET \/agents: the answer was cut off \(.+\)\n$/);
    expect(result.stderr).not.toMatch(INTERNAL);
  });

  it('a download cut off mid-body says so in words', async () => {
    hostile().handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '100000' });
      res.write(Buffer.alloc(30_000));
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const out = join(h.home(), 'export.jsonl');
    const result = await against(['sources', 'exports', 'download', AGENT_ID, RUN_ID, '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: download failed: the connection closed unexpectedly; nothing was written\n',
    );
  });

  it('a connection dropped before any answer: retried, then the method and path in words', async () => {
    hostile().handle(dropConnection);
    const result = await against(['agents', 'list']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('error: GET /agents failed: the connection closed unexpectedly\n');
    expect(hostile().requests.length).toBeGreaterThan(1);
  });

  it('a POST whose connection dropped is not repeated, and says it may have taken effect', async () => {
    hostile().handle(dropConnection);
    const result = await against(['agents', 'create', '--name', 'x']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: POST /agents failed: the connection closed unexpectedly\n' +
        'hint: the request was sent; check whether it took effect before trying again\n',
    );
    expect(hostile().requests).toHaveLength(1);
  });

  it('a refused connection says so in words, with the method and path', async () => {
    const result = await h.cli(['agents', 'list'], { env: { SECLAI_API_URL: 'http://127.0.0.1:9' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: could not reach http://127.0.0.1:9 (GET /agents): connection refused\n',
    );
  });

  it('an answer nested 100,000 levels deep fails in words, not with a stack overflow', async () => {
    const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    hostile().handle(answer(200, deep));
    const result = await against(['agents', 'get', AGENT_ID, '--json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: the API answered GET /agents/${AGENT_ID} with JSON nested too deeply to handle\n`,
    );
  });

  it('--data nested 100,000 levels deep is a usage error, nothing sent', async () => {
    const deep = `{"name":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const result = await against(['agents', 'create', '--data', '-'], { stdin: deep });
    expectUsageError(result, /^error: --data from stdin is nested more than 1000 levels deep$/);
    expect(hostile().requests).toEqual([]);
  });
});

/** A stdout whose every write fails with `code`, like a full disk or a closed descriptor. */
function failingStdout(code: string): Writable {
  return new Writable({
    write(_chunk, _encoding, callback) {
      callback(Object.assign(new Error(`${code}: write failed`), { code, syscall: 'write' }));
    },
  });
}

describe('output that cannot be written', () => {
  it.each([
    ['ENOSPC', 'no space left on device'],
    ['EIO', 'input/output error'],
    ['EBADF', 'the file or stream is closed'],
  ])('%s: one line, exit 1, no stack trace', async (code, words) => {
    h.sim().state.seedAgents(3);
    const result = await h.cli(['agents', 'list'], { stdout: failingStdout(code) });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`error: cannot write output: ${words}\n`);
  });

  it('a streaming run is cancelled as on Ctrl-C, then exit 1', async () => {
    hostile().handle((req, res) => {
      if (req.method === 'DELETE') return answer(200, { run_id: RUN_ID, status: 'failed' })(req, res);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`event: init\ndata: {"run_id":"${RUN_ID}","status":"processing"}\n\n`);
      const timer = setInterval(() => res.write('event: stream_token\ndata: {"token":"word "}\n\n'), 20);
      res.on('close', () => clearInterval(timer));
    });
    const result = await against(['agents', 'run', AGENT_ID, '--stream', '--input', 'hi'], {
      stdout: failingStdout('ENOSPC'),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`^error: cannot write output: no space left on device; cancelled run ${RUN_ID}\\n`),
    );
    expect(hostile().requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `POST /agents/${AGENT_ID}/runs/stream`,
      `DELETE /agents/runs/${RUN_ID}`,
    ]);
  });
});

describe('output that failed before a streaming run began', () => {
  it('the run is cancelled once it starts, and the command ends (exit 1) instead of waiting forever', async () => {
    const closed = failingStdout('EBADF');
    closed.on('error', () => {});
    closed.write('x');
    await new Promise((resolve) => closed.once('close', resolve));
    hostile().handle((req, res) => {
      if (req.method === 'DELETE') return answer(200, { run_id: RUN_ID, status: 'failed' })(req, res);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`event: init\ndata: {"run_id":"${RUN_ID}","status":"processing"}\n\n`);
      res.write('event: stream_token\ndata: {"token":"word "}\n\n');
    });
    const result = await against(['agents', 'run', AGENT_ID, '--stream', '--json'], { stdout: closed });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: cannot write output: the file or stream is closed; cancelled run ${RUN_ID}\n`,
    );
    expect(hostile().requests.map((r) => r.method)).toEqual(['POST', 'DELETE']);
  });
});

describe('the binary writing to /dev/full', () => {
  requireBuiltBinary();

  it.skipIf(!existsSync('/dev/full'))(
    'agents list > /dev/full: one line, exit 1, no stack trace',
    async () => {
      h.sim().state.seedAgents(3);
      const full = openSync('/dev/full', 'w');
      const child = spawn(process.execPath, [BIN, 'agents', 'list'], {
        env: { PATH: process.env.PATH, ...h.env() },
        stdio: ['ignore', full, 'pipe'],
      });
      closeSync(full);
      let stderr = '';
      child.stderr?.on('data', (c: Buffer) => {
        stderr += c.toString('utf8');
      });
      const [code] = (await once(child, 'close')) as [number];
      expect(stderr).toBe('error: cannot write output: no space left on device\n');
      expect(code).toBe(1);
    },
  );
});

describe('streams that stall or swell', () => {
  const RUN = { run_id: RUN_ID, status: 'completed', output: 'The final answer.' };
  const INIT = `event: init\ndata: {"run_id":"${RUN_ID}","status":"processing"}\n\n`;

  /** Streams `first` (then `more`, if any) and keeps the connection open; polling gets the finished run. */
  function stream(first: string, more?: string): HostileHandler {
    return (req, res) => {
      if (req.method === 'GET') return answer(200, RUN)(req, res);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(first);
      if (more !== undefined) res.write(more);
    };
  }

  it.each([
    ['--idle-timeout', ['--idle-timeout', '200ms'], {}],
    ['SECLAI_STREAM_IDLE_TIMEOUT', [], { SECLAI_STREAM_IDLE_TIMEOUT: '200ms' }],
  ])('a stream silent past %s switches to polling', async (_name, flags, env) => {
    hostile().handle(stream(INIT));
    const result = await against(
      ['agents', 'run', AGENT_ID, '--stream', '--poll-interval', '100ms', ...flags],
      { env },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('The final answer.\n');
    expect(result.stderr).toContain(
      `The stream sent nothing for 200 ms; following run ${RUN_ID} by polling.`,
    );
    expect(hostile().requests.map((r) => r.method)).toEqual(['POST', 'GET']);
  });

  it('an event larger than 16 MiB switches to polling instead of eating memory', async () => {
    const huge = `event: stream_token\ndata: ${'x'.repeat(17 * 1024 * 1024)}`;
    hostile().handle(stream(INIT, huge));
    const result = await against(['agents', 'run', AGENT_ID, '--stream', '--poll-interval', '100ms']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('The final answer.\n');
    expect(result.stderr).toContain(
      `The stream sent an event larger than 16 MiB; following run ${RUN_ID} by polling.`,
    );
  });

  it('tokens after the done event are ignored', async () => {
    const done = `event: done\ndata: ${JSON.stringify({ ...RUN, output: 'Hello' })}\n\n`;
    const token = (t: string) => `event: stream_token\ndata: {"token":"${t}"}\n\n`;
    hostile().handle(stream(`${INIT}${token('Hello')}${done}${token(' EXTRA')}`));
    const text = await against(['agents', 'run', AGENT_ID, '--stream']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toBe('Hello\n');
    const json = await against(['agents', 'run', AGENT_ID, '--stream', '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect(json.stdout).not.toContain('EXTRA');
  });

  it.each([
    [['--idle-timeout', '1000h'], {}, /^error: --idle-timeout must be at most 596h/],
    [['--idle-timeout', 'soon'], {}, /^error: --idle-timeout must be a positive duration/],
    [[], { SECLAI_STREAM_IDLE_TIMEOUT: '50ms' }, /^error: SECLAI_STREAM_IDLE_TIMEOUT must be at least 100ms/],
  ])('a bad idle timeout %j %j is a usage error', async (flags, env, pattern) => {
    const result = await against(['agents', 'run', AGENT_ID, '--stream', ...flags], { env });
    expectUsageError(result, pattern);
    expect(hostile().requests).toEqual([]);
  });
});
