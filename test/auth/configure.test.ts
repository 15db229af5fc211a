import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SsoWorld, startSsoWorld } from '../helpers/sso-world.ts';
import { PERSONAL_ACCOUNT_ID } from '../sim/accounts.ts';

let world: SsoWorld;
beforeAll(async () => {
  world = await startSsoWorld();
});
afterAll(async () => {
  await world.close();
});
afterEach(async () => {
  await writeFile(configFile(), '').catch(() => {});
});

const configFile = () => join(world.configDir, 'config');
/** No SECLAI_SSO_* from the environment: values come from the file. */
const fileOnly = { SECLAI_SSO_DOMAIN: '', SECLAI_SSO_CLIENT_ID: '' };
const UUID = '7c3d9e2f-1a4b-4c6d-8e9f-0a1b2c3d4e5f';

const handWritten = `# my notes
[default]
sso_region = eu-west-1 ; inline note
output = table

[profile staging]
sso_domain = auth.staging.example.com
  this line means nothing to us
[plugins]
x = y
`;

describe('seclai configure sso', () => {
  it('sets values by flags and keeps everything it does not own', async () => {
    await mkdir(world.configDir, { recursive: true });
    await writeFile(configFile(), handWritten);
    const result = await world.cli([
      '--profile',
      'staging',
      'configure',
      'sso',
      '--sso-client-id',
      'abc123',
      '--sso-account-id',
      UUID,
    ]);
    expect(result.code).toBe(0);
    expect(await readFile(configFile(), 'utf8')).toBe(
      handWritten.replace(
        'sso_domain = auth.staging.example.com\n',
        `sso_domain = auth.staging.example.com\nsso_client_id = abc123\nsso_account_id = ${UUID}\n`,
      ),
    );
    const region = await world.cli(['configure', 'sso', '--sso-region', 'us-east-2']);
    expect(region.code).toBe(0);
    expect(await readFile(configFile(), 'utf8')).toContain('sso_region = us-east-2 ; inline note\n');
  });

  it('asks on a terminal with the current values as defaults, and writes only changes', async () => {
    const result = await world.cli(['configure', 'sso'], {
      stdinTTY: true,
      stderrTTY: true,
      env: fileOnly,
      answers: ['dev', 'auth.dev.example.com', '4bgf8v9qmc5puivbaqon9n5lmr', 'us-west-2', ''],
    });
    expect(result.code).toBe(0);
    expect(result.prompts).toEqual([
      'Profile name',
      'SSO domain',
      'SSO client id',
      'SSO region',
      'Account id (empty for your personal account)',
    ]);
    expect(await readFile(configFile(), 'utf8')).toBe('[profile dev]\nsso_domain = auth.dev.example.com\n');
  });

  it('takes the profile from --profile-name, the official CLI’s flag', async () => {
    const result = await world.cli([
      'configure',
      'sso',
      '--profile-name',
      'ci',
      '--sso-region',
      'eu-central-1',
    ]);
    expect(result.code).toBe(0);
    expect(await readFile(configFile(), 'utf8')).toBe('[profile ci]\nsso_region = eu-central-1\n');
    const bad = await world.cli([
      'configure',
      'sso',
      '--profile-name',
      'no spaces',
      '--sso-region',
      'eu-central-1',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid profile name');
  });

  it('refuses bad values before writing', async () => {
    const bad = [
      ['--sso-domain', 'http://auth.example.com'],
      ['--sso-region', 'mars'],
      ['--sso-account-id', 'not-a-uuid'],
    ];
    for (const flags of bad) {
      const result = await world.cli(['configure', 'sso', ...flags]);
      expect(result.code).toBe(2);
    }
    expect(await readFile(configFile(), 'utf8').catch(() => '')).toBe('');
    const nothing = await world.cli(['configure', 'sso']);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('nothing to set');
  });

  it('lets login use an http loopback domain from the config file', async () => {
    const set = await world.cli([
      'configure',
      'sso',
      '--sso-domain',
      world.oauth.url,
      '--sso-client-id',
      world.oauth.clientId,
    ]);
    expect(set.code).toBe(0);
    const login = await world.cli(['auth', 'login', '--port', String(world.callbackPort)], { env: fileOnly });
    expect(login.code).toBe(0);
    expect(await readFile(configFile(), 'utf8')).toBe(
      `[default]\nsso_domain = ${world.oauth.url}\nsso_client_id = ${world.oauth.clientId}\nsso_account_id = ${PERSONAL_ACCOUNT_ID}\n`,
    );
    expect((await world.cli(['agents', 'list'], { env: fileOnly })).code).toBe(0);
    await world.cli(['auth', 'logout'], { env: fileOnly });
  });
});

describe('seclai configure list', () => {
  it('shows every profile and where each value comes from', async () => {
    await mkdir(world.configDir, { recursive: true });
    await writeFile(configFile(), handWritten);
    const result = await world.cli(['--profile', 'staging', 'configure', 'list'], {
      env: { ...fileOnly, SECLAI_SSO_REGION: 'ap-south-1' },
    });
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').filter(Boolean)).toEqual([
      'default\tsso_domain\tauth.seclai.com\tbuilt-in default',
      'default\tsso_client_id\t4bgf8v9qmc5puivbaqon9n5lmr\tbuilt-in default',
      'default\tsso_region\tap-south-1\tenv SECLAI_SSO_REGION',
      'staging *\tsso_domain\tauth.staging.example.com\t[profile staging]',
      'staging *\tsso_client_id\t4bgf8v9qmc5puivbaqon9n5lmr\tbuilt-in default',
      'staging *\tsso_region\tap-south-1\tenv SECLAI_SSO_REGION',
    ]);
    const json = await world.cli(['configure', 'list', '--json'], { env: fileOnly });
    const doc = JSON.parse(json.stdout);
    expect(doc.active_profile).toBe('default');
    expect(doc.profiles.staging.sso_region).toEqual({ value: 'eu-west-1', source: '[default] (inherited)' });
    expect(doc.profiles.default.sso_region).toEqual({ value: 'eu-west-1', source: '[default]' });
  });
});
