import { topLevelGroup } from './top-level.ts';
import type { CommandSpec, GroupSpec } from './types.ts';

export const searchGroups: GroupSpec[] = [topLevelGroup('docs')];

export const searchCommands: CommandSpec[] = [
  {
    path: ['search'],
    summary: 'Find agents, knowledge bases, sources and more by name',
    operation: 'GET /search',
    options: [
      { flags: '-q, --query <text>', description: 'what to look for', query: 'q', required: true },
      {
        flags: '--type <entity-type>',
        alias: '--entity-type',
        description: 'only this kind, e.g. agent or knowledge_base',
        query: 'entity_type',
      },
      { flags: '--limit <n>', description: 'how many (1-50)', type: 'int', min: 1, max: 50, query: 'limit' },
    ],
    view: 'list',
    columns: ['entity_type', 'id', 'name', 'description'],
    examples: [{ command: 'seclai search --query support --type agent' }],
  },
  {
    path: ['docs', 'search'],
    summary: 'Search the Seclai documentation',
    operation: 'GET /docs-search',
    options: [
      { flags: '-q, --query <text>', description: 'what to look for', query: 'q', required: true },
      {
        flags: '--mode <mode>',
        description: 'keyword or semantic matching',
        type: 'enum',
        choices: ['keyword', 'semantic'],
        query: 'mode',
      },
      { flags: '--limit <n>', description: 'how many (1-20)', type: 'int', min: 1, max: 20, query: 'limit' },
    ],
    view: 'list',
    columns: ['title', 'doc_slug', 'anchor', 'snippet'],
    examples: [{ command: 'seclai docs search --query "email trigger" --mode semantic' }],
  },
];
