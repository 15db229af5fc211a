import { isUtf8 } from 'node:buffer';

/**
 * A file name as text. Names on disk are bytes, and not every byte string is UTF-8: each byte
 * that is not part of a valid UTF-8 sequence becomes `\xHH`, so the name can be shown, sent and
 * told apart from its neighbours (decoding as Node does would turn each into U+FFFD).
 */
export function fileNameText(name: Buffer): string {
  if (isUtf8(name)) return name.toString('utf8');
  let text = '';
  let validFrom = 0;
  for (let i = 0; i < name.length; ) {
    const length = utf8SequenceLength(name, i);
    if (length > 0) {
      i += length;
      continue;
    }
    text += `${name.toString('utf8', validFrom, i)}\\x${name[i].toString(16).toUpperCase().padStart(2, '0')}`;
    i++;
    validFrom = i;
  }
  return text + name.toString('utf8', validFrom);
}

/** Whether a name is valid UTF-8, so its string form names the same file. */
export function isUtf8Name(name: Buffer): boolean {
  return isUtf8(name);
}

/** Bytes in the valid UTF-8 sequence at `i`, or 0 when none starts there (RFC 3629 table 3-7). */
function utf8SequenceLength(bytes: Buffer, i: number): number {
  const lead = bytes[i];
  if (lead < 0x80) return 1;
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) low = 0xa0;
    if (lead === 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) low = 0x90;
    if (lead === 0xf4) high = 0x8f;
  } else return 0;
  if (i + length > bytes.length) return 0;
  for (let k = 1; k < length; k++) {
    const byte = bytes[i + k];
    if (byte < (k === 1 ? low : 0x80) || byte > (k === 1 ? high : 0xbf)) return 0;
  }
  return length;
}
