import { accessSync, constants, type Dirent, readdirSync, type Stats, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { UsageError } from '../../errors.ts';
import { fileNameText, isUtf8Name } from '../../file-name-text.ts';
import { formatBytes } from '../../output/progress.ts';
import { canonicalType, detectType, isAccepted, looksLikeMimeType } from './mime.ts';

/** The API's limit per file. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

/** A file that passed every pre-check and may be sent. */
export interface UploadFile {
  /** As the user named it (or as found below a named directory); bytes that are not UTF-8 as `\xHH`. */
  path: string;
  /** The absolute path as text (as `path`): shown, and the journal's key. */
  absolutePath: string;
  /** What to open: the absolute path, or its bytes when the name is not valid UTF-8. */
  diskPath: string | Buffer;
  /** Sent as the part's file name (as text, like `path`). */
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
  /** While walking: whether an entry (by its absolute path) is taken, or a directory walked. */
  keep?: (path: string, isDirectory: boolean) => boolean;
  /** No files at all is not a problem (a sync of an empty folder). */
  allowEmpty?: boolean;
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
  const add = (found: Found, info: Stats | Error) => {
    // By the bytes on disk: a name with a stray byte and one spelling out its escape are two files.
    // A path held as a string is valid UTF-8 and one held as bytes is not, so the two never meet.
    const key =
      typeof found.diskPath === 'string' ? found.diskPath : `\0${found.diskPath.toString('latin1')}`;
    if (seen.has(key)) return;
    seen.add(key);
    const checked = checkFile(found, info, options);
    if ('reason' in checked) problems.push(checked);
    else files.push(checked);
  };
  for (const path of paths) {
    const named = findNamed(path, resolve(options.cwd, path));
    const info = statOrError(named.diskPath);
    if (info instanceof Error) {
      problems.push({ path, reason: describeError(info) });
    } else if (info.isDirectory()) {
      if (!options.recursive)
        problems.push({ path, reason: 'is a directory (add --recursive to upload its files)' });
      else for (const found of walk(named, options, problems)) add(found, statOrError(found.diskPath));
    } else {
      add(named, info);
    }
  }
  if (problems.length > 0) {
    const lines = problems.map((p) => `  ${p.path}: ${p.reason}`).join('\n');
    throw new UsageError(
      `${problems.length === 1 ? 'one path cannot' : `${problems.length} paths cannot`} be uploaded; nothing was sent:\n${lines}`,
      hintFor(problems),
    );
  }
  if (files.length === 0 && !options.allowEmpty)
    throw new UsageError('no files to upload (the directories hold none)');
  return files;
}

/** A path as shown (`path`, `absolutePath`) and as opened (`diskPath`). */
type Found = Pick<UploadFile, 'path' | 'absolutePath' | 'diskPath'>;

/**
 * A path from the command line. Node reads arguments as UTF-8, turning bytes that are not into
 * U+FFFD; when no file has that name, the one entry of its directory whose name reads the same
 * is the file meant.
 */
function findNamed(path: string, absolutePath: string): Found {
  const plain = { path, absolutePath, diskPath: absolutePath };
  if (!absolutePath.includes('\uFFFD') || !(statOrError(absolutePath) instanceof Error)) return plain;
  const wanted = basename(absolutePath);
  let names: Buffer[];
  try {
    names = readdirSync(dirname(absolutePath), { encoding: 'buffer' });
  } catch {
    return plain;
  }
  const matches = names.filter((name) => !isUtf8Name(name) && name.toString('utf8') === wanted);
  if (matches.length !== 1) return plain;
  const text = fileNameText(matches[0]);
  return {
    path: join(dirname(path), text),
    absolutePath: join(dirname(absolutePath), text),
    diskPath: Buffer.concat([Buffer.from(dirname(absolutePath) + sep), matches[0]]),
  };
}

function statOrError(path: string | Buffer): Stats | NodeJS.ErrnoException {
  try {
    return statSync(path);
  } catch (err) {
    return err as NodeJS.ErrnoException;
  }
}

function checkFile(
  { path, absolutePath, diskPath }: Found,
  info: Stats | NodeJS.ErrnoException,
  options: CollectOptions,
): UploadFile | Problem {
  if (info instanceof Error) return { path, reason: describeError(info) };
  if (!info.isFile()) return { path, reason: 'is not a regular file' };
  if (!isReadable(diskPath, info)) return { path, reason: 'is not readable (permission denied)' };
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
    diskPath,
    filename: basename(absolutePath),
    size: info.size,
    mtimeMs: info.mtimeMs,
    contentType: contentType ?? 'application/octet-stream',
  };
}

const uid = process.getuid?.();

/**
 * The owner's read bit answers for the owner (the kernel checks it before anything else), which
 * saves a system call per file of a big folder; anyone else asks the kernel.
 */
function isReadable(diskPath: string | Buffer, info: Stats): boolean {
  if (uid !== undefined && info.uid === uid && info.mode & 0o400) return true;
  try {
    accessSync(diskPath, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Files below a directory, sorted by name; hidden entries are skipped unless asked, and
 * symlinked directories are not followed. Names are read as latin1, one character per byte and
 * no Buffer per name, so a name that is not UTF-8 is still opened by its own bytes (and shown
 * with `\xHH` escapes).
 */
function walk(dir: Found, options: CollectOptions, problems: Problem[]): Found[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir.diskPath, { withFileTypes: true, encoding: 'latin1' });
  } catch (err) {
    problems.push({ path: dir.path, reason: describeError(err as NodeJS.ErrnoException) });
    return [];
  }
  const found: Found[] = [];
  const prefixes = childPrefixes(dir);
  for (const entry of sortedByName(entries)) {
    if (!options.includeHidden && entry.name.startsWith('.')) continue;
    const child = childOf(dir, prefixes, entry.name);
    if (options.keep && !options.keep(child.absolutePath, entry.isDirectory())) continue;
    if (entry.isDirectory()) found.push(...walk(child, options, problems));
    else if (entry.isSymbolicLink()) {
      const target = statOrError(child.diskPath);
      if (!(target instanceof Error) && target.isFile()) found.push(child);
    } else found.push(child);
  }
  return found;
}

/** Entries in the byte order of their names: names read as latin1 compare as their bytes do. */
function sortedByName(entries: Dirent[]): Dirent[] {
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** What the shown and the absolute paths of a folder's entries start with. */
interface ChildPrefixes {
  path: string;
  absolutePath: string;
}

/**
 * Each folder path normalized once and ended with a separator (a sync walks thousands of names,
 * and `join` normalizes every time); the folder's absolute path is normalized already.
 */
function childPrefixes(dir: Found): ChildPrefixes {
  const path = join(dir.path, '.');
  return { path: path === '.' ? '' : withSeparator(path), absolutePath: withSeparator(dir.absolutePath) };
}

function withSeparator(folder: string): string {
  return folder.endsWith(sep) ? folder : folder + sep;
}

/**
 * An entry of a folder, by its name read as latin1 (one plain name: no separator, never `.` or
 * `..`). An ASCII name is its own text; any other is turned back into its bytes.
 */
function childOf(dir: Found, prefixes: ChildPrefixes, latin1Name: string): Found {
  const bytes = ASCII.test(latin1Name) ? undefined : Buffer.from(latin1Name, 'latin1');
  const utf8 = bytes === undefined || isUtf8Name(bytes);
  let text = latin1Name;
  if (bytes) text = utf8 ? bytes.toString('utf8') : fileNameText(bytes);
  const absolutePath = prefixes.absolutePath + text;
  const diskPath =
    typeof dir.diskPath === 'string' && utf8
      ? absolutePath
      : Buffer.concat([
          Buffer.from(dir.diskPath),
          Buffer.from(sep),
          bytes ?? Buffer.from(latin1Name, 'latin1'),
        ]);
  return { path: prefixes.path + text, absolutePath, diskPath };
}

const ASCII = /^[\x00-\x7f]*$/;

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
