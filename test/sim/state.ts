// In-memory data of one simulator instance: credentials, accounts and resources, with seed helpers.

import { DEFAULT_API_KEY, ORGANIZATION, type Organization, PERSONAL_ACCOUNT_ID } from './accounts.ts';
import type { Contract } from './contract.ts';
import {
  makeAgent,
  makeAlertConfig,
  makeEvaluationCriteria,
  makeEvaluationResult,
  makeModelAlert,
  makeSeedAgent,
} from './factories.ts';
import type {
  AgentSummary,
  AlertConfig,
  EvaluationCriteria,
  EvaluationResult,
  ModelAlert,
  Owned,
} from './records.ts';
import { type VersionInfo, versionInfo } from './versions.ts';

export interface BearerIdentity {
  /** The account the token acts on by default; the user's personal account when omitted. */
  accountId?: string;
}

export interface RateLimitSettings {
  limit: number;
  windowSeconds: number;
}

interface SeedOptions {
  accountId?: string;
}

export class SimState {
  readonly personalAccountId = PERSONAL_ACCOUNT_ID;
  readonly organizations: Organization[] = [ORGANIZATION];

  readonly apiKeys = new Map<string, string>();
  readonly bearerTokens = new Map<string, BearerIdentity>();
  /** Pinned `Seclai-Version` per account (absent = unpinned). */
  readonly pinnedVersions = new Map<string, string>();
  rateLimit: RateLimitSettings = { limit: 300, windowSeconds: 60 };
  /** Dated versions from the contract (set by the server; built-in values without a contract). */
  versions: VersionInfo = versionInfo(null);
  /** The loaded contract (set by the server; null without one): resource families shape answers from it. */
  contract: Contract | null = null;

  readonly agents = new Map<string, Owned<AgentSummary>>();
  readonly alertConfigs = new Map<string, Owned<AlertConfig>>();
  readonly evaluationCriteria = new Map<string, Owned<EvaluationCriteria>>();
  readonly evaluationResults = new Map<string, Owned<EvaluationResult>>();
  readonly modelAlerts = new Map<string, Owned<ModelAlert>>();

  readonly #stores = new Map<string, Map<string, unknown>>();

  constructor() {
    this.clear();
  }

  /** Back to a fresh instance: only the default API key, no tokens, no resources, no pins. */
  clear(): void {
    this.apiKeys.clear();
    this.apiKeys.set(DEFAULT_API_KEY, this.personalAccountId);
    this.bearerTokens.clear();
    this.pinnedVersions.clear();
    this.rateLimit = { limit: 300, windowSeconds: 60 };
    this.agents.clear();
    this.alertConfigs.clear();
    this.evaluationCriteria.clear();
    this.evaluationResults.clear();
    this.modelAlerts.clear();
    this.#stores.clear();
  }

  /** The accounts a user may act on with `X-Account-Id`: their personal account and their organizations'. */
  accessibleAccountIds(): string[] {
    return [this.personalAccountId, ...this.organizations.map((organization) => organization.account_id)];
  }

  addApiKey(key: string, accountId: string = this.personalAccountId): void {
    this.apiKeys.set(key, accountId);
  }

  addBearerToken(token: string, identity: BearerIdentity = {}): void {
    this.bearerTokens.set(token, identity);
  }

  /**
   * A named map for resources whose route modules live elsewhere (runs, uploads, ...), created on first use and
   * emptied by `clear()`. Give it a type: `state.store<RunRecord>('runs')`.
   */
  store<T>(name: string): Map<string, T> {
    let store = this.#stores.get(name);
    if (!store) {
      store = new Map();
      this.#stores.set(name, store);
    }
    return store as Map<string, T>;
  }

  /** Resources of `collection` owned by `accountId`, in insertion order. */
  owned<T>(collection: Map<string, Owned<T>>, accountId: string): T[] {
    const values: T[] = [];
    for (const entry of collection.values()) if (entry.accountId === accountId) values.push(entry.value);
    return values;
  }

  /** The resource `id` of `collection` when `accountId` owns it. */
  find<T>(collection: Map<string, Owned<T>>, accountId: string, id: string): T | undefined {
    const entry = collection.get(id);
    return entry && entry.accountId === accountId ? entry.value : undefined;
  }

  createAgent(
    fields: Partial<AgentSummary> & { name: string },
    accountId = this.personalAccountId,
  ): AgentSummary {
    const agent = makeAgent(fields);
    this.agents.set(agent.id, { accountId, value: agent });
    return agent;
  }

  /** Adds `count` agents, each newer than the one before; returns them oldest first. */
  seedAgents(count: number, options: SeedOptions = {}): AgentSummary[] {
    const accountId = options.accountId ?? this.personalAccountId;
    const seeded: AgentSummary[] = [];
    for (let index = 0; index < count; index++) {
      const agent = makeSeedAgent(index, count);
      this.agents.set(agent.id, { accountId, value: agent });
      seeded.push(agent);
    }
    return seeded;
  }

  seedAlertConfigs(count: number, options: SeedOptions & { agentId?: string } = {}): AlertConfig[] {
    const accountId = options.accountId ?? this.personalAccountId;
    return Array.from({ length: count }, (_, index) => {
      const config = makeAlertConfig(accountId, index, options.agentId ?? null);
      this.alertConfigs.set(config.id, { accountId, value: config });
      return config;
    });
  }

  /** Adds `count` evaluation criteria to an agent that already exists in state. */
  seedEvaluationCriteria(agentId: string, count: number): EvaluationCriteria[] {
    const accountId = this.#ownerOfAgent(agentId);
    return Array.from({ length: count }, (_, index) => {
      const criteria = makeEvaluationCriteria(accountId, agentId, index);
      this.evaluationCriteria.set(criteria.id, { accountId, value: criteria });
      return criteria;
    });
  }

  /** Adds `count` evaluation results for an agent, under one new criterion. */
  seedEvaluationResults(agentId: string, count: number): EvaluationResult[] {
    const accountId = this.#ownerOfAgent(agentId);
    const [criteria] = this.seedEvaluationCriteria(agentId, 1);
    return Array.from({ length: count }, (_, index) => {
      const result = makeEvaluationResult(criteria, index);
      this.evaluationResults.set(result.id, { accountId, value: result });
      return result;
    });
  }

  seedModelAlerts(count: number, options: SeedOptions & { agentId?: string } = {}): ModelAlert[] {
    const accountId = options.accountId ?? this.personalAccountId;
    return Array.from({ length: count }, (_, index) => {
      const alert = makeModelAlert(accountId, index, options.agentId ?? null);
      this.modelAlerts.set(alert.id, { accountId, value: alert });
      return alert;
    });
  }

  /** The agent an evaluation result belongs to (results reference criteria, criteria reference agents). */
  agentIdOfResult(result: EvaluationResult): string | undefined {
    return this.evaluationCriteria.get(result.criteria_id)?.value.agent_id;
  }

  #ownerOfAgent(agentId: string): string {
    const entry = this.agents.get(agentId);
    if (!entry) throw new Error(`seclai simulator: no agent ${agentId} in state`);
    return entry.accountId;
  }
}
