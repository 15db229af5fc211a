import {
  deleteRow,
  descriptionOption,
  idArg,
  nameOption,
  pageOptions,
  required,
  sortOptions,
} from './common.ts';
import { topLevelGroup } from './top-level.ts';
import type { CommandSpec, GroupSpec, OptionSpec } from './types.ts';

export const knowledgeBaseGroups: GroupSpec[] = [topLevelGroup('knowledge-bases')];

const kbId = idArg('kb-id', 'knowledge_base_id', 'knowledge base');
const columns = ['id', 'name', 'readonly', 'default_top_k', 'reranker_model', 'updated_at'];

/** Retrieval settings create and update share; update allows 0 to clear a limit. */
function retrievalOptions(min: number): OptionSpec[] {
  return [
    {
      flags: '--source <source-id>',
      description: 'a source to search (repeat for several)',
      body: 'source_ids',
      repeatable: true,
    },
    {
      flags: '--top-k <n>',
      description: `chunks retrieved per query (${min}-200)`,
      type: 'int',
      min,
      max: 200,
      body: 'default_top_k',
    },
    {
      flags: '--top-n <n>',
      description: `chunks kept after reranking (${min}-200)`,
      type: 'int',
      min,
      max: 200,
      body: 'default_top_n',
    },
    {
      flags: '--score-threshold <score>',
      description: 'minimum relevance score, 0-1',
      type: 'number',
      min: 0,
      max: 1,
      body: 'default_score_threshold',
    },
    { flags: '--reranker <model>', description: 'reranker model id', body: 'reranker_model' },
  ];
}

export const knowledgeBaseCommands: CommandSpec[] = [
  {
    path: ['knowledge-bases', 'list'],
    aliases: ['ls'],
    summary: 'List knowledge bases',
    operation: 'GET /knowledge_bases',
    options: [...sortOptions(), ...pageOptions()],
    paginate: 'page',
    view: 'list',
    columns,
    examples: [{ command: 'seclai kb list --order asc --all' }],
  },
  {
    path: ['knowledge-bases', 'get'],
    aliases: ['show'],
    summary: 'Show one knowledge base and its sources',
    operation: 'GET /knowledge_bases/{knowledge_base_id}',
    args: [kbId],
    view: 'object',
    columns: [...columns, 'default_top_n', 'default_score_threshold', 'sources'],
    examples: [{ command: 'seclai kb get 3f1a6c2e-…' }],
  },
  {
    path: ['knowledge-bases', 'create'],
    summary: 'Create a knowledge base over one or more sources',
    operation: 'POST /knowledge_bases',
    options: [
      required(nameOption('knowledge base')),
      descriptionOption('knowledge base'),
      ...retrievalOptions(1).map((o) => (o.body === 'source_ids' ? required(o) : o)),
    ],
    data: true,
    view: 'object',
    columns,
    examples: [
      { command: 'seclai kb create --name "Support docs" --source 9c1d… --source 0e2f… --top-k 20' },
    ],
  },
  {
    path: ['knowledge-bases', 'update'],
    aliases: ['edit'],
    summary: "Change a knowledge base's name, sources or retrieval settings",
    description: '--source replaces the whole list of sources.',
    operation: 'PUT /knowledge_bases/{knowledge_base_id}',
    args: [kbId],
    options: [nameOption('knowledge base'), descriptionOption('knowledge base'), ...retrievalOptions(0)],
    data: 'required',
    view: 'object',
    columns,
    examples: [{ command: 'seclai kb update 3f1a… --top-n 5 --reranker cohere-rerank-v3' }],
  },
  deleteRow(
    ['knowledge-bases', 'delete'],
    'knowledge base',
    'DELETE /knowledge_bases/{knowledge_base_id}',
    [kbId],
    'seclai kb delete 3f1a… --yes',
  ),
];
