import { clearLine, cursorTo, moveCursor } from 'node:readline';
import type { Writable } from 'node:stream';
import { formatElapsed } from './durations.ts';
import { type OutputTarget, printJson } from './format.ts';
import { StreamedText } from './streamed-text.ts';
import { KEEP_LAYOUT, KEEP_LINES, safeForTerminal } from './terminal-text.ts';
import { drained } from './write-failure.ts';

/** How a run ended, as the view reports it. */
export interface RunOutcome {
  run: Record<string, unknown>;
  runId: string;
  status: string;
  output?: string | null;
  credits?: number | null;
  /** Duration to report: the server's when it gave one, else the time watched. */
  seconds?: number;
  /** `done`: the stream's own last event; `poll`: fetched after the stream gave up; `json`: the start answer. */
  source: 'done' | 'poll' | 'json';
}

/**
 * What a command shows while it follows a run. The text view writes tokens to stdout as they
 * arrive and draws a spinner on stderr; the event view prints NDJSON; the final view prints the
 * finished run as one JSON document.
 */
export interface RunView {
  /** Every stream event as received (only the event view prints them). */
  received(name: string, data: unknown, rawData: string): void;
  runStarted(runId: string): void;
  /** What the run is doing now: a step, a status. */
  progress(label: string): void;
  /** A line worth showing a person watching live (an unknown event). */
  info(line: string): void;
  /** A line always shown on stderr (the stream dropped, ...). */
  warn(line: string): void;
  token(text: string): void;
  tokensEnded(): void;
  /** Writes what the last network chunk produced, in one write; waits while stdout is full. */
  flush(): Promise<void>;
  resumed(runId: string, reason: string): void;
  finished(outcome: RunOutcome): Promise<void>;
  /** Removes the spinner and stops timers; safe to call more than once. */
  stop(): void;
}

export interface TextViewOptions {
  stdout: Writable;
  stderr: Writable;
  stdoutTTY: boolean;
  /** stderr is a terminal: a note that comes while the answer is mid-line starts a line of its own. */
  stderrTTY?: boolean;
  /** Draw a spinner on stderr (stdout and stderr terminals, not --json, not TERM=dumb). */
  spinner: boolean;
  color: boolean;
  now: () => number;
}

const TICK_MS = 250;
const C0_CONTROL = /[\x00-\x1f]/;

/**
 * Tokens straight to stdout, steps on an ora spinner on stderr, a summary line at the end.
 * A terminal shows the answer's line breaks and tabs but no other control character; a pipe gets
 * the answer byte for byte. Lines and the spinner on stderr show every control as an escape.
 * A token costs one string append; each network chunk's tokens go out in one write, and nothing
 * printed is ever drawn again or kept (only its length and checksum, see StreamedText). When
 * stdout and stderr are the same terminal the spinner steps aside while tokens stream, since
 * redrawing it would erase the half-written answer line.
 */
export class TextRunView implements RunView {
  private readonly options: TextViewOptions;
  private readonly started: number;
  private spinner?: import('ora').Ora;
  private ticker?: NodeJS.Timeout;
  private label = 'starting run';
  private runId?: string;
  private pending = '';
  private readonly printed = new StreamedText();
  private tokenCount = 0;
  private lastChar = '\n';
  /** The answer stopped mid-line and no line break followed it on the screen yet. */
  private midLine = false;
  /** Tokens are mid-line on the terminal the spinner would draw on. */
  private spinnerAside = false;
  private segmentEnded = false;
  private readonly heldLines: string[] = [];
  private wasResumed = false;
  private stopped = false;

  constructor(options: TextViewOptions) {
    this.options = options;
    this.started = options.now();
  }

  /** Loads ora and starts the spinner, when there is one to draw. */
  async start(): Promise<void> {
    if (!this.options.spinner) return;
    const { default: ora } = await import('ora');
    this.spinner = ora({
      stream: spinnerStream(this.options.stderr),
      isEnabled: true,
      discardStdin: false,
      hideCursor: false,
      text: this.spinnerText(),
    }).start();
    this.ticker = setInterval(() => this.refresh(), TICK_MS);
    this.ticker.unref();
  }

  received(): void {}

  runStarted(runId: string): void {
    this.runId = runId;
    this.progress('run started');
  }

  progress(label: string): void {
    this.label = label;
    this.refresh();
  }

  info(line: string): void {
    if (!this.spinner && !this.options.stderrTTY) return;
    this.line(line);
  }

  warn(line: string): void {
    this.line(line);
  }

  token(text: string): void {
    this.pending += text;
    this.tokenCount++;
  }

  tokensEnded(): void {
    this.segmentEnded = true;
  }

  async flush(): Promise<void> {
    if (this.pending !== '') {
      const text = this.pending;
      this.pending = '';
      if (this.spinner?.isSpinning && this.options.stdoutTTY) {
        this.spinner.stop();
        this.spinnerAside = true;
      }
      this.printed.add(text);
      this.lastChar = text[text.length - 1];
      this.midLine = this.lastChar !== '\n';
      if (!this.options.stdout.write(this.answerText(text))) await drained(this.options.stdout);
    }
    if (this.segmentEnded) this.endSegment();
  }

  /** A token stream ended: the spinner may come back, on a line of its own. */
  private endSegment(): void {
    this.segmentEnded = false;
    if (!this.spinnerAside) return;
    this.spinnerAside = false;
    if (this.lastChar !== '\n') this.write(this.options.stdout, '\n');
    this.lastChar = '\n';
    this.midLine = false;
    for (const line of this.heldLines.splice(0)) this.options.stderr.write(`${line}\n`);
    if (!this.stopped) this.spinner?.start();
  }

  resumed(): void {
    this.wasResumed = true;
    this.label = 'following the run';
    this.refresh();
  }

  async finished(outcome: RunOutcome): Promise<void> {
    await this.flush();
    this.halt(false);
    const output = typeof outcome.output === 'string' ? outcome.output : '';
    if (this.printed.length === 0) {
      if (output) this.write(this.options.stdout, this.answerText(output));
      this.lastChar = output ? output[output.length - 1] : '\n';
    } else if (this.wasResumed && output) {
      if (this.printed.isPrefixOf(output)) {
        const rest = output.slice(this.printed.length);
        if (rest) this.write(this.options.stdout, this.answerText(rest));
        if (rest) this.lastChar = rest[rest.length - 1];
      } else {
        if (this.lastChar !== '\n') this.write(this.options.stdout, '\n');
        this.options.stderr.write('The final output differs from what was streamed; here it is in full:\n');
        this.write(this.options.stdout, this.answerText(output));
        this.lastChar = output[output.length - 1];
      }
    }
    if (this.lastChar !== '\n') this.write(this.options.stdout, '\n');
    this.options.stderr.write(`${this.summary(outcome)}\n`);
  }

  /** Stopped before the end (Ctrl-C, a failure): what stderr says next starts a line of its own. */
  stop(): void {
    this.halt(true);
  }

  private halt(early: boolean): void {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.ticker);
    if (this.spinner?.isSpinning) this.spinner.stop();
    if (early || this.heldLines.length > 0) this.breakAnswerLine();
    for (const line of this.heldLines.splice(0)) this.options.stderr.write(`${line}\n`);
  }

  /** Ends the half-written answer line on the screen, so what stderr says next starts a line. */
  private breakAnswerLine(): void {
    if (!this.midLine) return;
    this.midLine = false;
    if (this.options.stderrTTY) this.options.stderr.write('\n');
  }

  /** Answer text as stdout may show it. */
  private answerText(text: string): string {
    return this.options.stdoutTTY ? safeForTerminal(text, KEEP_LAYOUT) : text;
  }

  private line(text: string): void {
    const shown = safeForTerminal(text);
    if (this.spinnerAside) {
      this.heldLines.push(shown);
      return;
    }
    this.spinner?.clear();
    this.breakAnswerLine();
    this.options.stderr.write(`${shown}\n`);
    if (this.spinner?.isSpinning) this.spinner.render();
  }

  private write(stream: Writable, text: string): void {
    stream.write(text);
  }

  private refresh(): void {
    if (this.spinner && !this.stopped) this.spinner.text = this.spinnerText();
  }

  private spinnerText(): string {
    const parts = [this.label];
    if (this.tokenCount > 0 && !this.options.stdoutTTY) parts.push(`${this.tokenCount} tokens`);
    parts.push(formatElapsed(this.options.now() - this.started));
    if (this.runId) parts.push(`run ${this.runId}`);
    // One line, always: ora clears as many lines as it thinks it drew.
    const width = ((this.options.stderr as { columns?: number }).columns || 80) - 3;
    const text = safeForTerminal(parts.join(' · '));
    return text.length > width ? `${text.slice(0, width - 1)}…` : text;
  }

  private summary(outcome: RunOutcome): string {
    const ok = outcome.status === 'completed';
    const seconds = outcome.seconds ?? (this.options.now() - this.started) / 1000;
    const parts = [`${outcome.status} ${ok ? 'in' : 'after'} ${formatElapsed(seconds * 1000)}`];
    if (typeof outcome.credits === 'number') parts.push(`${formatCredits(outcome.credits)} credits`);
    parts.push(`run ${outcome.runId}`);
    const text = safeForTerminal(parts.join(' · '));
    if (!this.options.color) return text;
    return ok ? `\x1b[32m✔\x1b[39m ${text}` : `\x1b[31m✖\x1b[39m ${text}`;
  }
}

/**
 * `--json` while streaming: one `{"event", "data"}` line per event, written as each chunk arrives.
 * On a terminal the characters JSON may carry raw (C1, bidi) are shown as `\u` escapes.
 */
export class EventRunView implements RunView {
  private readonly stdout: Writable;
  private readonly stderr: Writable;
  private readonly terminal: boolean;
  private lines: string[] = [];
  /** `--event-filter`: the events to print (all when absent). */
  private readonly keep: (name: string) => boolean;

  constructor(
    stdout: Writable,
    stderr: Writable,
    terminal = false,
    keep: (name: string) => boolean = () => true,
  ) {
    this.stdout = stdout;
    this.stderr = stderr;
    this.terminal = terminal;
    this.keep = keep;
  }

  received(name: string, data: unknown, rawData: string): void {
    if (!this.keep(name)) return;
    // The server's own JSON goes out as sent unless it holds a control character: a line break
    // would split the line, and a raw ESC (which a lenient token reader lets through) is no JSON.
    const json = typeof data === 'string' || C0_CONTROL.test(rawData) ? JSON.stringify(data) : rawData;
    this.lines.push(`{"event":${JSON.stringify(name)},"data":${json}}\n`);
  }

  runStarted(): void {}
  progress(): void {}
  info(): void {}
  token(): void {}
  tokensEnded(): void {}

  warn(line: string): void {
    this.stderr.write(`${safeForTerminal(line)}\n`);
  }

  async flush(): Promise<void> {
    if (this.lines.length === 0) return;
    const joined = this.lines.join('');
    const text = this.terminal ? safeForTerminal(joined, KEEP_LINES) : joined;
    this.lines = [];
    if (!this.stdout.write(text)) await drained(this.stdout);
  }

  resumed(runId: string, reason: string): void {
    if (this.keep('resumed'))
      this.lines.push(`${JSON.stringify({ event: 'resumed', data: { run_id: runId, reason } })}\n`);
  }

  async finished(outcome: RunOutcome): Promise<void> {
    if (outcome.source !== 'done' && this.keep('done'))
      this.lines.push(`${JSON.stringify({ event: 'done', data: outcome.run })}\n`);
    await this.flush();
  }

  stop(): void {}
}

/** `--json` while waiting: nothing until the end, then the finished run as one JSON document. */
export class FinalJsonRunView implements RunView {
  private readonly out: Pick<OutputTarget, 'write' | 'terminal' | 'compact'>;
  private readonly stderr: Writable;

  /** `out` is the session's stdout target: secrets masked, `--compact` and terminal escapes honoured. */
  constructor(out: Pick<OutputTarget, 'write' | 'terminal' | 'compact'>, stderr: Writable) {
    this.out = out;
    this.stderr = stderr;
  }

  received(): void {}
  runStarted(): void {}
  progress(): void {}
  info(): void {}
  token(): void {}
  tokensEnded(): void {}
  async flush(): Promise<void> {}
  resumed(): void {}

  warn(line: string): void {
    this.stderr.write(`${safeForTerminal(line)}\n`);
  }

  async finished(outcome: RunOutcome): Promise<void> {
    printJson(this.out, outcome.run);
  }

  stop(): void {}
}

/**
 * The terminal as ora sees it: stderr with a usable width (a pty nobody sized, as under `script`,
 * reports 0 columns, and ora would count endless lines to clear), and an object of its own, so
 * ora's write hook never wraps stderr's `write` twice.
 */
function spinnerStream(stderr: Writable): NodeJS.WritableStream {
  const tty = stderr as Writable & { columns?: number; rows?: number };
  return {
    isTTY: true,
    get columns() {
      return tty.columns || 80;
    },
    get rows() {
      return tty.rows;
    },
    write: (chunk: string | Uint8Array) => stderr.write(chunk),
    cursorTo: (x: number) => cursorTo(stderr, x),
    moveCursor: (dx: number, dy: number) => moveCursor(stderr, dx, dy),
    clearLine: (direction: -1 | 0 | 1) => clearLine(stderr, direction),
    once: (event: string, listener: () => void) => stderr.once(event, listener),
    off: (event: string, listener: () => void) => stderr.off(event, listener),
    removeListener: (event: string, listener: () => void) => stderr.removeListener(event, listener),
  } as unknown as NodeJS.WritableStream;
}

function formatCredits(credits: number): string {
  return Number.isInteger(credits) ? String(credits) : String(Number(credits.toFixed(4)));
}
