import { describe, expect, it } from 'vitest';
import { capBytes, safeFileName } from '../../src/safe-file-name.ts';

describe('safeFileName', () => {
  it.each([
    ['report.csv', 'report.csv'],
    ['../../.bashrc', 'bashrc'],
    ['..\\..\\Windows\\win.ini', 'win.ini'],
    ['/etc/passwd', 'passwd'],
    ['...hidden', 'hidden'],
    ['  spaced name.txt  ', 'spaced name.txt'],
    ['trailing...', 'trailing'],
    ['tab\there\r\n.txt', 'tabhere.txt'],
    ['rtl\u202Egpj.exe', 'rtlgpj.exe'],
    ['zero\u200Bwidth\u2066.txt', 'zerowidth.txt'],
    ['c1\u009B[31m.txt', 'c1[31m.txt'],
    ['a:b.txt', 'a_b.txt'],
    ['CON', '_CON'],
    ['aux.tar.gz', '_aux.tar.gz'],
    ['Com1.txt', '_Com1.txt'],
    ['LPT²', '_LPT²'],
    ['console.log', 'console.log'],
    ['com10.txt', 'com10.txt'],
  ])('%j becomes %j', (raw, expected) => {
    expect(safeFileName(raw)).toBe(expected);
  });

  it.each(['', '.', '..', '/', ' . ', '\u202E', '..\u0000'])('%j leaves nothing usable', (raw) => {
    expect(safeFileName(raw)).toBeUndefined();
  });

  it('caps at 255 bytes on a character boundary, keeping the extension', () => {
    const name = safeFileName(`${'日'.repeat(100)}.json`)!;
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    expect(name).toBe(`${'日'.repeat(83)}.json`);
    expect(safeFileName('x'.repeat(300))).toBe('x'.repeat(255));
  });
});

describe('capBytes', () => {
  it('leaves a short name alone and trims what a cut leaves dangling', () => {
    expect(capBytes('short.txt', 255)).toBe('short.txt');
    expect(capBytes('ab. cdef.txt', 7)).toBe('ab.txt');
  });
});
