import { describe, expect, it } from 'vitest';
import { nestedTooDeeply, textMayNestTooDeeply } from '../../src/json-depth.ts';

const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('nestedTooDeeply', () => {
  it('refuses values nesting past the limit, and only those', () => {
    expect(nestedTooDeeply(JSON.parse(nested(10)), 10)).toBe(false);
    expect(nestedTooDeeply(JSON.parse(nested(11)), 10)).toBe(true);
    expect(nestedTooDeeply(JSON.parse(`{"a":${nested(11)}}`), 10)).toBe(true);
  });
});

describe('textMayNestTooDeeply', () => {
  it('is true for every text whose value nests too deeply', () => {
    for (const text of [nested(11), `{"a":${nested(10)}}`, `[{"a":{"b":${nested(9)}}}]`]) {
      expect(nestedTooDeeply(JSON.parse(text), 10), text).toBe(true);
      expect(textMayNestTooDeeply(text, 10), text).toBe(true);
    }
  });

  it('is false for text with no more opening brackets than the limit', () => {
    expect(textMayNestTooDeeply(nested(10), 10)).toBe(false);
    expect(textMayNestTooDeeply(JSON.stringify({ data: [{ a: 1 }, { b: [2] }] }), 10)).toBe(false);
    expect(textMayNestTooDeeply('"plain"', 10)).toBe(false);
  });

  it('counts brackets inside strings, erring towards the full check', () => {
    const text = JSON.stringify({ text: '{'.repeat(6), list: '['.repeat(6) });
    expect(textMayNestTooDeeply(text, 10)).toBe(true);
    expect(nestedTooDeeply(JSON.parse(text), 10)).toBe(false);
  });

  it('is true for a long flat list, which the full check then clears', () => {
    const text = JSON.stringify(Array.from({ length: 20 }, (_, i) => ({ i })));
    expect(textMayNestTooDeeply(text, 10)).toBe(true);
    expect(nestedTooDeeply(JSON.parse(text), 10)).toBe(false);
  });
});
