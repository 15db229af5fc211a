import { idArg, promptOption } from './common.ts';
import { topLevelGroup } from './top-level.ts';
import type { CommandSpec, GroupSpec } from './types.ts';

export const governanceGroups: GroupSpec[] = [
  topLevelGroup('governance'),
  { path: ['governance', 'ai'], summary: 'The AI assistant that drafts governance policies' },
];

const conversationId = idArg('conversation-id', 'conversation_id', 'AI conversation');

export const governanceCommands: CommandSpec[] = [
  {
    path: ['governance', 'ai', 'generate'],
    summary: 'Ask the AI assistant for a governance plan',
    operation: 'POST /governance/ai-assistant',
    options: [promptOption('the policy you want, in plain words')],
    data: true,
    view: 'object',
    columns: ['success', 'conversation_id', 'note', 'proposed_actions'],
    examples: [
      { command: 'seclai governance ai generate --prompt "Block outputs that contain credit card numbers"' },
    ],
  },
  {
    path: ['governance', 'ai', 'list'],
    aliases: ['ls', 'history'],
    summary: "List the AI assistant's governance conversations",
    operation: 'GET /governance/ai-assistant/conversations',
    options: [
      {
        flags: '--limit <n>',
        description: 'how many (1-100)',
        type: 'int',
        min: 1,
        max: 100,
        query: 'limit',
      },
    ],
    view: 'list',
    columns: ['id', 'user_input', 'accepted', 'created_at'],
    examples: [{ command: 'seclai governance ai list --limit 5' }],
  },
  {
    path: ['governance', 'ai', 'accept'],
    summary: 'Accept a governance plan and apply its actions',
    operation: 'POST /governance/ai-assistant/{conversation_id}/accept',
    args: [conversationId],
    view: 'object',
    columns: ['success', 'actions_applied', 'error'],
    examples: [{ command: 'seclai governance ai accept 7b2e…' }],
  },
  {
    path: ['governance', 'ai', 'decline'],
    summary: 'Decline a governance plan',
    operation: 'POST /governance/ai-assistant/{conversation_id}/decline',
    args: [conversationId],
    view: 'none',
    examples: [{ command: 'seclai governance ai decline 7b2e…' }],
  },
];
