import { existsSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { useSimulator } from './helpers/sim.ts';
import { FOREIGN_ACCOUNT_ID, ORGANIZATION, PERSONAL_ACCOUNT_ID } from './sim/accounts.ts';
import { defaultSpecPath, loadContract } from './sim/contract.ts';
import { TemplateMatcher } from './sim/path-template.ts';
import { Router } from './sim/router.ts';
import { routeModules } from './sim/routes/index.ts';
import { setUploadAnswerDelay } from './sim/routes/multipart.ts';
import { storedContents } from './sim/routes/uploads.ts';
import { type Simulator, startSimulator } from './sim/server.ts';

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
  body: any;
}

async function call(
  sim: Simulator,
  path: string,
  init: RequestInit & { auth?: boolean } = {},
): Promise<Answer> {
  const { auth = true, headers, ...rest } = init;
  const response = await fetch(sim.url + path, {
    ...rest,
    headers: { ...(auth ? { 'x-api-key': sim.apiKey } : {}), ...(headers as Record<string, string>) },
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body };
}

function jsonInit(method: string, body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** Asserts the simulator recorded exactly `count` request violations, then clears them so the test may pass. */
function expectViolations(sim: Simulator, count: number): string[] {
  expect(sim.violations.map((violation) => violation.kind)).toEqual(Array(count).fill('request'));
  const messages = sim.violations.flatMap((violation) => violation.messages);
  sim.reset();
  return messages;
}

describe('simulator', () => {
  const sim = useSimulator({ resetState: true });

  describe('agents and pagination', () => {
    it('pages agents newest first with page/limit arithmetic', async () => {
      const seeded = sim().state.seedAgents(45);
      const last = await call(sim(), '/agents?page=3&limit=20');
      expect(last.status).toBe(200);
      expect(last.body.data).toHaveLength(5);
      expect(last.body.pagination).toEqual({
        page: 3,
        limit: 20,
        total: 45,
        pages: 3,
        has_next: false,
        has_prev: true,
      });
      expect(last.body.data.at(-1).id).toBe(seeded[0].id);

      const first = await call(sim(), '/agents');
      expect(first.body.data).toHaveLength(20);
      expect(first.body.data[0].id).toBe(seeded[44].id);
      expect(first.body.pagination).toMatchObject({
        page: 1,
        limit: 20,
        pages: 3,
        has_next: true,
        has_prev: false,
      });

      const beyond = await call(sim(), '/agents?page=9&limit=100');
      expect(beyond.body).toMatchObject({ data: [], pagination: { page: 9, pages: 1, has_next: false } });
    });

    it('answers an empty list with zero pages', async () => {
      const empty = await call(sim(), '/agents');
      expect(empty.body.pagination).toEqual({
        page: 1,
        limit: 20,
        total: 0,
        pages: 0,
        has_next: false,
        has_prev: false,
      });
    });

    it('creates, reads, updates and deletes an agent', async () => {
      const created = await call(
        sim(),
        '/agents',
        jsonInit('POST', { name: 'Triage', description: 'Sorts tickets' }),
      );
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        name: 'Triage',
        description: 'Sorts tickets',
        trigger_type: 'dynamic_input',
      });
      expect(created.body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Number.isNaN(Date.parse(created.body.created_at))).toBe(false);

      const path = `/agents/${created.body.id}`;
      expect((await call(sim(), path)).body.name).toBe('Triage');
      const updated = await call(sim(), path, jsonInit('PUT', { name: 'Triage v2', description: null }));
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ name: 'Triage v2', description: 'Sorts tickets' });

      const deleted = await call(sim(), path, { method: 'DELETE' });
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe('');
      const gone = await call(sim(), path);
      expect(gone.status).toBe(404);
      expect(gone.body).toEqual({ detail: 'Agent not found' });
    });

    it("hides another account's agents", async () => {
      const [theirs] = sim().state.seedAgents(1, { accountId: ORGANIZATION.account_id });
      expect((await call(sim(), `/agents/${theirs.id}`)).status).toBe(404);
      sim().state.addBearerToken('org-token');
      const asOrg = await call(sim(), `/agents/${theirs.id}`, {
        auth: false,
        headers: { authorization: 'Bearer org-token', 'x-account-id': ORGANIZATION.account_id },
      });
      expect(asOrg.status).toBe(200);
    });
  });

  describe('legacy list shapes', () => {
    it('answers alert configs as {configs, total}, or {data, pagination} under Seclai-Version 2026-07-27', async () => {
      sim().state.seedAlertConfigs(3);
      const legacy = await call(sim(), '/alerts/configs?limit=2&page=2');
      expect(Object.keys(legacy.body).sort()).toEqual(['configs', 'total']);
      expect(legacy.body.configs).toHaveLength(1);
      expect(legacy.body.total).toBe(3);

      const canonical = await call(sim(), '/alerts/configs?limit=2', {
        headers: { 'seclai-version': '2026-07-27' },
      });
      expect(canonical.body.data).toHaveLength(2);
      expect(canonical.body.pagination).toMatchObject({ total: 3, pages: 2, has_next: true });
    });

    it('answers evaluation criteria as a bare array and evaluation results as {data, total, page, limit}', async () => {
      const [agent] = sim().state.seedAgents(1);
      sim().state.seedEvaluationCriteria(agent.id, 3);
      sim().state.seedEvaluationResults(agent.id, 5);

      const criteria = await call(sim(), `/agents/${agent.id}/evaluation-criteria?limit=3`);
      expect(Array.isArray(criteria.body)).toBe(true);
      expect(criteria.body).toHaveLength(3);

      const results = await call(sim(), `/agents/${agent.id}/evaluation-results?limit=2&page=3`);
      expect(results.body).toMatchObject({ total: 5, page: 3, limit: 2 });
      expect(results.body.data).toHaveLength(1);
    });

    it('answers model alerts with limit + offset as {alerts, total}', async () => {
      const seeded = sim().state.seedModelAlerts(5);
      const page = await call(sim(), '/models/alerts?limit=2&offset=4');
      expect(page.body.total).toBe(5);
      expect(page.body.alerts.map((alert: { id: string }) => alert.id)).toEqual([seeded[0].id]);

      const canonical = await call(sim(), '/models/alerts?limit=2&offset=2', {
        headers: { 'seclai-version': '2026-07-27' },
      });
      expect(canonical.body.pagination).toMatchObject({
        page: 2,
        limit: 2,
        total: 5,
        has_next: true,
        has_prev: true,
      });
    });

    it('follows the pinned version of the account', async () => {
      sim().state.seedAlertConfigs(1);
      const pinned = await call(sim(), '/version', jsonInit('PUT', { version: '2026-07-27' }));
      expect(pinned.body).toMatchObject({ pinned_version: '2026-07-27', effective_version: '2026-07-01' });
      expect((await call(sim(), '/version')).body.effective_version).toBe('2026-07-27');
      expect((await call(sim(), '/alerts/configs')).body.pagination.total).toBe(1);
      await call(sim(), '/version', jsonInit('PUT', { version: null }));
      expect((await call(sim(), '/alerts/configs')).body.total).toBe(1);
    });
  });

  describe('identity', () => {
    it('reports the personal account and one organization from /me', async () => {
      const me = await call(sim(), '/me');
      expect(me.body).toEqual({ account_id: PERSONAL_ACCOUNT_ID, organizations: [ORGANIZATION] });
    });
  });

  describe.skipIf(!existsSync(defaultSpecPath()))('contract validation', () => {
    it('records an invalid body', async () => {
      const answer = await call(sim(), '/agents', jsonInit('POST', { title: 'no name' }));
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('CONTRACT_VIOLATION');
      expect(sim().violations[0]).toMatchObject({
        method: 'POST',
        path: '/agents',
        operation: 'POST /agents',
      });
      expect(sim().requests[0].body).toEqual({ title: 'no name' });
      expect(expectViolations(sim(), 1)).toEqual(["body must have required property 'name'"]);
    });

    it('records a body that is not JSON, and a missing required body', async () => {
      await call(sim(), '/agents', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{nope',
      });
      await call(sim(), '/agents', { method: 'POST' });
      expect(expectViolations(sim(), 2)).toEqual(['body is not valid JSON', 'body is required']);
    });

    it('records undeclared, repeated and mistyped query parameters', async () => {
      await call(sim(), '/agents?verbose=1');
      await call(sim(), '/agents?page=1&page=2');
      await call(sim(), '/agents?limit=500');
      const messages = expectViolations(sim(), 3);
      expect(messages[0]).toContain('must NOT have additional properties: verbose');
      expect(messages[1]).toContain('query/page must be integer');
      expect(messages[2]).toContain('query/limit must be <= 100');
    });

    it('coerces query strings to the declared types', async () => {
      sim().state.seedModelAlerts(3);
      const answer = await call(sim(), '/models/alerts?unread_only=true&limit=10');
      expect(answer.status).toBe(200);
      expect(answer.body.alerts.every((alert: { read_at: unknown }) => alert.read_at === null)).toBe(true);
    });

    it('records invalid headers', async () => {
      await call(sim(), '/me', { headers: { 'seclai-version': 'latest' } });
      await call(sim(), '/me', { headers: { 'x-account-id': 'not-a-uuid' } });
      const messages = expectViolations(sim(), 2);
      expect(messages[0]).toContain('header/Seclai-Version must match pattern');
      expect(messages[1]).toContain('header/X-Account-Id must match format "uuid"');
    });

    it('records unknown paths and undeclared methods', async () => {
      await call(sim(), '/agentz');
      await call(sim(), '/agents/', { method: 'GET' });
      await call(sim(), '/me', { method: 'DELETE' });
      await call(sim(), '/agents/runs/search');
      const messages = expectViolations(sim(), 4);
      expect(messages[0]).toContain('no operation in the contract matches path /agentz');
      expect(messages[2]).toContain('DELETE is not declared for /me');
      expect(messages[3]).toContain('GET is not declared for /agents/runs/search');
    });

    it('records a body sent to an operation that takes none', async () => {
      const [agent] = sim().state.seedAgents(1);
      await call(sim(), `/agents/${agent.id}`, jsonInit('DELETE', { force: true }));
      expect(expectViolations(sim(), 1)).toEqual(['this operation takes no request body']);
    });

    it('answers 501 for an operation of the contract that no route simulates, without a violation', async () => {
      const contract = loadContract(defaultSpecPath());
      if (!contract) throw new Error('contract missing');
      const router = new Router();
      for (const register of routeModules) register(router);
      const unsimulated = [...contract.operations.values()].find(
        (operation) =>
          operation.method === 'GET' &&
          !router.find(operation.method, operation.template) &&
          !operation.parameters.some((parameter) => parameter.required && parameter.in !== 'path'),
      );
      if (!unsimulated) return;
      const path = unsimulated.template.replace(/\{[^}]+\}/g, '0b6e2c9d-7f14-4a58-b3c1-9d8e7f6a5b4c');
      const answer = await call(sim(), path);
      expect(answer.status).toBe(501);
      expect(answer.body.error.code).toBe('NOT_SIMULATED');
      expect(sim().violations).toEqual([]);
    });

    it('records a response that does not match the contract', async () => {
      const [agent] = sim().state.seedAgents(1);
      (agent as unknown as Record<string, unknown>).name = 42;
      const answer = await call(sim(), `/agents/${agent.id}`);
      expect(answer.status).toBe(200);
      expect(sim().violations).toHaveLength(1);
      expect(sim().violations[0]).toMatchObject({
        kind: 'response',
        status: 200,
        operation: 'GET /agents/{agent_id}',
      });
      expect(sim().violations[0].messages).toEqual(['response/name must be string']);
      sim().reset();
    });
  });

  describe('path templates', () => {
    it('prefers literal segments over parameters', () => {
      const matcher = new TemplateMatcher([
        '/agents/{agent_id}',
        '/agents/runs/{run_id}',
        '/agents/runs/search',
        '/agents/{agent_id}/runs',
      ]);
      expect(matcher.match('/agents/runs/search')).toEqual({ template: '/agents/runs/search', params: {} });
      expect(matcher.match('/agents/runs/abc')).toEqual({
        template: '/agents/runs/{run_id}',
        params: { run_id: 'abc' },
      });
      expect(matcher.match('/agents/a%20b')).toEqual({
        template: '/agents/{agent_id}',
        params: { agent_id: 'a b' },
      });
      expect(matcher.match('/agents/x/runs')?.template).toBe('/agents/{agent_id}/runs');
      expect(matcher.match('/agents//runs')).toBeNull();
    });
  });

  describe('authentication', () => {
    it('answers 401 without credentials, with a bad key or a bad bearer token', async () => {
      const none = await call(sim(), '/me', { auth: false });
      expect(none.status).toBe(401);
      expect(none.body.error.code).toBe('API_NOT_AUTHENTICATED');
      const badKey = await call(sim(), '/me', { auth: false, headers: { 'x-api-key': 'sk-wrong' } });
      expect(badKey.body.error.code).toBe('API_NOT_AUTHENTICATED');
      const badToken = await call(sim(), '/me', { auth: false, headers: { authorization: 'Bearer nope' } });
      expect(badToken.status).toBe(401);
      expect(badToken.body.error.code).toBe('USER_NOT_AUTHENTICATED');
    });

    it('accepts registered API keys and bearer tokens', async () => {
      sim().state.addApiKey('sk-org', ORGANIZATION.account_id);
      sim().state.addBearerToken('token-1');
      const byKey = await call(sim(), '/me', { auth: false, headers: { 'x-api-key': 'sk-org' } });
      expect(byKey.body.account_id).toBe(ORGANIZATION.account_id);
      const byToken = await call(sim(), '/me', { auth: false, headers: { authorization: 'Bearer token-1' } });
      expect(byToken.status).toBe(200);
      expect(byToken.body.account_id).toBe(PERSONAL_ACCOUNT_ID);
    });

    it('switches account with X-Account-Id for a member, and answers 403 otherwise', async () => {
      sim().state.addBearerToken('token-2');
      const bearer = { authorization: 'Bearer token-2' };
      sim().state.seedAgents(2, { accountId: ORGANIZATION.account_id });
      const switched = await call(sim(), '/agents', {
        auth: false,
        headers: { ...bearer, 'x-account-id': ORGANIZATION.account_id },
      });
      expect(switched.body.pagination.total).toBe(2);
      const foreign = await call(sim(), '/agents', {
        auth: false,
        headers: { ...bearer, 'x-account-id': FOREIGN_ACCOUNT_ID },
      });
      expect(foreign.status).toBe(403);
      const keyIgnoresHeader = await call(sim(), '/agents', {
        headers: { 'x-account-id': FOREIGN_ACCOUNT_ID },
      });
      expect(keyIgnoresHeader.body.pagination.total).toBe(0);
    });

    it('uses a custom bearer verifier', async () => {
      sim().setBearerVerifier(async (token) =>
        token === 'jwt-ok' ? { accountId: ORGANIZATION.account_id } : null,
      );
      const ok = await call(sim(), '/me', { auth: false, headers: { authorization: 'Bearer jwt-ok' } });
      expect(ok.body.account_id).toBe(ORGANIZATION.account_id);
      const rejected = await call(sim(), '/me', {
        auth: false,
        headers: { authorization: 'Bearer jwt-bad' },
      });
      expect(rejected.status).toBe(401);
    });

    it('sends rate-limit headers on successes only', async () => {
      sim().state.rateLimit = { limit: 3, windowSeconds: 60 };
      const first = await call(sim(), '/me');
      expect(first.headers.get('x-ratelimit-limit')).toBe('3');
      expect(first.headers.get('x-ratelimit-remaining')).toBe('2');
      expect(Number(first.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
      expect((await call(sim(), '/me')).headers.get('x-ratelimit-remaining')).toBe('1');
      expect((await call(sim(), '/agents/nope')).headers.get('x-ratelimit-remaining')).toBeNull();
    });
  });

  describe('faults', () => {
    it('answers 429 with Retry-After once, then normally', async () => {
      const fault = sim().faults.add({ path: '/agents', status: 429, headers: { 'Retry-After': '1' } });
      const limited = await call(sim(), '/agents');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('1');
      expect(limited.body.error).toEqual({
        code: 'RATE_LIMIT_EXCEEDED',
        message: 'Rate limit exceeded',
        retry_after: 1,
      });
      expect((await call(sim(), '/agents')).status).toBe(200);
      expect(fault).toMatchObject({ hits: 1, remaining: 0 });
      expect(sim().faults.pending).toEqual([]);
    });

    it('matches faults by method and path template, several times', async () => {
      const [agent] = sim().state.seedAgents(1);
      sim().faults.add({ method: 'GET', path: '/agents/{agent_id}', status: 503, times: 2 });
      expect((await call(sim(), '/agents')).status).toBe(200);
      expect((await call(sim(), `/agents/${agent.id}`)).status).toBe(503);
      expect((await call(sim(), `/agents/${agent.id}`)).status).toBe(503);
      expect((await call(sim(), `/agents/${agent.id}`)).status).toBe(200);
    });

    it('resets the connection', async () => {
      sim().faults.add({ path: '/me', reset: true });
      await expect(call(sim(), '/me')).rejects.toThrow();
      expect((await call(sim(), '/me')).status).toBe(200);
    });

    it('sends a malformed body', async () => {
      sim().faults.add({ malformed: true });
      const answer = await call(sim(), '/me');
      expect(answer.status).toBe(200);
      expect(() => JSON.parse(answer.text)).toThrow();
    });

    it('delays, then answers normally', async () => {
      sim().faults.add({ path: '/me', delayMs: 150 });
      const started = Date.now();
      const answer = await call(sim(), '/me');
      expect(answer.status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    });

    it('is cleared by reset()', async () => {
      sim().faults.add({ status: 500, times: Number.POSITIVE_INFINITY });
      sim().reset();
      expect((await call(sim(), '/me')).status).toBe(200);
    });
  });

  describe('recording', () => {
    it('settle() waits for a request still being handled after its client gave up', async () => {
      setUploadAnswerDelay(sim().state, 300);
      const form = new FormData();
      form.append('file', new Blob(['late']), 'late.txt');
      const client = new AbortController();
      const sent = fetch(`${sim().url}/sources/0b6e2c9d-7f14-4a58-b3c1-9d8e7f6a5b4c/upload`, {
        method: 'POST',
        headers: { 'x-api-key': sim().apiKey },
        body: form,
        signal: client.signal,
      }).catch(() => undefined);
      await vi.waitFor(() => expect(sim().requests).toHaveLength(1), { timeout: 10_000 });
      await new Promise((resolve) => setTimeout(resolve, 50)); // the 4-byte body is in by then
      client.abort();
      await sent;
      expect(storedContents(sim().state).size).toBe(0);
      await sim().settle();
      expect(storedContents(sim().state).size).toBe(1);
    });

    it('records method, path, query, headers and body of every request', async () => {
      await call(sim(), '/agents?page=2', { headers: { 'x-trace': 'yes' } });
      await call(sim(), '/agents', jsonInit('POST', { name: 'Recorded' }));
      expect(sim().requests).toHaveLength(2);
      expect(sim().requests[0]).toMatchObject({
        method: 'GET',
        path: '/agents',
        query: { page: '2' },
        operation: 'GET /agents',
        status: 200,
      });
      expect(sim().requests[0].headers['x-trace']).toBe('yes');
      expect(sim().requests[1]).toMatchObject({ method: 'POST', body: { name: 'Recorded' }, status: 201 });
    });

    it('notes multipart bodies', async () => {
      const form = new FormData();
      form.append('file', new Blob(['hello']), 'hello.txt');
      await call(sim(), '/sources/0b6e2c9d-7f14-4a58-b3c1-9d8e7f6a5b4c/upload', {
        method: 'POST',
        body: form,
      });
      expect(sim().requests[0].multipart).toBe(true);
      expect(sim().requests[0].body).toBeUndefined();
    });
  });
});

describe('simulator without a contract', () => {
  it('runs without validation and says so once on stderr', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const missing = '/nonexistent/seclai.openapi.json';
    // Without ../shared the test run's global setup already said it; here the simulator must.
    vi.stubEnv('SECLAI_SIM_NO_CONTRACT_NOTED', '');
    const first = await startSimulator({ specPath: missing });
    const second = await startSimulator({ specPath: missing });
    try {
      const lines = stderr.mock.calls.map(([chunk]) => String(chunk));
      expect(lines).toEqual([`seclai simulator: contract validation off (${missing} not found)\n`]);
      expect(first.validating).toBe(false);
      first.state.seedAgents(3);
      const list = await call(first, '/agents?limit=2&undeclared=yes');
      expect(list.status).toBe(200);
      expect(list.body.data).toHaveLength(2);
      expect(list.body.pagination.pages).toBe(2);
      const bad = await call(first, '/agents', jsonInit('POST', { title: 'no name' }));
      expect(bad.status).toBe(201);
      expect((await call(first, '/nowhere')).status).toBe(404);
      expect(first.violations).toEqual([]);
    } finally {
      stderr.mockRestore();
      vi.unstubAllEnvs();
      await first.close();
      await second.close();
    }
  });
});
