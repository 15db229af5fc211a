import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli, useTempHome } from '../helpers/cli.ts';

const KEY = 'sk-mcp-test-0123456789';
const home = useTempHome();
let project = '';
beforeEach(() => {
  project = join(home(), 'project');
  mkdirSync(project);
});

const mcp = (args: string[], env: Record<string, string> = {}) =>
  runCli(['mcp', ...args], {
    cwd: project,
    env: { HOME: home(), SECLAI_NO_KEYCHAIN: '1', SECLAI_API_URL: 'http://127.0.0.1:4999', ...env },
  });
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe('seclai mcp show', () => {
  it('prints the entry for the configured API with a placeholder key', async () => {
    const result = await mcp(['show'], { SECLAI_API_URL: '' });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      mcpServers: {
        seclai: {
          type: 'streamable-http',
          url: 'https://api.seclai.com/mcp',
          headers: { 'X-API-Key': '<your Seclai API key>' },
        },
      },
    });
  });

  it('puts the key given with --key, and refuses one that cannot be a header', async () => {
    const result = await mcp(['show', '--key', KEY]);
    expect(JSON.parse(result.stdout).mcpServers.seclai).toEqual({
      type: 'streamable-http',
      url: 'http://127.0.0.1:4999/mcp',
      headers: { 'X-API-Key': KEY },
    });
    const bad = await mcp(['show', '--key', 'a\r\nInjected: 1']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
  });
});

describe('seclai mcp configure', () => {
  it('merges the entry into .mcp.json, keeping every other server and key, with mode 0600', async () => {
    const file = join(project, '.mcp.json');
    writeFileSync(file, JSON.stringify({ mcpServers: { other: { command: 'x' } }, theme: 'dark' }));
    const result = await mcp(['configure', '--json'], { SECLAI_API_KEY: KEY });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      { target: 'claude-code', action: 'added', path: '.mcp.json' },
    ]);
    expect(readJson(file)).toEqual({
      mcpServers: {
        other: { command: 'x' },
        seclai: { type: 'streamable-http', url: 'http://127.0.0.1:4999/mcp', headers: { 'X-API-Key': KEY } },
      },
      theme: 'dark',
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(result.stdout + result.stderr).not.toContain(KEY);

    const again = await mcp(['configure', '--json', '--key', 'sk-other-key-987']);
    expect(JSON.parse(again.stdout)[0].action).toBe('updated');
    expect(readJson(file).mcpServers.seclai.headers['X-API-Key']).toBe('sk-other-key-987');
    expect(readJson(file).mcpServers.other).toEqual({ command: 'x' });
  });

  it('leaves an unparseable file untouched, says so, and exits 1 while other targets are written', async () => {
    mkdirSync(join(project, '.cursor'));
    const broken = '{ "mcpServers": { // a comment\n';
    writeFileSync(join(project, '.mcp.json'), broken);
    const result = await mcp(['configure', '--target', 'claude-code', '--target', 'cursor', '--key', KEY]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: left .mcp.json untouched: it is not valid JSON');
    expect(readFileSync(join(project, '.mcp.json'), 'utf8')).toBe(broken);
    expect(readJson(join(project, '.cursor/mcp.json')).mcpServers.seclai.headers['X-API-Key']).toBe(KEY);
  });

  it('writes the desktop apps’ files under the home folder', async () => {
    const xdg = join(home(), 'xdg');
    const result = await mcp(['configure', '--target', 'all', '--key', KEY, '--json'], {
      XDG_CONFIG_HOME: xdg,
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).map((r: { target: string }) => r.target)).toEqual([
      'claude-code',
      'cursor',
      'claude-desktop',
      'windsurf',
    ]);
    const desktop = process.platform === 'linux' ? join(xdg, 'Claude/claude_desktop_config.json') : undefined;
    if (desktop) expect(readJson(desktop).mcpServers.seclai.url).toBe('http://127.0.0.1:4999/mcp');
    expect(readJson(join(home(), '.codeium/windsurf/mcp_config.json')).mcpServers.seclai).toBeDefined();
  });

  it('warns when git would commit the key, and not when the file is ignored', async () => {
    execFileSync('git', ['init', '-q', project]);
    const exposed = await mcp(['configure', '--key', KEY]);
    expect(exposed.code).toBe(0);
    expect(exposed.stderr).toContain('warning: .mcp.json now holds your API key and git does not ignore it');
    writeFileSync(join(project, '.gitignore'), '.mcp.json\n');
    const ignored = await mcp(['configure', '--key', KEY]);
    expect(ignored.stderr).toBe('');
  });

  it('needs an API key: an SSO-only profile is told how to give one, nothing is written', async () => {
    const result = await mcp(['configure']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error: the MCP server takes an API key.*\nhint: pass --key <key>, set SECLAI_API_KEY/,
    );
    expect(() => statSync(join(project, '.mcp.json'))).toThrow();
  });
});
