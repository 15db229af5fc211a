import {
  acceptedOptions,
  dayWindowOptions,
  deleteRow,
  descriptionOption,
  idArg,
  nameOption,
  offsetOptions,
  pageOptions,
  promptOption,
  required,
  sortOptions,
} from './common.ts';
import { topLevelGroup } from './top-level.ts';
import type { CommandSpec, GroupSpec, OptionSpec } from './types.ts';

export const memoryBankGroups: GroupSpec[] = [
  topLevelGroup('memory-banks'),
  { path: ['memory-banks', 'ai'], summary: 'The AI assistant that drafts memory bank settings' },
];

const bankId = idArg('bank-id', 'memory_bank_id', 'memory bank');
const columns = ['id', 'name', 'type', 'mode', 'max_turns', 'retention_days', 'updated_at'];
const bankTypes = ['conversation', 'general'];

/** Limits that trigger compaction, and the prompt used for it; create and update share them. */
function compactionOptions(min: number): OptionSpec[] {
  const limit = (flag: string, body: string, what: string): OptionSpec => ({
    flags: `--${flag} <n>`,
    description: what,
    type: 'int',
    min,
    body,
  });
  return [
    limit('max-turns', 'max_turns', 'compact after this many turns per partition'),
    limit('max-age-days', 'max_age_days', 'compact entries older than this many days'),
    limit('max-size-tokens', 'max_size_tokens', 'compact after this many tokens per partition'),
    limit('retention-days', 'retention_days', 'keep source content this many days'),
    {
      flags: '--compaction-prompt <text>',
      description: 'prompt that summarises old entries',
      body: 'compaction_prompt',
    },
  ];
}

/** Sample entries for a compaction test: given, or generated from a direction. */
const compactionTestOptions: OptionSpec[] = [
  {
    flags: '--entries <n>',
    description: 'entries to generate from --direction (2-20)',
    type: 'int',
    min: 2,
    max: 20,
    body: 'entry_count',
  },
  {
    flags: '--direction <text>',
    description: 'what generated sample entries should be about',
    body: 'generate_direction',
  },
  {
    flags: '--sample <text>',
    description: 'an explicit sample entry (repeat, up to 20)',
    body: 'sample_entries',
    repeatable: true,
  },
];

const testColumns = ['compaction_summary', 'surviving_entries', 'evaluation'];

export const memoryBankCommands: CommandSpec[] = [
  {
    path: ['memory-banks', 'list'],
    aliases: ['ls'],
    summary: 'List memory banks',
    operation: 'GET /memory_banks',
    options: [
      {
        flags: '--type <type>',
        description: 'only banks of this type',
        type: 'enum',
        choices: bankTypes,
        query: 'type',
      },
      ...sortOptions(),
      ...pageOptions(),
    ],
    paginate: 'page',
    view: 'list',
    columns,
    examples: [{ command: 'seclai memory list --type conversation' }],
  },
  {
    path: ['memory-banks', 'get'],
    aliases: ['show'],
    summary: 'Show one memory bank',
    operation: 'GET /memory_banks/{memory_bank_id}',
    args: [bankId],
    view: 'object',
    columns,
    examples: [{ command: 'seclai memory get 2d4e…' }],
  },
  {
    path: ['memory-banks', 'create'],
    summary: 'Create a memory bank',
    operation: 'POST /memory_banks',
    options: [
      required(nameOption('memory bank')),
      descriptionOption('memory bank'),
      {
        flags: '--type <type>',
        description: 'conversation (turns with speakers, default) or general (flat entries)',
        type: 'enum',
        choices: bankTypes,
        body: 'type',
      },
      {
        flags: '--mode <mode>',
        description: 'embedding quality/cost trade-off',
        type: 'enum',
        choices: ['fast_and_cheap', 'balanced', 'slow_and_thorough', 'custom'],
        body: 'mode',
      },
      {
        flags: '--embedding-model <model>',
        description: 'embedding model (custom mode)',
        body: 'embedding_model',
      },
      {
        flags: '--dimensions <n>',
        description: 'embedding dimensions (custom mode)',
        type: 'int',
        min: 1,
        body: 'dimensions',
      },
      {
        flags: '--chunk-size <n>',
        description: 'chunk size (custom mode)',
        type: 'int',
        min: 1,
        body: 'chunk_size',
      },
      {
        flags: '--chunk-overlap <n>',
        description: 'chunk overlap (custom mode)',
        type: 'int',
        min: 0,
        body: 'chunk_overlap',
      },
      ...compactionOptions(1),
    ],
    data: true,
    view: 'object',
    columns,
    examples: [
      { command: 'seclai memory create --name "Customer chats" --type conversation --max-turns 50' },
    ],
  },
  {
    path: ['memory-banks', 'update'],
    aliases: ['edit'],
    summary: "Change a memory bank's name, limits or compaction prompt",
    operation: 'PUT /memory_banks/{memory_bank_id}',
    args: [bankId],
    options: [nameOption('memory bank'), descriptionOption('memory bank'), ...compactionOptions(0)],
    data: 'required',
    view: 'object',
    columns,
    examples: [{ command: 'seclai memory update 2d4e… --max-age-days 90' }],
  },
  deleteRow(
    ['memory-banks', 'delete'],
    'memory bank',
    'DELETE /memory_banks/{memory_bank_id}',
    [bankId],
    'seclai memory delete 2d4e… --yes',
  ),
  {
    path: ['memory-banks', 'stats'],
    summary: "Count a memory bank's entries over time",
    operation: 'GET /memory_banks/{memory_bank_id}/stats',
    args: [bankId],
    options: dayWindowOptions(),
    view: 'object',
    examples: [{ command: 'seclai memory stats 2d4e… --days 7' }],
  },
  {
    path: ['memory-banks', 'agents'],
    summary: 'List the agents that use a memory bank',
    operation: 'GET /memory_banks/{memory_bank_id}/agents',
    args: [bankId],
    view: 'list',
    columns: ['id', 'name'],
    examples: [{ command: 'seclai memory agents 2d4e…' }],
  },
  {
    path: ['memory-banks', 'compact'],
    summary: 'Compact a memory bank now: old entries are summarised, then removed',
    operation: 'POST /memory_banks/{memory_bank_id}/compact',
    args: [bankId],
    confirm: 'Compact memory bank {bank-id}? Compacted entries are replaced by a summary.',
    view: 'object',
    examples: [{ command: 'seclai memory compact 2d4e… --yes' }],
  },
  {
    path: ['memory-banks', 'delete-source'],
    summary: "Delete a memory bank's content source (its stored entries)",
    operation: 'DELETE /memory_banks/{memory_bank_id}/source',
    args: [bankId],
    confirm: 'Delete the stored entries of memory bank {bank-id}?',
    view: 'none',
    examples: [{ command: 'seclai memory delete-source 2d4e… --yes' }],
  },
  {
    path: ['memory-banks', 'templates'],
    summary: 'List memory bank templates',
    operation: 'GET /memory_banks/templates',
    view: 'list',
    examples: [{ command: 'seclai memory templates --json' }],
  },
  {
    path: ['memory-banks', 'test-compaction'],
    summary: "Try a compaction prompt on a bank's settings without changing anything",
    operation: 'POST /memory_banks/{memory_bank_id}/test-compaction',
    args: [bankId],
    options: [
      {
        flags: '--compaction-prompt <text>',
        description: "prompt to try (default: the bank's)",
        body: 'compaction_prompt',
      },
      ...compactionTestOptions,
    ],
    data: true,
    view: 'object',
    columns: testColumns,
    examples: [{ command: 'seclai memory test-compaction 2d4e… --direction "support chats about refunds"' }],
  },
  {
    path: ['memory-banks', 'test-compaction-standalone'],
    summary: 'Try a compaction prompt without a memory bank',
    operation: 'POST /memory_banks/test-compaction',
    options: [
      {
        flags: '--compaction-prompt <text>',
        description: 'prompt to try',
        body: 'compaction_prompt',
        required: true,
      },
      {
        flags: '--bank-type <type>',
        description: 'style of generated entries',
        type: 'enum',
        choices: bankTypes,
        body: 'bank_type',
      },
      ...compactionTestOptions,
    ],
    data: true,
    view: 'object',
    columns: testColumns,
    examples: [
      {
        command:
          'seclai memory test-compaction-standalone --compaction-prompt "Keep names and decisions" --sample "Ann: ship Friday" --sample "Bo: agreed"',
      },
    ],
  },
  {
    path: ['memory-banks', 'ai', 'generate'],
    summary: 'Ask the AI assistant to draft memory bank settings',
    operation: 'POST /memory_banks/ai-assistant',
    options: [
      promptOption('what the memory bank is for'),
      {
        flags: '--current-config <json>',
        description: 'settings to refine',
        type: 'json',
        body: 'current_config',
      },
      {
        flags: '--since <time>',
        description: 'use conversation history since this time (ISO 8601)',
        body: 'history_since',
      },
    ],
    data: true,
    view: 'object',
    columns: ['success', 'conversation_id', 'note', 'config'],
    examples: [
      { command: 'seclai memory ai generate --prompt "Remember each customer\'s plan and open issues"' },
    ],
  },
  {
    path: ['memory-banks', 'ai', 'last'],
    aliases: ['history'],
    summary: "Show the AI assistant's latest memory bank conversation",
    operation: 'GET /memory_banks/ai-assistant/last-conversation',
    options: offsetOptions(50),
    view: 'object',
    columns: ['user_input', 'ai_note', 'accepted', 'total'],
    examples: [{ command: 'seclai memory ai last' }],
  },
  {
    path: ['memory-banks', 'ai', 'accept'],
    aliases: ['mark'],
    summary: 'Accept (or, with --no-accepted, decline) a memory bank suggestion',
    operation: 'PATCH /memory_banks/ai-assistant/{conversation_id}',
    args: [idArg('conversation-id', 'conversation_id', 'AI conversation')],
    options: acceptedOptions(),
    view: 'object',
    examples: [{ command: 'seclai memory ai accept 7b2e…' }],
  },
];
