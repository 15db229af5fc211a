// Bundles src/ into dist/. Dynamic imports become separate chunks, so a command loads only what
// it uses. The libraries on the start-up path are bundled in too: resolving their many small
// files costs more than parsing them. The rest stay in node_modules.
import { readFile, rename, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const bundled = new Set(['commander', 'undici', 'eventsource-parser']);
const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
const external = Object.keys(pkg.dependencies).filter((name) => !bundled.has(name));

// Stand-ins for built-ins that undici loads at start-up but hardly needs: node:http2 (the CLI
// never speaks HTTP/2; the real module loads if a session is ever opened), node:assert (the
// real module loads when an assertion fails) and node:http (two values the CLI never relies
// on). See the comments in each file.
const undiciStandIns = {
  name: 'undici-stand-ins',
  setup(b) {
    const standIn = (file) => ({ path: fileURLToPath(new URL(`../src/http/${file}`, import.meta.url)) });
    b.onResolve({ filter: /^node:(http2|assert|http)$/ }, (args) => {
      if (!/undici[\\/]lib[\\/]/.test(args.importer)) return undefined;
      if (args.path === 'node:assert') return standIn('assert-on-failure.cjs');
      if (args.path === 'node:http') return standIn('http-on-demand.cjs');
      return /dispatcher[\\/]client-h2\.js$/.test(args.importer) ? standIn('http2-on-demand.cjs') : undefined;
    });
  },
};

// An ESM `import` of a Node built-in makes Node build an ES module facade over it, which
// evaluates every lazy export: `import … from 'node:fs'` loads fs/promises, readline and
// stream/promises, node:crypto loads WebCrypto, node:util parseArgs, diff and more. So the
// built-ins the start-up path imports become small modules that take them from
// process.getBuiltinModule() and export just the names the bundle imports (a build error names
// any other). Commander's node:child_process (for executable subcommands, which this CLI has
// none of) is only loaded when first used.
const importedNames = {
  'node:crypto': ['createHash', 'randomBytes'],
  'node:fs': ['constants', 'createReadStream', 'createWriteStream', 'readFileSync', 'readSync'],
  'node:process': [],
  'node:util': ['stripVTControlCharacters'],
};
const lazyForCommander = 'node:child_process';
const builtinsWithoutFacade = {
  name: 'builtins-without-facade',
  setup(b) {
    b.onResolve({ filter: /^node:(crypto|fs|process|util|child_process)$/ }, (args) => {
      if (args.kind !== 'import-statement' && args.kind !== 'dynamic-import') return undefined;
      if (args.path !== lazyForCommander) return { path: args.path, namespace: 'builtin-without-facade' };
      return /node_modules[\\/]commander[\\/]/.test(args.importer)
        ? { path: args.path, namespace: 'builtin-on-first-use' }
        : undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'builtin-without-facade' }, (args) => ({
      contents: [
        `const builtin = process.getBuiltinModule(${JSON.stringify(args.path)});`,
        'export default builtin;',
        ...importedNames[args.path].map((name) => `export const ${name} = builtin.${name};`),
      ].join('\n'),
      loader: 'js',
    }));
    b.onLoad({ filter: /.*/, namespace: 'builtin-on-first-use' }, (args) => ({
      contents: `export default new Proxy({}, { get: (_, key) => process.getBuiltinModule(${JSON.stringify(args.path)})[key] });`,
      loader: 'js',
    }));
  },
};

// The CommonJS code inside the bundle (undici, commander's helpers) require()s only Node
// built-ins; process.getBuiltinModule() hands those over without the cost of createRequire()
// and the CommonJS loader in every chunk.
const requireBuiltins =
  'const require = (id) => { const m = process.getBuiltinModule(id); if (m === undefined) throw new Error("not a Node built-in: " + id); return m; };';

// Build beside dist/ and swap it in, so a binary started meanwhile (another test run, the demo)
// never finds dist/ half-written or missing.
const dist = new URL('../dist', import.meta.url);
const staging = new URL(`../dist.tmp-${process.pid}`, import.meta.url);
await rm(staging, { recursive: true, force: true });
try {
  await build({
    entryPoints: ['src/main.ts'],
    outdir: staging.pathname,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    external,
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [undiciStandIns, builtinsWithoutFacade],
    banner: { js: requireBuiltins },
  });
} catch (err) {
  await rm(staging, { recursive: true, force: true });
  throw err;
}
await swapIn(staging, dist);

async function swapIn(fresh, target) {
  const retired = new URL(`../dist.old-${process.pid}`, import.meta.url);
  for (let attempt = 0; ; attempt++) {
    await rename(target, retired).catch((err) => {
      if (err.code !== 'ENOENT') throw err;
    });
    try {
      await rename(fresh, target);
      break;
    } catch (err) {
      // A concurrent build put its dist/ in place between our two renames: move it aside too.
      if ((err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') || attempt >= 5) throw err;
      await rm(retired, { recursive: true, force: true });
    }
  }
  await rm(retired, { recursive: true, force: true });
}
