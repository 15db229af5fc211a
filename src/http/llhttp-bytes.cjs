'use strict';
// The WebAssembly of undici's SIMD build of llhttp, as the Buffer undici itself compiles: in the
// bundle, the same module undici requires (see src/http/parser-compile.ts). CommonJS, so that an
// ES import of it does not copy the Buffer's every byte onto a namespace object (~150 ms).
module.exports = {
  llhttpSimd: () => require('undici/lib/llhttp/llhttp_simd-wasm.js'),
};
