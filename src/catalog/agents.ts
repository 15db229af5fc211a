import { descriptionOption, idArg, nameOption, pageOptions, required } from './common.ts';
import { topLevelGroup } from './top-level.ts';
import type { CommandSpec, GroupSpec } from './types.ts';

export const agentGroups: GroupSpec[] = [topLevelGroup('agents')];

const agentId = idArg('agent-id', 'agent_id', 'agent');
const columns = ['id', 'name', 'trigger_type', 'disabled', 'updated_at'];

export const agentCommands: CommandSpec[] = [
  {
    path: ['agents', 'list'],
    aliases: ['ls'],
    summary: 'List agents',
    operation: 'GET /agents',
    options: pageOptions(),
    paginate: 'page',
    view: 'list',
    columns,
    examples: [
      { command: 'seclai agents list', description: 'the first page, as a table' },
      { command: 'seclai agents list --all --json | jq -r ".[].id"', description: 'every agent id' },
    ],
  },
  {
    path: ['agents', 'get'],
    aliases: ['show'],
    summary: 'Show one agent',
    operation: 'GET /agents/{agent_id}',
    args: [agentId],
    view: 'object',
    columns,
    examples: [{ command: 'seclai agents get 3f1a6c2e-…' }],
  },
  {
    path: ['agents', 'create'],
    summary: 'Create an agent',
    operation: 'POST /agents',
    options: [
      required(nameOption('agent')),
      descriptionOption('agent'),
      {
        flags: '--template <template>',
        description: 'start from a template',
        body: 'agent_template',
        type: 'enum',
        choices: [
          'blank',
          'retrieval_example',
          'simple_qa',
          'summarizer',
          'json_extractor',
          'content_change_notifier',
          'scheduled_report',
          'webhook_pipeline',
        ],
      },
      {
        flags: '--trigger <type>',
        description: 'how runs start',
        body: 'trigger_type',
        type: 'enum',
        choices: ['dynamic_input', 'template_input', 'schedule', 'new_content', 'email_received'],
      },
    ],
    data: true,
    view: 'object',
    columns,
    examples: [
      { command: 'seclai agents create --name "Support triage" --template simple_qa' },
      { command: 'seclai agents create --data @agent.json', description: 'import an exported definition' },
    ],
  },
  {
    path: ['agents', 'update'],
    aliases: ['edit'],
    summary: "Update an agent's name, description or settings",
    operation: 'PUT /agents/{agent_id}',
    args: [agentId],
    options: [nameOption('agent'), descriptionOption('agent')],
    data: 'required',
    view: 'object',
    columns,
    examples: [{ command: 'seclai agents update 3f1a… --description "Answers tier-1 tickets"' }],
  },
  {
    path: ['agents', 'delete'],
    aliases: ['rm'],
    summary: 'Delete an agent',
    operation: 'DELETE /agents/{agent_id}',
    args: [agentId],
    confirm: 'Delete agent {agent-id}?',
    view: 'none',
    examples: [{ command: 'seclai agents delete 3f1a… --yes' }],
  },
];
