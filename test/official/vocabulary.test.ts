// The official CLI's names and flags, as they arrive at a server.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answer, useHostileCli } from '../helpers/hostile.ts';

const { server, home, cli } = useHostileCli();
const sent = () => server().requests.map((r) => `${r.method} ${r.url}`);
const body = (i = 0) => JSON.parse(server().requests[i].body.toString('utf8'));

describe('official command names', () => {
  it.each([
    [['email', 'domains', 'remove', 'd1', '--yes'], 'DELETE /email-domains/d1'],
    [['email', 'domains', 'set-primary', 'd1'], 'POST /email-domains/d1/primary'],
    [['email', 'blocked', 'remove', 'b1', '--yes'], 'DELETE /agents/blocked-email-senders/b1'],
    [['email', 'optouts', 'remove', 'o1', '--yes'], 'DELETE /agents/agent-email-optouts/o1'],
    [['agent-runs', 'get', 'r1'], 'GET /agents/runs/r1'],
    [['agents', 'runs', 'get', 'r1'], 'GET /agents/runs/r1'],
  ])('%j sends %s', async (argv, request) => {
    server().handle(answer(200, { id: 'x', run_id: 'r1', status: 'completed' }));
    const result = await cli([...argv, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(sent()).toEqual([request]);
  });

  it('email blocked auto-block-mode takes the mode as an argument, one of three', async () => {
    server().handle(answer(200, { auto_block_mode: 'input_and_output', total: 0 }));
    const ok = await cli(['email', 'blocked', 'auto-block-mode', 'input_and_output', '--json']);
    expect(ok.code).toBe(0);
    expect(sent()).toEqual(['PUT /agents/blocked-email-senders/mode']);
    expect(body()).toEqual({ mode: 'input_and_output' });

    const bad = await cli(['email', 'blocked', 'auto-block-mode', 'off']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('error: <mode> must be one of disabled, input, input_and_output (got "off")\n');
    expect(server().requests).toHaveLength(1);

    const help = await cli(['email', 'blocked', 'auto-block-mode', '--help']);
    expect(help.stdout).toContain('disabled, input, input_and_output');
    expect(help.stdout).not.toContain('--mode off');
  });

  it('agents runs delete cancels the run and says the name is deprecated', async () => {
    server().handle(answer(200, { run_id: 'r1', status: 'failed' }));
    const result = await cli(['agents', 'runs', 'delete', 'r1', '--json']);
    expect(result.code).toBe(0);
    expect(sent()).toEqual(['DELETE /agents/runs/r1']);
    expect(result.stderr).toBe(
      'warning: `seclai agents runs delete` is deprecated; use `seclai agents runs cancel`\n',
    );
  });

  it('agents runs download-attachment downloads like runs attachment, with --download-name', async () => {
    server().handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('file body');
    });
    const result = await cli([
      'agents',
      'runs',
      'download-attachment',
      'r1',
      'a2',
      '--download-name',
      'x.txt',
      '--out',
      '-',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('file body');
    expect(sent()).toEqual(['GET /v2/agent-runs/r1/attachments/a2?download_name=x.txt']);
  });

  it('help names the API operation behind alias commands and both endpoints of agents run', async () => {
    for (const verb of ['get', 'cancel']) {
      const help = await cli(['agents', 'runs', verb, '--help']);
      expect(help.stdout).toContain(`API: ${verb === 'get' ? 'GET' : 'DELETE'} /agents/runs/{run_id}`);
    }
    const run = await cli(['agents', 'run', '--help']);
    expect(run.stdout).toContain('POST /agents/{agent_id}/runs/stream');
    expect(run.stdout).toContain('POST /agents/{agent_id}/runs (then');
  });
});

describe('official flag names', () => {
  it('email blocked add --sender-email --match-type --note', async () => {
    server().handle(answer(200, { id: 'b1' }));
    const result = await cli([
      'email',
      'blocked',
      'add',
      '--sender-email',
      'spam.example',
      '--match-type',
      'domain',
      '--note',
      'bulk',
    ]);
    expect(result.code).toBe(0);
    expect(body()).toEqual({ sender_email: 'spam.example', match_type: 'domain', note: 'bulk' });
  });

  it('email domains add --kind --value --delegated', async () => {
    server().handle(answer(200, { id: 'd1' }));
    const result = await cli([
      'email',
      'domains',
      'add',
      '--kind',
      'custom',
      '--value',
      'mail.example.com',
      '--delegated',
    ]);
    expect(result.code).toBe(0);
    expect(body()).toEqual({ kind: 'custom', value: 'mail.example.com', delegated: true });
  });

  it('--agent-id filters like --agent', async () => {
    server().handle(answer(200, []));
    const result = await cli(['email', 'optouts', 'list', '--agent-id', 'a1', '--json']);
    expect(result.code).toBe(0);
    expect(sent()).toEqual(['GET /agents/agent-email-optouts?agent_id=a1']);
  });

  it.each([
    [
      ['models', 'list', '--supports-tool-use', '--supports-thinking', '--supports-input-media', 'image'],
      'GET /models?supports_tool_use=true&supports_thinking=true&supports_input_media=image',
    ],
    [['search', '--query', 'x', '--entity-type', 'agent'], 'GET /search?q=x&entity_type=agent'],
    [['agents', 'export', 'a1', '--no-download'], 'GET /agents/a1/export?download=false'],
  ])('%j sends %s', async (argv, request) => {
    server().handle(answer(200, {}));
    const result = await cli([...argv, '--json']);
    expect(result.code).toBe(0);
    expect(sent()).toEqual([request]);
  });

  it('--user-input is the prompt of the AI assistants', async () => {
    server().handle(answer(200, { conversation_id: 'c1' }));
    const result = await cli(['governance', 'ai', 'generate', '--user-input', 'block spam', '--json']);
    expect(result.code).toBe(0);
    expect(body()).toEqual({ user_input: 'block spam' });
  });

  it('--compact prints one line of JSON', async () => {
    server().handle(answer(200, { run_id: 'r1', status: 'completed', output: 'hi' }));
    const result = await cli(['runs', 'get', 'r1', '--compact']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('{"run_id":"r1","status":"completed","output":"hi"}\n');
  });

  it('--compact prints a waited run on one line too', async () => {
    server().handle(answer(200, { run_id: 'r1', status: 'completed', output: 'hi' }));
    const result = await cli(['agents', 'run', 'a1', '--input', 'hi', '--poll', '--compact']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('{"run_id":"r1","status":"completed","output":"hi"}\n');
  });

  it('--json-file reads the request body from a file or stdin', async () => {
    server().handle(answer(200, { id: 'new' }));
    writeFileSync(join(home(), 'body.json'), '{"name":"From file"}');
    const fromFile = await cli(['agents', 'create', '--json-file', 'body.json', '--json']);
    expect(fromFile.code).toBe(0);
    expect(body(0)).toEqual({ name: 'From file' });
    const fromStdin = await cli(['agents', 'create', '--json-file', '-', '--json'], {
      stdin: '{"name":"From stdin"}',
    });
    expect(fromStdin.code).toBe(0);
    expect(body(1)).toEqual({ name: 'From stdin' });
  });

  it('--json with a body is refused with the --data spelling, nothing sent', async () => {
    for (const argv of [
      ['agents', 'create', '--json', '{"name":"x"}'],
      ['agents', 'create', '--json={"name":"x"}'],
    ]) {
      const result = await cli(argv);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        "error: --json prints JSON output here; it takes no value\nhint: give a request body with --data '{…}', --data @file.json or --data -\n",
      );
    }
    expect(server().requests).toEqual([]);
  });

  it('the official --output full|data|status is a usage error naming --event-filter', async () => {
    const result = await cli(['agents', 'run', 'a1', '--input', 'hi', '--output', 'data']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('hint: ');
    expect(result.stderr).toContain('--event-filter');
    expect(server().requests).toEqual([]);
  });
});

describe('sources list --account-id', () => {
  const ACCOUNT = '0b6f2a5e-3c1d-4e8f-9a7b-5d2c1e0f4a3b';
  const withToken = (argv: string[]) =>
    cli(argv, { env: { SECLAI_API_KEY: undefined, SECLAI_ACCESS_TOKEN: 'at-vocab' } });

  it('sends the account_id query parameter with an API key (no X-Account-Id)', async () => {
    server().handle(answer(200, []));
    const result = await cli(['sources', 'list', '--account-id', ACCOUNT, '--json']);
    expect(result.code).toBe(0);
    expect(sent()).toEqual([`GET /sources?account_id=${ACCOUNT}`]);
    expect(server().requests[0].headers['x-account-id']).toBeUndefined();
  });

  it('sends both the header and the query parameter with an SSO token, on every page', async () => {
    server().handle(answer(200, { data: [{ id: 's1' }], pagination: { page: 1, limit: 100, total: 1 } }));
    const result = await withToken(['--account-id', ACCOUNT, 'sources', 'list', '--all', '--json']);
    expect(result.code).toBe(0);
    expect(sent()).toEqual([`GET /sources?account_id=${ACCOUNT}&limit=100&page=1`]);
    expect(server().requests[0].headers['x-account-id']).toBe(ACCOUNT);
  });

  it('fills no query parameter on other lists, and refuses an id that is not a UUID', async () => {
    server().handle(answer(200, []));
    const agents = await cli(['agents', 'list', '--account-id', ACCOUNT, '--json']);
    expect(agents.code).toBe(0);
    expect(sent()).toEqual(['GET /agents']);
    const bad = await cli(['sources', 'list', '--account-id', 'acme']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('error: --account-id must be a UUID (got "acme")\n');
    expect(server().requests).toHaveLength(1);
  });
});
