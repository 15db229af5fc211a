// `npm run demo`: starts the local Seclai simulator and walks the real binary through a short
// tour. No account needed; nothing leaves 127.0.0.1; a throwaway HOME keeps your config safe.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedDemoAccount } from '../test/sim/demo-account.ts';
import { DEMO_AGENTS, seedDemoAgents } from '../test/sim/demo-agents.ts';
import { setRunScript } from '../test/sim/routes/runs.ts';
import { startSimulator } from '../test/sim/server.ts';

const bin = fileURLToPath(new URL('../bin/seclai.cjs', import.meta.url));
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const bold = (s: string) => (color ? `\x1b[1m${s}\x1b[22m` : s);
const dim = (s: string) => (color ? `\x1b[2m${s}\x1b[22m` : s);

const sim = await startSimulator();
sim.state.seedAgents(4);
seedDemoAgents(sim.state);
const demo = seedDemoAccount(sim.state);
setRunScript(sim.state, { tokens: 24, tokenIntervalMs: 40, credits: 3 });
const home = mkdtempSync(join(tmpdir(), 'seclai-demo-'));
const sourceId = demo.sourceIds[1];
const env = {
  ...process.env,
  HOME: home,
  XDG_CACHE_HOME: join(home, '.cache'),
  SECLAI_CONFIG_DIR: join(home, '.seclai'),
  SECLAI_API_URL: sim.url,
  SECLAI_API_KEY: sim.apiKey,
};

function say(text: string): void {
  console.log(`\n${bold(`# ${text}`)}`);
}

/**
 * Runs `seclai <args>` (the real binary), shows the command line and its output. `live` hands it
 * this terminal, so it draws what a user would see (the live run view), and returns no output.
 */
async function seclai(args: string[], options: { quiet?: boolean; live?: boolean } = {}): Promise<string> {
  console.log(dim(`$ seclai ${args.map((a) => (/[\s"'{}|]/.test(a) ? `'${a}'` : a)).join(' ')}`));
  if (options.live) {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (code !== 0) console.log(dim(`(exit code ${code})`));
    return '';
  }
  const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk;
    if (!options.quiet) process.stdout.write(chunk);
  });
  child.stderr.on('data', (chunk: Buffer) => process.stdout.write(chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) console.log(dim(`(exit code ${code})`));
  return stdout;
}

try {
  console.log(bold('seclai demo') + dim(` — against the local simulator at ${sim.url}`));
  say('Who am I? (SECLAI_API_KEY points at the simulator)');
  await seclai(['me', '--output', 'table']);

  say('List agents: a table for people, tab-separated rows for pipes, JSON for scripts');
  await seclai(['agents', 'list', '--output', 'table']);
  await seclai(['agents', 'list', '--limit', '2']);

  say('Create an agent, then read it back');
  const created = JSON.parse(
    await seclai(['agents', 'create', '--name', 'Demo agent', '--template', 'simple_qa', '--json']),
  );
  await seclai(['agents', 'get', created.id, '--output', 'table']);

  say('Update it: typed flags, or the whole body as JSON');
  await seclai([
    'agents',
    'update',
    created.id,
    '--description',
    'Answers questions about the demo',
    '--output',
    'table',
  ]);

  const demoAgent = (role: string) => DEMO_AGENTS.find((a) => a.role === role)?.id ?? '';
  say('Run an agent and follow it live: steps, then the answer token by token (summary on stderr)');
  await seclai(['agents', 'run', demoAgent('streaming'), '--input', 'What changed this week?', '--stream'], {
    live: true,
  });

  say('A run that fails says why, and exits 1');
  await seclai(['agents', 'run', demoAgent('failing'), '--input', 'Summarise', '--stream'], { live: true });

  say('The same run for a script: one JSON event per line');
  const events = await seclai(['agents', 'run', created.id, '--input', 'Hi', '--stream', '--json'], {
    quiet: true,
  });
  const lines = events.trim().split('\n');
  console.log(
    `${lines.slice(0, 3).join('\n')}\n… ${lines.length} events in all, the last one:\n${lines.at(-1)}`,
  );

  say('Sources, and the knowledge bases that search them');
  await seclai(['sources', 'list', '--output', 'table']);
  await seclai(['kb', 'get', demo.knowledgeBaseIds[0], '--output', 'table']);

  say('Upload files to a source: streamed, several at once, one line per file when piped');
  writeFileSync(join(home, 'notes.md'), '# Notes\nShipped the CLI.\n');
  writeFileSync(join(home, 'faq.txt'), 'Q: Is it fast?\nA: Yes.\n');
  await seclai(['sources', 'upload', sourceId, join(home, 'notes.md'), join(home, 'faq.txt')]);

  say('Walk every page with --all (here two agents per request)');
  await seclai(['agents', 'list', '--all', '--limit', '2']);

  say('Reach any endpoint with `seclai api`');
  await seclai(['api', 'GET', '/me']);

  say('Mistakes are caught before anything is sent (exit 2)');
  await seclai(['agents', 'list', '--limit', 'abc']);
  await seclai(['agents', 'create', '--data', '{not json']);

  say('Delete needs --yes when nobody can be asked');
  await seclai(['agents', 'delete', created.id]);
  await seclai(['agents', 'delete', created.id, '--yes', '--json']);

  say('Every command and its API operation');
  await seclai(['commands']);
  console.log(
    `\n${bold('Done.')} Try it yourself: \`npm run sim\` prints two export lines to paste into a shell;\n` +
      'its demo agents stream, fail, wait for a human, or run long enough to stop with Ctrl-C.',
  );
} finally {
  await sim.close();
  rmSync(home, { recursive: true, force: true });
}
if (sim.violations.length > 0) {
  console.error(`contract violations: ${JSON.stringify(sim.violations, null, 2)}`);
  process.exitCode = 1;
}
