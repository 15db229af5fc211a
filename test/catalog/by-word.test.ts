// The catalog by top-level word (what start-up loads) against the whole catalog (help, docs).
import { describe, expect, it } from 'vitest';
import {
  catalogFor,
  MODULES_BY_WORD,
  narrowToNamedCommand,
  WORD_ALIASES,
} from '../../src/catalog/by-word.ts';
import { catalog, groups } from '../../src/catalog/index.ts';
import { TOP_LEVEL_COMMAND_WORDS, topLevelGroups } from '../../src/catalog/top-level.ts';
import type { CommandSpec, GroupSpec } from '../../src/catalog/types.ts';
import { useHarness } from '../foundation/harness.ts';

const paths = (entries: (GroupSpec | CommandSpec)[]) => entries.map((e) => e.path.join(' ')).sort();
const tops = [...groups, ...catalog].filter((entry) => entry.path.length === 1);

describe('the catalog by top-level word', () => {
  it('has a word for every top-level group and command, and every alias of them', () => {
    expect(Object.keys(MODULES_BY_WORD).sort()).toEqual(tops.map((entry) => entry.path[0]).sort());
    const aliases = tops.flatMap((entry) => (entry.aliases ?? []).map((alias) => [alias, entry.path[0]]));
    expect(Object.entries(WORD_ALIASES).sort()).toEqual(aliases.sort());
  });

  it('lists every top-level group and top-level command word in the table top-level help reads', () => {
    expect(new Set(topLevelGroups)).toEqual(new Set(groups.filter((group) => group.path.length === 1)));
    expect([...TOP_LEVEL_COMMAND_WORDS].sort()).toEqual(
      catalog
        .filter((row) => row.path.length === 1)
        .map((row) => row.path[0])
        .sort(),
    );
  });

  it('gives each word exactly the rows the whole catalog has under it, parents before children', async () => {
    for (const word of Object.keys(MODULES_BY_WORD)) {
      const part = await catalogFor(word);
      expect(paths(part!.commands), word).toEqual(paths(catalog.filter((c) => c.path[0] === word)));
      expect(paths(part!.groups), word).toEqual(paths(groups.filter((g) => g.path[0] === word)));
      const made = new Set<string>();
      for (const group of part!.groups) {
        expect(
          group.path.length === 1 || made.has(group.path.slice(0, -1).join(' ')),
          group.path.join(' '),
        ).toBe(true);
        made.add(group.path.join(' '));
      }
    }
  });

  it('takes an alias for its word, and knows no other word', async () => {
    expect(paths((await catalogFor('kb'))!.commands)).toEqual(
      paths((await catalogFor('knowledge-bases'))!.commands),
    );
    expect(await catalogFor('agnets')).toBeUndefined();
    expect(await catalogFor('toString')).toBeUndefined();
  });
});

describe('the commands a command line naming one of them builds', () => {
  const narrowed = async (word: string, next: string | undefined) => {
    const part = (await catalogFor(word))!;
    const got = narrowToNamedCommand(part, next);
    return got === part ? 'all' : [...paths(got.groups), ...paths(got.commands)];
  };

  it('is the word’s group and the one command its next word names, by name or alias', async () => {
    expect(await narrowed('sources', 'sync')).toEqual(['sources', 'sources sync']);
    expect(await narrowed('agents', 'ls')).toEqual(['agents', 'agents list']);
  });

  it('is the whole word for a group, a row named like a group, an option, an unknown word or none', async () => {
    expect(await narrowed('agents', 'runs')).toBe('all');
    expect(await narrowed('agents', 'definition')).toBe('all'); // alias of the group `agents def`
    expect(await narrowed('solutions', 'link')).toBe('all');
    expect(await narrowed('sources', '--json')).toBe('all');
    expect(await narrowed('sources', 'sycn')).toBe('all');
    expect(await narrowed('sources', 'help')).toBe('all');
    expect(await narrowed('sources', undefined)).toBe('all');
  });
});

describe('a command line that names one command', () => {
  const h = useHarness();

  it('still gets commander’s "did you mean" for a misspelt one, and its own help', async () => {
    const misspelt = await h.cli(['sources', 'sycn']);
    expect(misspelt.code).toBe(2);
    expect(misspelt.stderr).toMatch(/^hint: did you mean sync\?$/m);
    const help = await h.cli(['sources', 'sync', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: seclai sources sync \[options\] <source-id> <dir>/m);
  });
});

describe('run() names the command it runs', () => {
  const h = useHarness();

  it('by its canonical words, whatever alias and arguments the line used', async () => {
    const seen: string[] = [];
    const onCommand = (path: string) => seen.push(path);
    const [agent] = h.sim().state.seedAgents(1);
    await h.cli(['agent', 'pause', agent.id, '--json'], { onCommand });
    await h.cli(['--profile', 'default', 'agents', 'list', '--json'], { onCommand });
    await h.cli(['--help'], { onCommand });
    await h.cli(['agents', 'list', '--bogus'], { onCommand });
    expect(seen).toEqual(['agents disable', 'agents list']);
  });
});
