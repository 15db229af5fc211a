import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { errorWords } from '../error-words.ts';
import { CliError } from '../errors.ts';

/** Errors that only say the stream is gone after a failure already noted. */
const AFTERMATH = new Set(['ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END']);

/**
 * Watches stdout for a failed write (disk full, closed descriptor, EIO). The failure becomes one
 * `cannot write output: …` error, and `signal` aborts so a command that waits on something (a
 * streaming run) stops as on Ctrl-C. EPIPE is not a failure: the binary exits quietly on it
 * (`seclai … | head`).
 */
export class OutputWatch {
  failure?: CliError;
  private readonly stream: Writable;
  private readonly controller = new AbortController();
  private readonly listener = (err: unknown) => this.note(err);

  constructor(stream: Writable) {
    this.stream = stream;
    stream.on('error', this.listener);
    this.note(stream.errored);
  }

  /** Aborted once stdout cannot be written. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Waits until what was written reached the stream (or failed); then fails with the write failure, if any. */
  async settled(): Promise<void> {
    if (!this.stream.destroyed && !this.stream.writableEnded)
      await new Promise<void>((resolve) => this.stream.write('', (err) => resolve(this.note(err))));
    this.note(this.stream.errored);
    if (this.failure) throw this.failure;
  }

  /** The error to report: the write failure, unless `err` already tells it. */
  explain(err: unknown): unknown {
    if (!this.failure || (err instanceof Error && err.message.startsWith(this.failure.message))) return err;
    return this.failure;
  }

  dispose(): void {
    this.stream.off('error', this.listener);
    watches.delete(this.stream);
  }

  private note(err: unknown): void {
    const code = (err as { code?: unknown } | null | undefined)?.code;
    if (!err || this.failure || code === 'EPIPE' || (typeof code === 'string' && AFTERMATH.has(code))) return;
    this.failure = new CliError(`cannot write output: ${errorWords(err)}`);
    this.controller.abort(this.failure);
  }
}

/** Waits for 'drain' after a write that returned false; a stream that failed never drains, so not for that. */
export async function drained(stream: Writable): Promise<void> {
  if (stream.destroyed || stream.errored) return;
  await once(stream, 'drain');
}

const watches = new WeakMap<Writable, OutputWatch>();

/** Starts watching a command's stdout; `outputWatchOf` finds the watch from the stream. */
export function watchOutput(stream: Writable): OutputWatch {
  const watch = new OutputWatch(stream);
  watches.set(stream, watch);
  return watch;
}

export function outputWatchOf(stream: Writable): OutputWatch | undefined {
  return watches.get(stream);
}
