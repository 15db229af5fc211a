import { crc32 } from 'node:zlib';

const HIGH_SURROGATE_FIRST = 0xd800;
const HIGH_SURROGATE_LAST = 0xdbff;

/**
 * What a run view printed of an answer, kept as its length and a CRC-32 rather than the text: a
 * million streamed tokens would otherwise stay in memory to the end for a comparison that only a
 * stream resumed by polling needs. Two different texts of the same length pass for equal once in
 * 2^32; then the rest of the final output is printed as if the streamed part had matched.
 */
export class StreamedText {
  /** UTF-16 code units added so far. */
  length = 0;
  private crc = 0;
  /** A high surrogate that ended the last piece: its pair may start the next one. */
  private heldSurrogate = '';

  add(text: string): void {
    if (text === '') return;
    this.length += text.length;
    let piece = this.heldSurrogate + text;
    this.heldSurrogate = '';
    const last = piece.charCodeAt(piece.length - 1);
    // CRC-32 runs over UTF-8, where half a surrogate pair would be encoded on its own.
    if (last >= HIGH_SURROGATE_FIRST && last <= HIGH_SURROGATE_LAST) {
      this.heldSurrogate = piece.slice(-1);
      piece = piece.slice(0, -1);
    }
    this.crc = crc32(piece, this.crc);
  }

  /** Whether `text` begins with everything added so far. */
  isPrefixOf(text: string): boolean {
    if (text.length < this.length) return false;
    const digest = this.heldSurrogate ? crc32(this.heldSurrogate, this.crc) : this.crc;
    return crc32(text.slice(0, this.length)) === digest;
  }
}
