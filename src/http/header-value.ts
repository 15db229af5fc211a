import { UsageError } from '../errors.ts';

// Latin-1 without control characters (HTAB allowed), as an HTTP field value may carry.
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const FIELD_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * A value bound for a request header: refused, without echoing it (it may be a secret), when it
 * holds a line break, another control character or a character outside Latin-1.
 */
export function checkHeaderValue(value: string, setting: string): void {
  if (!FIELD_VALUE.test(value)) {
    throw new UsageError(
      `${setting} holds a line break, a control character or a character outside Latin-1, so it cannot be sent in an HTTP header`,
    );
  }
}

export function checkHeaderName(name: string, setting: string): void {
  if (!FIELD_NAME.test(name)) throw new UsageError(`${setting}: "${name}" is not a valid header name`);
}
