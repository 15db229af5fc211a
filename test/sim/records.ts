// Shapes of the resources the simulator keeps, as the API returns them (written by hand from the contract).

export interface AgentSummary {
  id: string;
  name: string;
  description: string | null;
  trigger_type: string | null;
  disabled: boolean;
  disabled_at: string | null;
  disabled_reason: string | null;
  evaluation_mode: string;
  default_evaluation_tier: string | null;
  max_retries: number;
  retry_on_failure: boolean;
  sampling_config: Record<string, unknown> | null;
  prompt_model_auto_upgrade_strategy: string;
  prompt_model_auto_rollback_enabled: boolean;
  prompt_model_auto_rollback_triggers: string[] | null;
  import_warnings: unknown[] | null;
  created_at: string;
  updated_at: string;
}

export interface AlertConfig {
  id: string;
  account_id: string;
  agent_id: string | null;
  source_connection_id: string | null;
  alert_type: string;
  enabled: boolean;
  threshold: Record<string, unknown> | null;
  cooldown_minutes: number;
  last_alerted_at: string | null;
  distribution_type: string;
  recipient_user_ids: string[];
  created_at: string | null;
  updated_at: string | null;
}

export interface EvaluationCriteria {
  id: string;
  agent_id: string;
  account_id: string;
  description: string | null;
  evaluation_mode: string;
  enabled: boolean;
  step_id: string | null;
  expectation_config: Record<string, unknown> | null;
  max_retries: number;
  retry_on_failure: boolean;
  evaluation_prompt: string | null;
  pass_threshold: number;
  evaluation_tier: string | null;
  created_at: string;
  updated_at: string;
  result_summary: Record<string, number>;
}

export interface EvaluationResult {
  id: string;
  criteria_id: string;
  criteria_description: string | null;
  agent_run_id: string;
  agent_step_run_id: string | null;
  step_id: string | null;
  status: string;
  score: number | null;
  flagged: boolean;
  retry_triggered: boolean;
  retry_count: number;
  details: Record<string, unknown> | null;
  evaluated_at: string;
  created_at: string;
}

export interface ModelAlert {
  id: string;
  account_id: string;
  agent_id: string | null;
  prompt_model_id: string;
  model_name: string;
  alert_type: string;
  message: string;
  read_at: string | null;
  successor_model_name: string | null;
  created_at: string;
}

/** A record plus the account that owns it; every resource is scoped to one account. */
export interface Owned<T> {
  accountId: string;
  value: T;
}
