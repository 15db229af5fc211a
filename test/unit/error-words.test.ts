import { describe, expect, it } from 'vitest';
import { errorWords } from '../../src/error-words.ts';
import { nestedTooDeeply } from '../../src/json-depth.ts';

describe('errorWords', () => {
  it.each([
    [{ code: 'UND_ERR_SOCKET', message: 'other side closed' }, 'the connection closed unexpectedly'],
    [{ code: 'EISDIR', message: 'EISDIR: illegal operation on a directory, read' }, 'it is a directory'],
    [
      { code: 'ENOTDIR', message: "ENOTDIR: not a directory, open '/a/b'" },
      'a part of the path is not a directory',
    ],
    [{ code: 'ENOSPC' }, 'no space left on device'],
    [{ code: 'HPE_INVALID_CONSTANT' }, 'the server sent an answer that is not valid HTTP'],
    [new RangeError('Maximum call stack size exceeded'), 'the data is nested too deeply'],
    [
      { code: 'EWHATEVER', message: "EWHATEVER: something odd happened, open '/x'" },
      'something odd happened',
    ],
    [{ code: 'ESOMETHING', message: 'ESOMETHING' }, 'an unexpected error'],
    [new Error('plain words'), 'plain words'],
  ])('%j → %s', (err, words) => {
    expect(errorWords(err)).toBe(words);
  });
});

describe('nestedTooDeeply', () => {
  it('counts levels of arrays and objects, not scalars', () => {
    expect(nestedTooDeeply({ a: [1, { b: 'x' }] }, 3)).toBe(false);
    expect(nestedTooDeeply({ a: [1, { b: [] }] }, 3)).toBe(true);
    expect(nestedTooDeeply('text', 0)).toBe(false);
  });

  it('handles 1,000,000 levels without recursion', () => {
    let deep: unknown[] = [];
    for (let i = 0; i < 1_000_000; i++) deep = [deep];
    expect(nestedTooDeeply(deep)).toBe(true);
  });
});
