// Starts a simulator instance: a stateful, in-memory Seclai API on 127.0.0.1.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_API_KEY } from './accounts.ts';
import { type BearerVerifier, registeredTokenVerifier } from './auth.ts';
import { defaultSpecPath, loadContract } from './contract.ts';
import { Faults } from './faults.ts';
import { createRequestHandler } from './handle-request.ts';
import { RateLimitCounter } from './rate-limit.ts';
import type { RecordedRequest, Violation } from './recording.ts';
import { Router } from './router.ts';
import { routeModules } from './routes/index.ts';
import { SimState } from './state.ts';
import { versionInfo } from './versions.ts';

export interface SimulatorOptions {
  /** Port on 127.0.0.1; a free one when omitted or 0. */
  port?: number;
  /** OpenAPI contract; default `SECLAI_OPENAPI`, else `<repo>/../shared/openapi/seclai.openapi.json`. */
  specPath?: string;
  /** False: run as on a fresh clone without `../shared`, whether the contract is there or not. */
  contract?: boolean;
}

export interface Simulator {
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** The default API key, `sk-sim-test`. */
  readonly apiKey: string;
  readonly state: SimState;
  readonly faults: Faults;
  /** Requests the contract does not allow, and simulator bugs; emptied in place by `reset()`. */
  readonly violations: Violation[];
  /** Every request received, oldest first; emptied in place by `reset()`. */
  readonly requests: RecordedRequest[];
  /** False when the contract file was not found. */
  readonly validating: boolean;
  /** Replaces how bearer tokens are checked (default: tokens added with `state.addBearerToken`). */
  setBearerVerifier(verifier: BearerVerifier | null): void;
  /**
   * Waits (up to `timeoutMs`) for the requests still being handled, such as an upload whose client
   * gave up: a late one must not land in the next test's fresh state.
   */
  settle(timeoutMs?: number): Promise<void>;
  /** Clears requests, violations and faults (and all data too with `{ state: true }`). */
  reset(options?: { state?: boolean }): void;
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const contract = options.contract === false ? null : loadContract(options.specPath ?? defaultSpecPath());
  const router = new Router();
  for (const register of routeModules) register(router);
  if (contract) assertRoutesInContract(router, contract.operations);

  const state = new SimState();
  state.versions = versionInfo(contract);
  state.contract = contract;
  const faults = new Faults();
  const requests: RecordedRequest[] = [];
  const violations: Violation[] = [];
  const rateLimits = new RateLimitCounter();
  let customVerifier: BearerVerifier | null = null;
  const defaultVerifier = registeredTokenVerifier(state);

  const handleRequest = createRequestHandler({
    contract,
    router,
    state,
    faults,
    requests,
    violations,
    rateLimits,
    bearerVerifier: () => customVerifier ?? defaultVerifier,
  });
  const inFlight = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    const handling = handleRequest(req, res).finally(() => inFlight.delete(handling));
    inFlight.add(handling);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    apiKey: DEFAULT_API_KEY,
    state,
    faults,
    violations,
    requests,
    validating: contract !== null,
    setBearerVerifier(verifier) {
      customVerifier = verifier;
    },
    async settle(timeoutMs = 2000) {
      if (inFlight.size === 0) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...inFlight]),
        new Promise((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
        }),
      ]);
      clearTimeout(timer);
    },
    reset(resetOptions = {}) {
      requests.length = 0;
      violations.length = 0;
      faults.clear();
      if (resetOptions.state) {
        state.clear();
        rateLimits.clear();
        customVerifier = null;
      }
    },
    async close() {
      await router.runCloseHooks();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function assertRoutesInContract(router: Router, operations: ReadonlyMap<string, unknown>): void {
  for (const route of router.routes()) {
    const key = `${route.method} ${route.template}`;
    if (!operations.has(key))
      throw new Error(`seclai simulator: route ${key} is not an operation of the contract`);
  }
}
