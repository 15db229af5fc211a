import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import {
  attributeName,
  longFlag,
  parseKeyValue,
  parseMetadata,
  parseOptionValue,
  readDataOption,
} from '../../src/catalog/input.ts';
import type { OptionSpec } from '../../src/catalog/types.ts';
import { firstCommandWord } from '../../src/command-word.ts';
import { UsageError } from '../../src/errors.ts';

async function usageMessage(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('expected a UsageError');
}

const limit: OptionSpec = { flags: '--limit <n>', description: '', type: 'int', min: 1, max: 100 };

describe('flag names', () => {
  it('longFlag and attributeName follow commander', () => {
    expect(longFlag({ flags: '-y, --yes' })).toBe('--yes');
    expect(attributeName({ flags: '--dry-run' })).toBe('dryRun');
    expect(attributeName({ flags: '--no-wait' })).toBe('wait');
    expect(attributeName({ flags: '-q, --query <key=value>' })).toBe('query');
  });
});

describe('parseOptionValue', () => {
  it('passes through absent and boolean values', () => {
    expect(parseOptionValue(limit, undefined)).toBeUndefined();
    expect(parseOptionValue({ flags: '--all', description: '', type: 'boolean' }, true)).toBe(true);
  });

  it('ints: whole numbers within bounds', async () => {
    expect(parseOptionValue(limit, '20')).toBe(20);
    expect(parseOptionValue(limit, '1')).toBe(1);
    expect(parseOptionValue(limit, '100')).toBe(100);
    expect(await usageMessage(() => parseOptionValue(limit, 'abc'))).toBe(
      '--limit must be a whole number (got "abc")',
    );
    expect(await usageMessage(() => parseOptionValue(limit, '1.5'))).toMatch(/whole number/);
    expect(await usageMessage(() => parseOptionValue(limit, ''))).toMatch(/whole number/);
    expect(await usageMessage(() => parseOptionValue(limit, '1e2'))).toMatch(/whole number/);
    expect(await usageMessage(() => parseOptionValue(limit, '0'))).toBe('--limit must be at least 1 (got 0)');
    expect(await usageMessage(() => parseOptionValue(limit, '-1'))).toBe(
      '--limit must be at least 1 (got -1)',
    );
    expect(await usageMessage(() => parseOptionValue(limit, '101'))).toBe(
      '--limit must be at most 100 (got 101)',
    );
  });

  it('numbers accept decimals', async () => {
    const temp: OptionSpec = { flags: '--temperature <t>', description: '', type: 'number', min: 0, max: 2 };
    expect(parseOptionValue(temp, '0.7')).toBe(0.7);
    expect(await usageMessage(() => parseOptionValue(temp, 'hot'))).toMatch(/must be a number/);
    expect(await usageMessage(() => parseOptionValue(temp, '2.5'))).toMatch(/at most 2/);
  });

  it('enums must be one of the choices', async () => {
    const mode: OptionSpec = { flags: '--mode <m>', description: '', type: 'enum', choices: ['a', 'b'] };
    expect(parseOptionValue(mode, 'a')).toBe('a');
    expect(await usageMessage(() => parseOptionValue(mode, 'c'))).toBe(
      '--mode must be one of a, b (got "c")',
    );
  });

  it('json values are parsed, bad JSON refused', async () => {
    const meta: OptionSpec = { flags: '--config <json>', description: '', type: 'json' };
    expect(parseOptionValue(meta, '{"a":[1]}')).toEqual({ a: [1] });
    expect(await usageMessage(() => parseOptionValue(meta, '{a'))).toMatch(/^--config is not valid JSON/);
  });

  it('key=value pairs, also repeated', async () => {
    const q: OptionSpec = { flags: '-q, --query <kv>', description: '', type: 'keyvalue', repeatable: true };
    expect(parseOptionValue(q, ['a=1', 'b=x=y'])).toEqual([
      ['a', '1'],
      ['b', 'x=y'],
    ]);
    expect(await usageMessage(() => parseOptionValue(q, ['novalue']))).toMatch(/expects key=value/);
    expect(await usageMessage(() => parseOptionValue(q, ['=v']))).toMatch(/expects key=value/);
  });

  it('a required string must not be empty', async () => {
    const name: OptionSpec = { flags: '--name <n>', description: '', required: true };
    expect(await usageMessage(() => parseOptionValue(name, ''))).toBe('--name must not be empty');
    expect(parseOptionValue({ flags: '--note <n>', description: '' }, '')).toBe('');
  });
});

describe('parseKeyValue and parseMetadata', () => {
  it('splits at the first =', () => {
    expect(parseKeyValue('url=https://x/?a=b', '--metadata')).toEqual(['url', 'https://x/?a=b']);
    expect(parseKeyValue('empty=', '--metadata')).toEqual(['empty', '']);
  });

  it('merges key=value flags and JSON objects, later ones winning', () => {
    expect(parseMetadata(undefined)).toBeUndefined();
    expect(parseMetadata([])).toBeUndefined();
    expect(parseMetadata(['team=ops', '{"priority": 2, "team": "support"}', 'env=prod'])).toEqual({
      team: 'support',
      priority: 2,
      env: 'prod',
    });
  });

  it('refuses JSON that is not an object, and bare words', async () => {
    expect(await usageMessage(() => parseMetadata(['{"a":'], '--metadata'))).toMatch(/not valid JSON/);
    expect(await usageMessage(() => parseMetadata(['[1]'], '--metadata'))).toMatch(/key=value/);
    expect(await usageMessage(() => parseMetadata(['{}', 'oops'], '--meta'))).toBe(
      '--meta expects key=value (got "oops")',
    );
  });
});

describe('readDataOption', () => {
  const dir = mkdtempSync(join(tmpdir(), 'seclai-input-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const empty = () => Readable.from([]);

  it('inline JSON', async () => {
    expect(await readDataOption('{"name":"x"}', dir, empty())).toEqual({ name: 'x' });
  });

  it('@file, relative to the working directory or absolute', async () => {
    writeFileSync(join(dir, 'body.json'), '{"name":"from file"}\n');
    expect(await readDataOption('@body.json', dir, empty())).toEqual({ name: 'from file' });
    expect(await readDataOption(`@${join(dir, 'body.json')}`, '/', empty())).toEqual({ name: 'from file' });
  });

  it('- reads stdin, in as many chunks as it comes', async () => {
    const stdin = Readable.from([Buffer.from('{"na'), Buffer.from('me":"piped"}')]);
    expect(await readDataOption('-', dir, stdin)).toEqual({ name: 'piped' });
  });

  it('refuses a missing file, a bare @, bad JSON and non-objects, naming the source', async () => {
    expect(await usageMessage(() => readDataOption('@nope.json', dir, empty()))).toMatch(
      /^--data: cannot read nope\.json: no such file or directory$/,
    );
    expect(await usageMessage(() => readDataOption('@', dir, empty()))).toMatch(/needs a file name/);
    expect(await usageMessage(() => readDataOption('{oops', dir, empty()))).toMatch(
      /^--data is not valid JSON/,
    );
    expect(await usageMessage(() => readDataOption('-', dir, Readable.from([Buffer.from('')])))).toMatch(
      /^--data from stdin is not valid JSON/,
    );
    writeFileSync(join(dir, 'list.json'), '[1,2]');
    expect(await usageMessage(() => readDataOption('@list.json', dir, empty()))).toBe(
      '--data file list.json must be a JSON object',
    );
    expect(await usageMessage(() => readDataOption('null', dir, empty()))).toMatch(/must be a JSON object/);
    expect(await usageMessage(() => readDataOption(`@${dir}`, dir, empty()))).toMatch(/cannot read/);
  });
});

describe('firstCommandWord', () => {
  it('skips global options and their values', () => {
    expect(firstCommandWord(['agents', 'list'])).toBe('agents');
    expect(firstCommandWord(['--json', '--profile', 'work', '-o', 'tsv', 'me'])).toBe('me');
    expect(firstCommandWord(['--timeout=30s', '--debug', 'api', 'GET', '/me'])).toBe('api');
    expect(firstCommandWord(['--', 'agents'])).toBe('agents');
    expect(firstCommandWord(['--help'])).toBeUndefined();
    expect(firstCommandWord([])).toBeUndefined();
  });
});
