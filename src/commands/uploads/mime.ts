import { createRequire } from 'node:module';
import { extname } from 'node:path';

/** Types the upload endpoints accept (the contract's list), under their canonical names. */
const ACCEPTED = new Set([
  'application/epub+zip',
  'application/json',
  'application/msword',
  'application/pdf',
  'application/vnd.ms-excel',
  'application/vnd.ms-outlook',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/xml',
  'application/zip',
  'audio/flac',
  'audio/mp4',
  'audio/mpeg',
  'audio/ogg',
  'audio/wav',
  'image/bmp',
  'image/gif',
  'image/jpeg',
  'image/png',
  'image/svg+xml',
  'image/tiff',
  'image/webp',
  'text/csv',
  'text/html',
  'text/markdown',
  'text/plain',
  'text/x-markdown',
  'text/xml',
  'video/mp4',
  'video/quicktime',
  'video/x-msvideo',
]);

/** Other names the MIME database (or people) use for accepted types. */
const ALIASES: Record<string, string> = {
  'audio/x-flac': 'audio/flac',
  'audio/x-wav': 'audio/wav',
  'audio/wave': 'audio/wav',
  'audio/vnd.wave': 'audio/wav',
  'audio/x-m4a': 'audio/mp4',
  'audio/mp3': 'audio/mpeg',
  'image/jpg': 'image/jpeg',
};

/** The canonical name of a type: lower case, without parameters, aliases resolved. */
export function canonicalType(type: string): string {
  const bare = type.split(';')[0].trim().toLowerCase();
  return ALIASES[bare] ?? bare;
}

/**
 * The MIME database's answer for the extensions of accepted types, canonical names already
 * (test/uploads/mime.test.ts holds it to mime-types). Loading mime-types parses its whole database,
 * some 20-30 ms of every upload's start-up; it is loaded only for extensions not listed here.
 */
const COMMON: Record<string, string> = {
  avi: 'video/x-msvideo',
  bmp: 'image/bmp',
  csv: 'text/csv',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  epub: 'application/epub+zip',
  flac: 'audio/flac',
  gif: 'image/gif',
  htm: 'text/html',
  html: 'text/html',
  jpeg: 'image/jpeg',
  jpg: 'image/jpeg',
  json: 'application/json',
  log: 'text/plain',
  m4a: 'audio/mp4',
  markdown: 'text/markdown',
  md: 'text/markdown',
  mkd: 'text/x-markdown',
  mov: 'video/quicktime',
  mp3: 'audio/mpeg',
  mp4: 'video/mp4',
  msg: 'application/vnd.ms-outlook',
  oga: 'audio/ogg',
  ogg: 'audio/ogg',
  opus: 'audio/ogg',
  pdf: 'application/pdf',
  png: 'image/png',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  svg: 'image/svg+xml',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  txt: 'text/plain',
  wav: 'audio/wav',
  webp: 'image/webp',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xml: 'application/xml',
  zip: 'application/zip',
};

/** The type of a file, by its extension; undefined when the extension says nothing. */
export function detectType(path: string): string | undefined {
  // The extension as mime-types' lookup() takes it.
  const extension = extname(`x.${path}`).toLowerCase().slice(1);
  if (Object.hasOwn(COMMON, extension)) return COMMON[extension];
  const { lookup } = createRequire(import.meta.url)('mime-types') as typeof import('mime-types');
  const found = lookup(path);
  return found === false ? undefined : canonicalType(found);
}

/** For tests: the extensions detectType answers without the MIME database. */
export const COMMON_EXTENSIONS: Readonly<Record<string, string>> = COMMON;

export function isAccepted(type: string): boolean {
  return ACCEPTED.has(type) || ACCEPTED.has(canonicalType(type));
}

/** Audio and video inputs are transcribed after the upload; they come back `processing`. */
export function isMedia(type: string): boolean {
  return /^(audio|video)\//.test(canonicalType(type));
}

/** A MIME type as `type/subtype`, for checking `--mime-type`. */
export function looksLikeMimeType(value: string): boolean {
  return /^[\w.+-]+\/[\w.+-]+$/.test(value.split(';')[0].trim());
}
