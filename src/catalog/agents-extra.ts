import {
  acceptedOptions,
  descriptionOption,
  idArg,
  offsetOptions,
  pageOptions,
  toggleOptions,
} from './common.ts';
import type { CommandSpec, GroupSpec } from './types.ts';

/** Agent verbs beyond CRUD: pause/resume, definitions, export/import, the AI assistant, triggers. */
export const agentExtraGroups: GroupSpec[] = [
  {
    path: ['agents', 'def'],
    noun: 'agent definition',
    aliases: ['definition'],
    summary: "An agent's definition: its steps and settings",
  },
  { path: ['agents', 'ai'], summary: 'The AI assistant that drafts agent steps and step settings' },
  { path: ['agents', 'triggers'], aliases: ['trigger'], summary: 'Triggers that start agent runs' },
];

const agentId = idArg('agent-id', 'agent_id', 'agent');
const conversationId = idArg('conversation-id', 'conversation_id', 'AI conversation');
const summaryColumns = ['id', 'name', 'trigger_type', 'disabled', 'disabled_reason', 'updated_at'];

export const agentExtraCommands: CommandSpec[] = [
  {
    path: ['agents', 'disable'],
    aliases: ['pause'],
    summary: 'Pause an agent: no new runs start until it is enabled again',
    description: 'Fails with 409 when enabled agents still call this one.',
    operation: 'POST /agents/{agent_id}/disable',
    args: [agentId],
    view: 'object',
    columns: summaryColumns,
    examples: [{ command: 'seclai agents disable 3f1a6c2e-…' }],
  },
  {
    path: ['agents', 'enable'],
    aliases: ['resume'],
    summary: 'Resume a paused agent',
    operation: 'POST /agents/{agent_id}/enable',
    args: [agentId],
    view: 'object',
    columns: summaryColumns,
    examples: [{ command: 'seclai agents enable 3f1a6c2e-…' }],
  },
  {
    path: ['agents', 'callers'],
    summary: 'List the agents that call this agent',
    operation: 'GET /agents/{agent_id}/callers',
    args: [agentId],
    view: 'list',
    columns: ['id', 'name', 'disabled'],
    examples: [{ command: 'seclai agents callers 3f1a6c2e-…' }],
  },
  {
    path: ['agents', 'def', 'get'],
    aliases: ['show'],
    summary: "Show an agent's definition and its change id",
    operation: 'GET /agents/{agent_id}/definition',
    args: [agentId],
    view: 'object',
    columns: ['change_id', 'schema_version', 'warnings', 'definition'],
    examples: [{ command: 'seclai agents def get 3f1a6c2e-… --json > definition.json' }],
  },
  {
    path: ['agents', 'def', 'update'],
    aliases: ['edit'],
    summary: "Replace an agent's definition",
    description:
      'The body is {"definition": {...}, "expected_change_id": "..."}; the change id comes from `agents def get` and guards against overwriting someone else\'s edit (409 when it is stale).',
    operation: 'PUT /agents/{agent_id}/definition',
    args: [agentId],
    options: [
      {
        flags: '--change-id <id>',
        description: 'the change id the edit starts from (from `agents def get`)',
        body: 'expected_change_id',
        required: true,
      },
    ],
    data: 'required',
    requiredBody: ['definition'],
    view: 'object',
    columns: ['change_id', 'schema_version', 'warnings'],
    examples: [
      {
        command:
          "seclai agents def get 3f1a… --json | jq '{definition, expected_change_id: .change_id}' > body.json && seclai agents def update 3f1a… --data @body.json",
        description: 'edit body.json between the two commands',
      },
    ],
  },
  {
    path: ['agents', 'export'],
    summary: "Export an agent's definition with its dependencies, for import elsewhere",
    operation: 'GET /agents/{agent_id}/export',
    args: [agentId],
    options: toggleOptions(
      'download',
      { query: 'download' },
      'ask for the export as a file download (the API default)',
      'ask for it as a plain JSON answer',
    ),
    description:
      'Prints the export as JSON, the document `agents import` reads, unless --output names another format.',
    view: 'document',
    columns: ['export_version', 'exported_at', 'software_version', 'agent'],
    examples: [
      {
        command:
          'seclai agents export 3f1a6c2e-… > agent-export.json && seclai agents import agent-export.json',
        description: 'a copy of the agent, in this account or (with --profile) another',
      },
    ],
  },
  {
    path: ['agents', 'preview-import'],
    summary:
      'Check an exported agent definition before importing it: steps, dependencies, unresolved references',
    description:
      'The body is {"agent_definition": {...}}; create the agent afterwards with `agents create --data`.',
    operation: 'POST /agents/preview-import',
    data: 'required',
    requiredBody: ['agent_definition'],
    view: 'object',
    columns: ['ok', 'agent_name', 'step_count', 'unresolved_refs', 'payload_export_version'],
    examples: [
      {
        command: "jq '{agent_definition: .}' agent-export.json | seclai agents preview-import --data -",
      },
    ],
  },
  {
    path: ['agents', 'import'],
    summary: 'Create an agent from an export (e.g. from another account), remapping what it refers to',
    description:
      'Previews the import, then maps each knowledge base, memory bank, source or sub-agent the target ' +
      'account lacks: from --remap / --remap-file, else (on a terminal) by asking which of the ' +
      "server's suggestions to use. Without a terminal, an unmapped reference is exit 2 with the list. " +
      '--dry-run stops after the preview and prints the plan: here it sends the preview (a read-only ' +
      'request) instead of printing requests as curl, wherever it stands on the command line.',
    apiHelp: 'POST /agents/preview-import, then POST /agents with agent_definition and entity_remap',
    args: [{ name: 'file', description: 'the export (`agents export <id> --json` output), or - for stdin' }],
    options: [
      {
        flags: '--remap <old-id=new-id>',
        description: 'use new-id wherever the export refers to old-id (repeatable)',
        type: 'keyvalue',
        repeatable: true,
      },
      { flags: '--remap-file <path>', description: 'a JSON object of old id → new id' },
      { flags: '--name <name>', description: "the new agent's name (default: the exported name)" },
      { flags: '--dry-run', description: 'preview and print the plan; create nothing', type: 'boolean' },
    ],
    view: 'object',
    handler: async () => (await import('../commands/agents/import.ts')).importAgent,
    examples: [
      { command: 'seclai agents export 3f1a… --json > support.json' },
      {
        command: 'seclai --profile prod agents import support.json --remap 9b2c…=4d7e…',
        description: 'in another account, pointing the knowledge base reference at its own',
      },
      { command: 'seclai agents import support.json --dry-run' },
    ],
  },
  {
    path: ['agents', 'ai', 'gen-steps'],
    aliases: ['generate-steps'],
    summary: "Ask the AI assistant to draft (or refine) an agent's workflow steps",
    operation: 'POST /agents/{agent_id}/ai-assistant/generate-steps',
    args: [agentId],
    options: [
      {
        flags: '--prompt <text>',
        alias: '--user-input',
        description: 'what the workflow should do',
        body: 'user_input',
        required: true,
      },
      {
        flags: '--mode <mode>',
        description: 'generate_full drafts from scratch, modify_workflow refines the steps in --data',
        type: 'enum',
        choices: ['generate_full', 'modify_workflow'],
        body: 'mode',
      },
      { flags: '--trigger <type>', description: 'trigger type, for context', body: 'trigger_type' },
      { ...descriptionOption('agent'), body: 'agent_description' },
    ],
    data: true,
    view: 'object',
    columns: ['success', 'conversation_id', 'note', 'steps'],
    examples: [
      {
        command:
          'seclai agents ai gen-steps 3f1a… --prompt "Summarise each new support ticket and tag its urgency"',
      },
    ],
  },
  {
    path: ['agents', 'ai', 'step-config'],
    summary: "Ask the AI assistant to draft one step's configuration",
    operation: 'POST /agents/{agent_id}/ai-assistant/step-config',
    args: [agentId],
    options: [
      {
        flags: '--step-type <type>',
        description: 'step type, e.g. prompt_call, retrieval, gate, regex_replace',
        body: 'step_type',
        required: true,
      },
      {
        flags: '--prompt <text>',
        alias: '--user-input',
        description: 'what the step should do',
        body: 'user_input',
        required: true,
      },
      { flags: '--step-id <id>', description: 'refine this existing step', body: 'step_id' },
      {
        flags: '--current-config <json>',
        description: 'the configuration to refine',
        type: 'json',
        body: 'current_config',
      },
    ],
    data: true,
    view: 'object',
    columns: ['success', 'conversation_id', 'step_type', 'note', 'resulting_config'],
    examples: [
      {
        command:
          'seclai agents ai step-config 3f1a… --step-type prompt_call --prompt "Classify the ticket as bug, billing or other"',
      },
    ],
  },
  {
    path: ['agents', 'ai', 'history'],
    summary: "Show the AI assistant's past suggestions for a step type",
    operation: 'GET /agents/{agent_id}/ai-assistant/conversations',
    args: [agentId],
    options: [
      {
        flags: '--step-type <type>',
        description: 'step type to look up',
        query: 'step_type',
        required: true,
      },
      { flags: '--step-id <id>', description: 'only this step', query: 'step_id' },
      ...offsetOptions(50),
    ],
    paginate: 'offset',
    view: 'list',
    columns: ['conversation_id', 'step_id', 'user_input', 'accepted'],
    examples: [{ command: 'seclai agents ai history 3f1a… --step-type prompt_call' }],
  },
  {
    path: ['agents', 'ai', 'mark'],
    summary: 'Record whether you accepted or declined an AI suggestion',
    operation: 'PATCH /agents/{agent_id}/ai-assistant/{conversation_id}',
    args: [agentId, conversationId],
    options: acceptedOptions(),
    view: 'object',
    examples: [
      { command: 'seclai agents ai mark 3f1a… 7b2e…', description: 'accepted' },
      { command: 'seclai agents ai mark 3f1a… 7b2e… --no-accepted', description: 'declined' },
    ],
  },
  {
    path: ['agents', 'triggers', 'email-config'],
    summary: 'Configure an email-received trigger: alias, allowed senders, filters',
    operation: 'PUT /agents/{agent_id}/triggers/{trigger_id}/email-config',
    args: [agentId, idArg('trigger-id', 'trigger_id', 'trigger')],
    options: [
      { flags: '--alias <alias>', description: 'the address alias (up to 32 characters)', body: 'alias' },
      {
        flags: '--allowed-sender <address>',
        description: 'accept mail only from this address or domain (repeatable)',
        body: 'allowed_senders',
        repeatable: true,
      },
      ...toggleOptions(
        'ignore-auto-generated',
        { body: 'ignore_auto_generated' },
        'ignore auto-replies and bulk mail',
        'run on auto-generated mail too',
      ),
      ...toggleOptions(
        'queue-on-quota',
        { body: 'queue_on_quota' },
        'queue mail when the run quota is reached',
        'drop mail when the run quota is reached',
      ),
      ...toggleOptions(
        'require-sender-auth',
        { body: 'require_sender_auth' },
        'require SPF/DKIM-authenticated senders',
        'accept unauthenticated senders',
      ),
    ],
    data: 'required',
    view: 'object',
    columns: ['trigger_id', 'email_addresses', 'email_alias', 'email_allowed_senders'],
    examples: [
      {
        command:
          'seclai agents triggers email-config 3f1a… 9d0c… --alias support --allowed-sender example.com --require-sender-auth',
      },
    ],
  },
  {
    path: ['agents', 'runs', 'eval-results'],
    summary: "List one run's evaluation results",
    operation: 'GET /agents/{agent_id}/runs/{run_id}/evaluation-results',
    args: [agentId, idArg('run-id', 'run_id', 'run')],
    options: pageOptions(),
    paginate: 'page',
    view: 'list',
    columns: ['id', 'step_id', 'status', 'score', 'flagged', 'evaluated_at'],
    examples: [{ command: 'seclai agents runs eval-results 3f1a… 5c8d…' }],
  },
];
