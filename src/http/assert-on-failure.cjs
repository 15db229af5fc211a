'use strict';
// Stands in for node:assert inside the bundled undici and signal-exit (proper-lockfile's), see
// scripts/build.mjs. undici only ever calls assert(value[, message]), hundreds of times, and
// signal-exit assert.equal() once per lock; they hold. Loading node:assert (with its diff and
// call-tracking machinery) costs ~2-4 ms. The real module takes over the moment an assertion
// fails, so the error thrown is exactly node:assert's.
// test/unit/bundle-stand-ins.test.ts checks that neither uses any other part of assert.
module.exports = function assert(...args) {
  if (!args[0]) process.getBuiltinModule('node:assert')(...args);
};

module.exports.equal = function equal(actual, expected, ...rest) {
  // biome-ignore lint/suspicious/noDoubleEquals: assert.equal is loose equality.
  if (!(actual == expected)) process.getBuiltinModule('node:assert').equal(actual, expected, ...rest);
};
