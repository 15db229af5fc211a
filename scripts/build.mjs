// Bundles src/ into dist/seclai.cjs, and src/launch.ts, which loads it, into dist/launch.cjs.
// The libraries on the start-up path are bundled in too: resolving their many small files costs
// more than parsing them. They are devDependencies, so an install does not fetch them a second
// time; what stays in node_modules is exactly the package's `dependencies`.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
const external = Object.keys(pkg.dependencies);

// Stand-ins for modules that undici loads at start-up but hardly needs: its HTTP/2 client (a
// connection needs it only when it negotiates h2, which the CLI never asks for; it is bundled to
// load on first call, with node:http2), node:assert (the real module loads when an assertion
// fails; signal-exit, under the sync lock, gets it too), node:http (two values the CLI never
// relies on) and its own header-name tree (a shortcut with a fallback). See the comments in each
// file.
const undiciStandIns = {
  name: 'undici-stand-ins',
  setup(b) {
    const standIn = (file) => ({ path: fileURLToPath(new URL(`../src/http/${file}`, import.meta.url)) });
    b.onResolve({ filter: /^\.\/tree$/ }, (args) =>
      /undici[\\/]lib[\\/]core[\\/]util\.js$/.test(args.importer)
        ? standIn('header-names-unindexed.cjs')
        : undefined,
    );
    b.onResolve({ filter: /^(node:)?assert$/ }, (args) =>
      /proper-lockfile[\\/]node_modules[\\/]signal-exit[\\/]/.test(args.importer)
        ? standIn('assert-on-failure.cjs')
        : undefined,
    );
    b.onResolve({ filter: /^node:(assert|http)$/ }, (args) => {
      if (!/undici[\\/]lib[\\/]/.test(args.importer)) return undefined;
      return standIn(args.path === 'node:assert' ? 'assert-on-failure.cjs' : 'http-on-demand.cjs');
    });
    b.onResolve({ filter: /^\.\/client-h2\.js$/ }, (args) =>
      /undici[\\/]lib[\\/]dispatcher[\\/]client\.js$/.test(args.importer)
        ? standIn('client-h2-on-first-use.cjs')
        : undefined,
    );
  },
};

// Commander requires node:child_process for executable subcommands, which this CLI has none
// of; it is loaded on first use instead of at every start.
const childProcessOnFirstUse = {
  name: 'child-process-on-first-use',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /node_modules[\\/]commander[\\/]/.test(args.importer)
        ? { path: args.path, namespace: 'on-first-use' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'on-first-use' }, (args) => ({
      contents: `module.exports = new Proxy({}, { get: (_, key) => require(${JSON.stringify(args.path)})[key] });`,
      loader: 'js',
    }));
  },
};

// proper-lockfile calls fs through graceful-fs, which patches node:fs and loads its streams as
// it loads (~10 ms) to retry opens past EMFILE; a lock file needs mkdir, stat, utimes and rmdir
// once each, which node:fs itself does.
const plainFsForLocks = {
  name: 'plain-fs-for-locks',
  setup(b) {
    b.onResolve({ filter: /^graceful-fs$/ }, (args) =>
      /proper-lockfile[\\/]/.test(args.importer) ? { path: 'node:fs', external: true } : undefined,
    );
  },
};

// undici's llhttp WebAssembly comes as JavaScript modules holding it in base64 (72 KB each, two
// builds): a fifth of the bundle, read and copied at every start, most of which never parse HTTP.
// They are written to dist/ as the binary files they decode to, and read from there when a
// connection first opens; every require() of either module (undici's, src/http/llhttp-bytes.cjs)
// gets the one Buffer.
const LLHTTP_FILES = { 'llhttp_simd-wasm.js': 'llhttp_simd.wasm', 'llhttp-wasm.js': 'llhttp.wasm' };
const llhttpFromFiles = {
  name: 'llhttp-from-files',
  setup(b) {
    b.onResolve({ filter: /(^|[\\/])llhttp(_simd)?-wasm\.js$/ }, (args) => ({
      path: LLHTTP_FILES[args.path.replace(/^.*[\\/]/, '')],
      namespace: 'llhttp-file',
    }));
    b.onLoad({ filter: /.*/, namespace: 'llhttp-file' }, (args) => ({
      contents: `module.exports = require('node:fs').readFileSync(require('node:path').join(__dirname, ${JSON.stringify(args.path)}));`,
      loader: 'js',
    }));
  },
};

async function writeLlhttpFiles(dir) {
  const require = createRequire(import.meta.url);
  for (const [module, file] of Object.entries(LLHTTP_FILES))
    await writeFile(`${dir}/${file}`, require(`undici/lib/llhttp/${module}`));
}

// src/version.ts takes the version from package.json: the rest of it (dependencies, scripts,
// 8 KB) would be an object literal compiled and built at every start.
const versionOnly = {
  name: 'version-only',
  setup(b) {
    b.onResolve({ filter: /[\\/]package\.json$/ }, (args) =>
      /src[\\/]version\.ts$/.test(args.importer)
        ? { path: 'package.json', namespace: 'version-only' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'version-only' }, () => ({
      contents: JSON.stringify({ version: pkg.version }),
      loader: 'json',
    }));
  },
};

// import() of a module outside the bundle (a package in node_modules or a Node built-in)
// becomes require() on first import. dist/launch.cjs runs the bundle as a vm.Script, where
// import() needs an experimental loader hook that prints a warning; require() of an ES module
// is plain Node 22.12+. The re-export sits in a module of its own, outside this package's
// "type": "module", so esbuild takes the default export of an ES module from its namespace.
const importAsRequire = {
  name: 'import-as-require',
  setup(b) {
    const isExternal = (path) =>
      path.startsWith('node:') || external.some((name) => path === name || path.startsWith(`${name}/`));
    b.onResolve({ filter: /.*/ }, (args) =>
      args.kind === 'dynamic-import' && isExternal(args.path)
        ? { path: args.path, namespace: 'import-as-require' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'import-as-require' }, (args) => {
      const from = JSON.stringify(args.path);
      return { contents: `export * from ${from};\nexport { default } from ${from};\n`, loader: 'js' };
    });
  },
};

// The first line of the bundle names its build: a hash of its text, which dist/launch.cjs uses
// to tell its code cache from one made for another build. Same length as the hash, so the
// source map stays true.
const BUILD_ID_PLACEHOLDER = '0'.repeat(16);

// Build beside dist/ and swap it in, so a binary started meanwhile (another test run, the demo)
// never finds dist/ half-written or missing.
const dist = new URL('../dist', import.meta.url);
const staging = new URL(`../dist.tmp-${process.pid}`, import.meta.url);
await rm(staging, { recursive: true, force: true });
try {
  const common = { bundle: true, format: 'cjs', platform: 'node', target: 'node22', logLevel: 'warning' };
  // One CommonJS file, not ES modules: modules reached only by import() are bundled as
  // functions that run on first import, so a command still runs only what it uses, and the
  // whole CLI can be loaded through one V8 code cache (see src/launch.ts).
  const result = await build({
    ...common,
    entryPoints: ['src/main.ts'],
    outfile: `${staging.pathname}/seclai.cjs`,
    external,
    sourcemap: 'linked',
    // Every start reads, copies and hashes the whole bundle (page faults dominate on small
    // machines): minified, it is ~40% smaller and a command starts ~10 ms sooner. Names are not
    // kept (keepNames wraps every function as it is defined: ~3 ms at start): no code here or in
    // the bundled packages tells anything apart by a function's or class's name.
    minify: true,
    write: false,
    plugins: [
      undiciStandIns,
      childProcessOnFirstUse,
      plainFsForLocks,
      llhttpFromFiles,
      versionOnly,
      importAsRequire,
    ],
    metafile: true,
    // src/ is ES modules; the one use of import.meta (createRequire) gets the bundle's own URL.
    // esbuildDetection is what undici's own bundle for Node core defines: client-h1.js then
    // leaves out its experimental Milo parser (two WebAssembly builds as base64, 148 KB, a sixth
    // of this bundle, read at every start), which runs only when a client asks for it and none
    // here does. HTTP/1 is parsed by llhttp, as before.
    define: { 'import.meta.url': '__seclai_bundle_url', esbuildDetection: 'true' },
    // The bundle is one function expression, as Node wraps a CommonJS module: dist/launch.cjs
    // compiles the file's text as it is, with no wrapper joined to a copy of it.
    banner: {
      js: `// seclai build ${BUILD_ID_PLACEHOLDER}\n(function (exports, require, module, __filename, __dirname) {"use strict";\nvar __seclai_bundle_url = require("node:url").pathToFileURL(__filename).href;`,
    },
    footer: { js: '})' },
  });
  const leftImports = Object.values(result.metafile.outputs)
    .flatMap((output) => output.imports)
    .filter((entry) => entry.kind === 'dynamic-import');
  if (leftImports.length > 0)
    throw new Error(`import() left in the bundle: ${leftImports.map((entry) => entry.path).join(', ')}`);
  await mkdir(staging, { recursive: true });
  // The module graph, for the tests that check what the (minified) bundle holds; not packed.
  await writeFile(`${staging.pathname}/seclai.meta.json`, JSON.stringify(result.metafile));
  for (const file of result.outputFiles) {
    let text = file.text;
    if (file.path.endsWith('.cjs')) {
      text = asciiOnly(text);
      const buildId = createHash('sha256').update(text).digest('hex').slice(0, BUILD_ID_PLACEHOLDER.length);
      text = text.replace(BUILD_ID_PLACEHOLDER, buildId);
    }
    await writeFile(file.path, text);
  }
  await writeLlhttpFiles(staging.pathname);
  await build({ ...common, entryPoints: ['src/launch.ts'], outfile: `${staging.pathname}/launch.cjs` });
} catch (err) {
  await rm(staging, { recursive: true, force: true });
  throw err;
}
await swapIn(staging, dist);

// esbuild escapes non-ASCII characters in strings but not in comments (a licence's author) or
// regular expressions. A bundle with one such character is read as a two-byte string: twice the
// memory, and decoding it costs ~10 ms at every start. \uXXXX means the same in both places.
function asciiOnly(text) {
  return text.replace(/[^\x00-\x7f]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

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
