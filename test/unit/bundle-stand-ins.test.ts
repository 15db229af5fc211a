import nodeAssert, { AssertionError } from 'node:assert';
import * as fsModule from 'node:fs';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
describe('undici’s HTTP/2 client', () => {
  it('is called only for a connection that negotiated h2, which the CLI never asks for', () => {
    const source = readFileSync(require.resolve('undici/lib/dispatcher/client.js'), 'utf8');
    expect(source.match(/connectH2\(/g)).toHaveLength(1);
    expect(source).toMatch(/alpnProtocol === 'h2'\s*\?\s*connectH2\(client, socket\)/);
  });

  it('loads on its first call, not with undici: the bundle holds it behind a stand-in', () => {
    const { inputs } = bundleGraph();
    const clientImports = inputs['node_modules/undici/lib/dispatcher/client.js'].imports.map((i) => i.path);
    expect(clientImports).toContain('src/http/client-h2-on-first-use.cjs');
    expect(clientImports).not.toContain('node_modules/undici/lib/dispatcher/client-h2.js');
    const importers = Object.entries(inputs)
      .filter(([, input]) =>
        input.imports.some((i) => i.path === 'node_modules/undici/lib/dispatcher/client-h2.js'),
      )
      .map(([file]) => file);
    expect(importers).toEqual(['src/http/client-h2-on-first-use.cjs']);
  });

  it('forwards the first call to the real module', () => {
    const real = require.resolve('undici/lib/dispatcher/client-h2.js');
    delete require.cache[real];
    const connectH2 = require('../../src/http/client-h2-on-first-use.cjs') as (...args: unknown[]) => unknown;
    expect(require.cache[real]).toBeUndefined();
    // No client and no socket: the real function fails on its first line, as it would unwrapped.
    expect(() => connectH2(undefined, undefined)).toThrow(TypeError);
    expect(require.cache[real]).toBeDefined();
  });
});

describe('the node:assert stand-in bundled into undici', () => {
  const assert = require('../../src/http/assert-on-failure.cjs') as (...args: unknown[]) => void;
  const undiciLib = join(dirname(require.resolve('undici/lib/dispatcher/client.js')), '..');

  it('passes when the value holds and throws node:assert’s own errors when it does not', () => {
    expect(assert(true)).toBeUndefined();
    expect(assert(1, 'message')).toBeUndefined();
    const thrown = (fn: () => void) => {
      try {
        fn();
      } catch (err) {
        return err as AssertionError;
      }
      throw new Error('did not throw');
    };
    for (const args of [[false, 'broken'], [0], [undefined, undefined]]) {
      const ours = thrown(() => assert(...args));
      const nodes = thrown(() => (nodeAssert as (...a: unknown[]) => void)(...args));
      expect(ours).toBeInstanceOf(AssertionError);
      expect([ours.message, ours.actual, ours.expected, ours.operator]).toEqual([
        nodes.message,
        nodes.actual,
        nodes.expected,
        nodes.operator,
      ]);
    }
    const own = new TypeError('own error');
    expect(() => assert(null, own)).toThrow(own);
  });

  it('covers all undici does with assert: calling it, never a method of it', () => {
    const uses: string[] = [];
    for (const file of jsFiles(undiciLib)) {
      const source = readFileSync(file, 'utf8');
      if (!/require\('node:assert'\)/.test(source)) continue;
      for (const match of source.matchAll(/\bassert\.(\w+)/g)) uses.push(`${file}: assert.${match[1]}`);
    }
    expect(uses).toEqual([]);
  });

  it('covers all signal-exit (under proper-lockfile) does with assert: assert.equal', () => {
    const lockfileDir = dirname(require.resolve('proper-lockfile/package.json'));
    const signalExit = createRequire(join(lockfileDir, 'lib', 'lockfile.js')).resolve('signal-exit');
    expect(signalExit).toContain(join('proper-lockfile', 'node_modules', 'signal-exit'));
    const source = readFileSync(signalExit, 'utf8');
    expect(source).toContain("require('assert')");
    expect(new Set(source.match(/\bassert\.\w+/g))).toEqual(new Set(['assert.equal']));
  });

  it('passes assert.equal when the values are loosely equal, and throws node:assert’s error when not', () => {
    const { equal } = assert as unknown as { equal: (...args: unknown[]) => void };
    expect(equal('function', 'function', 'message')).toBeUndefined();
    expect(equal(1, '1')).toBeUndefined();
    let ours: AssertionError | undefined;
    try {
      equal(typeof 1, 'function', 'a callback must be provided');
    } catch (err) {
      ours = err as AssertionError;
    }
    expect(ours).toBeInstanceOf(AssertionError);
    expect([ours?.message, ours?.actual, ours?.expected, ours?.operator]).toEqual([
      'a callback must be provided',
      'number',
      'function',
      '==',
    ]);
  });

  it('is what the build puts in place of node:assert', () => {
    const dist = new URL('../../dist/', import.meta.url).pathname;
    const bundled = jsFiles(dist).filter((file) =>
      /require\("(node:)?assert"\)/.test(readFileSync(file, 'utf8')),
    );
    expect(bundled).toEqual([]);
  });
});

describe('the node:http stand-in bundled into undici', () => {
  const undiciLib = join(dirname(require.resolve('undici/lib/dispatcher/client.js')), '..');
  const read = (file: string) => readFileSync(join(undiciLib, file), 'utf8');

  it('stands for the only two things the bundled undici reads from node:http', () => {
    const util = read('core/util.js');
    expect(util).toContain("const { IncomingMessage } = require('node:http')");
    expect(util.match(/IncomingMessage/g)).toHaveLength(2);
    expect(util).toContain('Object.getPrototypeOf(stream).constructor === IncomingMessage');
    const client = read('dispatcher/client.js');
    expect(new Set(client.match(/\bhttp\.\w+/g))).toEqual(new Set(['http.maxHeaderSize']));
    // The other users of node:http in undici (fetch, mocks) are not part of the bundle.
    // The one real node:http is the sign-in's loopback server, which loads when `auth login` runs.
    expect(importersOf('node:http')).toEqual(['src/auth/login-server.ts']);
    expect(Object.keys(bundleGraph().inputs)).not.toContainEqual(
      expect.stringMatching(/node_modules\/undici\/lib\/(web\/fetch\/index|mock\/mock-utils)\.js/),
    );
  });

  it('is never asked for maxHeaderSize: every client sets its own', async () => {
    const { createAgent } = await import('../../src/http/undici.ts');
    const agent = createAgent({});
    const options = Object.getOwnPropertySymbols(agent)
      .map((symbol) => (agent as unknown as Record<symbol, unknown>)[symbol])
      .find(
        (value): value is { maxHeaderSize?: number } =>
          typeof value === 'object' && value !== null && 'maxHeaderSize' in value,
      );
    expect(options?.maxHeaderSize).toBe(16 * 1024);
    await agent.close();
  });
});

describe('the header-name tree stand-in bundled into undici', () => {
  const undiciLib = join(dirname(require.resolve('undici/lib/dispatcher/client.js')), '..');
  const standIn = require('../../src/http/header-names-unindexed.cjs') as {
    tree: { lookup: (name: Buffer) => string | null };
  };

  it('is asked only for lookups with a lowercasing fallback, so answering none changes nothing', () => {
    const users: string[] = [];
    for (const file of jsFiles(undiciLib)) {
      const source = readFileSync(file, 'utf8');
      if (/require\('(\.\.?\/)+(core\/)?tree(\.js)?'\)/.test(source))
        users.push(file.slice(undiciLib.length));
    }
    expect(users).toEqual(['/core/util.js']);
    const util = readFileSync(join(undiciLib, 'core/util.js'), 'utf8');
    const uses = util.match(/\btree\b[^\n]*/g) ?? [];
    expect(uses).toEqual([
      "tree } = require('./tree')",
      "tree.lookup(value) ?? value.toString('latin1').toLowerCase()",
      "tree.lookup(value) ?? value.toString('latin1').toLowerCase()",
    ]);
    expect(standIn.tree.lookup(Buffer.from('Content-Type'))).toBeNull();
  });

  it('is what the build puts in place of the tree', () => {
    const { inputs } = bundleGraph();
    expect(inputs['node_modules/undici/lib/core/util.js'].imports.map((i) => i.path)).toContain(
      'src/http/header-names-unindexed.cjs',
    );
    expect(Object.keys(inputs)).not.toContain('node_modules/undici/lib/core/tree.js');
  });
});

describe('undici’s experimental Milo parser', () => {
  it('is left out by defining esbuildDetection, which undici reads only to choose Milo or llhttp', () => {
    const lib = join(dirname(require.resolve('undici/lib/dispatcher/client.js')), '..');
    const readers: string[] = [];
    for (const file of jsFiles(lib))
      for (const line of readFileSync(file, 'utf8').split('\n'))
        if (line.includes('esbuildDetection')) readers.push(`${file.slice(lib.length)}: ${line.trim()}`);
    expect(readers).toEqual([
      "/dispatcher/client-h1.js: const { H1Parser, getMiloEnabled } = typeof esbuildDetection === 'undefined'",
      "/dispatcher/client-h1.js: socket[kParser] = typeof esbuildDetection === 'undefined' && (client[kUseMilo] ?? getMiloEnabled())",
      // fetch is not part of the bundle (see the node:http stand-in above).
      "/web/fetch/index.js: const defaultUserAgent = typeof __UNDICI_IS_NODE__ !== 'undefined' || typeof esbuildDetection !== 'undefined'",
    ]);
    const bundled = Object.keys(bundleGraph().inputs);
    expect(bundled).toContain('llhttp-file:llhttp_simd.wasm');
    expect(bundled).not.toContainEqual(
      expect.stringMatching(/undici\/lib\/(milo\/|dispatcher\/parser-h1\.js)/),
    );
  });
});

describe('commander’s node:child_process', () => {
  it('is not required when the CLI starts (the build defers it to first use)', () => {
    const { inputs } = bundleGraph();
    expect(inputs['node_modules/commander/lib/command.js'].imports.map((i) => i.path)).toContain(
      'on-first-use:node:child_process',
    );
    // Every other require of it runs on an import() of it (opening a browser), not at start-up.
    expect(new Set(importersOf('node:child_process'))).toEqual(
      new Set(['on-first-use:node:child_process', 'import-as-require:node:child_process']),
    );
    for (const [file, input] of Object.entries(inputs))
      for (const i of input.imports)
        if (i.path === 'import-as-require:node:child_process') expect(i.kind, file).toBe('dynamic-import');
  });
});

describe('package.json in the bundle', () => {
  it('is its version alone, the one field src/version.ts reads', () => {
    const { inputs } = bundleGraph();
    expect(inputs['src/version.ts'].imports.map((i) => i.path)).toEqual(['version-only:package.json']);
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    const bundle = readFileSync(new URL('../../dist/seclai.cjs', import.meta.url), 'latin1');
    expect(bundle).toContain(`version:${JSON.stringify(pkg.version)}`);
    expect(bundle).not.toContain(pkg.description);
  });
});

describe('proper-lockfile’s graceful-fs', () => {
  it('is node:fs in the bundle, and proper-lockfile calls only what node:fs has', () => {
    const { inputs } = bundleGraph();
    expect(Object.keys(inputs)).not.toContainEqual(expect.stringMatching(/node_modules\/graceful-fs\//));
    const lib = join(dirname(require.resolve('proper-lockfile/package.json')), 'lib');
    const calls = new Set<string>();
    for (const file of jsFiles(lib)) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/\bfs\.(\w+)/g)) calls.add(match[1]);
    }
    expect(calls.size).toBeGreaterThan(0);
    for (const name of calls)
      expect(typeof (fsModule as Record<string, unknown>)[name], name).toBe('function');
    expect(inputs['node_modules/proper-lockfile/lib/lockfile.js'].imports.map((i) => i.path)).toContain(
      'node:fs',
    );
  });
});

interface BundleGraph {
  inputs: Record<string, { imports: { path: string; kind: string; external?: boolean }[] }>;
}

/** What the build bundled, module by module (esbuild's metafile, written beside the bundle). */
function bundleGraph(): BundleGraph {
  return JSON.parse(readFileSync(new URL('../../dist/seclai.meta.json', import.meta.url), 'utf8'));
}

/** The bundled modules that load `path` from outside the bundle (a Node built-in). */
function importersOf(path: string): string[] {
  return Object.entries(bundleGraph().inputs)
    .filter(([, input]) => input.imports.some((i) => i.path === path && i.external))
    .map(([file]) => file);
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.c?js$/.test(name))
    .map((name) => join(dir, name));
}

describe('undici’s llhttp WebAssembly', () => {
  it('is beside the bundle as the bytes undici’s own modules hold, and read from there, not bundled', () => {
    const dist = join(dirname(require.resolve('../../package.json')), 'dist');
    for (const [module, file] of [
      ['llhttp_simd-wasm.js', 'llhttp_simd.wasm'],
      ['llhttp-wasm.js', 'llhttp.wasm'],
    ]) {
      const bytes: Buffer = require(`undici/lib/llhttp/${module}`);
      expect(readFileSync(join(dist, file)).equals(bytes), file).toBe(true);
      expect(Object.keys(bundleGraph().inputs)).not.toContain(`node_modules/undici/lib/llhttp/${module}`);
    }
    // Both undici's require and the background compile's (src/http/llhttp-bytes.cjs) get the file.
    const importers = Object.entries(bundleGraph().inputs)
      .filter(([, input]) => input.imports.some((i) => i.path === 'llhttp-file:llhttp_simd.wasm'))
      .map(([file]) => file);
    expect(importers.sort()).toEqual([
      'node_modules/undici/lib/dispatcher/client-h1.js',
      'src/http/llhttp-bytes.cjs',
    ]);
  });
});
