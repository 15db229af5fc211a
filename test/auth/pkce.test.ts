import { describe, expect, it } from 'vitest';
import { createPkce, createState, s256Challenge } from '../../src/auth/pkce.ts';

describe('pkce', () => {
  it('matches the RFC 7636 appendix B example', () => {
    expect(s256Challenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes a 43-character base64url verifier and its S256 challenge', () => {
    const pkce = createPkce();
    expect(pkce.method).toBe('S256');
    expect(pkce.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pkce.challenge).toBe(s256Challenge(pkce.verifier));
    expect(createPkce().verifier).not.toBe(pkce.verifier);
  });

  it('makes unguessable states', () => {
    const states = new Set(Array.from({ length: 100 }, createState));
    expect(states.size).toBe(100);
    for (const s of states) expect(s).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});
