// --dry-run: the request printed as curl, nothing sent; the printed command, run by bash against
// the simulator, must send what the CLI sends without --dry-run.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { credentialsPath } from '../../src/auth/keychain.ts';
import { seedDemoAccount } from '../sim/demo-account.ts';
import type { RecordedRequest } from '../sim/recording.ts';
import { useHarness } from './harness.ts';

const run = promisify(execFile);

describe('--dry-run', () => {
  const h = useHarness();

  /** Runs the printed command in bash with only PATH and the API key set; returns what the simulator got. */
  async function sendPrinted(command: string): Promise<RecordedRequest> {
    h.sim().requests.length = 0;
    await run('bash', ['-c', `set -e\n${command}`], {
      env: { PATH: process.env.PATH, SECLAI_API_KEY: h.sim().apiKey },
    });
    await h.sim().settle();
    expect(h.sim().requests).toHaveLength(1);
    return h.sim().requests[0];
  }

  /** What the CLI sends for real, then what its dry run prints (checking that nothing was sent). */
  async function realThenDry(argv: string[]): Promise<{ real: RecordedRequest; printed: string }> {
    const real = await h.cli(argv);
    expect(real.code, real.stderr).toBe(0);
    await h.sim().settle();
    const sent = h.sim().requests.at(-1);
    if (!sent) throw new Error('the real run sent nothing');
    h.sim().requests.length = 0;
    const dry = await h.cli(['--dry-run', ...argv]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toBe('dry run: nothing was sent\n');
    expect(h.sim().requests).toEqual([]);
    return { real: sent, printed: dry.stdout };
  }

  function sameRequest(curled: RecordedRequest, real: RecordedRequest): void {
    const pick = (r: RecordedRequest) => ({
      method: r.method,
      path: r.path,
      query: r.query,
      body: r.body,
      fields: r.fields,
      apiKey: r.headers['x-api-key'],
      accept: r.headers.accept,
      contentType: String(r.headers['content-type'] ?? '').split(';')[0],
      version: r.headers['seclai-version'],
    });
    expect(pick(curled)).toEqual(pick(real));
  }

  it('prints a JSON request as curl that sends the same method, path, headers and body', async () => {
    const name = `O'Brien's "agent" $HOME \`id\` \\n ; & |`;
    const { real, printed } = await realThenDry([
      '--api-version',
      '2026-10-03',
      'agents',
      'create',
      '--name',
      name,
      '--description',
      "line one\nline 'two'",
    ]);
    expect(printed).toContain('-H "X-API-Key: $SECLAI_API_KEY"');
    expect(printed).not.toContain(h.sim().apiKey);
    expect((real.body as { name: string }).name).toBe(name);
    sameRequest(await sendPrinted(printed), real);
  });

  it('prints a list request with its query', async () => {
    h.sim().state.seedAgents(3);
    const { real, printed } = await realThenDry(['agents', 'list', '--page', '2', '--limit', '1']);
    expect(printed.startsWith("curl '")).toBe(true);
    sameRequest(await sendPrinted(printed), real);
  });

  it('prints an upload as -F fields that arrive as the CLI sends them', async () => {
    const source = seedDemoAccount(h.sim().state).sourceIds[0];
    const file = 'it\'s;a,"odd" name.txt';
    writeFileSync(join(h.home(), file), 'hello from a dry run\n');
    const argv = ['sources', 'upload', source, file, '--title', '@not-a-file <either', '--metadata', "k=v'w"];
    const real = await h.cli(argv, { cwd: h.home() });
    expect(real.code, real.stderr).toBe(0);
    await h.sim().settle();
    const sent = h.sim().requests.find((r) => r.path.endsWith('/upload'));
    if (!sent) throw new Error('no upload was sent');
    h.sim().requests.length = 0;
    const dry = await h.cli(['--dry-run', ...argv], { cwd: h.home() });
    expect(dry.code, dry.stderr).toBe(0);
    expect(h.sim().requests).toEqual([]);
    expect(dry.stdout).toContain('--form-string');
    const curled = await sendPrinted(dry.stdout);
    expect(curled.fields).toEqual(sent.fields);
    sameRequest(curled, sent);
  });

  it('needs no --yes for a destructive command, and deletes nothing', async () => {
    const [agent] = h.sim().state.seedAgents(1);
    const result = await h.cli(['--dry-run', 'agents', 'delete', agent.id]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^curl -X DELETE '.*\/agents\//);
    expect(h.sim().requests).toEqual([]);
    const after = await h.cli(['agents', 'get', agent.id, '--json']);
    expect(after.code, after.stderr).toBe(0);
  });

  it('prints the first page of --all and says later requests depend on its answer', async () => {
    h.sim().state.seedAgents(5);
    const result = await h.cli(['agents', 'list', '--all', '--limit', '2', '--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.match(/^curl /gm)).toHaveLength(1);
    expect(result.stderr).toBe(
      "dry run: nothing was sent\ndry run: later requests depend on this one's answer, so only the first is shown\n",
    );
    expect(h.sim().requests).toEqual([]);
  });

  it('names where a key given with --api-key must go, never the key itself', async () => {
    const key = 'sk-live-secret-given-on-the-command-line';
    const result = await h.cli(['--dry-run', '--api-key', key, 'agents', 'list'], {
      env: { SECLAI_API_KEY: undefined },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('# set SECLAI_API_KEY to the key given with --api-key');
    expect(result.stdout + result.stderr).not.toContain(key);
  });

  it('names the store of a stored key in a comment line', async () => {
    const configDir = join(h.home(), '.seclai');
    mkdirSync(configDir, { recursive: true, mode: 0o700 });
    writeFileSync(credentialsPath(configDir), '[default]\napi_key = sk-stored-secret\n', { mode: 0o600 });
    const result = await h.cli(['--dry-run', 'agents', 'list'], {
      env: { SECLAI_API_KEY: undefined, SECLAI_NO_KEYCHAIN: '1' },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(
      `# set SECLAI_API_KEY to the API key kept in ${credentialsPath(configDir)}`,
    );
    expect(result.stdout).toContain('-H "X-API-Key: $SECLAI_API_KEY"');
    expect(result.stdout + result.stderr).not.toContain('sk-stored-secret');
  });

  it('uses `seclai auth token` for an SSO profile, and reads or refreshes no token', async () => {
    const configDir = join(h.home(), '.seclai');
    mkdirSync(configDir, { recursive: true, mode: 0o700 });
    writeFileSync(
      join(configDir, 'config'),
      '[profile work]\nsso_domain = auth.evil.invalid\nsso_client_id = cli\nsso_region = us-west-2\nsso_account_id = 0b7e6c1e-4a4c-4c8e-9f3e-2d1f6a7b8c9d\n',
    );
    const result = await h.cli(['--dry-run', '--profile', 'work', 'agents', 'list'], {
      env: { SECLAI_API_KEY: undefined, SECLAI_NO_KEYCHAIN: '1' },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`-H "Authorization: Bearer $(seclai --profile 'work' auth token)"`);
    expect(result.stdout).toContain("-H 'X-Account-Id: 0b7e6c1e-4a4c-4c8e-9f3e-2d1f6a7b8c9d'");
    expect(h.sim().requests).toEqual([]);
  });

  it('writes no upload journal or lock for --resume', async () => {
    const source = seedDemoAccount(h.sim().state).sourceIds[0];
    writeFileSync(join(h.home(), 'a.txt'), 'a\n');
    const result = await h.cli(['--dry-run', 'sources', 'upload', source, 'a.txt', '--resume'], {
      cwd: h.home(),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("-F 'file=@");
    expect(h.sim().requests).toEqual([]);
    const configDir = join(h.home(), '.seclai');
    expect(existsSync(configDir) ? readdirSync(configDir) : []).not.toContain('uploads');
  });

  it('leaves agents import --dry-run its own meaning: the preview is sent, nothing is created', async () => {
    const [agent] = h.sim().state.seedAgents(1);
    const exported = await h.cli(['agents', 'export', agent.id, '--json']);
    expect(exported.code, exported.stderr).toBe(0);
    writeFileSync(join(h.home(), 'export.json'), exported.stdout);
    h.sim().requests.length = 0;
    const result = await h.cli(['--dry-run', 'agents', 'import', 'export.json', '--json'], { cwd: h.home() });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toContain('curl');
    expect(h.sim().requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /agents/preview-import']);
  });

  it('prints the upload of agents run --file and says the run depends on its answer', async () => {
    const [agent] = h.sim().state.seedAgents(1);
    writeFileSync(join(h.home(), 'q.txt'), 'a question\n');
    const result = await h.cli(['--dry-run', 'agents', 'run', agent.id, '--file', 'q.txt', '--detach'], {
      cwd: h.home(),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^curl -X POST '.*\/upload-input' \\$/m);
    expect(result.stdout.match(/^curl /gm)).toHaveLength(1);
    expect(result.stderr).toContain("dry run: later requests depend on this one's answer");
    expect(h.sim().requests).toEqual([]);
  });

  it('prints a download without writing a file', async () => {
    const demo = seedDemoAccount(h.sim().state);
    const source = demo.sourceIds[0];
    const out = join(h.home(), 'export.jsonl');
    const result = await h.cli([
      '--dry-run',
      'sources',
      'exports',
      'download',
      source,
      demo.exportId,
      '--out',
      out,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^curl '.*\/download'/);
    expect(existsSync(out)).toBe(false);
    expect(h.sim().requests).toEqual([]);
  });

  it('refuses commands that sign in or write local files, with nothing to print', async () => {
    const result = await h.cli(['--dry-run', 'auth', 'logout']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --dry-run does not apply to `seclai auth logout`: it revokes/);
    expect(result.stdout).toBe('');
  });

  it('says api --paginate depends on the first page', async () => {
    const result = await h.cli(['--dry-run', 'api', 'GET', '/agents', '--paginate']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("dry run: later requests depend on this one's answer");
  });

  it('with --resume and an unconfirmed file, prints the re-check and nothing else, and keeps the journal', async () => {
    const source = seedDemoAccount(h.sim().state).sourceIds[0];
    const path = join(h.home(), 'a.txt');
    writeFileSync(path, 'a\n');
    const info = statSync(path);
    const journal = join(h.home(), '.seclai', 'uploads', `${source}.jsonl`);
    mkdirSync(join(h.home(), '.seclai', 'uploads'), { recursive: true, mode: 0o700 });
    const entry = {
      path,
      size: info.size,
      mtimeMs: info.mtimeMs,
      contentVersionId: null,
      status: 'unconfirmed',
      title: 'a.txt',
      uploadedAt: '2026-12-01T10:00:00.000Z',
    };
    writeFileSync(journal, `${JSON.stringify(entry)}\n`);
    const result = await h.cli(['--dry-run', 'sources', 'upload', source, 'a.txt', '--resume'], {
      cwd: h.home(),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^curl '.*\/contents\?page=1&limit=100' \\\n/);
    expect(result.stdout.match(/^curl /gm)).toHaveLength(1);
    expect(result.stdout).not.toContain('unconfirmed');
    expect(readFileSync(journal, 'utf8')).toBe(`${JSON.stringify(entry)}\n`);
    expect(h.sim().requests).toEqual([]);
  });
});
