// Help: `seclai help <command words>`, and the pointer to the global options at the end of every help.
import { describe, expect, it } from 'vitest';
import { catalog, groups } from '../../src/catalog/index.ts';
import { GLOBAL_OPTIONS_POINTER, helpWordAsFlag } from '../../src/cli.ts';
import { runCli } from '../helpers/cli.ts';
import { requireBuiltBinary, spawnCli } from '../helpers/spawn.ts';

describe('seclai help <command words> (the real binary)', () => {
  requireBuiltBinary();

  it('`help agents run` shows the help of `agents run`, exit 0', async () => {
    const result = await spawnCli(['help', 'agents', 'run'], { env: { HOME: '/nonexistent' } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Usage: seclai agents run .*<agent-id>/);
    expect(result.stdout).toContain('API: POST /agents/{agent_id}/runs');
    expect(result.stderr).toBe('');
  });
});

describe('seclai help <command words>', () => {
  it('is the same as the command with --help, through aliases and global options', async () => {
    const viaWord = await runCli(['--profile', 'p', 'help', 'kb', 'list']);
    const viaFlag = await runCli(['knowledge-bases', 'list', '--help']);
    expect(viaWord.code).toBe(0);
    expect(viaWord.stdout).toMatch(/^Usage: seclai knowledge-bases list/);
    expect(viaWord.stdout).toBe(viaFlag.stdout);
  });

  it('`help` alone shows the top-level help, which says the help command takes several words', async () => {
    const result = await runCli(['help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: seclai \[options\] \[command\]/);
    expect(result.stdout).toMatch(
      /^ {2}help \[command\.\.\.\] +show the help of a command, e\.g\. help agents run$/m,
    );
  });

  it('leaves a later word `help` alone (an argument, not the help command)', () => {
    expect(helpWordAsFlag(['api', 'GET', 'help'])).toEqual(['api', 'GET', 'help']);
    expect(helpWordAsFlag(['--timeout', '5s', 'help', 'me'])).toEqual(['--timeout', '5s', 'me', '--help']);
  });
});

describe('every help', () => {
  const lastLines = (help: string) => help.trimEnd().split('\n').slice(-2).join('\n');

  it('ends with a pointer to the global options, for every command and group', async () => {
    const paths = [...groups.map((g) => g.path), ...catalog.filter((s) => !s.hidden).map((s) => s.path)];
    expect(paths.length).toBeGreaterThan(100);
    for (const path of paths) {
      const result = await runCli([...path, '--help']);
      expect(result.code, path.join(' ')).toBe(0);
      expect(lastLines(result.stdout), path.join(' ')).toBe(GLOBAL_OPTIONS_POINTER);
    }
  });

  it('the pointer names options that `seclai --help` lists', async () => {
    const root = (await runCli(['--help'])).stdout;
    for (const flag of GLOBAL_OPTIONS_POINTER.match(/--[\w-]+/g) ?? []) expect(root).toContain(flag);
  });
});
