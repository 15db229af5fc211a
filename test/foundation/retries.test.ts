// Retries: what is repeated (429, 5xx on idempotent methods, dropped connections before a GET answer)
// and what never is (a POST that may have landed). SECLAI_RETRY_BASE_MS=10 keeps backoff short.
import { describe, expect, it } from 'vitest';
import { onlyJson, useHarness } from './harness.ts';

describe('retries', () => {
  const h = useHarness();
  const statuses = () => h.sim().requests.map((r) => `${r.method} ${r.status ?? 'dropped'}`);

  it('GET after 429 with Retry-After: waits, retries, succeeds', async () => {
    h.sim().state.seedAgents(2);
    h.sim().faults.add({ method: 'GET', path: '/agents', status: 429, headers: { 'Retry-After': '1' } });
    const started = Date.now();
    const result = await h.cli(['agents', 'list', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(statuses()).toEqual(['GET 429', 'GET 200']);
    expect(onlyJson(result.stdout) as unknown[]).toHaveLength(2);
  });

  it('GET after 503: retries and succeeds', async () => {
    h.sim().faults.add({ method: 'GET', path: '/agents', status: 503 });
    const result = await h.cli(['agents', 'list']);
    expect(result.code, result.stderr).toBe(0);
    expect(statuses()).toEqual(['GET 503', 'GET 200']);
  });

  it('GET after 502 and 504: retries both', async () => {
    h.sim().faults.add({ method: 'GET', path: '/agents', status: 502 });
    h.sim().faults.add({ method: 'GET', path: '/agents', status: 504 });
    const result = await h.cli(['agents', 'list']);
    expect(result.code, result.stderr).toBe(0);
    expect(statuses()).toEqual(['GET 502', 'GET 504', 'GET 200']);
  });

  it('GET after a dropped connection: retries and succeeds', async () => {
    h.sim().faults.add({ method: 'GET', path: '/agents', reset: true });
    const result = await h.cli(['agents', 'list']);
    expect(result.code, result.stderr).toBe(0);
    expect(statuses()).toEqual(['GET dropped', 'GET 200']);
  });

  it('GET that keeps failing with 503 gives up after a bounded number of attempts → exit 1', async () => {
    h.sim().faults.add({ method: 'GET', path: '/agents', status: 503, times: Number.POSITIVE_INFINITY });
    const result = await h.cli(['agents', 'list']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: 503 service unavailable/);
    expect(h.sim().requests.length).toBeGreaterThan(1);
    expect(h.sim().requests.length).toBeLessThanOrEqual(5);
  });

  it('POST create after 503 is NOT retried: exactly one request', async () => {
    h.sim().faults.add({ method: 'POST', path: '/agents', status: 503 });
    const result = await h.cli(['agents', 'create', '--name', 'once']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: 503/);
    expect(statuses()).toEqual(['POST 503']);
  });

  it('POST after a connection reset is NOT retried: it may have landed', async () => {
    h.sim().faults.add({ method: 'POST', path: '/agents', reset: true });
    const result = await h.cli(['agents', 'create', '--name', 'once']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: /);
    expect(h.sim().requests).toHaveLength(1);
  });

  it('POST after 429 IS retried: a rate-limited request was not processed', async () => {
    h.sim().faults.add({ method: 'POST', path: '/agents', status: 429, headers: { 'Retry-After': '0' } });
    const result = await h.cli(['agents', 'create', '--name', 'after 429', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(statuses()).toEqual(['POST 429', 'POST 201']);
    expect(h.sim().state.agents.size).toBe(1);
  });

  it('PUT (idempotent) after 503 is retried', async () => {
    const [agent] = h.sim().state.seedAgents(1);
    h.sim().faults.add({ method: 'PUT', path: '/agents/{agent_id}', status: 503 });
    const result = await h.cli(['agents', 'update', agent.id, '--name', 'renamed']);
    expect(result.code, result.stderr).toBe(0);
    expect(statuses()).toEqual(['PUT 503', 'PUT 200']);
  });

  it('429 with a Retry-After beyond the cap fails at once, naming the wait', async () => {
    h.sim().faults.add({ method: 'GET', path: '/agents', status: 429, headers: { 'Retry-After': '3600' } });
    const result = await h.cli(['agents', 'list']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: 429 rate limited/);
    expect(result.stderr).toMatch(/3600 s/);
    expect(h.sim().requests).toHaveLength(1);
  });

  it('503 with a Retry-After beyond the cap also fails at once instead of waiting', async () => {
    h.sim().faults.add({ method: 'GET', path: '/agents', status: 503, headers: { 'Retry-After': '7200' } });
    const result = await h.cli(['--timeout', '1h', 'agents', 'list']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/7200 s/);
    expect(h.sim().requests).toHaveLength(1);
  });

  it('429 with a Retry-After past --timeout fails at once, naming the wait', async () => {
    h.sim().faults.add({ method: 'GET', path: '/agents', status: 429, headers: { 'Retry-After': '30' } });
    const result = await h.cli(['--timeout', '2s', 'agents', 'list']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^hint: .*30 s/m);
    expect(h.sim().requests).toHaveLength(1);
  });

  it('--all retries a page that got 429 and still prints one array', async () => {
    h.sim().state.seedAgents(5);
    h.sim().faults.add({ method: 'GET', path: '/agents', status: 429, headers: { 'Retry-After': '0' } });
    const result = await h.cli(['agents', 'list', '--all', '--limit', '2', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(onlyJson(result.stdout)).toHaveLength(5);
  });
});
