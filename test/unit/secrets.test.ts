import { describe, expect, it } from 'vitest';
import { checkHeaderName, checkHeaderValue } from '../../src/http/header-value.ts';
import { KnownSecrets } from '../../src/secrets.ts';

describe('KnownSecrets', () => {
  it('masks every occurrence of every known secret', () => {
    const secrets = new KnownSecrets();
    secrets.add('sk-live-123456', undefined, 'rt-abcdef');
    expect(secrets.mask('key sk-live-123456 and sk-live-123456, refresh rt-abcdef')).toBe(
      'key *** and ***, refresh ***',
    );
  });

  it('masks a secret that contains another as a whole', () => {
    const secrets = new KnownSecrets();
    secrets.add('abcd', 'abcd-efgh-ijkl');
    expect(secrets.mask('token abcd-efgh-ijkl; prefix abcd')).toBe('token ***; prefix ***');
  });

  it('leaves text alone when it knows no secret, and ignores values too short to be one', () => {
    const secrets = new KnownSecrets();
    expect(secrets.mask('nothing to hide')).toBe('nothing to hide');
    secrets.add('', 'ab');
    expect(secrets.mask('a cab')).toBe('a cab');
  });
});

describe('header values', () => {
  it.each(['sk-abc', 'caf\u00e9', 'a\tb'])('accepts %j', (value) => {
    expect(() => checkHeaderValue(value, '--api-key')).not.toThrow();
  });

  it.each(['a\r\nb', 'a\nb', 'a\u0000b', 'a\u007fb', '€', '☃'])(
    'refuses %j, naming the setting and not echoing the value',
    (value) => {
      expect(() => checkHeaderValue(value, '--api-key')).toThrow(/^--api-key holds /);
      try {
        checkHeaderValue(value, '--api-key');
      } catch (err) {
        expect((err as Error).message).not.toContain(value);
      }
    },
  );

  it('refuses a header name that is not a token', () => {
    expect(() => checkHeaderName('x-trace', '--header')).not.toThrow();
    expect(() => checkHeaderName('x trace', '--header')).toThrow(/--header/);
    expect(() => checkHeaderName('x:y', '--header')).toThrow(/--header/);
  });
});
