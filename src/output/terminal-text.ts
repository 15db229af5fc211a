/**
 * Server text made safe for one terminal line: control, C1 and bidi characters are shown as
 * `\uXXXX` escapes instead of being obeyed (no cursor moves, colours or reordered text).
 */
export function terminalSafe(text: string): string {
  return text.replace(
    /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
