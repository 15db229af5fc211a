// The published package: what `npm pack` puts in the tarball, and what an install fetches.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireBuiltBinary } from '../helpers/spawn.ts';

const root = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  license: string;
  man: string[];
  files: string[];
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** The paths `npm pack` would put in the tarball (dist/ as it is now; no scripts run). */
function packedFiles(): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return (JSON.parse(out) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
}

/** The packages whose code esbuild put into dist/seclai.cjs, read from its source map. */
function bundledPackages(): Set<string> {
  const map = JSON.parse(readFileSync(join(root, 'dist/seclai.cjs.map'), 'utf8')) as { sources: string[] };
  const names = map.sources.flatMap((source) => {
    const match = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source);
    return match ? [match[1]] : [];
  });
  return new Set(names);
}

/** The devDependencies and, through package-lock.json, every package they need. */
function devDependencyClosure(): Set<string> {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dependencies?: Record<string, string> }>;
  };
  const seen = new Set<string>();
  const queue = Object.keys(pkg.devDependencies);
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    queue.push(...Object.keys(lock.packages[`node_modules/${name}`]?.dependencies ?? {}));
  }
  return seen;
}

describe('npm pack', () => {
  requireBuiltBinary();

  it('holds the built CLI, its launcher, completions, man pages and the licence, and no source map', () => {
    const files = packedFiles();
    expect(files).toEqual(
      expect.arrayContaining([
        'bin/seclai.cjs',
        'dist/seclai.cjs',
        'dist/launch.cjs',
        'dist/llhttp_simd.wasm',
        'dist/llhttp.wasm',
        'completions/seclai.bash',
        'man/seclai.1',
        'man/seclai-agents-run.1',
        'LICENSE',
        'package.json',
      ]),
    );
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
  });

  it('builds dist/ before packing, so a fresh clone packs a working CLI', () => {
    expect(pkg.scripts.prepack).toMatch(/\bnpm run build\b|scripts\/build\.mjs/);
  });

  it('declares every man page for `man` after a global install, and each one is packed', () => {
    const files = new Set(packedFiles());
    expect(pkg.man).toContain('./man/seclai.1');
    expect(pkg.man).toContain('./man/seclai-agents-run.1');
    for (const page of pkg.man) expect(files.has(page.replace(/^\.\//, '')), page).toBe(true);
  });

  it('ships a LICENSE that matches the "license" field', () => {
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
  });
});

describe('dependencies', () => {
  requireBuiltBinary();

  it('installs no package that is already bundled into dist/', () => {
    const bundled = bundledPackages();
    expect(bundled).toContain('undici');
    expect(bundled).toContain('commander');
    const twice = Object.keys(pkg.dependencies).filter((name) => bundled.has(name));
    expect(twice).toEqual([]);
  });

  it('keeps the bundled packages as devDependencies or their dependencies, so a fresh clone can build', () => {
    const reachable = devDependencyClosure();
    for (const name of bundledPackages()) expect(reachable.has(name), name).toBe(true);
  });

  it('keeps the native keyring addon a real dependency', () => {
    expect(pkg.dependencies['@napi-rs/keyring']).toBeDefined();
    expect(existsSync(join(root, 'node_modules/@napi-rs/keyring'))).toBe(true);
  });
});
