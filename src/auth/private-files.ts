import { chmodSync, mkdirSync, statSync } from 'node:fs';

/** Where a one-line warning goes (stderr, through the Session). */
export type Warn = (line: string) => void;

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

/**
 * As ssh does: a file holding secrets (0600) or a folder holding them (0700) that others may
 * read or write is tightened to `mode`, and `warn` says so. A path that does not exist is left
 * alone. Another user's path, or a shared sticky folder such as /tmp named as the config folder,
 * is only warned about: changing it would break it for everyone else.
 */
export function tightenPrivate(path: string, mode: 0o600 | 0o700, warn?: Warn): void {
  if (process.platform === 'win32') return;
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info || (info.mode & 0o077) === 0) return;
  const why =
    info.uid !== process.getuid?.() ? 'it is not yours' : info.mode & 0o1000 ? 'it is shared (sticky)' : '';
  if (why) {
    warn?.(`warning: ${path} is open to others (mode ${octal(info.mode)}); left as it is: ${why}`);
    return;
  }
  try {
    chmodSync(path, mode);
  } catch (err) {
    warn?.(
      `warning: ${path} is open to others (mode ${octal(info.mode)}) and could not be changed to ${octal(mode)}: ${(err as NodeJS.ErrnoException).code}`,
    );
    return;
  }
  warn?.(`warning: ${path} was open to others (mode ${octal(info.mode)}); changed it to ${octal(mode)}`);
}

/** Creates a folder for secrets (0700, parents included), tightening it when it already exists. */
export function ensurePrivateDir(dir: string, warn?: Warn): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  tightenPrivate(dir, 0o700, warn);
}
