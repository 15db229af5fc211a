// Success paths through run(argv, ctx) against the simulator: agents CRUD, pages, me, api, commands.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PERSONAL_ACCOUNT_ID } from '../sim/accounts.ts';
import { onlyJson, useHarness } from './harness.ts';

interface AgentDoc {
  id: string;
  name: string;
  description: string | null;
}

describe('agents', () => {
  const h = useHarness();

  it('list prints one row per agent on the first page', async () => {
    const seeded = h.sim().state.seedAgents(3);
    const result = await h.cli(['agents', 'list']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const rows = result.stdout.trimEnd().split('\n');
    expect(rows).toHaveLength(3);
    expect(rows.map((row) => row.split('\t')[0]).sort()).toEqual(seeded.map((a) => a.id).sort());
    expect(h.sim().requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /agents']);
  });

  it('list --page/--limit sends them as query parameters; --json prints the page as one array', async () => {
    h.sim().state.seedAgents(5);
    const result = await h.cli(['agents', 'list', '--page', '2', '--limit', '2', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const items = onlyJson(result.stdout) as AgentDoc[];
    expect(items).toHaveLength(2);
    expect(h.sim().requests[0].query).toEqual({ page: '2', limit: '2' });
  });

  it('list --all walks every page; with --json it prints one array of all items', async () => {
    const seeded = h.sim().state.seedAgents(7);
    const result = await h.cli(['agents', 'list', '--all', '--limit', '3', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const items = onlyJson(result.stdout) as AgentDoc[];
    expect(Array.isArray(items)).toBe(true);
    expect(items.map((a) => a.id).sort()).toEqual(seeded.map((a) => a.id).sort());
    expect(h.sim().requests.map((r) => r.query.page)).toEqual(['1', '2', '3']);
  });

  it('list --all goes on over the connections its first pages opened', async () => {
    h.sim().state.seedAgents(40);
    const result = await h.cli(['agents', 'list', '--all', '--limit', '2', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect((onlyJson(result.stdout) as AgentDoc[]).length).toBe(40);
    expect(h.sim().requests).toHaveLength(20);
    // Four pages in flight: a page asked for as an answer was read takes that answer's connection.
    expect(new Set(h.sim().requests.map((r) => r.connection)).size).toBeLessThanOrEqual(4);
  });

  it('list --all without --limit asks for the largest page', async () => {
    h.sim().state.seedAgents(4);
    const result = await h.cli(['agents', 'list', '--all']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(4);
    expect(h.sim().requests).toHaveLength(1);
    expect(h.sim().requests[0].query).toMatchObject({ limit: '100', page: '1' });
  });

  it('list --all piped prints every row, still tab-separated', async () => {
    h.sim().state.seedAgents(5);
    const result = await h.cli(['agents', 'list', '--all', '--limit', '2']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(5);
    expect(h.sim().requests).toHaveLength(3);
  });

  it('get prints one agent; --json prints exactly that object', async () => {
    const [agent] = h.sim().state.seedAgents(1);
    const result = await h.cli(['agents', 'get', agent.id, '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(onlyJson(result.stdout)).toMatchObject({ id: agent.id, name: agent.name });
    const piped = await h.cli(['agents', 'get', agent.id]);
    expect(piped.stdout).toContain(`id\t${agent.id}\n`);
    expect(piped.stdout).toContain(`name\t${agent.name}\n`);
  });

  it('create takes --name and --description', async () => {
    const result = await h.cli(['agents', 'create', '--name', 'Triage', '--description', 'tier 1', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const created = onlyJson(result.stdout) as AgentDoc;
    expect(created).toMatchObject({ name: 'Triage', description: 'tier 1' });
    expect(h.sim().state.agents.has(created.id)).toBe(true);
    expect(h.sim().requests[0].body).toEqual({ name: 'Triage', description: 'tier 1' });
  });

  it('create --data inline JSON, with flags overriding its fields', async () => {
    const result = await h.cli([
      'agents',
      'create',
      '--data',
      '{"name":"from data","description":"kept"}',
      '--name',
      'from flag',
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(h.sim().requests[0].body).toEqual({ name: 'from flag', description: 'kept' });
    expect(onlyJson(result.stdout)).toMatchObject({ name: 'from flag', description: 'kept' });
  });

  it('create --data @file.json (relative to the working directory)', async () => {
    writeFileSync(
      join(h.home(), 'agent.json'),
      JSON.stringify({ name: 'from file', trigger_type: 'schedule' }),
    );
    const result = await h.cli(['agents', 'create', '--data', '@agent.json', '--json'], { cwd: h.home() });
    expect(result.code, result.stderr).toBe(0);
    expect(h.sim().requests[0].body).toEqual({ name: 'from file', trigger_type: 'schedule' });
    expect(onlyJson(result.stdout)).toMatchObject({ name: 'from file', trigger_type: 'schedule' });
  });

  it('create --data - reads the body from stdin', async () => {
    const result = await h.cli(['agents', 'create', '--data', '-', '--json'], {
      stdin: '{"name":"from stdin"}',
    });
    expect(result.code, result.stderr).toBe(0);
    expect(h.sim().requests[0].body).toEqual({ name: 'from stdin' });
  });

  it('update sends PUT with the flags, and the agent changes', async () => {
    const [agent] = h.sim().state.seedAgents(1);
    const result = await h.cli([
      'agents',
      'update',
      agent.id,
      '--data',
      '{"description":"old","max_retries":1}',
      '--description',
      'new',
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(h.sim().requests[0]).toMatchObject({
      method: 'PUT',
      path: `/agents/${agent.id}`,
      body: { description: 'new', max_retries: 1 },
    });
    expect(onlyJson(result.stdout)).toMatchObject({ id: agent.id, description: 'new', max_retries: 1 });
  });

  it('delete --yes deletes and notes it on stderr; stdout stays empty when piped', async () => {
    const [agent] = h.sim().state.seedAgents(1);
    const result = await h.cli(['agents', 'delete', agent.id, '--yes']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(agent.id);
    expect(h.sim().state.agents.has(agent.id)).toBe(false);
  });

  it('delete --yes --json prints {"id", "deleted": true} for the 204', async () => {
    const [agent] = h.sim().state.seedAgents(1);
    const result = await h.cli(['agents', 'delete', agent.id, '--yes', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(onlyJson(result.stdout)).toEqual({ id: agent.id, deleted: true });
  });

  it('delete asks on a TTY and deletes on yes', async () => {
    const [agent] = h.sim().state.seedAgents(1);
    const result = await h.cli(['agents', 'delete', agent.id], {
      stdinTTY: true,
      stderrTTY: true,
      answers: [true],
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.prompts).toEqual([`Delete agent ${agent.name} (${agent.id})?`]);
    expect(h.sim().state.agents.has(agent.id)).toBe(false);
  });

  it('delete asks on a TTY and sends nothing on no', async () => {
    const [agent] = h.sim().state.seedAgents(1);
    const result = await h.cli(['agents', 'delete', agent.id], {
      stdinTTY: true,
      stderrTTY: true,
      answers: [false],
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/nothing was changed/i);
    expect(h.sim().requests.map((r) => r.method)).toEqual(['GET']);
    expect(h.sim().state.agents.has(agent.id)).toBe(true);
  });

  it('the agent alias and verb aliases work', async () => {
    h.sim().state.seedAgents(2);
    const result = await h.cli(['agent', 'ls', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(onlyJson(result.stdout) as unknown[]).toHaveLength(2);
  });
});

describe('me', () => {
  const h = useHarness();

  it('--json prints the /me document', async () => {
    const result = await h.cli(['me', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(onlyJson(result.stdout)).toMatchObject({ account_id: PERSONAL_ACCOUNT_ID });
  });

  it('on a terminal shows the account and the organizations', async () => {
    const result = await h.cli(['me'], { stdoutTTY: true });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(PERSONAL_ACCOUNT_ID);
    expect(result.stdout).toContain('Acme Research');
  });
});

describe('api', () => {
  const h = useHarness();

  it('GET prints the JSON answer, with --query and an inline query string', async () => {
    h.sim().state.seedAgents(3);
    const result = await h.cli(['api', 'GET', '/agents?page=1', '-q', 'limit=2']);
    expect(result.code, result.stderr).toBe(0);
    expect((onlyJson(result.stdout) as { data: unknown[] }).data).toHaveLength(2);
    expect(h.sim().requests[0].query).toEqual({ page: '1', limit: '2' });
  });

  it('the method is case-insensitive', async () => {
    const result = await h.cli(['api', 'get', '/me']);
    expect(result.code, result.stderr).toBe(0);
    expect(onlyJson(result.stdout)).toMatchObject({ account_id: PERSONAL_ACCOUNT_ID });
  });

  it('reads `api get agents` as GET /agents: any case, the leading slash optional', async () => {
    h.sim().state.seedAgents(2);
    const result = await h.cli(['api', 'get', 'agents', '-q', 'limit=1']);
    expect(result.code, result.stderr).toBe(0);
    expect((onlyJson(result.stdout) as { data: unknown[] }).data).toHaveLength(1);
    expect(h.sim().requests[0]).toMatchObject({ method: 'GET', path: '/agents', query: { limit: '1' } });
  });

  it('POST sends --data and prints the created object', async () => {
    const result = await h.cli(['api', 'POST', '/agents', '--data', '{"name":"raw"}']);
    expect(result.code, result.stderr).toBe(0);
    const created = onlyJson(result.stdout) as AgentDoc;
    expect(created.name).toBe('raw');
    expect(h.sim().requests[0]).toMatchObject({ method: 'POST', body: { name: 'raw' } });
  });

  it('POST --data - reads stdin', async () => {
    const result = await h.cli(['api', 'POST', '/agents', '--data', '-'], { stdin: '{"name":"piped"}' });
    expect(result.code, result.stderr).toBe(0);
    expect(h.sim().requests[0].body).toEqual({ name: 'piped' });
  });

  it('DELETE prints one JSON document for the 204', async () => {
    const [agent] = h.sim().state.seedAgents(1);
    const result = await h.cli(['api', 'DELETE', `/agents/${agent.id}`]);
    expect(result.code, result.stderr).toBe(0);
    expect(onlyJson(result.stdout)).toEqual({ status: 204 });
    expect(h.sim().state.agents.has(agent.id)).toBe(false);
  });

  it('--paginate prints one array of every item across pages', async () => {
    const seeded = h.sim().state.seedAgents(5);
    const result = await h.cli(['api', 'GET', '/agents', '--paginate', '-q', 'limit=2']);
    expect(result.code, result.stderr).toBe(0);
    const items = onlyJson(result.stdout) as AgentDoc[];
    expect(items.map((a) => a.id).sort()).toEqual(seeded.map((a) => a.id).sort());
    expect(h.sim().requests).toHaveLength(3);
  });
});

describe('commands --json', () => {
  const h = useHarness();

  it('lists one entry per command with path, operation, arguments and options', async () => {
    const result = await h.cli(['commands', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const entries = onlyJson(result.stdout) as {
      path: string;
      operation: string | null;
      arguments: { name: string; required: boolean }[];
      options: { flags: string }[];
    }[];
    const paths = entries.map((e) => e.path);
    expect(new Set(paths).size).toBe(paths.length);
    for (const path of [
      'agents list',
      'agents get',
      'agents create',
      'agents update',
      'agents delete',
      'me',
      'api',
    ])
      expect(paths).toContain(path);
    const byPath = new Map(entries.map((e) => [e.path, e]));
    expect(byPath.get('agents get')?.operation).toBe('GET /agents/{agent_id}');
    expect(byPath.get('agents get')?.arguments).toEqual([
      expect.objectContaining({ name: 'agent-id', required: true }),
    ]);
    expect(byPath.get('agents list')?.options.map((o) => o.flags)).toEqual(
      expect.arrayContaining(['--page <n>', '--limit <n>', '--all']),
    );
    expect(byPath.get('agents delete')?.options.map((o) => o.flags)).toContain('-y, --yes');
    expect(byPath.get('agents create')?.options.map((o) => o.flags)).toEqual(
      expect.arrayContaining(['--name <name>', '--description <text>', '-d, --data <json>']),
    );
    for (const entry of entries) {
      expect(entry).toHaveProperty('operation');
      expect(Array.isArray(entry.arguments)).toBe(true);
      expect(Array.isArray(entry.options)).toBe(true);
      if (entry.operation !== null) expect(entry.operation).toMatch(/^(GET|POST|PUT|PATCH|DELETE) \//);
    }
    expect(h.sim().requests).toEqual([]);
  });
});
