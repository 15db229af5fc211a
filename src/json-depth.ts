/** JSON nested deeper than this is refused: printing or sending it would exhaust the call stack. */
export const MAX_JSON_DEPTH = 1000;

/** Whether arrays and objects nest deeper than `max` levels (checked without recursion). */
export function nestedTooDeeply(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current))
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Whether JSON `text` may nest deeper than `max` levels: only when it holds more than `max`
 * opening brackets, which most answers do not, so their parsed value needs no walk (a listing's
 * pages spent longer in nestedTooDeeply than in JSON.parse). Brackets inside strings count too:
 * the answer errs towards the full check.
 */
export function textMayNestTooDeeply(text: string, max = MAX_JSON_DEPTH): boolean {
  let brackets = 0;
  for (const bracket of ['{', '['])
    for (let at = text.indexOf(bracket); at !== -1; at = text.indexOf(bracket, at + 1))
      if (++brackets > max) return true;
  return false;
}
