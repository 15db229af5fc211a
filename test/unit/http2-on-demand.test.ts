import { readFileSync } from 'node:fs';
import { constants as http2Constants } from 'node:http2';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const standIn = require('../../src/http/http2-on-demand.cjs') as {
  constants: Record<string, string | number>;
  connect: unknown;
};

describe('the node:http2 stand-in bundled into undici', () => {
  it('gives exactly the constants undici reads at load time, with Node’s values', () => {
    const source = readFileSync(require.resolve('undici/lib/dispatcher/client-h2.js'), 'utf8');
    const block = /const \{\s*constants: \{([^}]*)\}\s*\} = http2/.exec(source);
    expect(block, 'undici no longer destructures http2.constants the same way').not.toBeNull();
    const names = block![1]
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean);
    expect(Object.keys(standIn.constants).sort()).toEqual([...names].sort());
    for (const name of names) {
      expect(standIn.constants[name], name).toBe(http2Constants[name as keyof typeof http2Constants]);
    }
  });

  it('opens real HTTP/2 sessions on demand', () => {
    expect(typeof standIn.connect).toBe('function');
    const uses =
      readFileSync(require.resolve('undici/lib/dispatcher/client-h2.js'), 'utf8').match(/http2\.\w+/g) ?? [];
    expect(new Set(uses)).toEqual(new Set(['http2.connect']));
  });
});
