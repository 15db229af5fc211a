// What the official CLI's upload flags name: `--file <path>` beside our positional paths,
// `--file-name <name>` for the name sent, `--metadata-file <path>` for metadata.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseJson, parseMetadata, utf8Text } from '../../catalog/input.ts';
import { errorWords } from '../../error-words.ts';
import { UsageError } from '../../errors.ts';
import type { UploadFile } from './files.ts';

/** The flags every file upload takes (`fileUploadOptions()` in the catalog, and `--title`). */
export interface FileUploadFlags {
  title?: string;
  metadata?: string[];
  metadataFile?: string;
  file?: string[];
  fileName?: string;
  mimeType?: string;
  forceType?: boolean;
}

/** The paths an upload names: positional ones, then every `--file`; at least one. */
export function namedPaths(positional: string | string[] | undefined, files: string[] | undefined): string[] {
  const paths = [...(positional === undefined ? [] : [positional].flat()), ...(files ?? [])];
  if (paths.length === 0) throw new UsageError('name a file to upload', 'give its path, or --file <path>');
  return paths;
}

/** The one path of a single-file upload: positional or `--file`, not both. */
export function onePath(positional: string | undefined, files: string[] | undefined): string {
  const paths = namedPaths(positional, files);
  if (paths.length > 1) throw new UsageError(`this uploads one file (got ${paths.length})`);
  return paths[0];
}

/**
 * `--file-name`: the name the upload's file part carries instead of the file's own (the type is
 * still the file's). One file only; a name with a path separator or a control character is refused.
 */
export function renameUpload(files: UploadFile[], name: string | undefined): void {
  if (name === undefined) return;
  if (name.trim() === '' || /[/\\\p{Cc}]/u.test(name))
    throw new UsageError('--file-name must be a file name: not empty, no /, \\ or control characters');
  if (files.length !== 1) throw new UsageError(`--file-name applies to one file only (got ${files.length})`);
  files[0].filename = name;
}

/** Metadata from `--metadata-file` (a JSON object), with `--metadata` keys over its keys. */
export function uploadMetadata(
  cwd: string,
  flags: string[] | undefined,
  file: string | undefined,
): Record<string, unknown> | undefined {
  const fromFlags = parseMetadata(flags);
  if (file === undefined) return fromFlags;
  if (file === '') throw new UsageError('--metadata-file needs a file name');
  let bytes: Buffer;
  try {
    bytes = readFileSync(resolve(cwd, file));
  } catch (err) {
    throw new UsageError(`--metadata-file: cannot read ${file}: ${errorWords(err)}`);
  }
  const what = `--metadata-file ${file}`;
  const parsed = parseJson(utf8Text(bytes, what), what);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new UsageError(`${what} must hold a JSON object`);
  return { ...(parsed as Record<string, unknown>), ...fromFlags };
}
