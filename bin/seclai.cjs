#!/usr/bin/env node
'use strict';
// CommonJS: an ES module entry costs Node its module loader (~2 ms at every start).
// Built-ins come from process.getBuiltinModule(), which loads only the module asked for.
const module_ = process.getBuiltinModule('node:module');
module_.enableCompileCache?.();
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  const { readFileSync } = process.getBuiltinModule('node:fs');
  const pkg = JSON.parse(readFileSync(`${__dirname}/../package.json`, 'utf8'));
  process.stdout.write(`${pkg.version}\n`);
} else {
  // main() ends the process itself once the command is done. Should the event loop run dry
  // before (something awaited that nothing will settle), that is a bug, not success.
  let settled = false;
  process.once('beforeExit', () => {
    if (!settled) {
      process.stderr.write('seclai: internal error: the command ended before it finished\n');
      process.exitCode = 1;
    }
  });
  const { launch } = require('../dist/launch.cjs');
  launch(require.resolve('../dist/seclai.cjs'), argv).then(() => {
    settled = true;
  });
}
