import { lookup } from 'mime-types';

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

/** The type of a file, by its extension; undefined when the extension says nothing. */
export function detectType(path: string): string | undefined {
  const found = lookup(path);
  return found === false ? undefined : canonicalType(found);
}

export function isAccepted(type: string): boolean {
  return ACCEPTED.has(canonicalType(type));
}

/** Audio and video inputs are transcribed after the upload; they come back `processing`. */
export function isMedia(type: string): boolean {
  return /^(audio|video)\//.test(canonicalType(type));
}

/** A MIME type as `type/subtype`, for checking `--mime-type`. */
export function looksLikeMimeType(value: string): boolean {
  return /^[\w.+-]+\/[\w.+-]+$/.test(value.split(';')[0].trim());
}
