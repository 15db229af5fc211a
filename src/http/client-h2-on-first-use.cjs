'use strict';
// Stands in for undici's HTTP/2 client inside the bundled undici (see scripts/build.mjs): a
// connection calls it only when it negotiates h2, which needs `allowH2`, and this CLI never sets
// it. The real module (and node:http2 and node:tls with it) then loads on that first call rather
// than with undici at every start.
let connectH2;

module.exports = function connectH2OnFirstUse(...args) {
  connectH2 ??= require('undici/lib/dispatcher/client-h2.js');
  return connectH2.apply(this, args);
};
