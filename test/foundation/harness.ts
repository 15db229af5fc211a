// Shared set-up for foundation tests: a simulator, a fresh HOME per test, and the CLI pointed at both.
import { expect } from 'vitest';
import { type CliResult, type CliRunOptions, runCli, useTempHome } from '../helpers/cli.ts';
import { useSimulator } from '../helpers/sim.ts';
import type { Simulator, SimulatorOptions } from '../sim/server.ts';

export interface Harness {
  sim: () => Simulator;
  home: () => string;
  /** The environment a test run gets: simulator URL and key, temp HOME, fast backoff. */
  env: (extra?: Record<string, string | undefined>) => Record<string, string | undefined>;
  cli: (argv: string[], options?: CliRunOptions) => Promise<CliResult>;
}

export function useHarness(simulator: SimulatorOptions = {}): Harness {
  const sim = useSimulator({ ...simulator, resetState: true });
  const currentHome = useTempHome();
  const env = (extra: Record<string, string | undefined> = {}) => ({
    SECLAI_API_URL: sim().url,
    SECLAI_API_KEY: sim().apiKey,
    HOME: currentHome(),
    SECLAI_RETRY_BASE_MS: '10',
    ...extra,
  });
  return {
    sim,
    home: currentHome,
    env,
    cli: (argv, options = {}) => runCli(argv, { ...options, env: env(options.env) }),
  };
}

export const ANSI = /\u001b\[/;

/** Parses stdout as exactly one JSON document (fails the test otherwise). */
export function onlyJson(stdout: string): unknown {
  expect(stdout.trim(), 'stdout should hold a JSON document').not.toBe('');
  return JSON.parse(stdout);
}

/** A usage error: exit 2, one `error:` line (and at most one `hint:` line), nothing on stdout. */
export function expectUsageError(result: CliResult, pattern?: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  const lines = result.stderr.split('\n').filter((line) => line !== '');
  expect(lines[0]).toMatch(/^error: \S/);
  expect(lines.length, result.stderr).toBeLessThanOrEqual(2);
  if (lines.length === 2) expect(lines[1]).toMatch(/^hint: \S/);
  if (pattern) expect(lines[0]).toMatch(pattern);
}
