import { describe, expect, it } from 'vitest';
import { pathFilter } from '../../src/commands/uploads/path-filter.ts';

describe('sources sync --include / --exclude globs', () => {
  it('skips dot files and dot folders anywhere', () => {
    const filter = pathFilter();
    expect(filter.keeps('a.md')).toBe(true);
    expect(filter.keeps('.env')).toBe(false);
    expect(filter.keeps('sub/.DS_Store')).toBe(false);
    expect(filter.walks('.git')).toBe(false);
    expect(filter.keeps('.github/workflows/ci.md')).toBe(false);
  });

  it('a glob without a slash matches any single name; * and ? stay within it', () => {
    const filter = pathFilter([], ['*.tmp', 'node_modules', 'draft?.md']);
    expect(filter.keeps('x.tmp')).toBe(false);
    expect(filter.keeps('deep/down/x.tmp')).toBe(false);
    expect(filter.keeps('x.tmp.md')).toBe(true);
    expect(filter.walks('pkg/node_modules')).toBe(false);
    expect(filter.keeps('draft1.md')).toBe(false);
    expect(filter.keeps('draft12.md')).toBe(true);
  });

  it('a glob with a slash matches the whole relative path; ** spans folders', () => {
    const filter = pathFilter(['guide/**/*.md', 'top/*.txt'], ['guide/old/**']);
    expect(filter.keeps('guide/a.md')).toBe(true);
    expect(filter.keeps('guide/x/y/a.md')).toBe(true);
    expect(filter.keeps('other/guide/a.md')).toBe(false);
    expect(filter.keeps('top/a.txt')).toBe(true);
    expect(filter.keeps('top/sub/a.txt')).toBe(false);
    expect(filter.keeps('guide/old/a.md')).toBe(false);
    expect(filter.walks('guide/old')).toBe(true);
    expect(filter.walks('guide')).toBe(true);
  });

  it('regular-expression characters in a glob are taken literally', () => {
    const filter = pathFilter([], ['a+b(1).md', '[x].md']);
    expect(filter.keeps('a+b(1).md')).toBe(false);
    expect(filter.keeps('aab(1).md')).toBe(true);
    expect(filter.keeps('[x].md')).toBe(false);
    expect(filter.keeps('x.md')).toBe(true);
  });
});
