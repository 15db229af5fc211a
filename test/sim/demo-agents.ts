// Agents that behave like real ones, for `npm run sim` and `npm run demo`: one streams its answer
// over a few seconds, one fails, one waits for a human, one is slow enough to interrupt.
import type { AgentSummary } from './records.ts';
import { type RunScript, setRunScript } from './routes/runs.ts';
import type { SimState } from './state.ts';

export interface DemoAgent {
  /** What the demo calls it: `streaming`, `failing`, `waiting` or `slow`. */
  role: 'streaming' | 'failing' | 'waiting' | 'slow';
  id: string;
  name: string;
  description: string;
  script: RunScript;
}

const ANSWER = [
  'Three ',
  'things ',
  'changed ',
  'this ',
  'week',
  ': ',
  'the ',
  'CLI ',
  'installs ',
  'from ',
  'a ',
  'tarball',
  ', ',
  'completions ',
  'cover ',
  'PowerShell',
  ', ',
  'and ',
  'every ',
  'command ',
  'has ',
  'its ',
  'own ',
  'man ',
  'page',
  '.\n',
];

/** Fixed ids, so the README and a shell history can name them. */
export const DEMO_AGENTS: readonly DemoAgent[] = [
  {
    role: 'streaming',
    id: 'd3e00001-5eed-4a6e-9000-000000000001',
    name: 'Demo: weekly summary',
    description: 'Streams its answer over a few seconds, step by step',
    script: {
      steps: ['retrieval', 'prompt_call', 'streaming_result'],
      words: ANSWER,
      tokens: ANSWER.length * 2,
      tokenIntervalMs: 60,
      stepIntervalMs: 400,
      finishAfterMs: 4000,
      credits: 1.2,
    },
  },
  {
    role: 'failing',
    id: 'd3e00002-5eed-4a6e-9000-000000000002',
    name: 'Demo: flaky model',
    description: 'Fails in its second step, as a run whose model errors does',
    script: {
      steps: ['retrieval', 'prompt_call'],
      stepIntervalMs: 500,
      outcome: 'failed',
      error: 'Step prompt_call failed: the model provider timed out (demo)',
      finishAfterMs: 1500,
      credits: 0.3,
    },
  },
  {
    role: 'waiting',
    id: 'd3e00003-5eed-4a6e-9000-000000000003',
    name: 'Demo: needs approval',
    description: 'Drafts an answer, then waits for a human to approve it (cancel it to stop)',
    script: {
      steps: ['retrieval', 'prompt_call'],
      stepIntervalMs: 400,
      waitForHuman: true,
      finishAfterMs: 1000,
    },
  },
  {
    role: 'slow',
    id: 'd3e00004-5eed-4a6e-9000-000000000004',
    name: 'Demo: long report',
    description: 'Writes for about a minute: long enough to stop with Ctrl-C',
    script: {
      steps: ['retrieval', 'prompt_call', 'streaming_result'],
      tokens: 400,
      tokenIntervalMs: 150,
      stepIntervalMs: 1000,
      finishAfterMs: 60_000,
    },
  },
];

/** Adds the demo agents to the personal account, each with its run behaviour. */
export function seedDemoAgents(state: SimState): AgentSummary[] {
  return DEMO_AGENTS.map((demo) => {
    const agent = state.createAgent({ id: demo.id, name: demo.name, description: demo.description });
    setRunScript(state, demo.script, agent.id);
    return agent;
  });
}
