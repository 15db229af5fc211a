// "Files land where the user said": download names a server (or an id, or --name) chooses, the
// config folder when HOME is unset, permissions of secret files, byte-exact config rewrites,
// --config-dir pointing at a file, and Ctrl-C at a confirmation prompt.
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SSO_DEFAULTS } from '../../src/auth/config-file.ts';
import { cachePath, serializeCachedToken } from '../../src/auth/token-cache.ts';
import { type CliRunOptions, runCli } from '../helpers/cli.ts';
import { answer, type HostileHandler, useHostileServer } from '../helpers/hostile.ts';
import { hasScript, requireBuiltBinary, spawnCli } from '../helpers/spawn.ts';

const SOURCE = '7b2e0c4d-5f61-4a7e-9d3b-2c8f1e6a9b00';
const EXPORT = '91c0d1e2-3f40-4a5b-8c6d-7e8f9a0b1c2d';
const RUN = '0c7d1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
const exportArgs = ['sources', 'exports', 'download', SOURCE, EXPORT];

/** A file answer with the given Content-Disposition (none when undefined). */
function fileAnswer(body: string, disposition?: string): HostileHandler {
  return (_req, res) => {
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': String(Buffer.byteLength(body)),
      ...(disposition === undefined ? {} : { 'content-disposition': disposition }),
    });
    res.end(body);
  };
}

/** A temporary folder per test: `home` (HOME, with a .bashrc) and `home/work` (the current folder). */
function useFolders() {
  let root = '';
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'seclai-trust-'));
    mkdirSync(join(root, 'home', 'work'), { recursive: true });
    writeFileSync(join(root, 'home', '.bashrc'), 'original rc\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  return {
    home: () => join(root, 'home'),
    work: () => join(root, 'home', 'work'),
  };
}

describe('download names the user did not type', () => {
  const server = useHostileServer();
  const dirs = useFolders();
  const run = (argv: string[], options: CliRunOptions = {}) =>
    runCli(argv, {
      cwd: dirs.work(),
      ...options,
      env: { SECLAI_API_URL: server().url, SECLAI_API_KEY: 'sk-test', HOME: dirs.home(), ...options.env },
    });
  const saved = () => readdirSync(dirs.work()).sort();

  it('a server cannot replace ~/.bashrc, not even with --force, from the home folder or below it', async () => {
    server().handle(fileAnswer('evil\n', 'attachment; filename="../.bashrc"'));
    const below = await run([...exportArgs, '--force']);
    expect(below.code, below.stderr).toBe(0);
    expect(readFileSync(join(dirs.home(), '.bashrc'), 'utf8')).toBe('original rc\n');
    expect(saved()).toEqual(['bashrc']);

    server().handle(fileAnswer('evil\n', 'attachment; filename=".bashrc"'));
    const inHome = await run([...exportArgs, '--force'], { cwd: dirs.home() });
    expect(inHome.code, inHome.stderr).toBe(0);
    expect(readFileSync(join(dirs.home(), '.bashrc'), 'utf8')).toBe('original rc\n');
    expect(readFileSync(join(dirs.home(), 'bashrc'), 'utf8')).toBe('evil\n');
  });

  it('an encoded path, bidi override and control characters are stripped from the name', async () => {
    server().handle(
      fileAnswer(
        'x',
        'attachment; filename*=UTF-8\'\'..%2F..%2Fcv%E2%80%AEfdp.exe%07%C2%9B; filename="plain"',
      ),
    );
    const result = await run(exportArgs);
    expect(result.code, result.stderr).toBe(0);
    expect(saved()).toEqual(['cvfdp.exe']);
    expect(readdirSync(dirs.home()).sort()).toEqual(['.bashrc', 'work']);
  });

  it.each([
    ['CON.txt', '_CON.txt'],
    ['nul', '_nul'],
    ['lpt9.tar.gz', '_lpt9.tar.gz'],
    ['report. . .', 'report'],
    ['a<b>c:d|e?f*g"h', 'a_b_c_d_e_f_g_h'],
  ])('Content-Disposition %j is saved as %j', async (given, expected) => {
    server().handle(fileAnswer('x', `attachment; filename*=UTF-8''${encodeURIComponent(given)}`));
    const result = await run(exportArgs);
    expect(result.code, result.stderr).toBe(0);
    expect(saved()).toEqual([expected]);
  });

  it('a name over 255 bytes is cut to 255, keeping its extension', async () => {
    server().handle(
      fileAnswer('x', `attachment; filename*=UTF-8''${encodeURIComponent(`${'é'.repeat(200)}.jsonl`)}`),
    );
    const result = await run(exportArgs);
    expect(result.code, result.stderr).toBe(0);
    const [name] = saved();
    expect(name).toBe(`${'é'.repeat(124)}.jsonl`);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
  });

  it('a name with nothing usable left falls back to the id', async () => {
    server().handle(fileAnswer('x', "attachment; filename*=UTF-8''..%E2%80%8F"));
    const result = await run(exportArgs);
    expect(result.code, result.stderr).toBe(0);
    expect(saved()).toEqual([`export-${EXPORT}`]);
  });

  it('--name is reduced the same way: no folders, no leading dot', async () => {
    server().handle(fileAnswer('attached\n'));
    const result = await run(['runs', 'attachment', RUN, 'YXR0YWNo', '--name', '../../.profile']);
    expect(result.code, result.stderr).toBe(0);
    expect(saved()).toEqual(['profile']);
    expect(existsSync(join(dirs.home(), '.profile'))).toBe(false);
    expect(existsSync(join(dirs.home(), '..', '.profile'))).toBe(false);
  });

  it('with --force, a link planted under the name is replaced, never written through', async () => {
    const victim = join(dirs.home(), '.bashrc');
    symlinkSync(victim, join(dirs.work(), 'report.csv'));
    server().handle(fileAnswer('new\n', 'attachment; filename="report.csv"'));
    const result = await run([...exportArgs, '--force']);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('original rc\n');
    expect(lstatSync(join(dirs.work(), 'report.csv')).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(dirs.work(), 'report.csv'), 'utf8')).toBe('new\n');
  });

  it('without --force, a dangling link under the name counts as an existing file', async () => {
    symlinkSync(join(dirs.home(), '.not-yet'), join(dirs.work(), 'report.csv'));
    server().handle(fileAnswer('new\n', 'attachment; filename="report.csv"'));
    const result = await run(exportArgs);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${join(dirs.work(), 'report.csv')} already exists; nothing was written`);
    expect(existsSync(join(dirs.home(), '.not-yet'))).toBe(false);
    expect(saved()).toEqual(['report.csv']);
  });
});

describe('the config folder', () => {
  const dirs = useFolders();

  it.each([
    ['--config-dir', (file: string) => ({ argv: ['--config-dir', file], env: {} })],
    ['SECLAI_CONFIG_DIR', (file: string) => ({ argv: [], env: { SECLAI_CONFIG_DIR: file } })],
  ])('%s naming a file is a usage error, before anything is read or sent', async (_, given) => {
    const file = join(dirs.home(), '.bashrc');
    const { argv, env } = given(file);
    const result = await runCli([...argv, 'agents', 'list'], {
      cwd: dirs.work(),
      env: { HOME: dirs.home(), SECLAI_API_KEY: 'sk-test', SECLAI_API_URL: 'http://evil.invalid', ...env },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^error: .*${file.replace(/[.]/g, '\\.')} is not a folder\\n$`));
    expect(readFileSync(file, 'utf8')).toBe('original rc\n');
  });

  it('a ~/.seclai that is a file is a usage error too', async () => {
    writeFileSync(join(dirs.home(), '.seclai'), 'not a folder');
    const result = await runCli(['configure', 'list'], { cwd: dirs.work(), env: { HOME: dirs.home() } });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`error: the config folder ${join(dirs.home(), '.seclai')} is not a folder\n`);
  });
});

describe('the binary with HOME unset', () => {
  requireBuiltBinary();
  const dirs = useFolders();

  it('keeps its config under the account home, never under the current folder', async () => {
    const result = await spawnCli(['configure', 'list', '--json'], { cwd: dirs.work(), env: {} });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).config_file).toBe(join(userInfo().homedir, '.seclai', 'config'));
    expect(readdirSync(dirs.work())).toEqual([]);
  });
});

describe('files that hold secrets', () => {
  const server = useHostileServer();
  const dirs = useFolders();
  const configDir = () => join(dirs.home(), '.seclai');
  const modeOf = (path: string) => statSync(path).mode & 0o777;
  const run = (argv: string[]) =>
    runCli(argv, {
      cwd: dirs.work(),
      env: { HOME: dirs.home(), SECLAI_API_URL: server().url, SECLAI_NO_KEYCHAIN: '1' },
    });
  const opened = (path: string, from: string, to: string) =>
    `warning: ${path} was open to others (mode ${from}); changed it to ${to}\n`;

  it.runIf(process.platform !== 'win32')(
    'a config folder and credentials file open to others are tightened, with one warning each',
    async () => {
      mkdirSync(configDir());
      chmodSync(configDir(), 0o755);
      const credentials = join(configDir(), 'credentials');
      writeFileSync(credentials, '[default]\napi_key = sk-stored-secret\n');
      chmodSync(credentials, 0o644);
      server().handle(answer(200, { ok: true }));

      const result = await run(['api', 'GET', '/me']);
      expect(result.code, result.stderr).toBe(0);
      expect(server().requests[0].headers['x-api-key']).toBe('sk-stored-secret');
      expect(result.stderr).toBe(opened(configDir(), '0755', '0700') + opened(credentials, '0644', '0600'));
      expect([modeOf(configDir()), modeOf(credentials)]).toEqual([0o700, 0o600]);

      const again = await run(['api', 'GET', '/me']);
      expect(again.stderr).toBe('');
    },
  );

  it.runIf(process.platform !== 'win32')(
    'an SSO token cache and its folder open to others are tightened, with a warning',
    async () => {
      const path = cachePath(configDir(), SSO_DEFAULTS.sso_domain, SSO_DEFAULTS.sso_client_id);
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      writeFileSync(
        path,
        serializeCachedToken({
          accessToken: 'at-cached-secret',
          expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
          clientId: SSO_DEFAULTS.sso_client_id,
          region: SSO_DEFAULTS.sso_region,
          cognitoDomain: SSO_DEFAULTS.sso_domain,
        }),
      );
      chmodSync(dirname(path), 0o775);
      chmodSync(path, 0o666);
      server().handle(answer(200, { ok: true }));

      const result = await run(['api', 'GET', '/me']);
      expect(result.code, result.stderr).toBe(0);
      expect(server().requests[0].headers.authorization).toBe('Bearer at-cached-secret');
      expect(result.stderr).toBe(opened(dirname(path), '0775', '0700') + opened(path, '0666', '0600'));
      expect(result.stderr).not.toContain('at-cached-secret');
      expect([modeOf(dirname(path)), modeOf(path)]).toEqual([0o700, 0o600]);
    },
  );

  it.runIf(process.platform !== 'win32')(
    'rewriting the config tightens its folder and keeps every foreign byte and line ending',
    async () => {
      mkdirSync(configDir());
      chmodSync(configDir(), 0o755);
      const config = join(configDir(), 'config');
      const before = Buffer.concat([
        Buffer.from('# r\xe9sum\xe9 in Latin-1\r\n[default]\nsso_region = us-west-2 ; note\r\n', 'latin1'),
        Buffer.from('[tools]\r\n\teditor=vi  \n'),
      ]);
      writeFileSync(config, before);

      const result = await run([
        'configure',
        'sso',
        '--sso-region',
        'eu-west-1',
        '--sso-domain',
        'auth.example.com',
      ]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain(opened(configDir(), '0755', '0700'));
      expect(readFileSync(config)).toEqual(
        Buffer.from(
          before
            .toString('latin1')
            .replace('us-west-2 ; note\r\n', 'eu-west-1 ; note\r\nsso_domain = auth.example.com\r\n'),
          'latin1',
        ),
      );
    },
  );
});

describe('Ctrl-C at a confirmation prompt', () => {
  const server = useHostileServer();
  const AGENT = '3f1a9c2e-4b5d-4e6f-8a7b-9c0d1e2f3a4b';

  /** Only the read that names the agent for the question; nothing that changes anything. */
  const onlyTheLookup = () =>
    expect(server().requests.map((r) => `${r.method} ${r.url}`)).toEqual([`GET /agents/${AGENT}`]);

  it('in-process: the prompt library’s ExitPromptError exits 130 with "cancelled", nothing sent', async () => {
    server().handle(answer(200, { id: AGENT, name: 'Support triage' }));
    const result = await runCli(['agents', 'delete', AGENT], {
      env: { SECLAI_API_URL: server().url, SECLAI_API_KEY: 'sk-test', HOME: tmpdir() },
      stdinTTY: true,
      stderrTTY: true,
      // What @inquirer/prompts rejects with on Ctrl-C (its class lives in an indirect dependency).
      answers: [
        Object.assign(new Error('User force closed the prompt with SIGINT'), { name: 'ExitPromptError' }),
      ],
    });
    expect(result.prompts).toHaveLength(1);
    expect(result.code).toBe(130);
    expect(result.stderr).toBe('error: cancelled\n');
    onlyTheLookup();
  });

  describe('the binary on a terminal', () => {
    requireBuiltBinary();
    const dirs = useFolders();

    it.runIf(hasScript)('exits 130 with "cancelled" and sends nothing', async () => {
      server().handle(answer(200, { id: AGENT, name: 'Support triage' }));
      const result = await spawnCli(['agents', 'delete', AGENT], {
        env: {
          HOME: dirs.home(),
          TERM: 'xterm-256color',
          SECLAI_API_URL: server().url,
          SECLAI_API_KEY: 'sk-test',
        },
        tty: true,
        onSpawn: (child, output) => {
          const timer = setInterval(() => {
            if (output.stdout().includes('Delete agent')) {
              clearInterval(timer);
              child.stdin?.write('\x03');
            }
          }, 20);
          child.on('close', () => clearInterval(timer));
        },
      });
      expect(result.code, result.stdout).toBe(130);
      expect(result.stdout).toContain('error: cancelled');
      onlyTheLookup();
    });
  });
});
