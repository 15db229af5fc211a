// The launcher's code cache, piece by piece; test/foundation/code-cache.test.ts runs it for real.
import { describe, expect, it } from 'vitest';
import {
  buildIdOf,
  cacheFileName,
  cacheWord,
  codeCacheDir,
  decodeCodeCache,
  encodeCodeCache,
  nextCommands,
} from '../../src/launch.ts';

describe('codeCacheDir', () => {
  it('is the per-user cache directory of each platform', () => {
    expect(codeCacheDir({ HOME: '/home/a' }, 'linux')).toBe('/home/a/.cache/seclai');
    expect(codeCacheDir({ HOME: '/home/a', XDG_CACHE_HOME: '/var/cache/a' }, 'linux')).toBe(
      '/var/cache/a/seclai',
    );
    expect(codeCacheDir({ HOME: '/Users/a' }, 'darwin')).toBe('/Users/a/Library/Caches/seclai');
    expect(codeCacheDir({ LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' }, 'win32')).toMatch(
      /AppData.Local.seclai.Cache$/,
    );
  });

  it('ignores a relative XDG_CACHE_HOME, as the XDG spec says', () => {
    expect(codeCacheDir({ HOME: '/home/a', XDG_CACHE_HOME: 'cache' }, 'linux')).toBe('/home/a/.cache/seclai');
  });

  it('is none without a home in the environment, or when Node is told not to cache code', () => {
    expect(codeCacheDir({}, 'linux')).toBeUndefined();
    expect(codeCacheDir({}, 'darwin')).toBeUndefined();
    expect(codeCacheDir({ HOME: 'C:\\Users\\a' }, 'win32')).toBeUndefined();
    expect(codeCacheDir({ HOME: '/home/a', NODE_DISABLE_COMPILE_CACHE: '1' }, 'linux')).toBeUndefined();
  });
});

describe('cache file names and build ids', () => {
  it('a cache file is for one build, one Node version, one architecture', () => {
    expect(cacheFileName('0123abcd', 'v24.11.0', 'x64', 'agents')).toBe(
      'code-0123abcd-agents-node24.11.0-x64.cache',
    );
  });

  it('a cache file is named by the command line’s first command word', () => {
    expect(cacheWord('agents')).toBe('agents');
    expect(cacheWord('knowledge-bases')).toBe('knowledge-bases');
    expect(cacheWord(undefined)).toBe('top');
    expect(cacheWord('../../etc')).toBe('other');
    expect(cacheWord('Agents')).toBe('other');
    expect(cacheWord('a'.repeat(41))).toBe('other');
  });

  it('the build id is on the bundle’s first line', () => {
    expect(buildIdOf('// seclai build 9f86d081884c7d65\n"use strict";\n')).toBe('9f86d081884c7d65');
    expect(() => buildIdOf('"use strict";\n')).toThrow(/no build id/);
  });
});

describe('nextCommands: when a run writes the cache', () => {
  it('writes a first cache, and again for a command the cache has not seen', () => {
    expect(nextCommands(undefined, 'agents list')).toEqual(['agents list']);
    expect(nextCommands(['agents list'], 'sources upload')).toEqual(['agents list', 'sources upload']);
  });

  it('leaves a cache alone that has seen the command, or is full', () => {
    expect(nextCommands(['agents list', ''], 'agents list')).toBeUndefined();
    const full = Array.from({ length: 64 }, (_, i) => `command ${i}`);
    expect(nextCommands(full, 'sources upload')).toBeUndefined();
  });
});

describe('the cache file format', () => {
  it('round-trips the commands and V8’s bytes, whatever they hold', () => {
    const data = Buffer.from([0x0a, 0x00, 0xff, 0x7b, 0x0a]);
    const decoded = decodeCodeCache(encodeCodeCache({ commands: ['', 'sources upload'], data }));
    expect(decoded?.commands).toEqual(['', 'sources upload']);
    expect(decoded?.data.equals(data)).toBe(true);
  });

  it('starts V8’s bytes on an 8-byte boundary, which V8 reads without copying them', () => {
    for (const commands of [[], ['agents list'], ['sources sync', 'sources upload', 'x'], ['é']]) {
      const bytes = encodeCodeCache({ commands, data: Buffer.from([1, 2, 3]) });
      expect(decodeCodeCache(bytes)?.commands).toEqual(commands);
      const dataStart = bytes.indexOf(0x0a) + 1;
      expect(dataStart).toBe(bytes.length - 3);
      expect(dataStart % 8).toBe(0);
    }
  });

  it('is none for a file that is not one', () => {
    expect(decodeCodeCache(Buffer.from('no newline'))).toBeUndefined();
    expect(decodeCodeCache(Buffer.from('{"commands":[1]}\nxx'))).toBeUndefined();
    expect(decodeCodeCache(Buffer.from('{"words":[]}\nxx'))).toBeUndefined();
    expect(decodeCodeCache(Buffer.from('not json\nxx'))).toBeUndefined();
    expect(decodeCodeCache(Buffer.alloc(0))).toBeUndefined();
  });
});
