/**
 * Which files of a synced folder take part: dot files never; `--exclude` globs drop, `--include`
 * globs (when given) narrow. A glob with a `/` matches the whole path relative to the folder;
 * one without matches any single name in it (`*.tmp`, `node_modules`). `*` and `?` stay within
 * a name, `**` spans folders.
 */
export interface PathFilter {
  /** Whether a file (by its `/`-separated path relative to the folder) takes part. */
  keeps(relativePath: string): boolean;
  /** Whether a folder is walked at all. */
  walks(relativePath: string): boolean;
}

export function pathFilter(include: readonly string[] = [], exclude: readonly string[] = []): PathFilter {
  const excluded = exclude.map(compileGlob);
  const included = include.map(compileGlob);
  const hidden = (path: string) => path.startsWith('.') || path.includes('/.');
  const isExcluded = (path: string) => hidden(path) || excluded.some((glob) => glob(path));
  return {
    keeps: (path) => !isExcluded(path) && (included.length === 0 || included.some((glob) => glob(path))),
    walks: (path) => !isExcluded(path),
  };
}

/** A glob as a test of a relative path. An empty glob is refused by the caller. */
function compileGlob(glob: string): (path: string) => boolean {
  const trimmed = glob.replace(/^\.\//, '').replace(/\/+$/, '');
  const regex = new RegExp(`^${globToRegex(trimmed)}$`);
  if (trimmed.includes('/')) return (path) => regex.test(path);
  return (path) => path.split('/').some((name) => regex.test(name));
}

function globToRegex(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '*' && glob[i + 1] === '*') {
      // `**/` matches no folder or any number of them; a bare `**` anything at all.
      if (glob[i + 2] === '/') {
        out += '(?:.*/)?';
        i += 2;
      } else {
        out += '.*';
        i += 1;
      }
    } else if (char === '*') out += '[^/]*';
    else if (char === '?') out += '[^/]';
    else out += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return out;
}
