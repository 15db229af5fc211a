import { CliError, ExitCode } from '../errors.ts';
import type { ApiError } from './errors.ts';

/**
 * A request that is not safe to repeat (an upload POST) whose whole body reached the server, but
 * whose outcome is unknown: a 5xx, a dropped connection, a time-out, or a success answer that is
 * not what the contract says. The server may have acted on it, so it is never sent again blindly.
 */
export class UnconfirmedError extends CliError {
  /** The error answer behind it, when there was one. */
  readonly apiError?: ApiError;
  /** SHA-256 of the file sent, for an upload that hashed what it sent. */
  sha256?: string;

  constructor(message: string, options: { hint?: string; apiError?: ApiError } = {}) {
    super(
      message,
      ExitCode.failure,
      options.hint ?? 'the server may have acted on it; check before sending it again',
    );
    this.name = 'UnconfirmedError';
    this.apiError = options.apiError;
  }

  /** The same outcome, explained for one command: its own message prefix and hint. */
  reworded(prefix: string, hint: string): UnconfirmedError {
    return new UnconfirmedError(`${prefix}${this.message}`, { hint, apiError: this.apiError });
  }
}

/**
 * The body handed to the connection, noting when its last chunk was taken: from then on the
 * server may have all of it, and a failure leaves the request unconfirmed.
 */
export async function* noteWhenSent<T>(body: AsyncIterable<T>, onSent: () => void): AsyncGenerator<T> {
  yield* body;
  onSent();
}

/**
 * Answers that say the server did not act on the request, so even an upload may be sent again:
 * 429, 408, and 503 with Retry-After.
 */
export function saysNotProcessed(error: ApiError): boolean {
  return (
    error.status === 429 ||
    error.status === 408 ||
    (error.status === 503 && error.retryAfterSeconds !== undefined)
  );
}
