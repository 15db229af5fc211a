import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.ts';
import { ApiError, apiErrorFrom } from '../../src/http/errors.ts';

const NOW = Date.parse('2026-07-27T12:00:00Z');

function fromBody(status: number, body: unknown, headers: Record<string, string> = {}): ApiError {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return apiErrorFrom(status, headers, text, 'GET', '/agents/x', NOW);
}

describe('apiErrorFrom', () => {
  it('the {error: {code, message}} envelope: status, code and message on one line', () => {
    const error = fromBody(409, { error: { code: 'AGENT_LOCKED', message: 'agent is being edited' } });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe('409 conflict (AGENT_LOCKED): agent is being edited (GET /agents/x)');
    expect(error.code).toBe('AGENT_LOCKED');
    expect(error.status).toBe(409);
    expect(error.exitCode).toBe(ExitCode.failure);
  });

  it('the {detail: "..."} envelope', () => {
    expect(fromBody(404, { detail: 'Agent not found' }).message).toBe(
      '404 not found: Agent not found (GET /agents/x)',
    );
  });

  it('422 with a detail list: one line per field, "body" dropped from the location', () => {
    const error = fromBody(422, {
      detail: [
        { loc: ['body', 'name'], msg: 'Field required', type: 'missing' },
        { loc: ['query', 'limit'], msg: 'Input should be less than or equal to 100', type: 'le' },
        { loc: ['body', 'steps', 0, 'model'], msg: 'unknown model', type: 'x' },
      ],
    });
    expect(error.message.split('\n')).toEqual([
      '422 validation failed: GET /agents/x',
      '  - name: Field required',
      '  - query.limit: Input should be less than or equal to 100',
      '  - steps.0.model: unknown model',
    ]);
  });

  it('a {detail: {error, message, errors}} object with line and column', () => {
    const error = fromBody(422, {
      detail: {
        error: 'INVALID_DEFINITION',
        message: 'the definition has problems',
        errors: [{ path: 'steps[1]', message: 'no prompt', line: 12, column: 4 }],
      },
    });
    expect(error.code).toBe('INVALID_DEFINITION');
    expect(error.message).toMatch(
      /^422 validation failed \(INVALID_DEFINITION\): the definition has problems/,
    );
    expect(error.message).toContain('  - steps[1]: no prompt (line 12, column 4)');
  });

  it('a short text body is shown; an empty or HTML-sized one is not', () => {
    expect(fromBody(502, 'upstream connect error').message).toBe(
      '502 bad gateway: upstream connect error (GET /agents/x)',
    );
    expect(fromBody(500, '').message).toBe('500 server error: GET /agents/x');
    expect(fromBody(500, `<html>${'x'.repeat(500)}</html>`).message).toBe('500 server error: GET /agents/x');
  });

  it('an unknown status still reads', () => {
    expect(fromBody(418, { detail: 'teapot' }).message).toBe('418 error: teapot (GET /agents/x)');
  });

  it('401 → exit 4 with the login hint; 403 hints at --account-id', () => {
    const unauthorized = fromBody(401, {
      error: { code: 'API_NOT_AUTHENTICATED', message: 'Invalid API key' },
    });
    expect(unauthorized.exitCode).toBe(ExitCode.auth);
    expect(unauthorized.hint).toMatch(/seclai auth login.*SECLAI_API_KEY/);
    const forbidden = fromBody(403, { error: { code: 'ACCOUNT_ACCESS_DENIED', message: 'no' } });
    expect(forbidden.exitCode).toBe(ExitCode.failure);
    expect(forbidden.hint).toMatch(/--account-id/);
  });

  it('Retry-After from the header (seconds or an HTTP date), else from the body', () => {
    expect(fromBody(429, {}, { 'retry-after': '7' }).retryAfterSeconds).toBe(7);
    const date = new Date(NOW + 30_000).toUTCString();
    expect(fromBody(429, {}, { 'retry-after': date }).retryAfterSeconds).toBe(30);
    expect(
      fromBody(429, { error: { code: 'RATE_LIMIT_EXCEEDED', message: 'slow down', retry_after: 12 } })
        .retryAfterSeconds,
    ).toBe(12);
    expect(fromBody(503, {}).retryAfterSeconds).toBeUndefined();
  });
});
