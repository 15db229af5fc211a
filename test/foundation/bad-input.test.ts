// Every bad input: exit 2, one clear `error:` line (plus an optional `hint:`), and no request sent.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliRunOptions } from '../helpers/cli.ts';
import { expectUsageError, useHarness } from './harness.ts';

const AGENT_ID = '3f1a6c2e-0000-4000-8000-000000000001';

interface Case {
  name: string;
  argv: string[];
  options?: CliRunOptions;
  message?: RegExp;
}

const cases: Case[] = [
  { name: 'a missing id', argv: ['agents', 'get'], message: /agent-id/ },
  { name: 'an empty id', argv: ['agents', 'get', '  '], message: /agent-id/ },
  { name: 'too many arguments', argv: ['agents', 'get', 'a', 'b'], message: /too many arguments/ },
  { name: 'an unknown flag', argv: ['agents', 'list', '--bogus'], message: /unknown option '--bogus'/ },
  { name: 'a misspelt flag', argv: ['agents', 'list', '--limt', '3'], message: /unknown option '--limt'/ },
  { name: 'an unknown command', argv: ['nope'], message: /unknown command 'nope'/ },
  { name: 'an unknown verb', argv: ['agents', 'lst'], message: /unknown command 'lst'/ },
  { name: 'a flag without its value', argv: ['agents', 'list', '--limit'], message: /--limit/ },
  {
    name: '--limit abc',
    argv: ['agents', 'list', '--limit', 'abc'],
    message: /--limit must be a whole number/,
  },
  { name: '--limit -1', argv: ['agents', 'list', '--limit', '-1'], message: /--limit must be at least 1/ },
  { name: '--limit 0', argv: ['agents', 'list', '--limit', '0'], message: /--limit must be at least 1/ },
  { name: '--limit 101', argv: ['agents', 'list', '--limit', '101'], message: /--limit must be at most 100/ },
  { name: '--limit 1.5', argv: ['agents', 'list', '--limit', '1.5'], message: /whole number/ },
  { name: '--page 0', argv: ['agents', 'list', '--page', '0'], message: /--page must be at least 1/ },
  {
    name: 'invalid JSON in --data',
    argv: ['agents', 'create', '--data', '{"name":'],
    message: /--data is not valid JSON/,
  },
  {
    name: '--data that is not an object',
    argv: ['agents', 'create', '--data', '[1,2]'],
    message: /must be a JSON object/,
  },
  {
    name: '--data @ a missing file',
    argv: ['agents', 'create', '--data', '@missing.json'],
    message: /missing\.json/,
  },
  { name: '--data @ with no file name', argv: ['agents', 'create', '--data', '@'], message: /file name/ },
  {
    name: 'invalid JSON on stdin for --data -',
    argv: ['agents', 'create', '--data', '-'],
    options: { stdin: 'not json' },
    message: /stdin is not valid JSON/,
  },
  {
    name: 'update with nothing to change',
    argv: ['agents', 'update', AGENT_ID],
    message: /nothing to change/,
  },
  {
    name: 'an --enum value outside its choices',
    argv: ['agents', 'create', '--name', 'x', '--trigger', 'sometimes'],
    message: /--trigger|sometimes/,
  },
  {
    name: '--api-version 2026-02-30 (not a real date)',
    argv: ['--api-version', '2026-02-30', 'agents', 'list'],
    message: /--api-version must be a date/,
  },
  {
    name: '--api-version notadate',
    argv: ['--api-version', 'notadate', 'agents', 'list'],
    message: /--api-version must be a date/,
  },
  {
    name: 'SECLAI_API_VERSION that is not a date',
    argv: ['agents', 'list'],
    options: { env: { SECLAI_API_VERSION: '2026-13-01' } },
    message: /SECLAI_API_VERSION/,
  },
  { name: '--output xml', argv: ['--output', 'xml', 'agents', 'list'], message: /--output must be one of/ },
  {
    name: '--json with --output table',
    argv: ['--json', '--output', 'table', 'agents', 'list'],
    message: /--json conflicts with --output table/,
  },
  {
    name: 'an empty --api-key',
    argv: ['--api-key', '', 'agents', 'list'],
    message: /--api-key must not be empty/,
  },
  {
    name: 'an empty --profile',
    argv: ['--profile', '', 'agents', 'list'],
    message: /--profile must not be empty/,
  },
  {
    name: 'an empty --account-id',
    argv: ['--account-id', '', 'agents', 'list'],
    message: /--account-id must not be empty/,
  },
  {
    name: 'an empty --config-dir',
    argv: ['--config-dir', '', 'agents', 'list'],
    message: /--config-dir must not be empty/,
  },
  {
    name: '--account-id not-a-uuid',
    argv: ['--account-id', 'not-a-uuid', 'agents', 'list'],
    message: /--account-id must be a UUID/,
  },
  {
    name: 'SECLAI_API_URL=ftp://x',
    argv: ['agents', 'list'],
    options: { env: { SECLAI_API_URL: 'ftp://x' } },
    message: /SECLAI_API_URL must be an http\(s\) URL/,
  },
  {
    name: 'SECLAI_API_URL=not a url',
    argv: ['agents', 'list'],
    options: { env: { SECLAI_API_URL: 'not a url' } },
    message: /SECLAI_API_URL is not a valid URL/,
  },
  {
    name: 'SECLAI_API_URL=http://example.com (plain http off loopback)',
    argv: ['agents', 'list'],
    options: { env: { SECLAI_API_URL: 'http://example.com' } },
    message: /refusing plain http:\/\/ to example\.com/,
  },
  {
    name: '--timeout 0',
    argv: ['--timeout', '0', 'agents', 'list'],
    message: /--timeout must be a positive/,
  },
  {
    name: '--timeout abc',
    argv: ['--timeout', 'abc', 'agents', 'list'],
    message: /--timeout must be a positive/,
  },
  { name: 'api FETCH /x', argv: ['api', 'FETCH', '/x'], message: /method must be one of/ },
  {
    name: 'api GET https://evil.invalid/x (a URL, not a path)',
    argv: ['api', 'GET', 'https://evil.invalid/x'],
    message: /path must be relative to the API base URL, not an absolute URL/,
  },
  {
    name: 'api GET //evil.invalid/x (another host)',
    argv: ['api', 'GET', '//evil.invalid/x'],
    message: /path must start with \//,
  },
  { name: 'api --query without =', argv: ['api', 'GET', '/agents', '-q', 'limit'], message: /key=value/ },
  { name: 'api --header without :', argv: ['api', 'GET', '/agents', '-H', 'nocolon'], message: /name:value/ },
  {
    name: 'api --paginate with POST',
    argv: ['api', 'POST', '/agents', '--paginate'],
    message: /--paginate works only with GET/,
  },
  {
    name: 'delete without --yes when not interactive',
    argv: ['agents', 'delete', AGENT_ID],
    message: /needs --yes/,
  },
];

describe('bad input', () => {
  const h = useHarness();

  it.each(cases)('$name → exit 2, one error line, no request', async ({ argv, options, message }) => {
    const result = await h.cli(argv, options);
    expectUsageError(result, message);
    expect(h.sim().requests).toEqual([]);
  });

  it('a bad --data file (invalid JSON) names the file', async () => {
    const file = join(h.home(), 'body.json');
    writeFileSync(file, '{ nope');
    const result = await h.cli(['agents', 'create', '--data', `@${file}`]);
    expectUsageError(result, /body\.json is not valid JSON/);
    expect(h.sim().requests).toEqual([]);
  });

  it('a usage error with a typo suggests the right word on a hint line', async () => {
    const result = await h.cli(['agents', 'list', '--limt', '3']);
    expectUsageError(result);
    expect(result.stderr).toMatch(/^hint: .*--limit/m);
  });

  it('a bad flag value is refused even when credentials are missing (no exit 4 first)', async () => {
    const result = await h.cli(['agents', 'list', '--limit', 'abc'], { env: { SECLAI_API_KEY: undefined } });
    expectUsageError(result, /--limit/);
  });
});
