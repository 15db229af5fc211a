import { describe, expect, it } from 'vitest';
import { KEEP_LAYOUT, KEEP_LINES, safeForTerminal } from '../../src/output/terminal-text.ts';

/** Anything a terminal could take for a command: C0, DEL, C1, bidi and invisible format characters. */
const COMMANDING = /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

describe('safeForTerminal', () => {
  it('leaves ordinary text, accents, CJK, emoji with joiners and backslashes alone (the same string)', () => {
    for (const text of ['plain', 'café Ünïcode', '日本語', '👩‍👩‍👧 family', 'C:\\path\\to', '']) {
      expect(safeForTerminal(text)).toBe(text);
    }
  });

  it('shows ESC, BEL and the rest of C0 as escapes, so CSI and OSC sequences do nothing', () => {
    expect(safeForTerminal('x\u001b]0;pwned\u0007\u001b[2J')).toBe('x\\e]0;pwned\\a\\e[2J');
    expect(safeForTerminal('\u001b]52;c;ZXZpbA==\u0007')).toBe('\\e]52;c;ZXZpbA==\\a');
    expect(safeForTerminal('\u001b]8;;http://evil.invalid\u001b\\link\u001b]8;;\u001b\\')).toBe(
      '\\e]8;;http://evil.invalid\\e\\link\\e]8;;\\e\\',
    );
    expect(safeForTerminal('a\u0000b\u0001c\u0008d\u000be\u000cf\u001fg')).toBe(
      'a\\0b\\x01c\\bd\\ve\\ff\\x1fg',
    );
  });

  it('shows tabs, line breaks and carriage returns unless the caller keeps them', () => {
    expect(safeForTerminal('a\tb\nc\rd')).toBe('a\\tb\\nc\\rd');
    expect(safeForTerminal('a\tb\nc\rd', KEEP_LINES)).toBe('a\\tb\nc\\rd');
    expect(safeForTerminal('a\tb\nc\rd\u001b[2J', KEEP_LAYOUT)).toBe('a\tb\nc\\rd\\e[2J');
  });

  it('shows DEL, C1 controls (U+009B is a one-character CSI) and U+0085 as \\u escapes', () => {
    expect(safeForTerminal('a\u007fb\u009b2Jc\u0085d\u0090e\u009cf')).toBe(
      'a\\u007fb\\u009b2Jc\\u0085d\\u0090e\\u009cf',
    );
  });

  it('shows bidi embeddings, overrides, isolates and marks, separators and zero-width characters', () => {
    expect(safeForTerminal('invoice\u202egnp.exe')).toBe('invoice\\u202egnp.exe');
    for (const code of [0x202a, 0x202b, 0x202c, 0x202d, 0x2066, 0x2067, 0x2068, 0x2069]) {
      expect(safeForTerminal(String.fromCharCode(code))).toBe(`\\u${code.toString(16)}`);
    }
    expect(safeForTerminal('\u200e\u200f\u061c\u2028\u2029\u200b\u2060\ufeff')).toBe(
      '\\u200e\\u200f\\u061c\\u2028\\u2029\\u200b\\u2060\\ufeff',
    );
  });

  it('leaves no commanding character in any single character of the BMP', () => {
    const commanding: string[] = [];
    for (let code = 0; code < 0x10000; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      if (COMMANDING.test(safeForTerminal(String.fromCharCode(code)))) commanding.push(code.toString(16));
    }
    expect(commanding).toEqual([]);
  });

  it('is idempotent: text already made safe comes back unchanged', () => {
    const once = safeForTerminal('x\u001b[2J\u009b\u202e\n\t');
    expect(safeForTerminal(once)).toBe(once);
  });

  it('keeps JSON valid and equal in value: what JSON.stringify leaves raw becomes \\u escapes', () => {
    const value = {
      name: 'x\u001b]0;t\u0007',
      c1: '\u009b31m',
      bidi: 'a\u202eb',
      sep: '\u2028',
      del: '\u007f',
    };
    const json = JSON.stringify(value, null, 2);
    expect(json).toMatch(COMMANDING);
    const shown = safeForTerminal(json, KEEP_LINES);
    expect(shown.replace(/\n/g, '')).not.toMatch(COMMANDING);
    expect(JSON.parse(shown)).toEqual(value);
  });
});
