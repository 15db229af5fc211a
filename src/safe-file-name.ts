import { basename } from 'node:path';

/** Longest file name most file systems accept, in bytes. */
export const MAX_NAME_BYTES = 255;

// C0 and C1 controls, DEL, and the characters that reorder text (bidi marks, embeddings,
// overrides, isolates) or hide in it (zero-width, BOM).
const UNSAFE_CHARACTERS = /[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
// Legal on Unix but not on Windows (and `:` opens NTFS alternate streams there).
const WINDOWS_FORBIDDEN = /[<>:"|?*]/g;
// Device names Windows resolves in any folder and with any extension: `nul.txt` is NUL.
const RESERVED =
  /^(con|prn|aux|nul|conin\$|conout\$|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3])(\.|$)/i;
// An extension worth keeping when a long name is shortened.
const EXTENSION = /\.[^.]{1,16}$/;

/**
 * Reduces a name the user did not type as a path (a server's Content-Disposition, an id,
 * `--name`) to one plain file name for the target folder: no folders (`a/b` and `a\b` become
 * `b`), no leading dots (nothing hidden, no `..`), no control, bidi or Windows-forbidden
 * characters, no trailing dots or spaces, at most 255 bytes with its extension kept, and `_`
 * before a Windows device name. Undefined when nothing usable is left.
 */
export function safeFileName(raw: string): string | undefined {
  let name = basename(raw.replace(/\\/g, '/'))
    .replace(UNSAFE_CHARACTERS, '')
    .replace(WINDOWS_FORBIDDEN, '_')
    .replace(/^[\s.]+/, '')
    .replace(/[\s.]+$/, '');
  if (name === '') return undefined;
  if (RESERVED.test(name)) name = `_${name}`;
  return capBytes(name, MAX_NAME_BYTES);
}

/** Shortens a name to `max` UTF-8 bytes, keeping a short extension and whole characters. */
export function capBytes(name: string, max: number): string {
  if (Buffer.byteLength(name) <= max) return name;
  const extension = EXTENSION.exec(name)?.[0] ?? '';
  const room = max - Buffer.byteLength(extension);
  let stem = '';
  let bytes = 0;
  for (const char of name.slice(0, name.length - extension.length)) {
    const size = Buffer.byteLength(char);
    if (bytes + size > room) break;
    stem += char;
    bytes += size;
  }
  return stem.replace(/[\s.]+$/, '') + extension;
}
