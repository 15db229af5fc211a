import {
  acceptedOptions,
  acceptPlanOptions,
  deleteRow,
  descriptionOption,
  idArg,
  idsOption,
  nameOption,
  pageOptions,
  promptOption,
  required,
  sortOptions,
} from './common.ts';
import { topLevelGroup } from './top-level.ts';
import type { CommandSpec, GroupSpec, OptionSpec } from './types.ts';

export const solutionGroups: GroupSpec[] = [
  topLevelGroup('solutions'),
  { path: ['solutions', 'link'], summary: 'Add agents, knowledge bases or sources to a solution' },
  { path: ['solutions', 'unlink'], summary: 'Remove agents, knowledge bases or sources from a solution' },
  {
    path: ['solutions', 'convos'],
    noun: 'conversation',
    aliases: ['conversations'],
    summary: "A solution's AI assistant conversation",
  },
  { path: ['solutions', 'ai'], summary: 'The AI assistant that plans changes to a solution' },
];

const solutionId = idArg('solution-id', 'solution_id', 'solution');
const conversationId = idArg('conversation-id', 'conversation_id', 'AI conversation');
const columns = [
  'id',
  'name',
  'agent_count',
  'knowledge_base_count',
  'source_connection_count',
  'updated_at',
];
const detailColumns = [
  'id',
  'name',
  'description',
  'agents',
  'knowledge_bases',
  'source_connections',
  'updated_at',
];
const planColumns = [
  'success',
  'conversation_id',
  'note',
  'proposed_actions',
  'requires_delete_confirmation',
];

/** What `link`/`unlink` can attach: the command word, the API path segment, the noun. */
const linkables = [
  { word: 'agents', segment: 'agents', noun: 'agent', aliases: ['agent'] },
  { word: 'knowledge-bases', segment: 'knowledge-bases', noun: 'knowledge base', aliases: ['kb'] },
  { word: 'sources', segment: 'source-connections', noun: 'source', aliases: ['source'] },
] as const;

function linkRows(verb: 'link' | 'unlink'): CommandSpec[] {
  return linkables.map(({ word, segment, noun, aliases }) => ({
    path: ['solutions', verb, word],
    aliases: [...aliases],
    summary: verb === 'link' ? `Add ${noun}s to a solution` : `Remove ${noun}s from a solution`,
    operation: `${verb === 'link' ? 'POST' : 'DELETE'} /solutions/{solution_id}/${segment}`,
    args: [solutionId],
    options: [idsOption(noun)],
    ...(verb === 'unlink' ? { confirm: `Remove the given ${noun}s from solution {solution-id}?` } : {}),
    view: 'object',
    columns: detailColumns,
    examples: [
      {
        command: `seclai solutions ${verb} ${word} 5e7a… --id 3f1a… --id 8b0c…${verb === 'unlink' ? ' --yes' : ''}`,
      },
    ],
  }));
}

/** `solutions link|unlink <solution-id> --agents … --kb … --sources …`: the official CLI's one command for all three. */
function linkAllRow(verb: 'link' | 'unlink'): CommandSpec {
  const method = verb === 'link' ? 'POST' : 'DELETE';
  const ids = (flags: string, what: string): OptionSpec => ({
    flags,
    description: `${what} ids, comma-separated (repeatable)`,
    repeatable: true,
  });
  return {
    path: ['solutions', verb],
    summary:
      verb === 'link'
        ? 'Add agents, knowledge bases or sources to a solution'
        : 'Remove agents, knowledge bases or sources from a solution',
    description: [
      'One request per kind given, in the order agents, knowledge bases, sources; prints the solution',
      `as the last answer left it. The subcommands (\`solutions ${verb} agents <solution-id> --id …\`) do one kind.`,
    ].join('\n'),
    apiHelp: ['agents', 'knowledge-bases', 'source-connections']
      .map((segment) => `${method} /solutions/{solution_id}/${segment}`)
      .join(', '),
    args: [solutionId],
    options: [
      ids('--agents <ids>', 'agent'),
      ids('--kb <ids>', 'knowledge base'),
      ids('--sources <ids>', 'source'),
    ],
    ...(verb === 'unlink'
      ? { confirm: 'Remove the given agents, knowledge bases and sources from solution {solution-id}?' }
      : {}),
    view: 'object',
    columns: detailColumns,
    handler: async () => (await import('../commands/solutions/link.ts')).linkResources,
    examples: [
      {
        command: `seclai solutions ${verb} 5e7a… --agents 3f1a…,8b0c… --kb 2d4e… --sources 9a1b…${verb === 'unlink' ? ' --yes' : ''}`,
      },
    ],
  };
}

const planRequest: OptionSpec[] = [
  promptOption('what you want to build or change'),
  {
    flags: '--since <time>',
    description: 'use conversation history since this time (ISO 8601)',
    body: 'history_since',
  },
];

function planRow(word: string, segment: string, what: string, aliases: string[] = []): CommandSpec {
  return {
    path: ['solutions', 'ai', word],
    aliases,
    summary: `Ask the AI assistant for a ${what} plan for this solution`,
    operation: `POST /solutions/{solution_id}/ai-assistant/${segment}`,
    args: [solutionId],
    options: planRequest,
    data: true,
    view: 'object',
    columns: planColumns,
    examples: [{ command: `seclai solutions ai ${word} 5e7a… --prompt "Add a weekly digest of new docs"` }],
  };
}

export const solutionCommands: CommandSpec[] = [
  {
    path: ['solutions', 'list'],
    aliases: ['ls'],
    summary: 'List solutions',
    operation: 'GET /solutions',
    options: [
      { flags: '--search <text>', description: 'only solutions whose name matches', query: 'search' },
      ...sortOptions(),
      ...pageOptions(),
    ],
    paginate: 'page',
    view: 'list',
    columns,
    examples: [{ command: 'seclai solutions list --search support' }],
  },
  {
    path: ['solutions', 'get'],
    aliases: ['show'],
    summary: 'Show one solution with its agents, knowledge bases and sources',
    operation: 'GET /solutions/{solution_id}',
    args: [solutionId],
    view: 'object',
    columns: detailColumns,
    examples: [{ command: 'seclai solutions get 5e7a…' }],
  },
  {
    path: ['solutions', 'create'],
    summary: 'Create a solution',
    operation: 'POST /solutions',
    options: [required(nameOption('solution')), descriptionOption('solution')],
    data: true,
    view: 'object',
    columns: detailColumns,
    examples: [{ command: 'seclai solutions create --name "Customer support"' }],
  },
  {
    path: ['solutions', 'update'],
    aliases: ['edit'],
    summary: 'Rename a solution or change its description',
    operation: 'PATCH /solutions/{solution_id}',
    args: [solutionId],
    options: [nameOption('solution'), descriptionOption('solution')],
    data: 'required',
    view: 'object',
    columns: detailColumns,
    examples: [{ command: 'seclai solutions update 5e7a… --description "Tier-1 and tier-2 support"' }],
  },
  deleteRow(
    ['solutions', 'delete'],
    'solution',
    'DELETE /solutions/{solution_id}',
    [solutionId],
    'seclai solutions delete 5e7a… --yes',
  ),
  linkAllRow('link'),
  ...linkRows('link'),
  linkAllRow('unlink'),
  ...linkRows('unlink'),
  {
    path: ['solutions', 'convos', 'list'],
    aliases: ['ls'],
    summary: "List a solution's conversation turns",
    operation: 'GET /solutions/{solution_id}/conversations',
    args: [solutionId],
    view: 'list',
    columns: ['id', 'user_input', 'accepted', 'created_at'],
    examples: [{ command: 'seclai solutions convos list 5e7a…' }],
  },
  {
    path: ['solutions', 'convos', 'add'],
    summary: 'Record a conversation turn',
    operation: 'POST /solutions/{solution_id}/conversations',
    args: [solutionId],
    options: [
      {
        flags: '--prompt <text>',
        alias: '--user-input',
        description: "the user's message",
        body: 'user_input',
        required: true,
      },
      { flags: '--response <text>', description: "the assistant's answer", body: 'ai_response' },
      {
        flags: '--actions <json>',
        description: 'actions taken, as a JSON object',
        type: 'json',
        body: 'actions_taken',
      },
    ],
    data: true,
    view: 'object',
    examples: [
      { command: 'seclai solutions convos add 5e7a… --prompt "Link the docs KB" --response "Linked."' },
    ],
  },
  {
    path: ['solutions', 'convos', 'mark'],
    summary: 'Mark a conversation turn accepted (or, with --no-accepted, declined)',
    operation: 'PATCH /solutions/{solution_id}/conversations/{conversation_id}',
    args: [solutionId, conversationId],
    options: acceptedOptions('turn'),
    view: 'none',
    examples: [{ command: 'seclai solutions convos mark 5e7a… 7b2e… --no-accepted' }],
  },
  planRow('generate', 'generate', 'solution'),
  planRow('kb', 'knowledge-base', 'knowledge base', ['knowledge-base']),
  planRow('source', 'source', 'source'),
  {
    path: ['solutions', 'ai', 'accept'],
    summary: "Accept and carry out the AI assistant's plan",
    operation: 'POST /solutions/{solution_id}/ai-assistant/{conversation_id}/accept',
    args: [solutionId, conversationId],
    options: acceptPlanOptions(),
    data: true,
    view: 'object',
    columns: ['success', 'solution_id', 'executed_actions', 'error'],
    examples: [{ command: 'seclai solutions ai accept 5e7a… 7b2e…' }],
  },
  {
    path: ['solutions', 'ai', 'decline'],
    summary: "Decline the AI assistant's plan",
    operation: 'POST /solutions/{solution_id}/ai-assistant/{conversation_id}/decline',
    args: [solutionId, conversationId],
    view: 'none',
    examples: [{ command: 'seclai solutions ai decline 5e7a… 7b2e…' }],
  },
];
