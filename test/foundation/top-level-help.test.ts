// `seclai --help` groups commands for a newcomer ("Start here", then the rest) and shows examples.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

/** The command names listed under one heading of the help text. */
function section(help: string, heading: string): string[] {
  const lines = help.split('\n');
  const start = lines.indexOf(heading);
  if (start === -1) return [];
  const names: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line === '') break;
    const term = /^ {2}(\S+)/.exec(line)?.[1];
    if (term) names.push(term.split('|')[0]);
  }
  return names;
}

describe('top-level help', () => {
  it('lists "Start here" commands first, in a newcomer\'s order, then "More commands"', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(section(stdout, 'Start here:')).toEqual([
      'auth',
      'me',
      'agents',
      'runs',
      'sources',
      'knowledge-bases',
      'api',
    ]);
    const more = section(stdout, 'More commands:');
    expect(more).toEqual(expect.arrayContaining(['alerts', 'email', 'models', 'solutions', 'help']));
    expect(more).not.toContain('agents');
    expect(stdout.indexOf('Start here:')).toBeLessThan(stdout.indexOf('More commands:'));
    expect(stdout).not.toMatch(/^Commands:$/m);
  });

  it('shows examples whose commands exist', async () => {
    const { stdout } = await runCli(['help']);
    const examples = stdout
      .split('\n')
      .filter((line) => line.startsWith('  $ seclai '))
      .map((line) => line.slice('  $ seclai '.length).split(' '));
    expect(examples.map((words) => words.slice(0, 2).join(' '))).toEqual(
      expect.arrayContaining(['auth login', 'agents list', 'agents run']),
    );
    for (const words of examples) {
      const path = words.slice(0, 2).filter((word) => /^[a-z][a-z-]*$/.test(word));
      const help = await runCli([...path, '--help']);
      expect(help.code, `seclai ${path.join(' ')} --help`).toBe(0);
      expect(help.stdout).toMatch(/^Usage: seclai /);
    }
  });
});
