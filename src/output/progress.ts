import type { Writable } from 'node:stream';
import { safeForTerminal } from './terminal-text.ts';

/** What a transfer reports: the caller decides when to start, move and end each item. */
export interface TransferProgress {
  /** An item starts (or starts again after a retry: its bytes go back to zero). */
  start(id: string, label: string, total: number): void;
  update(id: string, bytes: number): void;
  /** The item is over, done or not; its bytes count toward the total when `done`. */
  finish(id: string, done: boolean): void;
  /** Writes a line above the bars (or just the line when nothing is drawn). */
  log(stream: Writable, line: string): void;
  /** Removes the bars for good. */
  stop(): void;
}

export interface ProgressOptions {
  stream: Writable;
  now: () => number;
  columns?: number;
  /** Items expected in all; the overall line counts finished ones against it. */
  totalItems: number;
  totalBytes: number;
  /** Minimum milliseconds between redraws. */
  intervalMs?: number;
}

/** Progress that draws nothing: not a terminal, or `--json`. Lines still reach their stream. */
export const silentProgress: TransferProgress = {
  start() {},
  update() {},
  finish() {},
  log(stream, line) {
    stream.write(`${line}\n`);
  },
  stop() {},
};

interface Item {
  label: string;
  total: number;
  bytes: number;
}

/**
 * Bars on a terminal: one per item in flight and an overall line with bytes, rate and ETA.
 * Redraws at most every `intervalMs` (and on a timer, so a stalled transfer still ticks).
 */
export class TerminalProgress implements TransferProgress {
  private readonly options: Required<Omit<ProgressOptions, 'columns'>> & { columns: number };
  private readonly inFlight = new Map<string, Item>();
  private readonly started: number;
  private doneItems = 0;
  private doneBytes = 0;
  private drawnLines = 0;
  private lastDraw = 0;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(options: ProgressOptions) {
    this.options = { intervalMs: 100, ...options, columns: Math.max(40, options.columns ?? 80) };
    this.started = options.now();
    this.timer = setInterval(() => this.draw(true), 250);
    this.timer.unref();
  }

  start(id: string, label: string, total: number): void {
    this.inFlight.set(id, { label, total, bytes: 0 });
    this.draw(true);
  }

  update(id: string, bytes: number): void {
    const item = this.inFlight.get(id);
    if (!item) return;
    item.bytes = bytes;
    this.draw(false);
  }

  finish(id: string, done: boolean): void {
    const item = this.inFlight.get(id);
    this.inFlight.delete(id);
    this.doneItems++;
    if (item && done) this.doneBytes += item.total;
    this.draw(true);
  }

  log(stream: Writable, line: string): void {
    this.clear();
    stream.write(`${line}\n`);
    this.draw(true);
  }

  stop(): void {
    if (this.stopped) return;
    this.clear();
    this.stopped = true;
    clearInterval(this.timer);
  }

  private draw(force: boolean): void {
    if (this.stopped) return;
    const now = this.options.now();
    if (!force && now - this.lastDraw < this.options.intervalMs) return;
    this.lastDraw = now;
    const lines = [...this.inFlight.values()].map((item) => this.itemLine(item));
    lines.push(this.overallLine(now));
    this.options.stream.write(`${this.erase()}${lines.join('\n')}\n`);
    this.drawnLines = lines.length;
  }

  private clear(): void {
    if (this.stopped || this.drawnLines === 0) return;
    this.options.stream.write(this.erase());
    this.drawnLines = 0;
  }

  /** Moves to the first drawn line and clears everything below it. */
  private erase(): string {
    return this.drawnLines > 0 ? `\x1b[${this.drawnLines}F\x1b[J` : '';
  }

  private itemLine(item: Item): string {
    const percent = item.total > 0 ? item.bytes / item.total : 1;
    const figures = `${Math.floor(percent * 100)
      .toString()
      .padStart(3)}%  ${formatBytes(item.bytes)}/${formatBytes(item.total)}`;
    const barWidth = Math.min(30, Math.max(10, this.options.columns - figures.length - 30));
    const labelWidth = Math.max(10, this.options.columns - barWidth - figures.length - 6);
    return `${fitToWidth(safeForTerminal(item.label), labelWidth)}  ${bar(percent, barWidth)}  ${figures}`;
  }

  private overallLine(now: number): string {
    const sentNow = this.doneBytes + [...this.inFlight.values()].reduce((sum, item) => sum + item.bytes, 0);
    const elapsed = (now - this.started) / 1000;
    const rate = elapsed > 0.2 ? sentNow / elapsed : 0;
    const remaining = Math.max(0, this.options.totalBytes - sentNow);
    const eta = rate > 0 ? formatDuration(remaining / rate) : '--:--';
    return (
      `${this.doneItems}/${this.options.totalItems} files  ` +
      `${formatBytes(sentNow)}/${formatBytes(this.options.totalBytes)}  ` +
      `${formatBytes(rate)}/s  ETA ${eta}`
    );
  }
}

/** Bars when the session may draw them, otherwise nothing. */
export function createProgress(enabled: boolean, options: ProgressOptions): TransferProgress {
  return enabled ? new TerminalProgress(options) : silentProgress;
}

function bar(fraction: number, width: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

function fitToWidth(text: string, width: number): string {
  if (text.length <= width) return text.padEnd(width);
  return `…${text.slice(text.length - width + 1)}`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatDuration(seconds: number): string {
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}
