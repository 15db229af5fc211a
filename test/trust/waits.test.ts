// Bounded waits, clean failures: durations a timer can hold, streams that stall or swell, output
// that cannot be written, request errors in words, listings that never end, empty answers,
// and bodies that are not UTF-8.
import { describe, expect, it } from 'vitest';
import { expectUsageError, useHarness } from '../foundation/harness.ts';

const h = useHarness();
const RUN_ID = '0b7e3c1a-2f4d-4e6b-9a8c-1d2e3f4a5b6c';

describe('durations', () => {
  it.each([
    [['--timeout', '1000h', 'agents', 'list'], /^error: --timeout must be at most 596h/],
    [['runs', 'watch', RUN_ID, '--poll-interval', '1000h'], /^error: --poll-interval must be at most 596h/],
    [['runs', 'watch', RUN_ID, '--poll-interval', '10ms'], /^error: --poll-interval must be at least 100ms/],
    [
      ['agents', 'run', RUN_ID, '--wait', '--poll-interval', '99ms'],
      /--poll-interval must be at least 100ms/,
    ],
  ])('%j is a usage error and sends nothing', async (argv, pattern) => {
    const result = await h.cli(argv);
    expectUsageError(result, pattern);
    expect(h.sim().requests).toEqual([]);
  });
});
