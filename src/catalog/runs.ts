import { aliasRow, idArg, pageOptions } from './common.ts';
import { topLevelGroup } from './top-level.ts';
import type { CommandSpec, GroupSpec, OptionSpec } from './types.ts';

export const runGroups: GroupSpec[] = [
  { path: ['agents', 'runs'], summary: "An agent's runs: list, search, start, show, cancel" },
  topLevelGroup('runs'),
];

const agentId = idArg('agent-id', 'agent_id', 'agent');
const runId = idArg('run-id', 'run_id', 'run');
const runColumns = ['run_id', 'status', 'priority', 'credits', 'error_count', 'output'];
const STATUSES = [
  'pending',
  'processing',
  'completed',
  'failed',
  'queued',
  'waiting_human',
  'waiting_scheduled',
];

const pollIntervalOption: OptionSpec = {
  flags: '--poll-interval <duration>',
  description:
    'first wait between polls, e.g. 500ms or 2s (at least 100ms); later waits grow to 5s (default 1s)',
};

const runsGet: CommandSpec = {
  path: ['runs', 'get'],
  aliases: ['show'],
  summary: 'Show a run: status, output, credits, attempts',
  operation: 'GET /agents/runs/{run_id}',
  args: [runId],
  options: [
    {
      flags: '--include-step-outputs',
      description: "add each step's output, timing and credits",
      type: 'boolean',
      query: 'include_step_outputs',
    },
  ],
  view: 'object',
  columns: runColumns,
  examples: [
    { command: 'seclai runs get 7c9e…' },
    { command: 'seclai runs get 7c9e… --include-step-outputs --json | jq ".steps[].status"' },
  ],
};

const runsCancel: CommandSpec = {
  path: ['runs', 'cancel'],
  summary: 'Cancel a run that is processing or queued',
  description: 'A run that already completed or failed cannot be cancelled.',
  operation: 'DELETE /agents/runs/{run_id}',
  args: [runId],
  view: 'object',
  columns: runColumns,
  examples: [{ command: 'seclai runs cancel 7c9e…' }],
};

export const runCommands: CommandSpec[] = [
  {
    path: ['agents', 'run'],
    summary: 'Run an agent and follow it live: the answer as it is written, each step, the outcome',
    description: [
      'Modes: --stream follows the run over Server-Sent Events (the default on a terminal); --wait starts',
      'it and polls until it ends (the default otherwise); --detach prints the run id and exits.',
      'The answer goes to stdout, token by token when streamed; steps, a spinner and a one-line summary',
      'go to stderr. With --json: one {"event", "data"} line per stream event, or the finished run',
      'with --wait. A stream that drops, gives up, sends nothing for --idle-timeout or an event over',
      '16 MiB is resumed by polling.',
      'Ctrl-C cancels the run on the server (unless --no-cancel-on-interrupt); a second Ctrl-C quits',
      'at once. --timeout bounds the whole wait. Exit 0 when the run completed, 1 when it failed.',
      "--events is --stream --json (the official CLI's name); --event-filter keeps only the events named.",
      '--data gives the whole run body (input, input_upload_ids, metadata, replay_of_run_id, ...); the',
      'flags override its fields.',
    ].join('\n'),
    operation: 'POST /agents/{agent_id}/runs/stream',
    apiHelp:
      'POST /agents/{agent_id}/runs/stream when streaming; POST /agents/{agent_id}/runs (then GET /agents/runs/{run_id}) with --wait or --detach',
    args: [agentId],
    data: true,
    options: [
      { flags: '--input <text>', description: 'the input text (- reads stdin)' },
      { flags: '--input-file <path>', description: 'read the input from a file (- for stdin)' },
      {
        flags: '--file <path>',
        description:
          'stage a file as run input, uploaded and ready before the run starts (repeatable); an upload left unconfirmed starts no run',
        repeatable: true,
      },
      {
        flags: '--metadata <key=value|json>',
        description: 'metadata for the run: key=value (repeatable) or a JSON object',
        repeatable: true,
      },
      { flags: '--priority', description: 'run as priority (streamed runs always are)', type: 'boolean' },
      {
        flags: '--replay <run-id>',
        description:
          'run again with the uploaded input files of an earlier run of this agent (replay_of_run_id)',
      },
      { flags: '--stream', description: 'follow the run over a live event stream', type: 'boolean' },
      {
        flags: '--event-filter <types>',
        description:
          'with --events (--stream --json): print only these events, comma-separated (repeatable), e.g. stream_token,done',
        repeatable: true,
      },
      { flags: '--wait', description: 'start the run, then poll until it ends', type: 'boolean' },
      { flags: '--detach', description: 'start the run, print its id and exit', type: 'boolean' },
      pollIntervalOption,
      {
        flags: '--idle-timeout <duration>',
        description:
          'with --stream: poll instead once the stream sends nothing for this long (default 120s, or SECLAI_STREAM_IDLE_TIMEOUT)',
      },
      {
        flags: '--no-cancel-on-interrupt',
        description: 'on Ctrl-C, leave the run going instead of cancelling it',
        type: 'boolean',
      },
    ],
    // --file uploads before the run starts; --wait polls the run the answer names.
    dryRunFollowUps: (options) =>
      (Array.isArray(options.file) && options.file.length > 0) || options.wait === true,
    handler: async () => (await import('../commands/runs/agent-run.ts')).runAgent,
    examples: [
      { command: 'seclai agents run 3f1a… --input "Summarise this week\'s tickets"' },
      {
        command: 'seclai agents run 3f1a… --input-file question.txt > answer.md',
        description: 'the answer in a file',
      },
      {
        command:
          'seclai agents run 3f1a… --stream --json | jq -r "select(.event==\\"stream_token\\") | .data.token"',
        description: 'every event as a JSON line',
      },
      { command: 'seclai agents run 3f1a… --detach', description: 'start it and move on' },
      {
        command: 'seclai agents run 3f1a… --input "Again" --events --event-filter stream_token,done',
        description: 'only the tokens and the final run, as JSON lines',
      },
      {
        command: 'seclai agents run 3f1a… --replay 7c9e… --data @run.json',
        description: "the body from a file, with an earlier run's input files",
      },
    ],
  },
  {
    path: ['agents', 'runs', 'list'],
    aliases: ['ls'],
    summary: "List an agent's runs, newest first",
    operation: 'GET /agents/{agent_id}/runs',
    args: [agentId],
    options: [
      ...pageOptions(),
      {
        flags: '--status <status>',
        description: 'only runs in this status',
        type: 'enum',
        choices: STATUSES,
        query: 'status',
      },
    ],
    paginate: 'page',
    view: 'list',
    columns: ['run_id', 'status', 'started_at', 'duration', 'credits', 'error_count', 'priority'],
    examples: [
      { command: 'seclai agents runs list 3f1a…' },
      { command: 'seclai agents runs list 3f1a… --status failed --all --json | jq -r ".[].run_id"' },
    ],
  },
  {
    path: ['agents', 'runs', 'search'],
    summary: 'Search run traces: step outputs most similar to a query',
    operation: 'POST /agents/runs/search',
    options: [
      { flags: '--query <text>', description: 'what to look for', body: 'query', required: true },
      {
        flags: '--agent <agent-id>',
        alias: '--agent-id',
        description: "only this agent's runs",
        body: 'agent_id',
      },
      { flags: '--status <status>', description: 'only runs in this status', body: 'run_status' },
      {
        flags: '--step-type <type>',
        description: 'only steps of this type, e.g. prompt_call',
        body: 'step_type',
      },
      {
        flags: '--top <n>',
        description: 'most matches to return (1-100, default 10)',
        type: 'int',
        min: 1,
        max: 100,
        body: 'top_n',
      },
    ],
    data: true,
    view: 'list',
    columns: ['agent_run_id', 'agent_id', 'agent_step_type', 'score', 'text'],
    examples: [{ command: 'seclai agents runs search --query "refund policy" --agent 3f1a… --top 5' }],
  },
  {
    path: ['agents', 'runs', 'start'],
    summary: 'Start a run and print it at once, without waiting (as `agents run --detach`)',
    operation: 'POST /agents/{agent_id}/runs',
    args: [agentId],
    options: [
      { flags: '--input <text>', description: 'the input text', body: 'input' },
      {
        flags: '--metadata <json>',
        description: 'metadata for the run, a JSON object',
        type: 'json',
        body: 'metadata',
      },
      { flags: '--priority', description: 'run as priority', type: 'boolean', body: 'priority' },
    ],
    data: true,
    view: 'object',
    columns: runColumns,
    examples: [{ command: 'seclai agents runs start 3f1a… --input "hello" --json | jq -r .run_id' }],
  },
  aliasRow(runsGet, {
    path: ['agents', 'runs', 'get'],
    summary: 'Show a run (same as `seclai runs get`)',
    examples: [{ command: 'seclai agents runs get 7c9e…' }],
  }),
  aliasRow(runsCancel, {
    path: ['agents', 'runs', 'cancel'],
    summary: 'Cancel a run (same as `seclai runs cancel`)',
    examples: [{ command: 'seclai agents runs cancel 7c9e…' }],
  }),
  aliasRow(runsCancel, {
    path: ['agents', 'runs', 'delete'],
    summary: 'Deprecated name of `agents runs cancel` (runs cannot be deleted)',
    deprecatedFor: 'agents runs cancel',
    hidden: true,
    examples: [{ command: 'seclai agents runs cancel 7c9e…' }],
  }),
  runsGet,
  runsCancel,
  {
    path: ['runs', 'watch'],
    aliases: ['follow'],
    summary: 'Follow a run until it completes or fails, with a live status line',
    description:
      'Polls GET /agents/runs/{run_id}. Prints the output when it completes; exit 1 when it failed. Ctrl-C stops watching and leaves the run alone.',
    args: [runId],
    options: [pollIntervalOption],
    handler: async () => (await import('../commands/runs/watch.ts')).watchRun,
    examples: [
      { command: 'seclai runs watch 7c9e…' },
      { command: 'seclai runs watch 7c9e… --json', description: 'the finished run' },
    ],
  },
];
