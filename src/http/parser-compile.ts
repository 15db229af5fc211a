import { compileInBackground } from '../v8-flags.ts';
import llhttpBytes from './llhttp-bytes.cjs';

/**
 * undici parses HTTP/1 with llhttp, compiled from WebAssembly when its first connection opens:
 * on the main thread, each function as the first answer first calls it (~5 ms before a command's
 * first answer is read on the benchmark machine). Compiled whole in the background from when a
 * command knows it will send requests, it is ready by then, and undici's compile of the same
 * bytes takes it.
 */
let started = false;
let pending: Promise<void> | undefined;

/** Starts compiling the parser undici will use, once per process. */
export function startParserCompile(env: NodeJS.ProcessEnv = process.env): void {
  if (started || !usesSimdBuild(env)) return;
  started = true;
  const compiling = compileInBackground(llhttpBytes.llhttpSimd()).then(
    () => {},
    () => {}, // undici then compiles it itself, as it would have
  );
  pending = compiling.then(() => {
    pending = undefined;
  });
}

/** Waits until the parser started by startParserCompile() is compiled (or failed to be). */
export async function parserCompiled(): Promise<void> {
  if (!pending) return;
  // A compile holds nothing open in the event loop: while only it is awaited, Node would find
  // nothing left to wait for and end the process.
  const keepAlive = setTimeout(() => {}, 60_000);
  try {
    await pending;
  } finally {
    clearTimeout(keepAlive);
  }
}

/**
 * Whether undici picks its SIMD build of llhttp, as lib/dispatcher/client-h1.js decides: the other
 * one is for riscv64, ppc64 before Node 24.12, or UNDICI_NO_WASM_SIMD=1. Compiling bytes undici
 * does not use would only cost time.
 */
export function usesSimdBuild(
  env: NodeJS.ProcessEnv,
  arch = process.arch,
  nodeVersion = process.versions.node,
): boolean {
  if (env.UNDICI_NO_WASM_SIMD === '1') return false;
  if (env.UNDICI_NO_WASM_SIMD === '0') return true;
  if (arch === 'riscv64') return false;
  if (arch !== 'ppc64') return true;
  const [major, minor] = nodeVersion.split('.').map(Number);
  return major > 24 || (major === 24 && minor >= 12);
}
