// A small, realistic account for `npm run sim` and tests: every list command finds something to show.
import { isoMinutesAgo } from './clock.ts';
import { resources } from './resource-families.ts';
import type { Fields } from './resources.ts';
import { makeRejection, seedCloudDrive } from './routes/cloud-drives.ts';
import { seedExportFile } from './routes/exports.ts';
import { migrations, startMigration } from './routes/resources.ts';
import { seedContent } from './routes/uploads.ts';
import type { SimState } from './state.ts';

export interface DemoAccount {
  agentIds: string[];
  sourceIds: string[];
  contentIds: string[];
  knowledgeBaseIds: string[];
  memoryBankId: string;
  solutionId: string;
  criteriaIds: string[];
  alertId: string;
  modelIds: string[];
  exportId: string;
  experimentId: string;
  emailDomainId: string;
  optOutId: string;
  conversationId: string;
  blockedSenderId: string;
  cloudDriveId: string;
}

const SOURCES = [
  {
    name: 'Product docs',
    source_type: 'website',
    url: 'https://docs.example.com/',
    contents: [
      [
        'getting-started.md',
        '# Getting started\n\nInstall the app, sign in, and create your first project.\n',
      ],
      [
        'billing-faq.md',
        '# Billing FAQ\n\nInvoices are issued on the 1st of each month in your account currency.\n',
      ],
    ],
  },
  {
    name: 'Support tickets',
    source_type: 'file_upload',
    url: null,
    contents: [['ticket-4821.txt', 'Customer cannot reset password; reset email lands in spam.\n']],
  },
  {
    name: 'Engineering blog',
    source_type: 'rss',
    url: 'https://blog.example.com/feed.xml',
    contents: [['post-ingestion-v2.html', '<h1>Ingestion v2</h1><p>Faster pulls, smaller chunks.</p>\n']],
  },
] as const;

const MODELS = [
  ['anthropic', 'anthropic.claude-3-5-haiku', 'Claude 3.5 Haiku', 200_000],
  ['anthropic', 'anthropic.claude-sonnet-4', 'Claude Sonnet 4', 200_000],
  ['openai', 'openai.gpt-4o-mini', 'GPT-4o mini', 128_000],
] as const;

/** Seeds agents, sources with contents, knowledge bases over them, a memory bank, a solution, models and alerts. */
export function seedDemoAccount(state: SimState, accountId = state.personalAccountId): DemoAccount {
  const add = (family: string, fields: Fields, minutesAgo: number) => {
    const at = isoMinutesAgo(minutesAgo);
    return resources.add(state, family, { created_at: at, updated_at: at, ...fields }, accountId);
  };
  // Families another seed (main.ts's demo agents) may have filled already are only topped up when empty.
  const existing = state.owned(state.agents, accountId);
  const agents = existing.length > 0 ? existing : state.seedAgents(3, { accountId });
  const [triage] = agents;
  const ownCriteria = state.owned(state.evaluationCriteria, accountId);
  const criteria = ownCriteria.length > 0 ? ownCriteria : state.seedEvaluationCriteria(triage.id, 2);
  if (state.owned(state.alertConfigs, accountId).length === 0)
    state.seedAlertConfigs(2, { accountId, agentId: triage.id });
  if (state.owned(state.modelAlerts, accountId).length === 0)
    state.seedModelAlerts(2, { accountId, agentId: triage.id });

  const sources: Fields[] = [];
  const contentIds: string[] = [];
  SOURCES.forEach((spec, index) => {
    const { contents, ...fields } = spec;
    const source = add(
      'sources',
      {
        ...fields,
        account_id: accountId,
        polling: 'daily',
        content_filter: 'all',
        pulled_at: isoMinutesAgo(40 + index * 10),
        next_poll_at: isoMinutesAgo(-1400 + index * 10),
      },
      900 - index * 60,
    );
    sources.push(source);
    for (const [filename, text] of contents) {
      const contentType = filename.endsWith('.html')
        ? 'text/html'
        : filename.endsWith('.md')
          ? 'text/markdown'
          : 'text/plain';
      const content = seedContent(
        state,
        { sourceId: String(source.id), filename, contentType, title: filename, bytes: Buffer.from(text) },
        accountId,
      );
      contentIds.push(content.id);
    }
  });
  const sourceIds = sources.map((source) => String(source.id));
  migrations({ state }).set(
    sourceIds[0],
    startMigration(sourceIds[0], {
      target_embedding_model: 'text-embedding-3-large',
      target_dimensions: 3072,
    }),
  );

  const knowledgeBases = [
    add(
      'knowledgeBases',
      {
        name: 'Support answers',
        description: 'Docs and past tickets',
        source_ids: sourceIds.slice(0, 2),
        readonly: false,
        default_top_k: 8,
        default_top_n: 4,
        default_score_threshold: 0.3,
        reranker_model: 'cohere.rerank-v3-5',
      },
      700,
    ),
    add(
      'knowledgeBases',
      {
        name: 'Release notes',
        description: 'What shipped, from the blog',
        source_ids: [sourceIds[2]],
        readonly: false,
        default_top_k: 5,
        default_top_n: 3,
        default_score_threshold: null,
        reranker_model: null,
      },
      650,
    ),
  ];
  const memoryBank = add(
    'memoryBanks',
    {
      name: 'Support conversations',
      description: 'Chat history per customer',
      type: 'conversation',
      mode: 'full_history',
      max_turns: 50,
    },
    600,
  );
  const solution = add(
    'solutions',
    {
      name: 'Customer support',
      description: 'Triage agent with the support knowledge base',
      agent_ids: [triage.id],
      knowledge_base_ids: [String(knowledgeBases[0].id)],
      source_ids: sourceIds.slice(0, 2),
    },
    550,
  );
  const alert = add(
    'alerts',
    {
      account_id: accountId,
      alert_config_id: null,
      alert_type: 'run_failed',
      title: `${triage.name} failed 3 runs in the last hour`,
      description: 'The model timed out while retrieving from Support answers.',
      status: 'open',
      agent_id: triage.id,
      agent_run_id: null,
      source_connection_id: null,
      source_connection_pull_id: null,
      mcp_client_id: null,
      subscriber_count: 0,
      comment_count: 0,
      is_subscribed: false,
    },
    45,
  );
  const models = MODELS.map(([provider, id, name, context], index) =>
    add(
      'models',
      {
        id,
        model_id: id,
        name,
        provider,
        description: `${name} by ${provider}`,
        enabled: true,
        default: index === 0,
        max_context_tokens: context,
        max_output_tokens: 8192,
        max_conversation_length: 100,
      },
      5000 + index,
    ),
  );
  const exported = add(
    'exports',
    {
      source_connection_id: sourceIds[0],
      account_id: accountId,
      format: 'jsonl',
      destination: 'download',
      status: 'completed',
      item_count: 2,
    },
    120,
  );
  const experiment = add(
    'experiments',
    {
      status: 'completed',
      prompt: 'Summarize this ticket in one line.',
      system_prompt: '',
      selected_model_ids: models.slice(0, 2).map((model) => model.id),
      evaluation_mode: 'manual',
      evaluation_complexity: 'simple',
    },
    300,
  );
  seedExportFile(state, String(exported.id), {
    sourceId: sourceIds[0],
    accountId,
    bytes: Buffer.from(
      `${contentIds
        .slice(0, 2)
        .map((id) => JSON.stringify({ content_version_id: id }))
        .join('\n')}\n`,
    ),
  });
  const domain = add(
    'emailDomains',
    { domain: 'mail.example.com', kind: 'custom', status: 'verified', is_primary: true, verified: true },
    4000,
  );
  const optOut = add(
    'emailOptOuts',
    {
      recipient_email: 'jordan@customer.example',
      agent_id: triage.id,
      agent_name: triage.name,
      reason: 'unsubscribe_link',
      comment: null,
    },
    180,
  );
  const conversation = add(
    'solutionConversations',
    {
      solution_id: solution.id,
      user_input: 'Which sources should support use?',
      ai_response: 'Link Product docs and Support tickets.',
      actions_taken: null,
      accepted: true,
    },
    500,
  );
  const blocked = add(
    'blockedSenders',
    {
      sender_email: 'spam@bulk-mailer.example',
      match_type: 'address',
      source: 'manual',
      note: 'Newsletter loop',
    },
    200,
  );

  const drive = seedCloudDrive(
    state,
    {
      name: 'Team drive',
      folder_path: '/Shared/Docs',
      rejections: [makeRejection('/Shared/Docs/scan.bin', 'unsupported file type', 30)],
    },
    accountId,
  );

  return {
    cloudDriveId: drive.drive.id,
    agentIds: agents.map((agent) => agent.id),
    sourceIds,
    contentIds,
    knowledgeBaseIds: knowledgeBases.map((kb) => String(kb.id)),
    memoryBankId: String(memoryBank.id),
    solutionId: String(solution.id),
    criteriaIds: criteria.map((entry) => entry.id),
    alertId: String(alert.id),
    modelIds: models.map((model) => String(model.id)),
    exportId: String(exported.id),
    experimentId: String(experiment.id),
    emailDomainId: String(domain.id),
    optOutId: String(optOut.id),
    conversationId: String(conversation.id),
    blockedSenderId: String(blocked.id),
  };
}
