// Loads the CLI bundle (dist/seclai.cjs) through a V8 code cache of its own, built into
// dist/launch.cjs and started by bin/seclai.cjs.
//
// Node's compile cache (module.enableCompileCache) is made when a file is compiled, so it holds
// only the code that runs while the file loads; every function the command calls afterwards
// (commander, undici, the handler) is compiled again on every run. This cache is made when a
// run ends, from everything that run compiled, so the next run of that command compiles almost
// nothing: about 25 ms less before an upload's first byte on the benchmark machine. A run of a
// command the cache has not seen yet makes it again, keeping what it held.
//
// There is one cache file per top-level command word (`agents`, `sources`, none for top-level
// help): V8 reads all of a cache at start, so one shared by every command would make each pay
// for the code of all the others (~10 ms for `seclai --help` beside a few other commands).
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { Script } from 'node:vm';
import { firstCommandWord } from './command-word.ts';
import { withCodeCacheV8Flags } from './v8-flags.ts';

/** What dist/seclai.cjs exports (src/main.ts). */
interface Bundle {
  main(argv: string[]): Promise<void>;
  ranCommand(): string;
  /** Puts back the V8 flags the run changed, which would make V8 refuse the cache. */
  restoreV8Flags(): void;
}

/** A cache file: the commands whose runs made it, then V8's data. */
export interface CodeCache {
  commands: string[];
  data: Buffer;
}

/** Enough for every command under one word; past it the cache stops growing. */
const MAX_COMMANDS = 64;
/** Cache files of this build kept (one per command word), the most recently written. */
const KEEP_WORD_FILES = 16;
/** Cache files of other builds and Node versions kept beside the current build's. */
const KEEP_FILES = 4;

/** Runs the CLI from `bundleFile` with `argv`, through the code cache when there is a place for it. */
export async function launch(bundleFile: string, argv: string[]): Promise<void> {
  const dir = codeCacheDir(process.env, process.platform);
  const { bundle, script, file, cachedCommands } = compile(
    bundleFile,
    dir,
    cacheWord(firstCommandWord(argv)),
  );
  if (file)
    process.once('exit', () => {
      const commands = nextCommands(cachedCommands, bundle.ranCommand());
      if (!commands) return;
      bundle.restoreV8Flags();
      writeCodeCache(file, () => ({ commands, data: withCodeCacheV8Flags(() => script.createCachedData()) }));
    });
  await bundle.main(argv);
}

/**
 * Compiles and runs the bundle, with the data of its cache file when there is one. A function of
 * its own, so the cache's bytes are garbage once it returns rather than held by the suspended
 * launch() for the whole run.
 */
function compile(
  bundleFile: string,
  dir: string | undefined,
  word: string,
): { bundle: Bundle; script: Script; file?: string; cachedCommands?: string[] } {
  const reader = new ReadBuffer();
  // The bundle is ASCII (scripts/build.mjs makes it so): read that way, it becomes a one-byte
  // string without a UTF-8 decoding pass. It is one function expression, compiled as it is.
  const source = reader.read(bundleFile).toString('latin1');
  const file = dir && join(dir, cacheFileName(buildIdOf(source), process.version, process.arch, word));
  const cache = file ? readCodeCache(file, reader) : undefined;
  // The bundle has no import() (scripts/build.mjs makes each a require()), so the script needs
  // no loader hook for it.
  const newScript = () => new Script(source, { filename: bundleFile, cachedData: cache?.data });
  const script = file ? withCodeCacheV8Flags(newScript) : newScript();
  const module = { exports: {} as Bundle };
  const require = createRequire(bundleFile);
  script.runInThisContext()(module.exports, require, module, bundleFile, dirname(bundleFile));
  const accepted = cache !== undefined && !script.cachedDataRejected;
  return { bundle: module.exports, script, file, cachedCommands: accepted ? cache.commands : undefined };
}

/**
 * Where the cache lives: the platform's per-user cache directory. Undefined (no cache) when the
 * environment names no home, or NODE_DISABLE_COMPILE_CACHE asks Node not to cache compiled code.
 */
export function codeCacheDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  if (platform === 'win32') return env.LOCALAPPDATA ? join(env.LOCALAPPDATA, 'seclai', 'Cache') : undefined;
  if (platform === 'darwin') return env.HOME ? join(env.HOME, 'Library', 'Caches', 'seclai') : undefined;
  if (env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME)) return join(env.XDG_CACHE_HOME, 'seclai');
  return env.HOME ? join(env.HOME, '.cache', 'seclai') : undefined;
}

/**
 * V8's data fits one build of the bundle, one Node version and one architecture; each file holds
 * the commands under one command word.
 */
export function cacheFileName(buildId: string, nodeVersion: string, arch: string, word: string): string {
  return `code-${buildId}-${word}-node${nodeVersion.replace(/^v/, '')}-${arch}.cache`;
}

/**
 * The cache a command line uses, named by its first command word: `top` without one (top-level
 * help), `other` for anything that is not a plain lowercase word (it is no command anyway).
 */
export function cacheWord(word: string | undefined): string {
  if (word === undefined) return 'top';
  return /^[a-z][a-z-]{0,39}$/.test(word) ? word : 'other';
}

/** The build id on the bundle's first line (`// seclai build <id>`, see scripts/build.mjs). */
export function buildIdOf(source: string): string {
  const id = /^\/\/ seclai build ([0-9a-f]+)\n/.exec(source)?.[1];
  if (!id) throw new Error('dist/seclai.cjs has no build id: run npm run build');
  return id;
}

/**
 * The commands to record in a new cache file, or undefined when the one in use is good: it was
 * accepted and has seen this command already, or it is full.
 */
export function nextCommands(current: string[] | undefined, command: string): string[] | undefined {
  if (!current) return [command];
  if (current.includes(command) || current.length >= MAX_COMMANDS) return undefined;
  return [...current, command];
}

/**
 * A cache file: one line of JSON (the commands whose runs made it), then V8's data. The line is
 * padded with spaces to a multiple of 8 bytes: V8 copies data that does not start at an 8-byte
 * boundary before reading it (650 KB of fresh memory for a `sources` cache, ~2 ms).
 */
export function encodeCodeCache(cache: CodeCache): Buffer {
  const header = Buffer.from(JSON.stringify({ commands: cache.commands }));
  const padding = ' '.repeat((8 - ((header.length + 1) % 8)) % 8);
  return Buffer.concat([header, Buffer.from(`${padding}\n`), cache.data]);
}

/**
 * Undefined for a file that is not one of ours. V8 checks the data itself: that it is for its
 * version, flags and source, and (see withCodeCacheV8Flags) that its bytes are undamaged.
 */
export function decodeCodeCache(bytes: Buffer): CodeCache | undefined {
  const end = bytes.indexOf(0x0a);
  if (end < 0) return undefined;
  let header: { commands?: unknown };
  try {
    header = JSON.parse(bytes.subarray(0, end).toString('utf8'));
  } catch {
    return undefined;
  }
  const { commands } = header;
  if (!Array.isArray(commands) || !commands.every((c) => typeof c === 'string')) return undefined;
  return { commands, data: bytes.subarray(end + 1) };
}

function readCodeCache(file: string, reader: ReadBuffer): CodeCache | undefined {
  try {
    return decodeCodeCache(reader.read(file));
  } catch {
    return undefined;
  }
}

/**
 * Reads whole files into one buffer, each read reusing the memory of the one before: the bundle's
 * bytes are done with once they are a string, and the cache read next fits in the same pages. On
 * the benchmark machine each fresh MiB a process touches costs ~3.5 ms. What a read returns is
 * valid until the next read. The buffer starts on an 8-byte boundary (see encodeCodeCache).
 */
class ReadBuffer {
  private buffer = Buffer.alloc(0);

  read(file: string): Buffer {
    const fd = openSync(file, 'r');
    try {
      const size = fstatSync(fd).size;
      // Twice the size, for a bigger file next: a page of it is touched only once a read fills it.
      if (size > this.buffer.length) this.buffer = Buffer.allocUnsafeSlow(2 * size);
      let length = 0;
      while (length < size) {
        const count = readSync(fd, this.buffer, length, size - length, null);
        if (count === 0) break;
        length += count;
      }
      return this.buffer.subarray(0, length);
    } finally {
      closeSync(fd);
    }
  }
}

/** Written whole under a temporary name and renamed, so a reader never sees half a file. */
function writeCodeCache(file: string, cache: () => CodeCache): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(temporary, encodeCodeCache(cache()), { mode: 0o600 });
    renameSync(temporary, file);
    pruneOthers(file);
  } catch {
    // A cache is an optimisation: a read-only or full disk only means the next run compiles.
    try {
      rmSync(temporary, { force: true });
    } catch {}
  }
}

/**
 * Keeps the most recently written cache files of this build (a few words' worth) and of other
 * builds or Node versions (a few); removes the rest.
 */
function pruneOthers(current: string): void {
  const dir = dirname(current);
  const build = basename(current).replace(/^(code-[0-9a-f]+-).*$/, '$1');
  const suffix = basename(current).replace(/^.*(-node[^-]+-[^-]+\.cache)$/, '$1');
  const files = readdirSync(dir)
    .filter((name) => /^code-.*\.cache$/.test(name) && join(dir, name) !== current)
    .map((name) => ({ name, path: join(dir, name), mtime: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  const ours = files.filter((file) => file.name.startsWith(build) && file.name.endsWith(suffix));
  const others = files.filter((file) => !ours.includes(file));
  for (const old of [...ours.slice(KEEP_WORD_FILES - 1), ...others.slice(KEEP_FILES)])
    rmSync(old.path, { force: true });
}
