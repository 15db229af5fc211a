// The real binary (bin/seclai.cjs → dist/, built by test/global-setup.ts): start-up, exit codes,
// pipes that close early, and behaviour on a pseudo-terminal.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, hasScript, requireBuiltBinary, spawnCli } from '../helpers/spawn.ts';
import { setRunScript } from '../sim/routes/runs.ts';
import { ANSI, onlyJson, useHarness } from './harness.ts';

const SOURCE_ID = '7b2e0c4d-5f61-4a7e-9d3b-2c8f1e6a9b00';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** Runs a shell pipeline; the binary is `"$NODE" "$BIN"`. */
function shell(
  script: string,
  env: Record<string, string | undefined>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', script], {
      env: { PATH: process.env.PATH, NODE: process.execPath, BIN, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the spawned binary', () => {
  const h = useHarness();

  requireBuiltBinary();

  it('keeps undici’s HTTP parser (WebAssembly) in V8’s baseline compiler through a long stream', async () => {
    const agent = h.sim().state.createAgent({ name: 'Hot parser' });
    setRunScript(h.sim().state, { steps: ['streaming_result'], tokens: 20_000 }, agent.id);
    // V8 prints each WebAssembly function it compiles, and with which compiler, to stdout.
    const result = await shell(
      `"$NODE" --trace-wasm-compilation-times "$BIN" agents run ${agent.id} --input hi --stream`,
      h.env(),
    );
    expect(result.code).toBe(0);
    const compilers = new Set(result.stdout.match(/(?<=^Compiled function .* using )\w+/gm));
    expect(compilers).toEqual(new Set(['Liftoff']));
  });

  it('--version prints the package version and exits 0', async () => {
    const result = await spawnCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${pkg.version}\n`);
    expect(result.stderr).toBe('');
  });

  it('-V works the same; so does --version after a global flag', async () => {
    expect((await spawnCli(['-V'])).stdout).toBe(`${pkg.version}\n`);
    const later = await spawnCli(['--no-color', '--version']);
    expect(later.code).toBe(0);
    expect(later.stdout).toBe(`${pkg.version}\n`);
  });

  it('--help exits 0 and lists the exit codes and environment', async () => {
    const result = await spawnCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Usage: seclai/);
    expect(result.stdout).toMatch(/Exit codes:/);
    expect(result.stdout).toMatch(/^\s+4\s+authentication/m);
    expect(result.stdout).toMatch(/SECLAI_API_KEY/);
    expect(result.stdout).toMatch(/agents/);
  });

  it('an unknown flag exits 2 with one error line and a hint, no stack trace', async () => {
    const result = await spawnCli(['agents', 'list', '--bogus'], { env: h.env() });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: unknown option '--bogus'\nhint: /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(h.sim().requests).toEqual([]);
  });

  it('agents list --json against the simulator', async () => {
    const seeded = h.sim().state.seedAgents(3);
    const result = await spawnCli(['agents', 'list', '--json'], { env: h.env() });
    expect(result.code, result.stderr).toBe(0);
    const items = onlyJson(result.stdout) as { id: string }[];
    expect(items.map((a) => a.id).sort()).toEqual(seeded.map((a) => a.id).sort());
  });

  /** The Node built-ins a run of the real binary loaded. */
  async function builtinsLoadedBy(argv: string[]): Promise<Set<string>> {
    const out = join(h.home(), 'builtins.txt');
    const preload = new URL('./fixtures/record-builtins.cjs', import.meta.url).pathname;
    const result = await spawnCli(argv, {
      env: { ...h.env(), NODE_OPTIONS: `--require ${preload}`, SECLAI_TEST_BUILTINS_OUT: out },
      cwd: h.home(),
    });
    expect(result.code, result.stderr).toBe(0);
    const loaded = new Set(readFileSync(out, 'utf8').split('\n'));
    expect(loaded.has('net'), 'the recording works').toBe(true);
    return loaded;
  }

  it('a plain API call loads none of the built-ins it has no use for (start-up time)', async () => {
    h.sim().state.seedAgents(1);
    const loaded = await builtinsLoadedBy(['agents', 'list', '--json']);
    const unneeded = [
      'assert', // undici's asserts (scripts/build.mjs)
      'child_process', // commander's executable subcommands
      'http', // undici reads two values from it
      'http2',
      'tls',
      'crypto',
      'internal/fs/promises', // node:fs/promises, with the readline it pulls in
      'internal/readline/interface',
      'internal/crypto/webcrypto', // what an ES import of node:crypto pulls in
      'internal/util/parse_args/parse_args', // what an ES import of node:util pulls in
      'worker_threads',
    ];
    expect(unneeded.filter((name) => loaded.has(name))).toEqual([]);
  });

  it('a plain upload loads neither node:crypto (hashing is for --resume), perf_hooks nor fs/promises', async () => {
    writeFileSync(join(h.home(), 'note.txt'), 'hello\n');
    const loaded = await builtinsLoadedBy(['sources', 'upload', SOURCE_ID, 'note.txt']);
    const unneeded = [
      'crypto',
      'perf_hooks',
      'child_process',
      'http',
      'internal/fs/promises',
      'internal/readline/interface',
    ];
    expect(unneeded.filter((name) => loaded.has(name))).toEqual([]);
  });

  it('no credentials → exit 4', async () => {
    const result = await spawnCli(['agents', 'list'], { env: h.env({ SECLAI_API_KEY: undefined }) });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^hint: .*seclai auth login/m);
  });

  it('delete without --yes and without a terminal exits 2 and sends nothing', async () => {
    const [agent] = h.sim().state.seedAgents(1);
    const result = await spawnCli(['agents', 'delete', agent.id], { env: h.env() });
    expect(result.code).toBe(2);
    expect(h.sim().requests).toEqual([]);
  });

  it('--data - reads the body from the real stdin', async () => {
    const result = await spawnCli(['agents', 'create', '--data', '-', '--json'], {
      env: h.env(),
      stdin: '{"name":"from a pipe"}',
    });
    expect(result.code, result.stderr).toBe(0);
    expect(onlyJson(result.stdout)).toMatchObject({ name: 'from a pipe' });
  });

  // 1,000 agents are far more than a pipe buffer holds, so the writer really meets a closed pipe.
  it('`agents list --all | head -1` exits quietly: no EPIPE trace, exit status 0', async () => {
    h.sim().state.seedAgents(1000);
    const status = join(h.home(), 'status');
    const result = await shell(
      `{ "$NODE" "$BIN" agents list --all; echo $? > "${status}"; } | head -1`,
      h.env(),
    );
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stdout.split('\t')).toHaveLength(5);
    expect(result.stderr).toBe('');
    expect(readFileSync(status, 'utf8').trim()).toBe('0');
  });

  it('`agents list --all --json | head -c 10` also exits quietly with status 0', async () => {
    h.sim().state.seedAgents(1000);
    const status = join(h.home(), 'status');
    const result = await shell(
      `{ "$NODE" "$BIN" agents list --all --json; echo $? > "${status}"; } | head -c 10`,
      h.env(),
    );
    expect(result.stdout).toHaveLength(10);
    expect(result.stderr).toBe('');
    expect(readFileSync(status, 'utf8').trim()).toBe('0');
  });

  it.runIf(hasScript)('on a terminal (script): a coloured table with a header', async () => {
    h.sim().state.seedAgents(2);
    const result = await spawnCli(['agents', 'list'], { env: h.env({ TERM: 'xterm-256color' }), tty: true });
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toMatch(ANSI);
    const plain = result.stdout.replace(/\u001b\[[0-9;]*m/g, '');
    expect(plain).toMatch(/ID\s+NAME\s+TRIGGER_TYPE/);
    expect(plain).not.toContain('\t');
  });

  it.runIf(hasScript)('on a terminal with NO_COLOR: a table without colour', async () => {
    h.sim().state.seedAgents(2);
    const result = await spawnCli(['agents', 'list'], {
      env: h.env({ TERM: 'xterm-256color', NO_COLOR: '1' }),
      tty: true,
    });
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/ID\s+NAME/);
    expect(result.stdout).not.toMatch(ANSI);
  });

  it.runIf(hasScript)('on a terminal, delete asks for confirmation and sends nothing on "n"', async () => {
    const [agent] = h.sim().state.seedAgents(1);
    const result = await spawnCli(['agents', 'delete', agent.id], {
      env: h.env({ TERM: 'xterm-256color' }),
      tty: true,
      onSpawn: (child, output) => {
        const timer = setInterval(() => {
          if (output.stdout().includes('Delete agent')) {
            clearInterval(timer);
            child.stdin?.write('n\r');
            child.stdin?.end();
          }
        }, 20);
        child.on('close', () => clearInterval(timer));
      },
    });
    expect(result.stdout).toContain(`Delete agent ${agent.name} (${agent.id})?`);
    expect(result.code).toBe(1);
    expect(result.stdout).not.toMatch(/Warning/);
    expect(h.sim().requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /agents/${agent.id}`]);
    expect(h.sim().state.agents.has(agent.id)).toBe(true);
  });

  it.runIf(hasScript)(
    'on a terminal, deleting an id that does not exist fails before the question',
    async () => {
      const missing = '8d0f3a52-6c1e-4b7a-9f21-3e5d7c9a0b14';
      const result = await spawnCli(['agents', 'delete', missing], {
        env: h.env({ TERM: 'xterm-256color' }),
        tty: true,
      });
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/error: .*404/);
      expect(result.stdout).not.toContain('Delete agent');
      expect(h.sim().requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /agents/${missing}`]);
    },
  );

  it('modules loaded on demand (hashing for --resume, the keychain) print no warning', async () => {
    const file = join(h.home(), 'notes.txt');
    writeFileSync(file, 'some notes\n');
    const upload = await spawnCli(['sources', 'upload', SOURCE_ID, file, '--resume'], { env: h.env() });
    expect(upload.code, upload.stderr).toBe(0);
    expect(upload.stderr).toMatch(/^Sent 1 of 1 file \([^)]*\)\.\n$/);
    const status = await spawnCli(['auth', 'status'], { env: { HOME: h.home() } });
    expect(status.code).toBe(4);
    expect(status.stderr).not.toMatch(/Warning/);
  });
});
