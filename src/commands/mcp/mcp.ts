import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { MCP_TARGETS } from '../../catalog/ai-tools.ts';
import type { Handler } from '../../catalog/types.ts';
import { CliError, ExitCode, UsageError } from '../../errors.ts';
import { printJson, printList } from '../../output/format.ts';
import type { Session } from '../../session.ts';
import { writeFileAtomic } from '../../write-file-atomic.ts';
import { expandChoices, projectDir } from '../setup-targets.ts';

type Target = (typeof MCP_TARGETS)[number];

export const KEY_PLACEHOLDER = '<your Seclai API key>';

/** The `mcpServers.seclai` entry: the hosted MCP server beside the configured API. */
export function mcpEntry(baseUrl: URL, key: string) {
  return {
    type: 'streamable-http',
    url: `${baseUrl.origin}${baseUrl.pathname.replace(/\/+$/, '')}/mcp`,
    headers: { 'X-API-Key': key },
  };
}

/** A key from --key must be usable as a header value. */
function checkKey(key: string): string {
  if (key === '' || key.trim() !== key || /[^\x21-\x7e]/.test(key))
    throw new UsageError('--key must be an API key: printable characters, no spaces');
  return key;
}

export const showMcp: Handler = async (session, { options }) => {
  const key = typeof options.key === 'string' ? checkKey(options.key) : KEY_PLACEHOLDER;
  printJson(session.out, { mcpServers: { seclai: mcpEntry(session.settings.baseUrl, key) } });
  return 0;
};

/** The API key for the MCP server: --key, else the credential chain's key (never an SSO token). */
async function apiKeyFor(session: Session, option: unknown): Promise<string> {
  if (typeof option === 'string') return checkKey(option);
  const { pickCredential } = await import('../../auth/chain.ts');
  const pick = await pickCredential(session.credentialRequest());
  if (pick.kind === 'api-key' || pick.kind === 'stored-key') return pick.apiKey;
  throw new UsageError(
    'the MCP server takes an API key, and this profile signs in with SSO',
    'pass --key <key>, set SECLAI_API_KEY, or store one with `seclai auth login --with-api-key`',
  );
}

/** The config file each target reads. */
function targetFile(session: Session, target: Target, dir: string): string {
  const home = session.ctx.homeDir;
  const env = session.ctx.env;
  switch (target) {
    case 'claude-code':
      return join(dir, '.mcp.json');
    case 'cursor':
      return join(dir, '.cursor', 'mcp.json');
    case 'windsurf':
      return join(home, '.codeium', 'windsurf', 'mcp_config.json');
    case 'claude-desktop':
      if (process.platform === 'darwin')
        return join(home, 'Library', 'Application Support', 'Claude', 'claude_desktop_config.json');
      if (process.platform === 'win32')
        return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Claude', 'claude_desktop_config.json');
      return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'Claude', 'claude_desktop_config.json');
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The file's JSON object, {} when it does not exist, or why it cannot be merged into. */
function readConfigObject(path: string): { doc: Record<string, unknown> } | { problem: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { doc: {} };
    return { problem: `cannot read it (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  if (text.trim() === '') return { doc: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { problem: 'it is not valid JSON' };
  }
  if (!isObject(parsed)) return { problem: 'it is not a JSON object' };
  if (parsed.mcpServers !== undefined && !isObject(parsed.mcpServers))
    return { problem: 'its mcpServers is not an object' };
  return { doc: parsed };
}

/** Whether git tracks or would add `path`: inside a work tree and not ignored. */
async function exposedToGit(path: string): Promise<boolean> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) => {
    execFile('git', ['check-ignore', '-q', path], { cwd: dirname(path), timeout: 5000 }, (err) => {
      // 0: ignored; 1: in a work tree, not ignored; 128 or no git: not in a work tree.
      resolve((err as { code?: unknown } | null)?.code === 1);
    });
  });
}

export const configureMcp: Handler = async (session, { options }) => {
  const chosen = (options.target as string[] | undefined) ?? ['claude-code'];
  const targets = expandChoices(chosen, MCP_TARGETS);
  const dir = projectDir(session, options.dir);
  const key = await apiKeyFor(session, options.key);
  const entry = mcpEntry(session.settings.baseUrl, key);
  const results: Record<string, string>[] = [];
  let failed = 0;
  for (const target of targets) {
    const path = targetFile(session, target, dir);
    const shown = relative(session.ctx.cwd, path).startsWith('..') ? path : relative(session.ctx.cwd, path);
    const read = readConfigObject(path);
    if ('problem' in read) {
      session.note(`error: left ${shown} untouched: ${read.problem}`);
      results.push({ target, action: 'failed', path: shown });
      failed++;
      continue;
    }
    const current = read.doc;
    const servers = isObject(current.mcpServers) ? current.mcpServers : {};
    const next = { ...current, mcpServers: { ...servers, seclai: entry } };
    const unchanged = JSON.stringify(servers.seclai) === JSON.stringify(entry);
    mkdirSync(dirname(path), { recursive: true });
    await writeFileAtomic(path, `${JSON.stringify(next, null, 2)}\n`, 0o600);
    results.push({
      target,
      action: unchanged ? 'unchanged' : servers.seclai ? 'updated' : 'added',
      path: shown,
    });
    if (await exposedToGit(path))
      session.note(
        `warning: ${shown} now holds your API key and git does not ignore it; add it to .gitignore`,
      );
  }
  await printList(session.out, results, results, ['target', 'action', 'path']);
  if (failed > 0) throw new CliError(`${failed} config file(s) could not be updated`, ExitCode.failure);
  return 0;
};
