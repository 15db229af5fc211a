// The top-level command groups, by themselves: `seclai --help` and a mistyped word list them
// without loading the catalog modules that hold their commands. Each of those modules takes
// its group from here (topLevelGroup), so the two cannot disagree.
import type { GroupSpec } from './types.ts';

export const topLevelGroups: GroupSpec[] = [
  { path: ['agents'], aliases: ['agent'], summary: 'Agents: multi-step LLM pipelines' },
  {
    path: ['runs'],
    aliases: ['run', 'agent-runs'],
    summary: 'Agent runs by id: show, cancel, watch until done, attachments',
  },
  { path: ['auth'], summary: 'Sign in and out, and see which credential is used' },
  { path: ['configure'], summary: 'Edit and show the config file (SSO settings per profile)' },
  {
    path: ['sources'],
    aliases: ['source'],
    summary: 'Sources: feeds, websites and uploaded content that agents and knowledge bases read',
  },
  {
    path: ['cloud-drives'],
    aliases: ['cloud-drive'],
    summary: 'Cloud-drive connections: the drives and folders sources and agents watch',
  },
  {
    path: ['contents'],
    aliases: ['content'],
    summary: 'Content versions: the documents inside a source',
    noun: 'content version',
  },
  {
    path: ['knowledge-bases'],
    aliases: ['kb', 'knowledge-base'],
    summary: 'Knowledge bases: sources searched together for retrieval steps',
  },
  {
    path: ['memory-banks'],
    aliases: ['memory', 'memory-bank'],
    summary: 'Memory banks: what agents remember between runs',
  },
  {
    path: ['evals'],
    aliases: ['evaluations'],
    summary: 'Evaluations: criteria that grade agent step outputs, and their results',
  },
  {
    path: ['solutions'],
    aliases: ['solution'],
    summary: 'Solutions: agents, knowledge bases and sources grouped as one project',
  },
  { path: ['governance'], summary: 'Governance: policies that screen agent inputs and outputs' },
  { path: ['alerts'], aliases: ['alert'], summary: 'Alerts raised on agents and sources' },
  {
    path: ['models'],
    aliases: ['model'],
    summary: 'Models: the LLMs agents can call, their lifecycle and the playground',
  },
  { path: ['email'], summary: 'Email: sending domains, blocked senders, opt-outs and inbound mail' },
  {
    path: ['ai'],
    summary: 'The AI assistant: plans for new sources, knowledge bases, solutions and memory banks',
  },
  { path: ['docs'], summary: 'The Seclai documentation' },
  {
    path: ['api-version'],
    summary: "The account's pinned API version (Seclai-Version for requests that send none)",
  },
  { path: ['skills'], summary: 'Teach AI coding tools how to use this CLI (skill files)' },
  { path: ['mcp'], summary: "Connect AI tools to Seclai's hosted MCP server" },
];

/** Top-level words that are commands of their own (`seclai me`), not groups. */
export const TOP_LEVEL_COMMAND_WORDS = ['me', 'api', 'commands', 'completion', 'search'];

/** The top-level group named `name`, for the catalog module that holds its commands. */
export function topLevelGroup(name: string): GroupSpec {
  const group = topLevelGroups.find((each) => each.path[0] === name);
  if (!group) throw new Error(`no top-level group ${name}`);
  return group;
}
