// Which build of llhttp the background compile picks: the one undici itself compiles
// (lib/dispatcher/client-h1.js), or none, as compiling bytes undici never uses would only cost time.
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { usesSimdBuild } from '../../src/http/parser-compile.ts';

describe('the HTTP parser compiled in the background', () => {
  it('is undici’s SIMD build wherever undici uses it', () => {
    expect(usesSimdBuild({}, 'x64', '24.11.0')).toBe(true);
    expect(usesSimdBuild({}, 'arm64', '22.12.0')).toBe(true);
    expect(usesSimdBuild({}, 'ppc64', '24.12.0')).toBe(true);
    expect(usesSimdBuild({}, 'ppc64', '25.0.0')).toBe(true);
    expect(usesSimdBuild({ UNDICI_NO_WASM_SIMD: '0' }, 'riscv64', '24.0.0')).toBe(true);
  });

  it('is none where undici takes its other build', () => {
    expect(usesSimdBuild({}, 'riscv64', '24.11.0')).toBe(false);
    expect(usesSimdBuild({}, 'ppc64', '24.11.0')).toBe(false);
    expect(usesSimdBuild({}, 'ppc64', '22.20.0')).toBe(false);
    expect(usesSimdBuild({ UNDICI_NO_WASM_SIMD: '1' }, 'x64', '24.11.0')).toBe(false);
  });

  it('keeps the process alive while it is waited for: a compile alone holds the event loop open for nothing', () => {
    const module = pathToFileURL(
      fileURLToPath(new URL('../../src/http/parser-compile.ts', import.meta.url)),
    ).href;
    const script = `import { parserCompiled, startParserCompile } from ${JSON.stringify(module)};
startParserCompile({});
await parserCompiled();
process.stdout.write('compiled');`;
    const child = spawnSync(
      process.execPath,
      ['--experimental-strip-types', '--no-warnings', '--input-type=module', '-e', script],
      {
        encoding: 'utf8',
      },
    );
    expect(child.stderr).toBe('');
    expect(child.stdout).toBe('compiled');
    expect(child.status).toBe(0);
  });
});
