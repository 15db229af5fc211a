// `npm run sim` (test/sim/main.ts), spawned: eval-able settings, a fixed default port, and one
// clear line when the port is busy.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli.ts';
import { DEMO_AGENTS } from '../sim/demo-agents.ts';

const root = resolve(import.meta.dirname, '../..');
const MAIN = 'test/sim/main.ts';
const DEFAULT_PORT = 4010;

let child: ChildProcess | undefined;
let blocker: Server | undefined;
afterEach(async () => {
  child?.kill('SIGTERM');
  if (child && child.exitCode === null && child.signalCode === null) await once(child, 'close');
  child = undefined;
  if (blocker) await new Promise((done) => blocker?.close(done));
  blocker = undefined;
});

/** Starts the simulator and resolves with its stdout once both settings are printed. */
async function startSim(args: string[]): Promise<string> {
  child = spawn(process.execPath, [MAIN, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  const closed = once(child, 'close');
  while (!/SECLAI_API_KEY=\S+\n/.test(stdout)) {
    const stop = await Promise.race([closed, new Promise((done) => setTimeout(done, 20))]);
    if (Array.isArray(stop)) throw new Error(`the simulator stopped: ${stdout}`);
  }
  return stdout;
}

/** A listener on 127.0.0.1 that keeps `port` busy (any free port when 0). */
async function occupy(port: number): Promise<number | undefined> {
  const server = createServer();
  const listening = await new Promise<boolean>((done) => {
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => done(true));
  });
  if (!listening) return undefined;
  blocker = server;
  return (server.address() as { port: number }).port;
}

describe('npm run sim', () => {
  it('prints two `export` lines a shell can eval, and the settings reach the demo agents', async () => {
    const stdout = await startSim(['--port', '0']);
    expect(stdout).toMatch(/^export SECLAI_API_URL=http:\/\/127\.0\.0\.1:\d+\nexport SECLAI_API_KEY=\S+\n$/);
    const fromShell = execFileSync(
      'sh',
      ['-c', 'eval "$SIM_OUT"; printf "%s %s" "$SECLAI_API_URL" "$SECLAI_API_KEY"'],
      {
        env: { PATH: process.env.PATH, SIM_OUT: stdout },
        encoding: 'utf8',
      },
    );
    const [url, key] = fromShell.split(' ');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const home = tempHome();
    try {
      const result = await runCli(['agents', 'get', DEMO_AGENTS[0].id, '--json'], {
        env: { SECLAI_API_URL: url, SECLAI_API_KEY: key, HOME: home.home },
      });
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ id: DEMO_AGENTS[0].id, name: DEMO_AGENTS[0].name });
    } finally {
      home.cleanup();
    }
  });

  it('says in one line, without a stack, that a busy port is busy; exit 1', async () => {
    const port = await occupy(0);
    const result = spawnSync(process.execPath, [MAIN, '--port', String(port)], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `seclai simulator: port ${port} on 127.0.0.1 is busy (another simulator?); pick another with --port <n>, or 0 for any\n`,
    );
  });

  it(`listens on port ${DEFAULT_PORT} when given none (so it is busy when that port is)`, async () => {
    await occupy(DEFAULT_PORT); // taken by us, or already by someone else: busy either way
    const result = spawnSync(process.execPath, [MAIN], { cwd: root, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`port ${DEFAULT_PORT} on 127.0.0.1 is busy`);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('rejects a bad --port with exit 2 and one line', () => {
    const result = spawnSync(process.execPath, [MAIN, '--port', 'http'], { cwd: root, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('seclai simulator: invalid --port http\n');
  });
});
