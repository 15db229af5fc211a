import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.ts';
import { apiPath, checkApiPath, pathParam, resolveApiUrl, splitApiPath } from '../../src/http/api-path.ts';

const base = new URL('https://api.seclai.com/');

describe('pathParam', () => {
  it.each([
    ['abc', 'abc'],
    ['a b', 'a%20b'],
    ['..x', '..x'],
    ['%2F', '%252F'],
    ['é', '%C3%A9'],
  ])('%j → %j', (id, encoded) => {
    expect(pathParam(id, '<id>')).toBe(encoded);
  });

  it.each(['', '.', '..', 'a/b', 'a?b', 'a#b', 'a\\b', 'a\tb', 'a\u0085b', ' a', 'a '])(
    '%j is a usage error naming the argument',
    (id) => {
      expect(() => pathParam(id, '<agent-id>')).toThrow(UsageError);
      expect(() => pathParam(id, '<agent-id>')).toThrow(/^<agent-id> must not/);
    },
  );
});

describe('apiPath', () => {
  it('encodes each interpolated id as one segment and keeps the literal parts', () => {
    expect(apiPath`/agents/${'a b'}/runs/${'r:1'}`).toBe('/agents/a%20b/runs/r%3A1');
  });

  it('refuses an id that would change the route', () => {
    expect(() => apiPath`/agents/${'..'}/runs`).toThrow(UsageError);
  });
});

describe('checkApiPath', () => {
  it.each(['/agents', '/agents/', '/agents/a%20b/runs', '/v2/agent-runs/x/attachments/y'])(
    'accepts %j',
    (path) => {
      expect(() => checkApiPath(path)).not.toThrow();
    },
  );

  it.each([
    'agents',
    '//evil.invalid/x',
    '/\\/evil.invalid/x',
    '\\\\evil.invalid',
    '/%2F%2Fevil.invalid',
    '/%5cevil.invalid',
    'https://evil.invalid/x',
    'HTTP://evil.invalid/x',
    '/a/../b',
    '/a/%2E%2e/b',
    '/a/./b',
    '/a//b',
    '/a#b',
    '/a?b=1',
    '/a b',
    '/a\u0000b',
    '/a/%zz',
  ])('refuses %j', (path) => {
    expect(() => checkApiPath(path)).toThrow(UsageError);
  });
});

describe('splitApiPath', () => {
  it('splits at the first ? only, keeping a later ? in the query', () => {
    const { pathname, query } = splitApiPath('/agents?q=a?b&limit=5');
    expect(pathname).toBe('/agents');
    expect([...query]).toEqual([
      ['q', 'a?b'],
      ['limit', '5'],
    ]);
  });

  it('refuses a fragment or whitespace in the query', () => {
    expect(() => splitApiPath('/agents?x=1#y')).toThrow(UsageError);
    expect(() => splitApiPath('/agents?x=1 2')).toThrow(UsageError);
  });
});

describe('resolveApiUrl', () => {
  it('puts the path below the base URL, prefix included, and appends the query', () => {
    const url = resolveApiUrl(new URL('http://127.0.0.1:4100/v1/'), '/agents/a%20b', {
      limit: 5,
      tag: ['x', 'y'],
    });
    expect(url.href).toBe('http://127.0.0.1:4100/v1/agents/a%20b?limit=5&tag=x&tag=y');
  });

  it('never leaves the base origin', () => {
    for (const path of ['//evil.invalid/x', '/\\/evil.invalid/x', '/..', '/%2F%2Fevil.invalid']) {
      expect(() => resolveApiUrl(base, path)).toThrow(UsageError);
    }
  });
});
