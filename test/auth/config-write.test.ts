import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseIni, readConfig, resolveProfile } from '../../src/auth/config-file.ts';
import { applyIniUpdates, updateProfile } from '../../src/auth/config-write.ts';

describe('applyIniUpdates', () => {
  const original = `# Seclai settings, hand-written
; another comment style

[default]
sso_region = us-west-2   # where Cognito lives
sso_domain=auth.seclai.com
custom_key = kept

[profile staging]
sso_domain = auth.staging.example.com
  indented = still a key
weird line without equals
[tools]
editor = vim
`;

  it('changes a value in place, keeping spacing, inline comment and everything else', () => {
    const out = applyIniUpdates(original, 'default', {
      sso_region: 'eu-west-1',
      sso_domain: 'auth.example.com',
    });
    expect(out).toBe(
      original
        .replace('sso_region = us-west-2   # where', 'sso_region = eu-west-1   # where')
        .replace('sso_domain=auth.seclai.com', 'sso_domain=auth.example.com'),
    );
  });

  it('adds a key after the section’s last entry', () => {
    const out = applyIniUpdates(original, 'profile staging', { sso_account_id: 'acc-1' });
    expect(out).toBe(
      original.replace('  indented = still a key\n', '  indented = still a key\nsso_account_id = acc-1\n'),
    );
    expect(parseIni(out).get('profile staging')?.get('sso_account_id')).toBe('acc-1');
  });

  it('appends a missing section with a blank line before it', () => {
    const out = applyIniUpdates(original, 'profile prod', { sso_domain: 'auth.prod.example.com' });
    expect(out).toBe(`${original}\n[profile prod]\nsso_domain = auth.prod.example.com\n`);
  });

  it('removes a key (every occurrence) and keeps the section header', () => {
    const dup = '[default]\nsso_account_id = a\n[default]\nsso_account_id = b\nother = 1\n';
    expect(applyIniUpdates(dup, 'default', { sso_account_id: null })).toBe(
      '[default]\n[default]\nother = 1\n',
    );
  });

  it('with dropEmptiedSection, also removes a block left with nothing but blank lines', () => {
    const text = '[default]\napi_key = a\n\n[profile prod]\napi_key = b\n# kept\n';
    const drop = { dropEmptiedSection: true };
    expect(applyIniUpdates(text, 'default', { api_key: null }, drop)).toBe(
      '[profile prod]\napi_key = b\n# kept\n',
    );
    expect(applyIniUpdates(text, 'profile prod', { api_key: null }, drop)).toBe(
      '[default]\napi_key = a\n\n[profile prod]\n# kept\n',
    );
    expect(applyIniUpdates('[default]\napi_key = a\n', 'default', { api_key: null }, drop)).toBe('');
    expect(applyIniUpdates('[default]\napi_key = a\nother = 1\n', 'default', { api_key: null }, drop)).toBe(
      '[default]\nother = 1\n',
    );
  });

  it('changes the occurrence the parser reads (the last one)', () => {
    const dup = '[default]\nk = 1\n[x]\n[default]\nk = 2\n';
    const out = applyIniUpdates(dup, 'default', { k: '3' });
    expect(out).toBe('[default]\nk = 1\n[x]\n[default]\nk = 3\n');
    expect(parseIni(out).get('default')?.get('k')).toBe('3');
  });

  it('keeps CRLF line endings, a BOM, and a missing final newline', () => {
    const crlf = '\uFEFF[default]\r\nsso_region = us-west-2\r\n# end';
    expect(applyIniUpdates(crlf, 'default', { sso_region: 'x' })).toBe(
      '\uFEFF[default]\r\nsso_region = x\r\n# end',
    );
    expect(applyIniUpdates(crlf, 'default', { a: 'b' })).toBe(
      '\uFEFF[default]\r\nsso_region = us-west-2\r\na = b\r\n# end',
    );
  });

  it('keeps each line its own ending when a file mixes LF and CRLF', () => {
    const mixed = '# a\r\n[default]\nsso_region = a\r\nkeep = 1\n[x]\r\ny = 2';
    expect(applyIniUpdates(mixed, 'default', { sso_region: 'b' })).toBe(
      '# a\r\n[default]\nsso_region = b\r\nkeep = 1\n[x]\r\ny = 2',
    );
    expect(applyIniUpdates(mixed, 'default', { added: 'v' })).toBe(
      '# a\r\n[default]\nsso_region = a\r\nkeep = 1\nadded = v\n[x]\r\ny = 2',
    );
    expect(applyIniUpdates(mixed, 'default', { keep: null })).toBe(
      '# a\r\n[default]\nsso_region = a\r\n[x]\r\ny = 2',
    );
    expect(applyIniUpdates(mixed, 'profile p', { k: 'v' })).toBe(`${mixed}\r\n\r\n[profile p]\r\nk = v\r\n`);
  });

  it('starts an empty file', () => {
    expect(applyIniUpdates('', 'profile dev', { sso_domain: 'd', sso_region: 'r' })).toBe(
      '[profile dev]\nsso_domain = d\nsso_region = r\n',
    );
  });

  it('puts a key into an empty section right after its header', () => {
    expect(applyIniUpdates('[default]\n\n[other]\nx = 1\n', 'default', { k: 'v' })).toBe(
      '[default]\nk = v\n\n[other]\nx = 1\n',
    );
  });

  it('refuses values that would not read back the same', () => {
    expect(() => applyIniUpdates('', 'default', { k: 'a\nb' })).toThrow(/one line/);
    expect(() => applyIniUpdates('', 'default', { k: 'a # b' })).toThrow(/one line/);
    expect(() => applyIniUpdates('', 'default', { k: ' a' })).toThrow(/one line/);
    expect(() => applyIniUpdates('', 'default', { 'bad key': 'a' })).toThrow(/invalid config key/);
    expect(() => applyIniUpdates('', 'profile a]b', { k: 'a' })).toThrow(/invalid profile/);
  });

  it('returns the same text when nothing changes', () => {
    expect(applyIniUpdates(original, 'default', { custom_key: 'kept' })).toBe(original);
    expect(applyIniUpdates(original, 'default', { absent: null })).toBe(original);
  });
});

describe('updateProfile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seclai-config-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the config with mode 0600 and the resolver reads it back', async () => {
    await updateProfile(join(dir, 'new'), 'staging', { sso_domain: 'auth.staging.example.com' });
    const path = join(dir, 'new', 'config');
    expect(await readFile(path, 'utf8')).toBe('[profile staging]\nsso_domain = auth.staging.example.com\n');
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600);
    const settings = resolveProfile(await readConfig(join(dir, 'new')), 'staging', {});
    expect(settings.ssoDomain).toBe('auth.staging.example.com');
    expect(settings.sources.sso_domain?.source).toBe('profile');
  });

  it('writes back bytes that are not UTF-8 exactly as they were', async () => {
    const path = join(dir, 'config');
    const before = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('# caf'),
      Buffer.from([0xe9]),
      Buffer.from(' \xff\r\n[default]\r\nsso_region = a\n', 'latin1'),
    ]);
    await writeFile(path, before);
    await updateProfile(dir, 'default', { sso_region: 'b', sso_domain: 'é.example' });
    expect(await readFile(path)).toEqual(
      Buffer.concat([
        before.subarray(0, before.length - 'a\n'.length),
        Buffer.from('b\nsso_domain = é.example\n', 'utf8'),
      ]),
    );
  });

  it('rewrites an existing 0644 file as 0600, keeping what it does not own', async () => {
    const path = join(dir, 'config');
    await writeFile(path, '# mine\n[default]\nfoo = bar\n', { mode: 0o644 });
    await updateProfile(dir, 'default', { sso_account_id: 'acc' });
    expect(await readFile(path, 'utf8')).toBe('# mine\n[default]\nfoo = bar\nsso_account_id = acc\n');
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600);
  });
});
