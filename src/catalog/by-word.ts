// The rows under one top-level command word, loading only the catalog modules that hold them.
// A command line then evaluates a few modules' rows instead of all of them, and the code cache
// (src/launch.ts) holds only those: about 5 ms less at every start. index.ts still has the whole
// catalog for help, completions, docs and `seclai commands`. test/catalog/by-word.test.ts checks
// this table against it.
import type { CommandSpec, GroupSpec } from './types.ts';

/** A catalog module: its rows are the `…Groups` and `…Commands` arrays it exports. */
type CatalogModule = Record<string, unknown>;
type Load = () => Promise<CatalogModule>;

const agents: Load = () => import('./agents.ts');
const agentsExtra: Load = () => import('./agents-extra.ts');
const agentInputs: Load = () => import('./agent-inputs.ts');
const ai: Load = () => import('./ai.ts');
const aiTools: Load = () => import('./ai-tools.ts');
const alerts: Load = () => import('./alerts.ts');
const apiVersion: Load = () => import('./api-version.ts');
const auth: Load = () => import('./auth.ts');
const cloudDrives: Load = () => import('./cloud-drives.ts');
const completion: Load = () => import('./completion.ts');
const contents: Load = () => import('./contents.ts');
const contentsManage: Load = () => import('./contents-manage.ts');
const core: Load = () => import('./core.ts');
const email: Load = () => import('./email.ts');
const evaluations: Load = () => import('./evaluations.ts');
const governance: Load = () => import('./governance.ts');
const knowledgeBases: Load = () => import('./knowledge-bases.ts');
const memoryBanks: Load = () => import('./memory-banks.ts');
const modelCatalogs: Load = () => import('./model-catalogs.ts');
const models: Load = () => import('./models.ts');
const runAttachments: Load = () => import('./run-attachments.ts');
const runs: Load = () => import('./runs.ts');
const search: Load = () => import('./search.ts');
const solutions: Load = () => import('./solutions.ts');
const sourceContents: Load = () => import('./source-contents.ts');
const sources: Load = () => import('./sources.ts');
const sourcesManage: Load = () => import('./sources-manage.ts');

/** Each top-level word (its canonical name) and the modules with rows under it. */
export const MODULES_BY_WORD: Record<string, Load[]> = {
  agents: [agents, agentsExtra, runs, agentInputs, runAttachments],
  runs: [runs, runAttachments],
  auth: [auth],
  configure: [auth],
  sources: [sourcesManage, sources, sourceContents],
  'cloud-drives': [cloudDrives],
  contents: [contentsManage, contents],
  'knowledge-bases': [knowledgeBases],
  'memory-banks': [memoryBanks],
  evals: [evaluations],
  solutions: [solutions],
  governance: [governance],
  alerts: [alerts],
  models: [models, modelCatalogs],
  email: [email],
  ai: [ai],
  search: [search],
  docs: [search],
  'api-version': [apiVersion],
  me: [core],
  api: [core],
  commands: [core],
  completion: [completion],
  skills: [aiTools],
  mcp: [aiTools],
};

/** Other names of top-level words, as the catalog declares them. */
export const WORD_ALIASES: Record<string, string> = {
  agent: 'agents',
  run: 'runs',
  'agent-runs': 'runs',
  source: 'sources',
  content: 'contents',
  kb: 'knowledge-bases',
  'knowledge-base': 'knowledge-bases',
  memory: 'memory-banks',
  'memory-bank': 'memory-banks',
  evaluations: 'evals',
  solution: 'solutions',
  alert: 'alerts',
  model: 'models',
  whoami: 'me',
  'cloud-drive': 'cloud-drives',
};

/**
 * The groups (parents before children) and commands under `word` or its alias; undefined for a
 * word that is no command.
 */
export async function catalogFor(
  word: string,
): Promise<{ groups: GroupSpec[]; commands: CommandSpec[] } | undefined> {
  const name = Object.hasOwn(WORD_ALIASES, word) ? WORD_ALIASES[word] : word;
  if (!Object.hasOwn(MODULES_BY_WORD, name)) return undefined;
  const modules = await Promise.all(MODULES_BY_WORD[name].map((load) => load()));
  const rows = (suffix: string) =>
    modules.flatMap((module) =>
      Object.entries(module)
        .filter(([exported, value]) => exported.endsWith(suffix) && Array.isArray(value))
        .flatMap(([, entries]) => entries as (GroupSpec | CommandSpec)[])
        .filter((entry) => entry.path[0] === name),
    );
  return {
    groups: (rows('Groups') as GroupSpec[]).sort((a, b) => a.path.length - b.path.length),
    commands: rows('Commands') as CommandSpec[],
  };
}

/**
 * The part of a word's catalog that a command line naming one of its commands needs: the word's
 * group and that command, when the word after the first (`sync` of `sources sync …`) names a
 * command of the word and no group. Building 1 command instead of 20–30 saves a few ms at every
 * start. Anything else (a group, an option first, an unknown word, help) gets the whole part,
 * for its help and commander's "did you mean".
 */
export function narrowToNamedCommand(
  part: { groups: GroupSpec[]; commands: CommandSpec[] },
  nextWord: string | undefined,
): { groups: GroupSpec[]; commands: CommandSpec[] } {
  if (nextWord === undefined || nextWord.startsWith('-')) return part;
  const names = (entry: GroupSpec | CommandSpec) =>
    entry.path[1] === nextWord || entry.aliases?.includes(nextWord);
  if (part.groups.some((group) => group.path.length === 2 && names(group))) return part;
  const named = part.commands.filter((command) => command.path.length === 2 && names(command));
  if (named.length !== 1) return part;
  return { groups: part.groups.filter((group) => group.path.length === 1), commands: named };
}
