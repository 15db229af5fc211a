'use strict';
// Stands in for undici's lib/core/tree.js inside the bundle (see scripts/build.mjs). That module
// builds a search tree of ~100 well-known header names at load, 1-3 ms at every start, so that
// a response header's name can be lowercased without making a string. undici only ever asks it
// as `tree.lookup(name) ?? name.toString('latin1').toLowerCase()`, so answering null gives the
// same lowercased names; a CLI reads a handful of headers per response.
// test/unit/bundle-stand-ins.test.ts checks that undici uses the tree in no other way.
module.exports = {
  tree: { lookup: () => null },
};
