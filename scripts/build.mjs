// Bundles src/ into dist/. Dynamic imports become separate chunks, so a command loads only what
// it uses. The libraries on the start-up path are bundled in too: resolving their many small
// files costs more than parsing them. The rest stay in node_modules.
import { readFile, rename, rm } from 'node:fs/promises';
import { build } from 'esbuild';

const bundled = new Set(['commander', 'undici', 'eventsource-parser']);
const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
const external = Object.keys(pkg.dependencies).filter((name) => !bundled.has(name));

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
    // CommonJS code inside the ESM bundle (undici, commander) calls require() for Node built-ins.
    banner: {
      js: "import { createRequire as __seclaiCreateRequire } from 'node:module'; const require = __seclaiCreateRequire(import.meta.url);",
    },
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
