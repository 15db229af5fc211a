'use strict';
// Stands in for node:http inside the bundled undici (see scripts/build.mjs), which reads two
// things from it, and loading node:http (nine internal modules) cost ~4 ms at start-up:
// - IncomingMessage: compared with the class of a request body undici destroys, to detach an
//   incoming message from its socket first. The CLI's bodies are strings, buffers and async
//   generators, never incoming HTTP messages.
// - maxHeaderSize: the default for a client's own maxHeaderSize, which createAgent() in
//   src/http/undici.ts always sets, so this value is never used.
// test/unit/bundle-stand-ins.test.ts checks that undici reads nothing else from node:http.
module.exports = {
  IncomingMessage: class IncomingMessage {},
  maxHeaderSize: 16 * 1024,
};
