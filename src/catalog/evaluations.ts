import {
  dayWindowOptions,
  deleteRow,
  idArg,
  pageOptions,
  timeRangeOptions,
  toggleOptions,
} from './common.ts';
import { topLevelGroup } from './top-level.ts';
import type { CommandSpec, GroupSpec, OptionSpec } from './types.ts';

export const evaluationGroups: GroupSpec[] = [
  topLevelGroup('evals'),
  {
    path: ['evals', 'criteria'],
    summary: "Evaluation criteria on an agent's steps",
    noun: 'evaluation criteria',
  },
  { path: ['evals', 'results'], summary: 'Results recorded against one criteria', noun: 'evaluation result' },
];

const agentId = idArg('agent-id', 'agent_id', 'agent');
const criteriaId = idArg('criteria-id', 'criteria_id', 'evaluation criteria');
const criteriaColumns = ['id', 'step_id', 'evaluation_tier', 'pass_threshold', 'enabled', 'updated_at'];
const resultColumns = ['id', 'agent_run_id', 'status', 'score', 'flagged', 'evaluated_at'];
const tiers = ['fast', 'balanced', 'thorough'];

/** The fields criteria create, update and test-draft share. */
function criteriaOptions(): OptionSpec[] {
  return [
    { flags: '--prompt <text>', description: 'how to judge the step output', body: 'evaluation_prompt' },
    {
      flags: '--tier <tier>',
      description: 'evaluator model tier',
      type: 'enum',
      choices: tiers,
      body: 'evaluation_tier',
    },
    {
      flags: '--threshold <score>',
      description: 'pass threshold, 0-1',
      type: 'number',
      min: 0,
      max: 1,
      body: 'pass_threshold',
    },
    {
      flags: '--expectation <json>',
      description: 'expected-output settings as a JSON object',
      type: 'json',
      body: 'expectation_config',
    },
  ];
}

const resultFilters: OptionSpec[] = [
  {
    flags: '--status <status>',
    description: 'only results with this status (passed, failed, ...)',
    query: 'status',
  },
  { flags: '--flagged-only', description: 'only flagged results', type: 'boolean', query: 'flagged_only' },
  ...timeRangeOptions(),
];

export const evaluationCommands: CommandSpec[] = [
  {
    path: ['evals', 'criteria', 'list'],
    aliases: ['ls'],
    summary: "List an agent's evaluation criteria",
    operation: 'GET /agents/{agent_id}/evaluation-criteria',
    args: [agentId],
    options: pageOptions(),
    paginate: 'page',
    view: 'list',
    columns: criteriaColumns,
    examples: [{ command: 'seclai evals criteria list 3f1a6c2e-…' }],
  },
  {
    path: ['evals', 'criteria', 'create'],
    summary: "Add evaluation criteria to one of an agent's steps",
    operation: 'POST /agents/{agent_id}/evaluation-criteria',
    args: [agentId],
    options: [
      {
        flags: '--step-id <id>',
        description: 'the step whose output is judged',
        body: 'step_id',
        required: true,
      },
      ...criteriaOptions(),
      { flags: '--description <text>', description: 'what the criteria checks', body: 'description' },
      ...toggleOptions(
        'enabled',
        { body: 'enabled' },
        'evaluate new runs (default)',
        'create it switched off',
      ),
    ],
    data: true,
    view: 'object',
    columns: criteriaColumns,
    examples: [
      {
        command:
          'seclai evals criteria create 3f1a… --step-id summarize --prompt "Is the summary faithful to the ticket?" --threshold 0.7',
      },
    ],
  },
  {
    path: ['evals', 'criteria', 'get'],
    aliases: ['show'],
    summary: 'Show one evaluation criteria',
    operation: 'GET /agents/evaluation-criteria/{criteria_id}',
    args: [criteriaId],
    view: 'object',
    columns: criteriaColumns,
    examples: [{ command: 'seclai evals criteria get 8e4b…' }],
  },
  {
    path: ['evals', 'criteria', 'update'],
    aliases: ['edit'],
    summary: 'Change an evaluation criteria',
    operation: 'PATCH /agents/evaluation-criteria/{criteria_id}',
    args: [criteriaId],
    options: [
      { flags: '--step-id <id>', description: 'judge another step', body: 'step_id' },
      ...criteriaOptions(),
      { flags: '--description <text>', description: 'what the criteria checks', body: 'description' },
      ...toggleOptions('enabled', { body: 'enabled' }, 'switch it on', 'switch it off'),
    ],
    data: 'required',
    view: 'object',
    columns: criteriaColumns,
    examples: [{ command: 'seclai evals criteria update 8e4b… --no-enabled' }],
  },
  deleteRow(
    ['evals', 'criteria', 'delete'],
    'evaluation criteria',
    'DELETE /agents/evaluation-criteria/{criteria_id}',
    [criteriaId],
    'seclai evals criteria delete 8e4b… --yes',
  ),
  {
    path: ['evals', 'criteria', 'summary'],
    summary: "Count a criteria's results: passed, failed, flagged, average score",
    operation: 'GET /agents/evaluation-criteria/{criteria_id}/summary',
    args: [criteriaId],
    view: 'object',
    columns: ['total', 'passed', 'failed', 'error', 'flagged', 'average_score'],
    examples: [{ command: 'seclai evals criteria summary 8e4b…' }],
  },
  {
    path: ['evals', 'results', 'list'],
    aliases: ['ls'],
    summary: "List a criteria's results",
    operation: 'GET /agents/evaluation-criteria/{criteria_id}/results',
    args: [criteriaId],
    options: [...resultFilters, ...pageOptions()],
    paginate: 'page',
    view: 'list',
    columns: resultColumns,
    examples: [{ command: 'seclai evals results list 8e4b… --status failed --all' }],
  },
  {
    path: ['evals', 'results', 'create'],
    summary: 'Record a (manual) evaluation result for a run',
    operation: 'POST /agents/evaluation-criteria/{criteria_id}/results',
    args: [criteriaId],
    options: [
      { flags: '--run-id <uuid>', description: 'the agent run judged', body: 'agent_run_id', required: true },
      {
        flags: '--status <status>',
        description: 'the verdict',
        type: 'enum',
        choices: ['pending', 'passed', 'failed', 'skipped', 'error'],
        body: 'status',
        required: true,
      },
      { flags: '--score <score>', description: 'score, 0-1', type: 'number', min: 0, max: 1, body: 'score' },
      { flags: '--flagged', description: 'flag the result for review', type: 'boolean', body: 'flagged' },
      { flags: '--step-run-id <uuid>', description: 'the step run judged', body: 'agent_step_run_id' },
      { flags: '--details <json>', description: 'details as a JSON object', type: 'json', body: 'details' },
    ],
    data: true,
    view: 'object',
    columns: resultColumns,
    examples: [{ command: 'seclai evals results create 8e4b… --run-id 5c8d… --status passed --score 0.9' }],
  },
  {
    path: ['evals', 'compatible-runs'],
    summary: 'List runs a criteria can be tried on',
    operation: 'GET /agents/evaluation-criteria/{criteria_id}/compatible-runs',
    args: [criteriaId],
    options: [
      {
        flags: '--started-after <time>',
        description: 'only runs started after this time (ISO 8601)',
        query: 'started_after',
      },
      ...pageOptions(),
    ],
    paginate: 'page',
    view: 'list',
    columns: ['agent_run_id', 'agent_step_run_id', 'run_status', 'started_at', 'input_preview'],
    examples: [{ command: 'seclai evals compatible-runs 8e4b… --started-after 2026-01-01T00:00:00Z' }],
  },
  {
    path: ['evals', 'test-draft'],
    summary: 'Try criteria on a step output before saving them',
    operation: 'POST /agents/{agent_id}/evaluation-criteria/test-draft',
    args: [agentId],
    options: [
      ...criteriaOptions(),
      { flags: '--step-output <text>', description: 'the output to judge', body: 'step_output' },
      {
        flags: '--step-run-id <uuid>',
        description: 'judge the output of this step run instead',
        body: 'agent_step_run_id',
      },
      { flags: '--agent-input <text>', description: 'the run input, for context', body: 'agent_input' },
    ],
    data: true,
    view: 'object',
    columns: ['passed', 'score', 'explanation'],
    examples: [
      {
        command:
          'seclai evals test-draft 3f1a… --prompt "Does the reply apologise?" --step-output "Sorry for the delay…"',
      },
    ],
  },
  {
    path: ['evals', 'agent-results'],
    summary: "List evaluation results across an agent's criteria",
    operation: 'GET /agents/{agent_id}/evaluation-results',
    args: [agentId],
    options: [
      ...resultFilters,
      { flags: '--step <step-id>', description: 'only this step', query: 'step' },
      ...pageOptions(),
    ],
    paginate: 'page',
    view: 'list',
    columns: ['id', 'step_id', 'agent_run_id', 'status', 'score', 'flagged', 'evaluated_at'],
    examples: [{ command: 'seclai evals agent-results 3f1a… --flagged-only' }],
  },
  {
    path: ['evals', 'agent-runs'],
    summary: "List an agent's runs with their evaluation counts",
    operation: 'GET /agents/{agent_id}/evaluation-runs',
    args: [agentId],
    options: [
      { flags: '--status <status>', description: 'only runs with results in this status', query: 'status' },
      { flags: '--step <step-id>', description: 'only this step', query: 'step' },
      ...timeRangeOptions(),
      ...pageOptions(),
    ],
    paginate: 'page',
    view: 'list',
    columns: [
      'agent_run_id',
      'run_status',
      'total_evaluations',
      'passed_count',
      'failed_count',
      'flagged_count',
    ],
    examples: [{ command: 'seclai evals agent-runs 3f1a…' }],
  },
  {
    path: ['evals', 'non-manual-summary'],
    summary: 'Summarise automatic evaluations: pass and failure rates by mode',
    operation: 'GET /agents/evaluation-results/non-manual-summary',
    options: [
      { flags: '--agent <agent-id>', alias: '--agent-id', description: 'only this agent', query: 'agent_id' },
      ...dayWindowOptions(),
    ],
    view: 'object',
    columns: ['total', 'passed', 'failed', 'flagged', 'pass_rate', 'failure_rate'],
    examples: [{ command: 'seclai evals non-manual-summary --days 7' }],
  },
];
