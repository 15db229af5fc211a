import type { Context } from '../../context.ts';
import { InterruptedError } from '../../errors.ts';

export type StopReason = 'interrupt' | 'timeout' | 'output';

/** Why waiting on a run stopped early: the first Ctrl-C, --timeout, or stdout that cannot be written. */
export class RunStopped extends Error {
  readonly reason: StopReason;
  constructor(reason: StopReason) {
    super({ interrupt: 'interrupted', timeout: 'timed out', output: 'output failed' }[reason]);
    this.name = 'RunStopped';
    this.reason = reason;
  }
}

export interface RunControlOptions {
  /** --timeout: bounds the whole wait, from start to a terminal status. */
  timeoutMs?: number;
  /** Aborted when stdout cannot be written: the wait stops as on the first Ctrl-C. */
  outputFailed?: AbortSignal;
  /** Told about the first Ctrl-C, e.g. to say what happens next. */
  onFirstInterrupt?: (runId: string | undefined) => void;
}

/**
 * What may cut a wait on a run short. The first Ctrl-C stops the wait once the run id is known
 * (so the run can be cancelled); --timeout stops it at the deadline; a second Ctrl-C ends
 * everything at once: `race` rejects and every request is aborted.
 */
export class RunControl {
  runId?: string;
  private readonly soft = new AbortController();
  private readonly hard = new AbortController();
  /** Aborts requests and reads that wait on the run. */
  readonly signal: AbortSignal;
  private readonly hardStop: Promise<never>;
  private rejectHardStop: (err: Error) => void = () => {};
  private interrupts = 0;
  private pendingStop?: StopReason;
  private readonly timer?: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private readonly options: RunControlOptions;

  constructor(ctx: Context, options: RunControlOptions = {}) {
    this.options = options;
    this.signal = AbortSignal.any([this.soft.signal, this.hard.signal]);
    this.hardStop = new Promise<never>((_, reject) => {
      this.rejectHardStop = reject;
    });
    this.hardStop.catch(() => {});
    this.unsubscribe = ctx.onInterrupt(() => this.interrupt());
    if (options.outputFailed?.aborted) this.stopOnceStarted('output');
    else
      options.outputFailed?.addEventListener('abort', () => this.stopOnceStarted('output'), { once: true });
    if (options.timeoutMs !== undefined) {
      this.timer = setTimeout(() => this.stop('timeout'), options.timeoutMs);
      this.timer.unref();
    }
  }

  /** Aborted only by a second Ctrl-C: for the clean-up after the first (cancelling the run). */
  get hardSignal(): AbortSignal {
    return this.hard.signal;
  }

  get stopReason(): StopReason | undefined {
    const reason = this.soft.signal.reason;
    return reason instanceof RunStopped ? reason.reason : undefined;
  }

  /** The run exists on the server now; a Ctrl-C that came before takes effect. */
  started(runId: string): void {
    this.runId = runId;
    if (this.pendingStop) this.stop(this.pendingStop);
  }

  /** Settles like `work`, unless a second Ctrl-C comes first. */
  race<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.hardStop]);
  }

  release(): void {
    clearTimeout(this.timer);
    this.unsubscribe();
  }

  private interrupt(): void {
    this.interrupts++;
    if (this.interrupts > 1) {
      const left = this.runId ? `; run ${this.runId} may still be running` : '';
      this.hard.abort(new RunStopped('interrupt'));
      this.rejectHardStop(new InterruptedError(`interrupted${left}`));
      return;
    }
    this.options.onFirstInterrupt?.(this.runId);
    this.stopOnceStarted('interrupt');
  }

  /** Stops now when the run exists (so it can be cancelled), else as soon as it does. */
  private stopOnceStarted(reason: StopReason): void {
    if (this.runId) this.stop(reason);
    else this.pendingStop ??= reason;
  }

  private stop(reason: StopReason): void {
    if (!this.soft.signal.aborted) this.soft.abort(new RunStopped(reason));
  }
}
