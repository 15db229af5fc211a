/**
 * V8 settings for every run, set by the launcher before the bundle is compiled: V8 keys its code
 * cache (src/launch.ts) to the flags in force, so these stay the same from one run to the next.
 *
 * undici parses HTTP with llhttp compiled to WebAssembly. Once a few pages or a long stream make
 * it hot, V8 recompiles its parse function with its optimizing compiler on a worker thread:
 * ~130 ms of CPU and 20–40 MiB of memory (kept in that thread's malloc arena), and a process
 * that exits meanwhile waits for it (a `sources sync` of 1,000 files ended 100 ms late). The
 * baseline code parses fast enough for a CLI, with less CPU in all.
 */
export const RUN_V8_FLAGS = ['--no-wasm-dynamic-tiering', '--no-wasm-tier-up'];

export function setRunV8Flags(): void {
  for (const flag of RUN_V8_FLAGS) setFlagsFromString(flag);
}

/** node:v8 is loaded when a flag is set, not with the launcher: top-level help sets none. */
function setFlagsFromString(flag: string): void {
  process.getBuiltinModule('node:v8').setFlagsFromString(flag);
}

/** The flags a command changed, each with the setting that puts it back to V8's default. */
const changed = new Map<string, string>();

/**
 * Keeps V8's young generation from doubling while a long listing or stream allocates at a steady
 * rate: it otherwise grows to tens of MiB of garbage waiting for collection. Set once the command
 * runs, not at start: set before the bundle is evaluated, it made 200,000 listed items peak ~20 MiB
 * higher.
 */
export function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
  changed.set('--semi-space-growth-factor=1', '--semi-space-growth-factor=2');
}

/**
 * Leaves a stream's hot code to V8's mid-tier compiler (Maglev). TurboFan recompiled the SSE
 * parser on a worker thread (~90 ms of CPU), whose malloc arena kept ~5 MiB to the end of a
 * 1M-token stream; the stream was no faster for it. Set once the stream starts, as above.
 */
export function skipTopTierCompiler(): void {
  setFlagsFromString('--no-turbofan');
  changed.set('--no-turbofan', '--turbofan');
}

/**
 * Puts back the flags a command changed, before the launcher makes its code cache: a cache made
 * under other flags than the next run's is refused by it, which then compiles everything again.
 */
export function restoreV8Flags(): void {
  for (const defaultSetting of changed.values()) setFlagsFromString(defaultSetting);
  changed.clear();
}
