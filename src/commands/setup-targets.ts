// What `skills install` and `mcp configure` share: the project folder and `all` among the choices.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../errors.ts';
import type { Session } from '../session.ts';

/** `--dir` (default: the current folder), which must be an existing folder. */
export function projectDir(session: Session, option: unknown): string {
  const dir = resolve(session.ctx.cwd, typeof option === 'string' ? option : '.');
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    // Missing: reported below.
  }
  if (!isDir) throw new UsageError(`--dir ${dir} is not a folder`);
  return dir;
}

/** The chosen values of a repeatable choice flag, `all` standing for every one; no repeats. */
export function expandChoices<T extends string>(chosen: string[], all: readonly T[]): T[] {
  if (chosen.includes('all')) return [...all];
  return all.filter((value) => chosen.includes(value));
}
