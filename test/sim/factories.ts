// Realistic records for seeds and for resources created through the API.
import { isoMinutesAgo, isoNow, newId } from './clock.ts';
import type {
  AgentSummary,
  AlertConfig,
  EvaluationCriteria,
  EvaluationResult,
  ModelAlert,
} from './records.ts';

const AGENT_NAMES = [
  'Support triage',
  'Weekly digest',
  'Invoice extractor',
  'Release notes writer',
  'Lead qualifier',
  'Policy checker',
  'Meeting summarizer',
  'Churn watcher',
];

const TRIGGER_TYPES = ['dynamic_input', 'template_input', 'schedule', 'new_content', 'email_received'];

export function makeAgent(fields: Partial<AgentSummary> & { name: string }): AgentSummary {
  const now = isoNow();
  const { name, ...rest } = fields;
  return {
    id: newId(),
    name,
    description: null,
    trigger_type: 'dynamic_input',
    disabled: false,
    disabled_at: null,
    disabled_reason: null,
    evaluation_mode: 'eval_and_retry',
    default_evaluation_tier: null,
    max_retries: 3,
    retry_on_failure: true,
    sampling_config: null,
    prompt_model_auto_upgrade_strategy: 'none',
    prompt_model_auto_rollback_enabled: false,
    prompt_model_auto_rollback_triggers: null,
    import_warnings: null,
    created_at: now,
    updated_at: now,
    ...rest,
  };
}

/** The `index`-th seeded agent; a higher index is newer. */
export function makeSeedAgent(index: number, total: number): AgentSummary {
  const base = AGENT_NAMES[index % AGENT_NAMES.length];
  const round = Math.floor(index / AGENT_NAMES.length);
  const createdAt = isoMinutesAgo((total - index) * 90);
  return makeAgent({
    name: round === 0 ? base : `${base} ${round + 1}`,
    description: `${base} (seeded agent #${index + 1})`,
    trigger_type: TRIGGER_TYPES[index % TRIGGER_TYPES.length],
    created_at: createdAt,
    updated_at: createdAt,
  });
}

export function makeAlertConfig(accountId: string, index: number, agentId: string | null): AlertConfig {
  const createdAt = isoMinutesAgo(600 - index);
  return {
    id: newId(),
    account_id: accountId,
    agent_id: agentId,
    source_connection_id: null,
    alert_type: ['run_failed', 'eval_failed', 'credit_low'][index % 3],
    enabled: index % 4 !== 3,
    threshold: { count: 3, window_minutes: 60 },
    cooldown_minutes: 30,
    last_alerted_at: null,
    distribution_type: 'account_admins',
    recipient_user_ids: [],
    created_at: createdAt,
    updated_at: createdAt,
  };
}

export function makeEvaluationCriteria(
  accountId: string,
  agentId: string,
  index: number,
): EvaluationCriteria {
  const createdAt = isoMinutesAgo(600 - index);
  return {
    id: newId(),
    agent_id: agentId,
    account_id: accountId,
    description: `Answer is grounded in the sources (criterion #${index + 1})`,
    evaluation_mode: 'eval_and_retry',
    enabled: true,
    step_id: null,
    expectation_config: null,
    max_retries: 3,
    retry_on_failure: true,
    evaluation_prompt: 'Does the answer cite only facts present in the retrieved context?',
    pass_threshold: 0.7,
    evaluation_tier: 'balanced',
    created_at: createdAt,
    updated_at: createdAt,
    result_summary: { passed: 0, failed: 0, flagged: 0 },
  };
}

export function makeEvaluationResult(criteria: EvaluationCriteria, index: number): EvaluationResult {
  const at = isoMinutesAgo(300 - index);
  const passed = index % 5 !== 4;
  return {
    id: newId(),
    criteria_id: criteria.id,
    criteria_description: criteria.description,
    agent_run_id: newId(),
    agent_step_run_id: null,
    step_id: criteria.step_id,
    status: passed ? 'passed' : 'failed',
    score: passed ? 0.9 : 0.35,
    flagged: !passed,
    retry_triggered: !passed,
    retry_count: passed ? 0 : 1,
    details: { explanation: passed ? 'Grounded in context.' : 'Cites a figure not in the sources.' },
    evaluated_at: at,
    created_at: at,
  };
}

export function makeModelAlert(accountId: string, index: number, agentId: string | null): ModelAlert {
  return {
    id: newId(),
    account_id: accountId,
    agent_id: agentId,
    prompt_model_id: 'anthropic.claude-3-haiku',
    model_name: 'Claude 3 Haiku',
    alert_type: index % 2 === 0 ? 'deprecation' : 'sunset',
    message: `Model Claude 3 Haiku is scheduled for retirement (notice #${index + 1}).`,
    read_at: index % 3 === 2 ? isoMinutesAgo(10) : null,
    successor_model_name: 'Claude 3.5 Haiku',
    created_at: isoMinutesAgo(500 - index),
  };
}
