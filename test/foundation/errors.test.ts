// Exit codes 0/1/2/4 and how API errors read: both envelopes, 422 per field, auth hints.
import { describe, expect, it } from 'vitest';
import { useHarness } from './harness.ts';

const MISSING_ID = '3f1a6c2e-0000-4000-8000-00000000dead';

describe('exit codes and API errors', () => {
  const h = useHarness();

  it('0 on success', async () => {
    expect((await h.cli(['agents', 'list'])).code).toBe(0);
  });

  it('404 → exit 1 with the message from the {detail} envelope', async () => {
    const result = await h.cli(['agents', 'get', MISSING_ID]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: 404 not found: Agent not found/);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('--json does not turn an error into stdout output', async () => {
    const result = await h.cli(['agents', 'get', MISSING_ID, '--json']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
  });

  it('the {error: {code, message}} envelope shows status, code and message', async () => {
    h.sim().faults.add({
      method: 'GET',
      path: '/agents',
      status: 409,
      body: { error: { code: 'AGENT_LOCKED', message: 'agent is being edited' } },
    });
    const result = await h.cli(['agents', 'list']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: 409 conflict \(AGENT_LOCKED\): agent is being edited/);
  });

  it('422 with a detail list → exit 1, each field and its problem listed', async () => {
    h.sim().faults.add({
      method: 'POST',
      path: '/agents',
      status: 422,
      body: {
        detail: [
          { loc: ['body', 'name'], msg: 'String should have at least 1 character', type: 'string_too_short' },
          { loc: ['body', 'trigger_type'], msg: 'Input should be a valid trigger', type: 'enum' },
        ],
      },
    });
    const result = await h.cli(['agents', 'create', '--name', 'x']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: 422 validation failed/);
    expect(result.stderr).toContain('  - name: String should have at least 1 character');
    expect(result.stderr).toContain('  - trigger_type: Input should be a valid trigger');
  });

  it('an answer that is not JSON → exit 1 with a clear message', async () => {
    h.sim().faults.add({ method: 'GET', path: '/agents', malformed: true });
    const result = await h.cli(['agents', 'list']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: .*not JSON/);
  });

  it('no credentials at all → exit 4 with a hint to log in or set SECLAI_API_KEY, no request', async () => {
    const result = await h.cli(['agents', 'list'], { env: { SECLAI_API_KEY: undefined } });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^error: /);
    expect(result.stderr).toMatch(/^hint: .*seclai auth login.*SECLAI_API_KEY/m);
    expect(h.sim().requests).toEqual([]);
  });

  it('a wrong key → 401 → exit 4 with the login hint', async () => {
    const result = await h.cli(['agents', 'list'], { env: { SECLAI_API_KEY: 'sk-wrong' } });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^error: 401/);
    expect(result.stderr).toMatch(/^hint: .*seclai auth login/m);
    expect(result.stderr).not.toContain('sk-wrong');
  });

  it('--api-key overrides SECLAI_API_KEY', async () => {
    const result = await h.cli(['--api-key', h.sim().apiKey, 'agents', 'list'], {
      env: { SECLAI_API_KEY: 'sk-wrong' },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(h.sim().requests[0].headers['x-api-key']).toBe(h.sim().apiKey);
  });

  it('an unreachable API → exit 1 naming the address', async () => {
    const result = await h.cli(['agents', 'list'], { env: { SECLAI_API_URL: 'http://127.0.0.1:9' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: could not reach http:\/\/127\.0\.0\.1:9/);
  });

  it('a slow answer beyond --timeout → exit 1 saying it timed out', async () => {
    h.sim().faults.add({ method: 'GET', path: '/agents', delayMs: 1500, times: Number.POSITIVE_INFINITY });
    const result = await h.cli(['--timeout', '300ms', 'agents', 'list']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: GET \/agents timed out after 300 ms/);
  });

  it('sends the identity headers: X-API-Key, Seclai-Version, a User-Agent naming the tool', async () => {
    const result = await h.cli(['--api-version', '2026-07-27', 'agents', 'list']);
    expect(result.code, result.stderr).toBe(0);
    const headers = h.sim().requests[0].headers;
    expect(headers['x-api-key']).toBe(h.sim().apiKey);
    expect(headers['seclai-version']).toBe('2026-07-27');
    expect(headers['user-agent']).toMatch(/^seclai-cli\/\d+\.\d+\.\d+/);
    expect(headers['x-account-id']).toBeUndefined();
  });
});
