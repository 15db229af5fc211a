/**
 * Characters a terminal may obey instead of show: C0 controls (ESC starts CSI/OSC sequences), DEL,
 * C1 controls (U+009B is a one-character CSI), bidi embeddings, overrides, isolates and marks,
 * line and paragraph separators, and invisible zero-width characters. ZWJ and ZWNJ stay: emoji
 * sequences and several scripts need them, and they command nothing.
 */
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');

const NAMED: Record<string, string> = {
  '\0': '\\0',
  '\x07': '\\a',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\v': '\\v',
  '\f': '\\f',
  '\r': '\\r',
  '\x1b': '\\e',
};

/** Line breaks stay (notes, error messages, pretty JSON); everything else is made visible. */
export const KEEP_LINES = '\n';
/** Line breaks and tabs stay (a streamed answer has paragraphs and indented code). */
export const KEEP_LAYOUT = '\n\t';

/**
 * Text from a server or a file made safe to show on a terminal: every character that could move
 * the cursor, clear the screen, set the title, write the clipboard, open a hyperlink or reorder
 * text becomes a visible escape (`\e`, `\x01`, `\u009b`, `\u202e`); the characters in `keep`
 * (see KEEP_LINES, KEEP_LAYOUT) stay as they are. The forms outside C0 are JSON escapes, so JSON
 * text stays valid JSON with the same value.
 */
export function safeForTerminal(text: string, keep = ''): string {
  if (!UNSAFE.test(text)) return text;
  return text.replace(UNSAFE_ALL, (char) => (keep.includes(char) ? char : visible(char)));
}

function visible(char: string): string {
  const code = char.charCodeAt(0);
  if (code < 0x20) return NAMED[char] ?? `\\x${hex(code, 2)}`;
  return `\\u${hex(code, 4)}`;
}

function hex(code: number, digits: number): string {
  return code.toString(16).padStart(digits, '0');
}
