/**
 * `length` random hex digits, for names that only need to differ from each other: temporary
 * files (created exclusively, so a clash fails instead of overwriting) and multipart boundaries.
 * Never for secrets. Math.random() spares loading node:crypto, which costs 8 ms at start-up.
 */
export function randomHex(length: number): string {
  let out = '';
  while (out.length < length)
    out += Math.floor(Math.random() * 2 ** 32)
      .toString(16)
      .padStart(8, '0');
  return out.slice(0, length);
}
