// Bounded waits, clean failures: durations a timer can hold, streams that stall or swell, output
// that cannot be written, request errors in words, listings that never end, empty answers,
// and bodies that are not UTF-8.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
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

describe('bodies that are not UTF-8', () => {
  const LATIN1 = Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]); // {"name":"é"} in Latin-1

  it('--data - with invalid UTF-8 is a usage error, nothing sent', async () => {
    const result = await h.cli(['agents', 'create', '--data', '-'], { stdin: Readable.from([LATIN1]) });
    expectUsageError(result, /^error: --data from stdin is not valid UTF-8 text$/);
    expect(h.sim().requests).toEqual([]);
  });

  it('--data @file with invalid UTF-8 is a usage error, nothing sent', async () => {
    const file = join(h.home(), 'body.json');
    writeFileSync(file, LATIN1);
    const result = await h.cli(['agents', 'create', '--data', `@${file}`]);
    expectUsageError(result, /^error: --data file .*body\.json is not valid UTF-8 text$/);
    expect(h.sim().requests).toEqual([]);
  });

  it('--input-file with invalid UTF-8 is a usage error, nothing sent', async () => {
    const file = join(h.home(), 'question.txt');
    writeFileSync(file, Buffer.from([0x51, 0xff, 0x3f]));
    const result = await h.cli(['agents', 'run', RUN_ID, '--wait', '--input-file', file]);
    expectUsageError(result, /^error: --input-file .*question\.txt is not valid UTF-8 text$/);
    expect(h.sim().requests).toEqual([]);
  });

  it('--data @dir names the problem in words, not EISDIR', async () => {
    const result = await h.cli(['agents', 'create', '--data', `@${h.home()}`]);
    expectUsageError(result, /^error: --data: cannot read .*: it is a directory$/);
  });
});
