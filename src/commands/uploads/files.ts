import { accessSync, constants, type Dirent, readdirSync, type Stats, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { UsageError } from '../../errors.ts';
import { formatBytes } from '../../output/progress.ts';
import { canonicalType, detectType, isAccepted, looksLikeMimeType } from './mime.ts';

/** The API's limit per file. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

/** A file that passed every pre-check and may be sent. */
export interface UploadFile {
  /** As the user named it (or as found below a named directory). */
  path: string;
  absolutePath: string;
  /** Sent as the part's file name. */
  filename: string;
  size: number;
  mtimeMs: number;
  contentType: string;
}

export interface CollectOptions {
  cwd: string;
  /** Walk directories. */
  recursive?: boolean;
  /** Include dot files and dot directories found while walking. */
  includeHidden?: boolean;
  /** Overrides detection for every file. */
  mimeType?: string;
  /** Send types the API does not list. */
  forceType?: boolean;
}

interface Problem {
  path: string;
  reason: string;
}

/**
 * Expands and checks the paths of an upload before anything is sent: each must exist, be a
 * regular readable file of at most 200 MiB and of a type the API accepts. Every problem is
 * reported at once, in a UsageError naming each bad path. The checks are synchronous: nothing
 * else runs yet, and a stat is quicker than a trip through the thread pool.
 */
export function collectFiles(paths: string[], options: CollectOptions): UploadFile[] {
  if (options.mimeType !== undefined && !looksLikeMimeType(options.mimeType)) {
    throw new UsageError(`--mime-type must look like type/subtype (got "${options.mimeType}")`);
  }
  const problems: Problem[] = [];
  const files: UploadFile[] = [];
  const seen = new Set<string>();
  const add = (path: string, absolutePath: string, info: Stats | Error) => {
    if (seen.has(absolutePath)) return;
    seen.add(absolutePath);
    const checked = checkFile(path, absolutePath, info, options);
    if ('reason' in checked) problems.push(checked);
    else files.push(checked);
  };
  for (const path of paths) {
    const absolutePath = resolve(options.cwd, path);
    const info = statOrError(absolutePath);
    if (info instanceof Error) {
      problems.push({ path, reason: describeError(info) });
    } else if (info.isDirectory()) {
      if (!options.recursive)
        problems.push({ path, reason: 'is a directory (add --recursive to upload its files)' });
      else
        for (const [found, foundAbsolute] of walk(path, absolutePath, options, problems))
          add(found, foundAbsolute, statOrError(foundAbsolute));
    } else {
      add(path, absolutePath, info);
    }
  }
  if (problems.length > 0) {
    const lines = problems.map((p) => `  ${p.path}: ${p.reason}`).join('\n');
    throw new UsageError(
      `${problems.length === 1 ? 'one path cannot' : `${problems.length} paths cannot`} be uploaded; nothing was sent:\n${lines}`,
      hintFor(problems),
    );
  }
  if (files.length === 0) throw new UsageError('no files to upload (the directories hold none)');
  return files;
}

function statOrError(path: string): Stats | NodeJS.ErrnoException {
  try {
    return statSync(path);
  } catch (err) {
    return err as NodeJS.ErrnoException;
  }
}

function checkFile(
  path: string,
  absolutePath: string,
  info: Stats | NodeJS.ErrnoException,
  options: CollectOptions,
): UploadFile | Problem {
  if (info instanceof Error) return { path, reason: describeError(info) };
  if (!info.isFile()) return { path, reason: 'is not a regular file' };
  try {
    accessSync(absolutePath, constants.R_OK);
  } catch {
    return { path, reason: 'is not readable (permission denied)' };
  }
  if (info.size > MAX_UPLOAD_BYTES) {
    return { path, reason: `is ${formatBytes(info.size)}; the limit is 200 MiB per file` };
  }
  const contentType =
    options.mimeType !== undefined ? canonicalType(options.mimeType) : detectType(absolutePath);
  if (contentType === undefined) {
    if (!options.forceType) return { path, reason: 'has no known type (give --mime-type)' };
  } else if (!options.forceType && !isAccepted(contentType)) {
    return { path, reason: `is ${contentType}, a type the API does not accept` };
  }
  return {
    path,
    absolutePath,
    filename: basename(absolutePath),
    size: info.size,
    mtimeMs: info.mtimeMs,
    contentType: contentType ?? 'application/octet-stream',
  };
}

/**
 * Files below a directory, sorted, as [shown, absolute] paths; hidden entries are skipped unless
 * asked, and symlinked directories are not followed.
 */
function walk(
  shown: string,
  absolute: string,
  options: CollectOptions,
  problems: Problem[],
): [string, string][] {
  let entries: Dirent[];
  try {
    entries = readdirSync(absolute, { withFileTypes: true });
  } catch (err) {
    problems.push({ path: shown, reason: describeError(err as NodeJS.ErrnoException) });
    return [];
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const found: [string, string][] = [];
  for (const entry of entries) {
    if (!options.includeHidden && entry.name.startsWith('.')) continue;
    const child: [string, string] = [join(shown, entry.name), join(absolute, entry.name)];
    if (entry.isDirectory()) found.push(...walk(child[0], child[1], options, problems));
    else if (entry.isSymbolicLink()) {
      const target = statOrError(child[1]);
      if (!(target instanceof Error) && target.isFile()) found.push(child);
    } else found.push(child);
  }
  return found;
}

function describeError(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT':
      return 'does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'is not readable (permission denied)';
    case 'ENOTDIR':
      return 'does not exist (a parent is not a directory)';
    default:
      return err.code ?? err.message;
  }
}

function hintFor(problems: Problem[]): string | undefined {
  if (problems.some((p) => p.reason.includes('type'))) {
    return 'set the type with --mime-type, or send it anyway with --force-type';
  }
  return undefined;
}
