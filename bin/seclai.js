#!/usr/bin/env node
// Built-ins come from process.getBuiltinModule(): an ES `import` of node:fs would load
// fs/promises, readline and more at every start.
const module = process.getBuiltinModule('node:module');
module.enableCompileCache?.();
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  const { readFileSync } = process.getBuiltinModule('node:fs');
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${pkg.version}\n`);
} else {
  const require = module.createRequire(import.meta.url);
  const { launch } = require('../dist/launch.cjs');
  await launch(require.resolve('../dist/seclai.cjs'), argv);
}
