'use strict';
// Stands in for node:assert inside the bundled undici (see scripts/build.mjs). undici only ever
// calls assert(value[, message]), hundreds of times, and they hold; loading node:assert (with its
// diff and call-tracking machinery) at start-up cost ~4 ms. The real module takes over the moment
// an assertion fails, so the error thrown is exactly node:assert's.
// test/unit/bundle-stand-ins.test.ts checks that undici uses no other part of assert.
module.exports = function assert(...args) {
  if (!args[0]) process.getBuiltinModule('node:assert')(...args);
};
