import { lookup } from 'mime-types';
import { describe, expect, it } from 'vitest';
import { COMMON_EXTENSIONS, canonicalType, detectType } from '../../src/commands/uploads/mime.ts';

describe('detectType', () => {
  it('answers the listed extensions as mime-types does, without loading it', () => {
    for (const [extension, type] of Object.entries(COMMON_EXTENSIONS)) {
      const found = lookup(`file.${extension}`);
      expect(found === false ? undefined : canonicalType(found), extension).toBe(type);
      expect(detectType(`dir/File.${extension.toUpperCase()}`)).toBe(type);
    }
  });

  it('falls back to mime-types for other extensions', () => {
    expect(detectType('a.exe')).toBe(lookup('a.exe'));
    expect(detectType('a.wma')).toBe(lookup('a.wma'));
    expect(detectType('no-extension')).toBeUndefined();
    expect(detectType('a.constructor')).toBeUndefined();
    expect(detectType('pdf')).toBe('application/pdf');
  });
});
