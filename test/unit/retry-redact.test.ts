import { describe, expect, it } from 'vitest';
import { redactFields, redactHeaders } from '../../src/http/redact.ts';
import { backoffDelay, isIdempotent, parseRetryAfter, type RetryPolicy } from '../../src/http/retry.ts';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 300, maxDelayMs: 8000, maxRetryAfterMs: 60_000 };

describe('backoffDelay', () => {
  it('stays within [base/2, min(max, base·2^(attempt-1))] at both ends of the jitter', () => {
    for (let attempt = 1; attempt <= 10; attempt++) {
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      expect(backoffDelay(attempt, policy, () => 0)).toBe(policy.baseDelayMs / 2);
      expect(backoffDelay(attempt, policy, () => 0.999999)).toBeLessThanOrEqual(ceiling);
      expect(backoffDelay(attempt, policy, () => 0.999999)).toBeGreaterThan(ceiling - 2);
    }
  });

  it('grows with the attempt until the cap', () => {
    const top = (attempt: number) => backoffDelay(attempt, policy, () => 1);
    expect([1, 2, 3, 4, 5, 6, 7].map(top)).toEqual([300, 600, 1200, 2400, 4800, 8000, 8000]);
  });

  it('is jittered: random draws spread over the range', () => {
    const draws = new Set(Array.from({ length: 50 }, () => backoffDelay(4, policy)));
    expect(draws.size).toBeGreaterThan(10);
    for (const d of draws) {
      expect(d).toBeGreaterThanOrEqual(150);
      expect(d).toBeLessThanOrEqual(2400);
    }
  });

  it('never exceeds the cap, even when the base is larger than the cap', () => {
    const odd: RetryPolicy = { ...policy, baseDelayMs: 20_000, maxDelayMs: 8000 };
    for (const r of [0, 0.5, 1]) expect(backoffDelay(1, odd, () => r)).toBeLessThanOrEqual(8000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-07-27T12:00:00Z');

  it('reads seconds and HTTP dates, never negative', () => {
    expect(parseRetryAfter('5', now)).toBe(5);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1.5);
    expect(parseRetryAfter(new Date(now + 90_000).toUTCString(), now)).toBe(90);
    expect(parseRetryAfter(new Date(now - 90_000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter('-3', now)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('isIdempotent', () => {
  it('GET, PUT, DELETE yes; POST and PATCH no', () => {
    expect(['GET', 'PUT', 'DELETE', 'head'].map(isIdempotent)).toEqual([true, true, true, true]);
    expect(['POST', 'PATCH'].map(isIdempotent)).toEqual([false, false]);
  });
});

describe('redactHeaders', () => {
  it('hides every credential header whatever its case, keeping the Authorization scheme', () => {
    const shown = redactHeaders({
      'X-API-Key': 'sk-live-secret',
      authorization: 'Bearer eyJ.secret.token',
      Cookie: 'session=abc',
      'set-cookie': ['a=1', 'b=2'],
      'Proxy-Authorization': 'Basic dXNlcjpwYXNz',
      'content-type': 'application/json',
      'x-account-id': '7c3d9e2f-1a4b-4c6d-8e9f-0a1b2c3d4e5f',
      skipped: undefined,
    });
    expect(shown).toEqual({
      'X-API-Key': '[redacted]',
      authorization: 'Bearer [redacted]',
      Cookie: '[redacted]',
      'set-cookie': '[redacted]',
      'Proxy-Authorization': '[redacted]',
      'content-type': 'application/json',
      'x-account-id': '7c3d9e2f-1a4b-4c6d-8e9f-0a1b2c3d4e5f',
    });
    const text = JSON.stringify(shown);
    for (const secret of ['sk-live-secret', 'eyJ.secret.token', 'abc', 'dXNlcjpwYXNz'])
      expect(text).not.toContain(secret);
  });

  it('an Authorization value without a scheme is hidden whole', () => {
    expect(redactHeaders({ Authorization: 'rawtoken123' }).Authorization).not.toContain('rawtoken123');
  });
});

describe('redactFields', () => {
  it('replaces secret fields at any depth and leaves the rest', () => {
    expect(
      redactFields({
        access_token: 'a',
        refreshToken: 'r',
        id_token: 'i',
        api_key: 'k',
        nested: [{ password: 'p', client_secret: 's', code_verifier: 'v', name: 'kept' }],
        expires_in: 3600,
      }),
    ).toEqual({
      access_token: '[redacted]',
      refreshToken: '[redacted]',
      id_token: '[redacted]',
      api_key: '[redacted]',
      nested: [
        { password: '[redacted]', client_secret: '[redacted]', code_verifier: '[redacted]', name: 'kept' },
      ],
      expires_in: 3600,
    });
  });

  it('passes through scalars', () => {
    expect(redactFields('text')).toBe('text');
    expect(redactFields(null)).toBeNull();
  });
});
