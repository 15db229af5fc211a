import { optionHelp } from '../catalog/option-help.ts';
import { MAX_PARALLEL_HELP } from '../catalog/paging-flags.ts';
import type { CommandSpec, GroupSpec } from '../catalog/types.ts';
import { GLOBAL_OPTIONS } from './global-options.ts';

/** One flag as completions and the man page see it. */
export interface Flag {
  /** e.g. ['-d', '--data']. */
  names: string[];
  /** The value placeholder (`<json>`), absent for a switch. */
  value?: string;
  choices?: readonly string[];
  description: string;
}

export interface Child {
  name: string;
  aliases: string[];
  summary: string;
}

/** A group or a command of the tree, keyed by its words joined with spaces ('' is `seclai`). */
export interface TreeNode {
  path: string;
  summary: string;
  children: Child[];
  flags: Flag[];
  spec?: CommandSpec;
}

/** `-q, --query <text>` → names and value placeholder. */
export function parseFlags(flags: string): Pick<Flag, 'names' | 'value'> {
  const value = /<[^>]+>|\[[^\]]+\]/.exec(flags)?.[0];
  const names = flags
    .replace(/<[^>]+>|\[[^\]]+\]/g, '')
    .split(/[ ,|]+/)
    .filter((n) => n.startsWith('-'));
  return value ? { names, value } : { names };
}

export const globalFlags: Flag[] = GLOBAL_OPTIONS.map((o) => ({
  ...parseFlags(o.flags),
  description: o.description,
  ...(o.choices ? { choices: o.choices } : {}),
}));

/** The flags a command accepts besides the global ones, in the order help shows them. */
export function commandFlags(spec: CommandSpec): Flag[] {
  const flags: Flag[] = (spec.options ?? []).map((o) => ({
    ...parseFlags(o.alias ? `${o.alias}, ${o.flags}` : o.flags),
    description:
      o.default === undefined ? optionHelp(spec, o) : `${optionHelp(spec, o)} (default: ${o.default})`,
    ...(o.choices ? { choices: o.choices } : {}),
  }));
  if (spec.data)
    flags.push({
      names: ['-d', '--data'],
      value: '<json>',
      description: 'request body as JSON, @file.json, or - for stdin (flags override its fields)',
    });
  if (spec.paginate)
    flags.push(
      { names: ['--all'], description: 'fetch every page' },
      { names: ['--max-parallel'], value: '<n>', description: MAX_PARALLEL_HELP },
    );
  if (spec.confirm) flags.push({ names: ['-y', '--yes'], description: 'do not ask for confirmation' });
  return flags;
}

/** The command tree the catalog describes, hidden commands left out; nodes sorted by path. */
export function buildTree(groups: GroupSpec[], catalog: CommandSpec[]): TreeNode[] {
  const nodes = new Map<string, TreeNode>();
  nodes.set('', { path: '', summary: 'Operate a Seclai account from the shell', children: [], flags: [] });
  const add = (path: string[], entry: { aliases?: string[]; summary: string }, spec?: CommandSpec) => {
    const key = path.join(' ');
    const group = nodes.get(key);
    // A row named like a group is the group's own action: its flags join the group's node.
    if (group && spec) {
      group.flags = commandFlags(spec);
      group.spec = spec;
      return;
    }
    const parent = nodes.get(path.slice(0, -1).join(' '));
    if (!parent) throw new Error(`${key} has no parent group`);
    parent.children.push({
      name: path[path.length - 1],
      aliases: entry.aliases ?? [],
      summary: entry.summary,
    });
    nodes.set(key, {
      path: key,
      summary: entry.summary,
      children: [],
      flags: spec ? commandFlags(spec) : [],
      spec,
    });
  };
  for (const group of groups) add(group.path, group);
  for (const spec of catalog) if (!spec.hidden) add(spec.path, spec, spec);
  for (const node of nodes.values()) node.children.sort((a, b) => a.name.localeCompare(b.name));
  return [...nodes.values()].sort((a, b) => a.path.localeCompare(b.path));
}
