'use strict';
// Stands in for node:http2 inside undici's bundled HTTP/2 client (see scripts/build.mjs). undici
// reads these constants when it loads, but opens an HTTP/2 session only when `allowH2` is set,
// which this CLI never does; loading node:http2 (and node:tls with it) at start-up costs more
// than the rest of undici. test/unit/bundle-stand-ins.test.ts checks the values against Node's.
const constants = {
  HTTP2_HEADER_AUTHORITY: ':authority',
  HTTP2_HEADER_METHOD: ':method',
  HTTP2_HEADER_PATH: ':path',
  HTTP2_HEADER_SCHEME: ':scheme',
  HTTP2_HEADER_CONTENT_LENGTH: 'content-length',
  HTTP2_HEADER_EXPECT: 'expect',
  HTTP2_HEADER_STATUS: ':status',
  HTTP2_HEADER_PROTOCOL: ':protocol',
  NGHTTP2_NO_ERROR: 0,
  NGHTTP2_REFUSED_STREAM: 7,
};

module.exports = {
  constants,
  connect: (...args) => require('node:http2').connect(...args),
};
