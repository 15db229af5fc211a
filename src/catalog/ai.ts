import { acceptedOptions, acceptPlanOptions, idArg, offsetOptions, promptOption } from './common.ts';
import { topLevelGroup } from './top-level.ts';
import type { CommandSpec, GroupSpec, OptionSpec } from './types.ts';

/** The standalone AI assistant: plans not tied to one solution or agent. */
export const aiGroups: GroupSpec[] = [topLevelGroup('ai')];

const conversationId = idArg('conversation-id', 'conversation_id', 'AI conversation');
const planColumns = [
  'success',
  'conversation_id',
  'note',
  'proposed_actions',
  'requires_delete_confirmation',
];
const since: OptionSpec = {
  flags: '--since <time>',
  description: 'use conversation history since this time (ISO 8601)',
  body: 'history_since',
};

function planRow(word: string, segment: string, what: string, aliases: string[] = []): CommandSpec {
  return {
    path: ['ai', word],
    aliases,
    summary: `Ask the AI assistant for a ${what} plan`,
    operation: `POST /ai-assistant/${segment}`,
    options: [promptOption(`the ${what} you need`), since],
    data: true,
    view: 'object',
    columns: planColumns,
    examples: [{ command: `seclai ai ${word} --prompt "…" ` }],
  };
}

export const aiCommands: CommandSpec[] = [
  {
    ...planRow('kb', 'knowledge-base', 'knowledge base', ['knowledge-base']),
    examples: [{ command: 'seclai ai kb --prompt "A knowledge base over our product docs and changelog"' }],
  },
  {
    ...planRow('source', 'source', 'source'),
    examples: [{ command: 'seclai ai source --prompt "Follow the Node.js release blog"' }],
  },
  {
    ...planRow('solution', 'solution', 'solution'),
    examples: [{ command: 'seclai ai solution --prompt "Triage support email and draft replies"' }],
  },
  {
    path: ['ai', 'memory'],
    aliases: ['memory-bank'],
    summary: 'Ask the AI assistant to draft memory bank settings',
    operation: 'POST /ai-assistant/memory-bank',
    options: [
      promptOption('what the memory bank is for'),
      {
        flags: '--current-config <json>',
        description: 'settings to refine',
        type: 'json',
        body: 'current_config',
      },
      since,
    ],
    data: true,
    view: 'object',
    columns: ['success', 'conversation_id', 'note', 'config'],
    examples: [{ command: 'seclai ai memory --prompt "Remember each user\'s preferred language"' }],
  },
  {
    path: ['ai', 'memory-history'],
    summary: "Show the AI assistant's latest memory bank conversation",
    operation: 'GET /ai-assistant/memory-bank/last-conversation',
    options: offsetOptions(50),
    view: 'object',
    columns: ['user_input', 'ai_note', 'accepted', 'total'],
    examples: [{ command: 'seclai ai memory-history' }],
  },
  {
    path: ['ai', 'memory-accept'],
    summary: 'Accept (or, with --no-accepted, decline) a memory bank suggestion',
    operation: 'PATCH /ai-assistant/memory-bank/{conversation_id}',
    args: [conversationId],
    options: acceptedOptions(),
    view: 'object',
    examples: [{ command: 'seclai ai memory-accept 7b2e…' }],
  },
  {
    path: ['ai', 'accept'],
    summary: 'Accept a plan and carry it out',
    operation: 'POST /ai-assistant/{conversation_id}/accept',
    args: [conversationId],
    options: acceptPlanOptions(),
    data: true,
    view: 'object',
    columns: ['success', 'solution_id', 'executed_actions', 'error'],
    examples: [{ command: 'seclai ai accept 7b2e… --solution-name "Support triage"' }],
  },
  {
    path: ['ai', 'decline'],
    summary: 'Decline a plan',
    operation: 'POST /ai-assistant/{conversation_id}/decline',
    args: [conversationId],
    view: 'none',
    examples: [{ command: 'seclai ai decline 7b2e…' }],
  },
  {
    path: ['ai', 'feedback'],
    summary: "Rate an AI assistant's answer",
    operation: 'POST /ai-assistant/feedback',
    options: [
      {
        flags: '--feature <name>',
        description: 'which assistant, e.g. source or solution',
        body: 'feature',
        required: true,
      },
      {
        flags: '--rating <rating>',
        description: 'thumbs_up or thumbs_down',
        type: 'enum',
        choices: ['thumbs_up', 'thumbs_down'],
        body: 'rating',
        required: true,
      },
      { flags: '--comment <text>', description: 'what was good or bad', body: 'comment' },
      { flags: '--conversation <uuid>', description: 'the conversation rated', body: 'conversation_id' },
      {
        flags: '--agent-conversation <uuid>',
        description: 'the agent conversation rated',
        body: 'agent_conversation_id',
      },
      { flags: '--prompt-call <uuid>', description: 'the prompt call rated', body: 'prompt_call_id' },
      {
        flags: '--context <json>',
        description: 'extra context as a JSON object',
        type: 'json',
        body: 'context',
      },
    ],
    data: true,
    view: 'object',
    examples: [{ command: 'seclai ai feedback --feature source --rating thumbs_up --conversation 7b2e…' }],
  },
];
