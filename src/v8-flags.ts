import { setFlagsFromString } from 'node:v8';

/**
 * V8 settings for every run, set by the launcher before the bundle is compiled. V8 keys its code
 * cache (src/launch.ts) to the flags in force, so a flag set later in a run would make every such
 * run reject the cache and write it again.
 *
 * - `--semi-space-growth-factor=1`: the young generation does not double while a long listing or
 *   stream allocates at a steady rate; it would otherwise grow to tens of MiB of garbage waiting
 *   for collection (200,000 listed items peaked at ~160 MiB RSS instead of ~110).
 * - `--no-wasm-dynamic-tiering`, `--no-wasm-tier-up`: undici parses HTTP with llhttp compiled to
 *   WebAssembly. Once a few pages or a long stream make it hot, V8 recompiles its parse function
 *   with its optimizing compiler on a worker thread: ~130 ms of CPU and 20–40 MiB of memory, and
 *   a process that exits meanwhile waits for it (a `sources sync` of 1,000 files ended 100 ms
 *   late). The baseline code parses fast enough for a CLI.
 */
export const RUN_V8_FLAGS = [
  '--semi-space-growth-factor=1',
  '--no-wasm-dynamic-tiering',
  '--no-wasm-tier-up',
];

export function setRunV8Flags(): void {
  for (const flag of RUN_V8_FLAGS) setFlagsFromString(flag);
}
