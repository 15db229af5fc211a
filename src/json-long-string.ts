/**
 * JSON.parse for an object whose `key` may hold a very long string, such as a run's `output` in
 * its `done` event: the whole answer once more, after it was streamed. When that string has no
 * escapes, its value is the text between its quotes, so it is taken as a slice of `text` instead
 * of being parsed into a copy (a 4 MiB answer then costs no 4 MiB more at the end of a stream).
 * Any other text is left to JSON.parse, which throws on text that is no JSON. `key` is a plain word.
 */
export function parseJsonWithLongString(text: string, key: string): unknown {
  const opening = new RegExp(`"${key}"[ \\t\\n\\r]*:[ \\t\\n\\r]*"`).exec(text);
  if (!opening) return JSON.parse(text);
  const from = opening.index + opening[0].length;
  const to = text.indexOf('"', from);
  if (to === -1) return JSON.parse(text);
  const value = text.slice(from, to);
  if (value.includes('\\') || CONTROL_CHARACTER.test(value)) return JSON.parse(text);
  // A number the text cannot foresee stands in for the string: the parsed object holds it under
  // `key` only when the string found was that key's value in the top-level object.
  const standIn = Math.random();
  const parsed = JSON.parse(`${text.slice(0, from - 1)}${standIn}${text.slice(to + 1)}`) as unknown;
  if (typeof parsed !== 'object' || parsed === null || (parsed as Record<string, unknown>)[key] !== standIn)
    return JSON.parse(text);
  (parsed as Record<string, unknown>)[key] = value;
  return parsed;
}

/** Characters a JSON string may not hold unescaped. */
const CONTROL_CHARACTER = /[\u0000-\u001f]/;
