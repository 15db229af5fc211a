import { describe, expect, it } from 'vitest';
import { fileNameText, isUtf8Name } from '../../src/file-name-text.ts';

const bytes = (...values: number[]) => Buffer.from(values);

describe('file names as text', () => {
  it('keeps valid UTF-8 as it is, astral characters included', () => {
    const name = Buffer.from('Résumé 📄 "final".txt');
    expect(isUtf8Name(name)).toBe(true);
    expect(fileNameText(name)).toBe('Résumé 📄 "final".txt');
  });

  it('escapes each byte that is not part of a valid sequence, and only those', () => {
    expect(fileNameText(Buffer.concat([Buffer.from('caf'), bytes(0xe9), Buffer.from('.txt')]))).toBe(
      'caf\\xE9.txt',
    );
    expect(fileNameText(Buffer.concat([bytes(0xff), Buffer.from('é'), bytes(0x80)]))).toBe('\\xFFé\\x80');
    expect(isUtf8Name(bytes(0x61, 0xe9))).toBe(false);
  });

  it('refuses overlong forms, surrogates, code points past U+10FFFF and sequences cut short', () => {
    expect(fileNameText(bytes(0xc0, 0xaf))).toBe('\\xC0\\xAF');
    expect(fileNameText(bytes(0xe0, 0x80, 0xaf))).toBe('\\xE0\\x80\\xAF');
    expect(fileNameText(bytes(0xed, 0xa0, 0x80))).toBe('\\xED\\xA0\\x80');
    expect(fileNameText(bytes(0xf4, 0x90, 0x80, 0x80))).toBe('\\xF4\\x90\\x80\\x80');
    expect(fileNameText(bytes(0x61, 0xe2, 0x82))).toBe('a\\xE2\\x82');
    expect(fileNameText(bytes(0xe2, 0x82, 0xac))).toBe('€');
  });
});
