import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.ts';
import { translateOfficialFlags } from '../../src/official-flags.ts';

describe('translateOfficialFlags', () => {
  it.each([
    [
      ['agents', 'run', 'a', '--timeout-ms', '1500'],
      ['agents', 'run', 'a', '--timeout', '1500ms'],
    ],
    [
      ['agents', 'run', 'a', '--timeout-ms=250'],
      ['agents', 'run', 'a', '--timeout', '250ms'],
    ],
    [
      ['agents', 'run', 'a', '--poll', '--poll-interval-ms', '800'],
      ['agents', 'run', 'a', '--wait', '--poll-interval', '800ms'],
    ],
    [
      ['agents', 'run', 'a', '--events'],
      ['agents', 'run', 'a', '--stream', '--json'],
    ],
    [
      ['agents', 'create', '--json-file', 'b.json'],
      ['agents', 'create', '--data', '@b.json'],
    ],
    [
      ['agents', 'create', '--json-file', '-'],
      ['agents', 'create', '--data', '-'],
    ],
    [
      ['agents', 'list', '--json'],
      ['agents', 'list', '--json'],
    ],
    [
      ['api', 'GET', '/x', '--', '--poll', '--json', '{}'],
      ['api', 'GET', '/x', '--', '--poll', '--json', '{}'],
    ],
  ])('%j → %j', (argv, expected) => {
    expect(translateOfficialFlags(argv)).toEqual(expected);
  });

  it.each([
    [['agents', 'run', 'a', '--timeout-ms', '1.5s'], '--timeout-ms takes whole milliseconds (got "1.5s")'],
    [['agents', 'run', 'a', '--timeout-ms'], '--timeout-ms needs a value'],
    [['agents', 'create', '--json', '[1]'], '--json prints JSON output here; it takes no value'],
  ])('%j is a usage error', (argv, message) => {
    expect(() => translateOfficialFlags(argv)).toThrow(UsageError);
    expect(() => translateOfficialFlags(argv)).toThrow(message);
  });
});
