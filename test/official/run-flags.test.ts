// agents run: the official CLI's --data body, --replay and --events --event-filter, as a server sees them.

import { writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answer, type SeenRequest, useHostileCli } from '../helpers/hostile.ts';

const { server, home, cli } = useHostileCli();
const sent = () => server().requests.map((r) => `${r.method} ${r.url}`);
const body = (i = 0) => JSON.parse(server().requests[i].body.toString('utf8'));

const REPLAYED = '5d9a0c2e-1b7f-4e3a-9c1d-2f6e8a4b7c90';
const done = { run_id: 'r1', status: 'completed', output: 'hi' };

/** Answers a run stream: init, status, a step, two tokens, done. */
function streamEvents(_req: SeenRequest, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const events: [string, unknown][] = [
    ['init', { run_id: 'r1', status: 'pending' }],
    ['status', { run_id: 'r1', status: 'processing' }],
    ['step_started', { run_id: 'r1', step_id: 's1' }],
    ['stream_token', { token: 'h' }],
    ['stream_token', { token: 'i' }],
    ['done', done],
  ];
  res.end(events.map(([name, data]) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`).join(''));
}
const eventNames = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line).event);

describe('agents run --data', () => {
  it('sends the whole body, with --input, --metadata, --replay and --priority over its fields (--detach)', async () => {
    server().handle(answer(200, { run_id: 'r1', status: 'pending' }));
    writeFileSync(
      join(home(), 'run.json'),
      JSON.stringify({
        input_upload_ids: ['u1', 'u2'],
        metadata: { team: 'a', lang: 'en' },
        priority: false,
        replay_of_run_id: 'old',
      }),
    );
    const result = await cli([
      'agents',
      'run',
      'a1',
      '--detach',
      '--data',
      '@run.json',
      '--input',
      'hello',
      '--metadata',
      'team=b',
      '--replay',
      REPLAYED,
      '--priority',
      '--json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(sent()).toEqual(['POST /agents/a1/runs']);
    expect(body()).toEqual({
      input: 'hello',
      metadata: { team: 'b', lang: 'en' },
      priority: true,
      replay_of_run_id: REPLAYED,
    });
  });

  it('is the body as given when no flag overrides it (--wait, from stdin)', async () => {
    server().handle((req, res) =>
      answer(200, req.method === 'GET' ? done : { run_id: 'r1', status: 'pending' })(req, res),
    );
    const result = await cli(['agents', 'run', 'a1', '--wait', '--data', '-', '--json'], {
      stdin: '{"input_upload_id":"u1","metadata":{"k":1},"priority":true}',
    });
    expect(result.code).toBe(0);
    expect(sent()).toEqual(['POST /agents/a1/runs', 'GET /agents/runs/r1']);
    expect(body()).toEqual({ input_upload_id: 'u1', metadata: { k: 1 }, priority: true });
  });

  it('streams the body without priority, which a streamed run always has', async () => {
    server().handle(streamEvents);
    const result = await cli([
      'agents',
      'run',
      'a1',
      '--events',
      '--data',
      '{"input":"from data","priority":false,"metadata":{"k":"v"}}',
    ]);
    expect(result.code).toBe(0);
    expect(sent()).toEqual(['POST /agents/a1/runs/stream']);
    expect(body()).toEqual({ input: 'from data', metadata: { k: 'v' } });
  });

  it('takes the official --json-file as the run body, from a file or stdin', async () => {
    server().handle(answer(200, { run_id: 'r1', status: 'pending' }));
    writeFileSync(join(home(), 'run.json'), '{"input":"from file"}');
    const fromFile = await cli(['agents', 'run', 'a1', '--json-file', 'run.json', '--detach', '--json']);
    expect(fromFile.code).toBe(0);
    expect(body(0)).toEqual({ input: 'from file' });
    const fromStdin = await cli(['agents', 'run', 'a1', '--json-file', '-', '--detach', '--json'], {
      stdin: '{"input":"piped"}',
    });
    expect(fromStdin.code).toBe(0);
    expect(body(1)).toEqual({ input: 'piped' });
  });

  it('--file stages files in place of the input fields of --data', async () => {
    server().handle((req, res) =>
      answer(
        200,
        req.url.endsWith('/upload-input')
          ? { id: 'u9', status: 'ready', filename: 'doc.txt' }
          : { run_id: 'r1', status: 'pending' },
      )(req, res),
    );
    writeFileSync(join(home(), 'doc.txt'), 'hello');
    const result = await cli([
      'agents',
      'run',
      'a1',
      '--data',
      '{"input":"replaced","input_upload_ids":["u1","u2"],"metadata":{"k":"v"}}',
      '--file',
      'doc.txt',
      '--detach',
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(sent()).toEqual(['POST /agents/a1/upload-input', 'POST /agents/a1/runs']);
    expect(body(1)).toEqual({ input_upload_id: 'u9', metadata: { k: 'v' } });
  });

  it('refuses a body that is not a JSON object, and two readers of stdin, before any request', async () => {
    const notObject = await cli(['agents', 'run', 'a1', '--detach', '--data', '["x"]']);
    expect(notObject.code).toBe(2);
    expect(notObject.stderr).toBe('error: --data must be a JSON object\n');
    const twice = await cli(['agents', 'run', 'a1', '--detach', '--data', '-', '--input', '-'], {
      stdin: '{}',
    });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toBe('error: --data - and --input - cannot both read stdin\n');
    expect(server().requests).toEqual([]);
  });
});

describe('agents run --replay', () => {
  it('sends replay_of_run_id when streaming too', async () => {
    server().handle(streamEvents);
    const result = await cli(['agents', 'run', 'a1', '--stream', '--json', '--replay', REPLAYED]);
    expect(result.code).toBe(0);
    expect(body()).toEqual({ replay_of_run_id: REPLAYED });
  });

  it('refuses an empty run id', async () => {
    const result = await cli(['agents', 'run', 'a1', '--detach', '--replay', '']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: --replay needs a run id\n');
    expect(server().requests).toEqual([]);
  });
});

describe('agents run --events --event-filter', () => {
  it('--events prints every event as a JSON line', async () => {
    server().handle(streamEvents);
    const result = await cli(['agents', 'run', 'a1', '--input', 'x', '--events']);
    expect(result.code).toBe(0);
    expect(eventNames(result.stdout)).toEqual([
      'init',
      'status',
      'step_started',
      'stream_token',
      'stream_token',
      'done',
    ]);
  });

  it('prints only the events named, comma-separated and repeated', async () => {
    server().handle(streamEvents);
    const result = await cli([
      'agents',
      'run',
      'a1',
      '--input',
      'x',
      '--events',
      '--event-filter',
      'stream_token,done',
      '--event-filter',
      'init',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(eventNames(result.stdout)).toEqual(['init', 'stream_token', 'stream_token', 'done']);
  });

  it('filters the events it adds after a stream gave up (resumed, done)', async () => {
    server().handle((req, res) => {
      if (req.method === 'GET') return answer(200, done)(req, res);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('event: init\ndata: {"run_id":"r1","status":"pending"}\n\n');
    });
    const onlyDone = await cli(['agents', 'run', 'a1', '--events', '--event-filter', 'done']);
    expect(onlyDone.code).toBe(0);
    expect(eventNames(onlyDone.stdout)).toEqual(['done']);
    const onlyInit = await cli(['agents', 'run', 'a1', '--events', '--event-filter', 'init']);
    expect(onlyInit.code).toBe(0);
    expect(eventNames(onlyInit.stdout)).toEqual(['init']);
  });

  it('keeps a name it does not know, with a warning', async () => {
    server().handle(streamEvents);
    const result = await cli(['agents', 'run', 'a1', '--events', '--event-filter', 'stream_tokens,done']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'warning: --event-filter: "stream_tokens" is not an event this CLI knows',
    );
    expect(eventNames(result.stdout)).toEqual(['done']);
  });

  it.each([
    [['--wait', '--json'], 'add --events'],
    [['--stream'], 'add --events'],
    [['--detach', '--json'], 'add --events'],
  ])('is a usage error without streamed JSON (%j), nothing sent', async (flags, hint) => {
    const result = await cli(['agents', 'run', 'a1', '--input', 'x', ...flags, '--event-filter', 'done']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error: --event-filter picks the events printed as JSON lines while streaming\nhint: ${hint} (the same as --stream --json)\n`,
    );
    expect(server().requests).toEqual([]);
  });

  it('refuses an empty or malformed list', async () => {
    for (const value of ['', 'done,', 'a b']) {
      const result = await cli(['agents', 'run', 'a1', '--events', '--event-filter', value]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('error: --event-filter takes event names separated by commas');
    }
    expect(server().requests).toEqual([]);
  });
});
