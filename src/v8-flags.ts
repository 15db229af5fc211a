/**
 * V8 flags, each set only for as long as it is needed. Any flag off its default changes the hash
 * V8 keys code caches to, and Node's own modules are compiled through a code cache built in: a
 * module Node loads while one is set is compiled from source (node:net, node:tty and node:http
 * took 13 ms instead of 4). So the launcher sets none for the run, and each flag below is set as
 * late as it can be.
 */

/**
 * Set while the launcher reads or makes its code cache (src/launch.ts), and only then. V8 checks a
 * code cache's version, flags and source, but checksums its bytes only under this flag (which also
 * makes it write the checksum): without it, damaged data is taken, and can crash V8.
 */
export function withCodeCacheV8Flags<T>(use: () => T): T {
  setFlagsFromString('--verify-snapshot-checksum');
  try {
    return use();
  } finally {
    setFlagsFromString('--no-verify-snapshot-checksum');
  }
}

/** node:v8 is loaded when a flag is set, not with the launcher. */
function setFlagsFromString(flag: string): void {
  process.getBuiltinModule('node:v8').setFlagsFromString(flag);
}

/**
 * The flags a command changed, each with the setting that puts it back to V8's default: the flag
 * itself and any flag it turned off with it, which V8 does not turn back on by itself.
 */
const changed = new Map<string, string>();

/**
 * Keeps WebAssembly in V8's baseline compiler (Liftoff), from when the first HTTP client is made
 * (src/http/undici.ts) or jq is loaded to the end of the run. undici parses HTTP with llhttp
 * compiled to WebAssembly. Once a few pages or a long stream make it hot, V8 otherwise recompiles
 * its parse function with its optimizing compiler on a worker thread: ~130 ms of CPU and 20–40 MiB
 * of memory (kept in that thread's malloc arena), and a process that exits meanwhile waits for it
 * (a `sources sync` of 1,000 files ended 100 ms late). The baseline code parses fast enough for a
 * CLI, with less CPU in all. Whether a function may tier up is settled when it is compiled, so the
 * flags stay set for functions compiled lazily, as they are first called.
 */
export function keepWebAssemblyBaseline(): void {
  setChanged('--no-wasm-dynamic-tiering', '--wasm-dynamic-tiering');
  setChanged('--no-wasm-tier-up', '--wasm-tier-up');
}

function setChanged(flag: string, defaultSetting: string): void {
  if (changed.has(flag)) return;
  setFlagsFromString(flag);
  changed.set(flag, defaultSetting);
}

/**
 * Keeps V8's young generation from doubling while a long listing or stream allocates at a steady
 * rate: it otherwise grows to tens of MiB of garbage waiting for collection. A sync's walk and
 * listing touch less fresh memory with it too (3–6 ms less for 1,000 files, where each fresh MiB
 * costs ~3.5 ms). Set once the command runs, not at start: set before the bundle is evaluated, it
 * made 200,000 listed items peak ~20 MiB higher.
 */
export function keepYoungGenerationSmall(): void {
  setChanged('--semi-space-growth-factor=1', '--semi-space-growth-factor=2');
}

/**
 * Leaves a stream's hot code to V8's mid-tier compiler (Maglev). TurboFan recompiled the SSE
 * parser on a worker thread (~90 ms of CPU), whose malloc arena kept ~5 MiB to the end of a
 * 1M-token stream; the stream was no faster for it. Set once the stream starts, as above.
 */
export function skipTopTierCompiler(): void {
  setChanged('--no-turbofan', TURBOFAN_DEFAULT);
}

/**
 * V8 12 (Node 22) turns --opt and --osr-from-maglev off with --no-turbofan, and --turbofan alone
 * leaves them off: a code cache made then was refused by every later run, which compiled all it
 * ran again and rewrote the cache (each streamed run on Node 22).
 */
const TURBOFAN_DEFAULT = '--turbofan --opt --osr-from-maglev';

/**
 * Leaves a short command's hot code in V8's baseline compiler (Sparkplug): no Maglev, no
 * TurboFan. A sync's walk and listing made V8 optimize their loops on worker threads, whose
 * compilers took ~3 MiB of fresh memory (~700 page faults on the benchmark machine); without
 * them, a second sync of 1,000 unchanged files took ~8 ms (5%) less, one with 10 changed files
 * ~5 ms less, and one of 20,000 files as much CPU time with 10 MiB less at its peak. Set once the
 * command runs, as above. Maglev is left alone where this Node does not build it (Node 22).
 */
export function skipOptimizingCompilers(): void {
  if ((process.config.variables as Record<string, unknown>).v8_enable_maglev)
    setChanged('--no-maglev', '--maglev');
  skipTopTierCompiler();
}

/** The one use of WebAssembly here; the project's type library (ES2023) does not declare it. */
declare const WebAssembly: { compile(bytes: Uint8Array): Promise<object> };

/**
 * Compiles a WebAssembly module whole, in the baseline compiler (see keepWebAssemblyBaseline), on
 * one background thread, while the main thread goes on. V8 otherwise compiles a module's functions
 * on the main thread as each is first called; and it keeps what it compiled, so a later compile of
 * the same bytes (undici's own, synchronous) takes the finished module. One thread: more took CPU
 * from the main thread on a two-core machine.
 */
export function compileInBackground(bytes: Uint8Array): Promise<object> {
  keepWebAssemblyBaseline();
  setChanged('--no-wasm-lazy-compilation', '--wasm-lazy-compilation');
  setChanged('--wasm-num-compilation-tasks=1', '--wasm-num-compilation-tasks=128');
  // These hold until the module is compiled: V8 reads them as the compile goes on. Any other
  // module (jq's, much bigger) is compiled lazily again.
  return WebAssembly.compile(bytes).finally(() => {
    putBack('--no-wasm-lazy-compilation');
    putBack('--wasm-num-compilation-tasks=1');
  });
}

/** Sets a flag that setChanged() set back to its default, if it still is set. */
function putBack(flag: string): void {
  const defaultSetting = changed.get(flag);
  if (defaultSetting === undefined) return;
  changed.delete(flag);
  setFlagsFromString(defaultSetting);
}

/**
 * Puts back the flags a command changed, before the launcher makes its code cache: a cache made
 * under other flags than the ones it is read under is refused, and the run compiles everything again.
 */
export function restoreV8Flags(): void {
  for (const flag of [...changed.keys()]) putBack(flag);
}
