// `--jq <expression>`: real jq (jq compiled to WebAssembly, loaded only when --jq is given) over
// what a command prints as JSON. One document is filtered once, when the command ends; JSON
// lines (streamed run events) are filtered one by one as they come.
import { Writable } from 'node:stream';
import { CliError, ExitCode, UsageError } from '../errors.ts';
import { keepWebAssemblyBaseline } from '../v8-flags.ts';

type JqRaw = (data: string, filter: string, flags?: string[]) => Promise<string>;

let loaded: Promise<JqRaw> | undefined;
function jq(): Promise<JqRaw> {
  // jq's WebAssembly stays in V8's baseline compiler, as undici's does (see src/v8-flags.ts).
  keepWebAssemblyBaseline();
  loaded ??= import('jq-wasm').then((module) => module.raw);
  return loaded;
}

/** jq's own words, without the wrapper's prefix. */
function jqMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text
    .replace(/^Failed to execute raw query: /, '')
    .replace(/^jq: /, '')
    .trim();
}

/**
 * Checks that an expression compiles, without running it: jq compiles `empty | <expression>` whole,
 * and `empty` leaves the expression nothing to run on. A syntax error is a usage error, before any
 * request is sent, in jq's own words and with its line counted in the expression as given.
 */
export async function checkJqExpression(expression: string): Promise<void> {
  const run = await jq();
  try {
    await run('null', `empty | ${expression}`);
  } catch (err) {
    const first = jqMessage(err)
      .split('\n')[0]
      .replace(/^error: /, '')
      .replace(/:$/, '');
    throw new UsageError(`--jq: ${first}`);
  }
}

/** Applies the expression to one JSON text: strings raw (as jq -r), other values as one-line JSON. */
async function applyJq(expression: string, json: string): Promise<string> {
  try {
    return await (await jq())(json, expression, ['-r', '-c']);
  } catch (err) {
    throw new CliError(`--jq: ${jqMessage(err).split('\n')[0]}`, ExitCode.failure);
  }
}

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/**
 * Stands in for stdout under --jq: whole lines that are JSON on their own are filtered as they
 * arrive; anything else is held and filtered as one document by `finish()`.
 */
export class JqOutput extends Writable {
  private held = '';
  /** A jq error on a line: later output is dropped, and finish() reports it. */
  private failure?: unknown;
  private readonly expression: string;
  private readonly target: Writable;

  constructor(expression: string, target: Writable) {
    super({ decodeStrings: false });
    this.expression = expression;
    this.target = target;
  }

  override _write(
    chunk: Buffer | string,
    _encoding: BufferEncoding,
    done: (error?: Error | null) => void,
  ): void {
    if (this.failure) {
      done();
      return;
    }
    this.held += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    this.filterLines().then(
      () => done(),
      (err: unknown) => {
        this.failure = err;
        done();
      },
    );
  }

  private async filterLines(): Promise<void> {
    // Only while everything held so far is JSON lines: a pretty document's first line is not.
    for (let end = this.held.indexOf('\n'); end >= 0; end = this.held.indexOf('\n')) {
      const line = this.held.slice(0, end);
      if (line.trim() === '' || !parses(line)) return;
      this.held = this.held.slice(end + 1);
      await this.print(await applyJq(this.expression, line));
    }
  }

  private async print(text: string): Promise<void> {
    if (text === '') return;
    const out = text.endsWith('\n') ? text : `${text}\n`;
    if (!this.target.write(out)) await new Promise((resolve) => this.target.once('drain', resolve));
  }

  /** Filters what is held as one JSON document; call once the command has printed everything. */
  async finish(): Promise<void> {
    await new Promise<void>((resolve) => this.end(resolve));
    if (this.failure) throw this.failure;
    const rest = this.held.trim();
    this.held = '';
    if (rest === '') return;
    if (!parses(rest)) throw new CliError('--jq: the output was not JSON', ExitCode.failure);
    await this.print(await applyJq(this.expression, rest));
  }
}
