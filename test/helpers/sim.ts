// Vitest helper: one simulator per test file; any contract violation fails the test that caused it.
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { describeViolation } from '../sim/recording.ts';
import { type Simulator, type SimulatorOptions, startSimulator } from '../sim/server.ts';

export interface UseSimulatorOptions extends SimulatorOptions {
  /** Also clear all data (agents, keys, tokens, pins) before each test. Default false: seeds from `beforeAll` survive. */
  resetState?: boolean;
}

/**
 * Starts a simulator in `beforeAll`, lets requests in flight finish and resets requests/violations/faults
 * in `beforeEach`, fails the test in
 * `afterEach` when it saw a contract violation, and closes it in `afterAll`. Use the returned getter inside
 * hooks and tests: `const sim = useSimulator(); it('...', () => { sim().url })`.
 */
export function useSimulator(options: UseSimulatorOptions = {}): () => Simulator {
  const { resetState = false, ...simulatorOptions } = options;
  let simulator: Simulator | undefined;

  beforeAll(async () => {
    simulator = await startSimulator(simulatorOptions);
  });
  beforeEach(async () => {
    await simulator?.settle();
    simulator?.reset({ state: resetState });
  });
  afterEach(() => {
    const violations = simulator ? [...simulator.violations] : [];
    if (violations.length === 0) return;
    simulator?.reset();
    throw new Error(
      `the simulator saw ${violations.length} contract violation(s):\n${violations.map(describeViolation).join('\n')}`,
    );
  });
  afterAll(async () => {
    await simulator?.close();
    simulator = undefined;
  });

  return () => {
    if (!simulator) throw new Error('useSimulator(): the simulator is only available inside hooks and tests');
    return simulator;
  };
}
