// The code cache the real binary keeps (src/launch.ts): where it goes, when it is written, and
// that a damaged, foreign or unwritable cache never changes what a command does.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { decodeCodeCache, encodeCodeCache } from '../../src/launch.ts';
import { requireBuiltBinary, spawnCli } from '../helpers/spawn.ts';
import { setRunScript } from '../sim/routes/runs.ts';
import { useHarness } from './harness.ts';

describe('the code cache of the binary', () => {
  const h = useHarness();
  const cacheDir = () => join(h.home(), '.cache', 'seclai');
  const cacheFiles = () =>
    existsSync(cacheDir()) ? readdirSync(cacheDir()).filter((name) => name.endsWith('.cache')) : [];
  const ownFile = () => {
    const ours = cacheFiles().filter((name) => !name.startsWith('code-old'));
    expect(ours).toHaveLength(1);
    return join(cacheDir(), ours[0]);
  };
  const commandsIn = (file: string) => decodeCodeCache(readFileSync(file))?.commands;

  /** `agents list --json` through the binary: exit 0, the agents, nothing on stderr. */
  async function listAgents(env: Record<string, string | undefined> = h.env()) {
    const result = await spawnCli(['agents', 'list', '--json'], { env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const listed = (JSON.parse(result.stdout) as { id: string }[]).map((a) => a.id);
    expect(listed.sort()).toEqual(seeded.map((a) => a.id).sort());
  }

  let seeded: { id: string }[] = [];
  beforeEach(() => {
    seeded = h.sim().state.seedAgents(3);
  });

  requireBuiltBinary();

  it('is written when a run ends, for this build and Node, readable by the user alone', async () => {
    await listAgents();
    const file = ownFile();
    expect(file).toMatch(
      new RegExp(`/code-[0-9a-f]{16}-agents-node${process.versions.node}-${process.arch}\\.cache$`),
    );
    expect(commandsIn(file)).toEqual(['agents list']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(cacheDir()).mode & 0o777).toBe(0o700);
    expect(readdirSync(cacheDir()).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('is used as it is by a command it has seen, and grows with one it has not', async () => {
    await listAgents();
    const file = ownFile();
    const first = readFileSync(file);
    const { mtimeMs } = statSync(file);
    await listAgents();
    expect(statSync(file).mtimeMs).toBe(mtimeMs);
    expect(readFileSync(file).equals(first)).toBe(true);

    const get = await spawnCli(['agents', 'get', seeded[0].id, '--json'], { env: h.env() });
    expect(get.code).toBe(0);
    expect(commandsIn(file)).toEqual(['agents list', 'agents get']);
    expect(readFileSync(file).length).toBeGreaterThan(first.length);
  });

  /** Two runs of `argv` that change V8 flags: the second finds the first's cache and keeps it as it is. */
  async function expectCacheKeptBy(argv: string[]) {
    expect((await spawnCli(argv, { env: h.env() })).code).toBe(0);
    const file = ownFile();
    const first = readFileSync(file);
    expect((await spawnCli(argv, { env: h.env() })).code).toBe(0);
    expect(readFileSync(file).equals(first)).toBe(true);
  }

  it('is kept by a run that tunes V8 for a long listing (the flags are set before it is read)', async () => {
    await expectCacheKeptBy(['agents', 'list', '--all', '--json']);
  });

  it('is kept by a streamed run, which leaves its hot code to the mid-tier compiler', async () => {
    const agent = h.sim().state.createAgent({ name: 'Cached' });
    setRunScript(h.sim().state, { steps: ['streaming_result'], tokens: 2_000 }, agent.id);
    await expectCacheKeptBy(['agents', 'run', agent.id, '--input', 'hi', '--stream']);
  });

  it('is kept by a sync, which compiles the HTTP parser in the background under flags of its own', async () => {
    const docs = join(h.home(), 'docs');
    mkdirSync(docs);
    for (const name of ['a.md', 'b.md']) writeFileSync(join(docs, name), `# ${name}\n`);
    await expectCacheKeptBy(['sources', 'sync', '5c1d9e2a-8b4f-4e6d-a3c7-0f2b9d8e1a44', docs]);
  });

  it('is one file per command word, so a command reads no other word’s code', async () => {
    await listAgents();
    const agents = ownFile();
    const before = readFileSync(agents);
    const help = await spawnCli(['--help'], { env: h.env() });
    expect(help.code).toBe(0);
    const me = await spawnCli(['--json', 'me'], { env: h.env() });
    expect(me.code).toBe(0);
    expect(readFileSync(agents).equals(before)).toBe(true);
    const byWord = Object.fromEntries(
      cacheFiles().map((name) => [/^code-[0-9a-f]{16}-([a-z-]+)-node/.exec(name)?.[1], name]),
    );
    expect(Object.keys(byWord).sort()).toEqual(['agents', 'me', 'top']);
    expect(commandsIn(join(cacheDir(), byWord.top))).toEqual(['']);
    expect(commandsIn(join(cacheDir(), byWord.me))).toEqual(['me']);
  });

  it('keeps the most recently written word files of this build and removes older ones', async () => {
    const bundle = readFileSync(new URL('../../dist/seclai.cjs', import.meta.url), 'latin1');
    const build = /^\/\/ seclai build ([0-9a-f]+)/.exec(bundle)![1];
    mkdirSync(cacheDir(), { recursive: true });
    const now = Date.now() / 1000;
    const suffix = `-node${process.versions.node}-${process.arch}.cache`;
    for (let i = 1; i <= 20; i++) {
      const old = join(cacheDir(), `code-${build}-word${String.fromCharCode(96 + i)}${suffix}`);
      writeFileSync(old, 'x');
      utimesSync(old, now - i * 60, now - i * 60);
    }
    await listAgents();
    const left = cacheFiles().filter((name) => name.includes('-word'));
    // 16 in all: the agents cache just written and the 15 newest of the others.
    expect(left.sort()).toEqual(
      Array.from({ length: 15 }, (_, i) => `code-${build}-word${String.fromCharCode(97 + i)}${suffix}`),
    );
  });

  it('damaged data is refused by V8’s checksum: the command runs as usual and a good cache replaces it', async () => {
    await listAgents();
    const file = ownFile();
    // Bytes flipped in the middle, as a bad disk would; V8 itself crashes on some such data.
    const damaged = readFileSync(file);
    for (let i = damaged.length >> 1; i < (damaged.length >> 1) + 64; i++) damaged[i] ^= 0x5a;
    writeFileSync(file, damaged);
    await listAgents();
    const replaced = readFileSync(file);
    expect(replaced.equals(damaged)).toBe(false);
    expect(commandsIn(file)).toEqual(['agents list']);
    // The next run takes the new cache as it is.
    await listAgents();
    expect(readFileSync(file).equals(replaced)).toBe(true);

    // Data of the right shape that V8 rejects (another build, another Node) is replaced too.
    writeFileSync(
      file,
      encodeCodeCache({ commands: ['agents list', 'me'], data: Buffer.from('not V8 data') }),
    );
    await listAgents();
    expect(commandsIn(file)).toEqual(['agents list']);
  });

  it('keeps the newest few cache files of other builds and removes older ones', async () => {
    mkdirSync(cacheDir(), { recursive: true });
    const now = Date.now() / 1000;
    for (let i = 1; i <= 6; i++) {
      const old = join(cacheDir(), `code-old${i}-node1.0.0-x64.cache`);
      writeFileSync(old, 'x');
      utimesSync(old, now - i * 3600, now - i * 3600);
    }
    await listAgents();
    ownFile();
    expect(
      cacheFiles()
        .filter((name) => name.startsWith('code-old'))
        .sort(),
    ).toEqual([
      'code-old1-node1.0.0-x64.cache',
      'code-old2-node1.0.0-x64.cache',
      'code-old3-node1.0.0-x64.cache',
      'code-old4-node1.0.0-x64.cache',
    ]);
  });

  it('goes to XDG_CACHE_HOME when that is set', async () => {
    const xdg = join(h.home(), 'xdg-cache');
    await listAgents(h.env({ XDG_CACHE_HOME: xdg }));
    expect(readdirSync(join(xdg, 'seclai'))).toHaveLength(1);
    expect(existsSync(cacheDir())).toBe(false);
  });

  it('is not written when NODE_DISABLE_COMPILE_CACHE is set, or no home is known', async () => {
    await listAgents(h.env({ NODE_DISABLE_COMPILE_CACHE: '1' }));
    expect(existsSync(cacheDir())).toBe(false);

    // No HOME and a relative XDG_CACHE_HOME (which the spec says to ignore): nowhere to write.
    const cwd = mkdtempSync(join(tmpdir(), 'seclai-no-home-'));
    try {
      const result = await spawnCli(['--help'], { env: { XDG_CACHE_HOME: 'cache' }, cwd });
      expect(result.code).toBe(0);
      expect(readdirSync(cwd)).toEqual([]);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('a cache directory that cannot be made does not fail the command', async () => {
    writeFileSync(join(h.home(), '.cache'), 'a file where the directory would go');
    await listAgents();
    await listAgents();
  });
});
