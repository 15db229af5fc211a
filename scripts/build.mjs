// Bundles src/ into dist/. Dynamic imports become separate chunks, so a command loads only what
// it uses. The libraries on the start-up path are bundled in too: resolving their many small
// files costs more than parsing them. The rest stay in node_modules.
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

const bundled = new Set(['commander', 'undici', 'eventsource-parser']);
const pkg = JSON.parse(
  await (await import('node:fs/promises')).readFile(new URL('../package.json', import.meta.url), 'utf8'),
);
const external = Object.keys(pkg.dependencies).filter((name) => !bundled.has(name));

await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: ['src/main.ts'],
  outdir: 'dist',
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
