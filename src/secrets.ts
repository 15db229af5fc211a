/** Shorter values would mask ordinary words; real keys and tokens are far longer. */
const MIN_SECRET_LENGTH = 4;

export const MASK = '***';

/**
 * The secrets this run knows (API key, access and refresh tokens), so that every line it prints
 * can have them masked, including text a server echoed back.
 */
export class KnownSecrets {
  private readonly values = new Set<string>();

  add(...values: (string | undefined)[]): void {
    for (const value of values) {
      if (value !== undefined && value.length >= MIN_SECRET_LENGTH) this.values.add(value);
    }
  }

  /** The text with every known secret replaced by `***`. */
  mask(text: string): string {
    if (this.values.size === 0) return text;
    // Longest first, so a secret that contains another is masked whole.
    const longestFirst = [...this.values].sort((a, b) => b.length - a.length);
    return longestFirst.reduce((shown, secret) => shown.split(secret).join(MASK), text);
  }
}
