// Known API versions: --api-version / SECLAI_API_VERSION outside them need --allow-unknown-api-version;
// `api-version set <date>` takes the date as an argument.
import { describe, expect, it } from 'vitest';
import { KNOWN_API_VERSIONS } from '../../src/catalog/api-version.ts';
import { expectUsageError, onlyJson, useHarness } from '../foundation/harness.ts';

const h = useHarness();
const sentVersions = () => h.sim().requests.map((r) => r.headers['seclai-version']);

describe('API versions', () => {
  it('knows the seven dated versions up to 2026-10-03', () => {
    expect(KNOWN_API_VERSIONS).toEqual([
      '2026-07-01',
      '2026-07-27',
      '2026-08-03',
      '2026-08-21',
      '2026-09-28',
      '2026-09-30',
      '2026-10-03',
    ]);
  });

  it.each(KNOWN_API_VERSIONS)(
    'sends the known version %s from the flag and from the environment',
    async (version) => {
      expect((await h.cli(['--api-version', version, 'agents', 'list'])).code).toBe(0);
      expect((await h.cli(['agents', 'list'], { env: { SECLAI_API_VERSION: version } })).code).toBe(0);
      expect(sentVersions()).toEqual([version, version]);
    },
  );

  it('refuses an unknown version from the flag or the environment, before any request', async () => {
    const flag = await h.cli(['--api-version', '2026-11-01', 'agents', 'list']);
    expectUsageError(flag, /--api-version 2026-11-01 is not an API version this CLI knows/);
    expect(flag.stderr).toContain('hint: add --allow-unknown-api-version');
    const env = await h.cli(['agents', 'list'], { env: { SECLAI_API_VERSION: '2025-01-01' } });
    expectUsageError(env, /SECLAI_API_VERSION 2025-01-01 is not an API version/);
    expect(h.sim().requests).toEqual([]);
  });

  it('--allow-unknown-api-version sends it anyway (but still only a real date)', async () => {
    const result = await h.cli([
      '--allow-unknown-api-version',
      '--api-version',
      '2026-11-01',
      'agents',
      'list',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const env = await h.cli(['--allow-unknown-api-version', 'agents', 'list'], {
      env: { SECLAI_API_VERSION: '2027-01-15' },
    });
    expect(env.code, env.stderr).toBe(0);
    expect(sentVersions()).toEqual(['2026-11-01', '2027-01-15']);
    expectUsageError(
      await h.cli(['--allow-unknown-api-version', '--api-version', '2026-02-30', 'agents', 'list']),
      /must be a date/,
    );
  });

  it('api-version set <date> pins it; --date still works', async () => {
    const set = await h.cli(['api-version', 'set', '2026-10-03', '--json']);
    expect(set.code, set.stderr).toBe(0);
    expect(onlyJson(set.stdout)).toMatchObject({ pinned_version: '2026-10-03' });
    expect((await h.cli(['api-version', 'pin', '--date', '2026-07-27'])).code).toBe(0);
    expect(h.sim().requests.map((r) => r.body)).toEqual([
      { version: '2026-10-03' },
      { version: '2026-07-27' },
    ]);
  });

  it.each([
    [['api-version', 'set'], /missing <date>/],
    [['api-version', 'set', '2026-13-01'], /<date> must be a date/],
    [['api-version', 'set', '2026-11-01'], /<date> 2026-11-01 is not an API version this CLI knows/],
    [['api-version', 'set', '2026-10-03', '--date', '2026-07-27'], /two versions given/],
  ])('%j is a usage error and sends nothing', async (argv, message) => {
    expectUsageError(await h.cli(argv), message);
    expect(h.sim().requests).toEqual([]);
  });

  it('api-version set pins an unknown date with --allow-unknown-api-version', async () => {
    const result = await h.cli(['--allow-unknown-api-version', 'api-version', 'set', '2026-11-01']);
    expect(result.code, result.stderr).toBe(0);
    expect(h.sim().requests.map((r) => r.body)).toEqual([{ version: '2026-11-01' }]);
  });
});
