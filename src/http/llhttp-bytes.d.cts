declare const llhttpBytes: {
  /** undici's lib/llhttp/llhttp_simd-wasm.js: the WebAssembly, as a Buffer. */
  llhttpSimd(): Uint8Array;
};
export = llhttpBytes;
