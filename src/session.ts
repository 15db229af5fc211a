import type { Writable } from 'node:stream';
import type { Credential, CredentialRequest } from './auth/chain.ts';
import type { Context } from './context.ts';
import type { ApiClient, DryRunOptions } from './http/client.ts';
import type { DebugLog } from './http/redact.ts';
import type { OutputTarget } from './output/format.ts';
import type { JqOutput } from './output/jq.ts';
import { KEEP_LINES, safeForTerminal } from './output/terminal-text.ts';
import { KnownSecrets } from './secrets.ts';
import type { Settings } from './settings.ts';

/**
 * Everything a command needs for one run: the outside world (Context), the resolved global
 * options (Settings), and lazily built services. Nothing heavy loads until a command asks.
 */
export class Session {
  /** The outside world; under --jq, `prepare()` puts the jq filter in front of stdout. */
  ctx: Context;
  readonly settings: Settings;
  /** Secrets this run knows; masked in everything it prints. */
  readonly secrets: KnownSecrets;
  private client?: Promise<ApiClient>;
  private credentialPromise?: Promise<Credential>;
  private printedDryRun = false;

  /** Stands in for stdout under --jq. */
  private jqOutput?: JqOutput;

  constructor(ctx: Context, settings: Settings, secrets = new KnownSecrets()) {
    this.settings = settings;
    this.secrets = secrets;
    this.ctx = ctx;
  }

  /** Whether --dry-run printed the request the command would have sent (and so stopped it). */
  get dryRunPrinted(): boolean {
    return this.printedDryRun;
  }

  /** Before the command runs: a --jq expression that does not compile is a usage error. */
  async prepare(): Promise<void> {
    // A dry run prints curl commands, which no jq expression is written for.
    if (this.settings.jq === undefined || this.settings.dryRun) return;
    const { checkJqExpression, JqOutput } = await import('./output/jq.ts');
    await checkJqExpression(this.settings.jq);
    this.jqOutput = new JqOutput(this.settings.jq, this.ctx.io.stdout);
    this.ctx = { ...this.ctx, io: { ...this.ctx.io, stdout: this.jqOutput, isStdoutTTY: false } };
  }

  /** After the command printed everything: --jq filters what it held. */
  async finishOutput(): Promise<void> {
    await this.jqOutput?.finish();
  }

  get io() {
    return this.ctx.io;
  }

  /** Where data goes: stdout, in the chosen format, with known secrets masked. */
  get out(): OutputTarget {
    return {
      ...this.secretOut,
      write: (text) => this.ctx.io.stdout.write(this.secrets.mask(text)),
      drained: () => drained(this.ctx.io.stdout),
    };
  }

  /** Stdout unmasked, only for data that is itself the secret asked for (`auth token`). */
  get secretOut(): OutputTarget {
    return {
      format: this.settings.output,
      compact: this.settings.compact,
      color: this.settings.color,
      columns: this.ctx.io.columns,
      now: this.ctx.clock.now(),
      terminal: this.ctx.io.isStdoutTTY,
      write: (text) => this.ctx.io.stdout.write(text),
    };
  }

  /** Whether the user can be asked a question: stdin and stderr are terminals. */
  get canPrompt(): boolean {
    return this.ctx.io.isStdinTTY && this.ctx.io.isStderrTTY;
  }

  /** Whether stderr is a terminal a person watches for progress (not --json, not TERM=dumb). */
  get progressOnStderr(): boolean {
    return this.ctx.io.isStderrTTY && this.settings.output !== 'json' && this.ctx.env.TERM !== 'dumb';
  }

  /**
   * Whether live progress (spinners, bars) may be drawn on stderr while data streams to stdout: only
   * when stdout is a terminal too. Redrawing erases lines, and with stdout in a pipe to the same
   * screen (`| tee`) the lines erased could be the data. A command that writes nothing to stdout
   * while it draws may use `progressOnStderr` instead.
   */
  get showProgress(): boolean {
    return this.progressOnStderr && this.ctx.io.isStdoutTTY;
  }

  /**
   * A line for the user on stderr (notes, warnings, summaries). stderr is never data, so the text
   * (which may quote names, paths and messages from outside) has its controls made visible always.
   */
  note(line: string): void {
    this.ctx.io.stderr.write(`${safeForTerminal(this.secrets.mask(line), KEEP_LINES)}\n`);
  }

  /** A one-line warning on stderr, for code that has no Session (e.g. tightened file modes). */
  readonly warn = (line: string): void => this.note(line);

  readonly debug: DebugLog = (line, headers, body) => {
    if (!this.settings.debug) return;
    let text = `[debug] ${safeForTerminal(line)}\n`;
    for (const [name, value] of Object.entries(headers ?? {}))
      text += `[debug]   ${safeForTerminal(name)}: ${safeForTerminal(String(value))}\n`;
    if (body !== undefined) {
      text += '[debug]   body:\n';
      for (const bodyLine of body.split('\n')) text += `[debug]     ${safeForTerminal(bodyLine)}\n`;
    }
    this.ctx.io.stderr.write(this.secrets.mask(text));
  };

  /** What the credential chain looks at for this run. */
  credentialRequest(): CredentialRequest {
    return {
      configDir: this.settings.configDir,
      profile: this.settings.profile,
      env: this.ctx.env,
      apiKeyFlag: this.settings.apiKey,
      accountIdFlag: this.settings.accountId,
      clock: () => this.ctx.clock.now(),
      debug: this.settings.debug ? this.debug : undefined,
      warn: this.warn,
      timeoutMs: this.settings.timeoutMs,
      onSecret: (secret) => this.secrets.add(secret),
    };
  }

  /** The credential the chain picks for this run (resolved once). */
  credential(): Promise<Credential> {
    this.credentialPromise ??= import('./auth/chain.ts').then(({ resolveCredential }) =>
      resolveCredential(this.credentialRequest()),
    );
    return this.credentialPromise;
  }

  /** The API client, built on first use (loads undici only then). */
  api(): Promise<ApiClient> {
    this.client ??= this.buildClient();
    return this.client;
  }

  async close(): Promise<void> {
    if (this.client) await (await this.client.catch(() => undefined))?.close();
  }

  private async buildClient(): Promise<ApiClient> {
    if (this.settings.dryRun) return this.buildDryRunClient();
    const [{ ApiClient }, { canRefresh, credentialHeaders }, credential] = await Promise.all([
      import('./http/client.ts'),
      import('./auth/chain.ts'),
      this.credential(),
    ]);
    return new ApiClient({
      baseUrl: this.settings.baseUrl,
      auth: (options) => credentialHeaders(credential, options),
      canRefreshAuth: canRefresh(credential),
      accountId: credential.kind === 'bearer' ? credential.accountId : undefined,
      apiVersion: this.settings.apiVersion,
      timeoutMs: this.settings.timeoutMs,
      clock: this.ctx.clock,
      debug: this.settings.debug ? this.debug : undefined,
      retry: retryOverrides(this.ctx.env),
    });
  }

  /**
   * A client that prints curl commands: the chain picks a credential without reading a token
   * cache, refreshing or sending anything, and the command shows where the secret comes from.
   */
  private async buildDryRunClient(): Promise<ApiClient> {
    const [{ ApiClient }, { pickCredential }, { curlCredentialFor }] = await Promise.all([
      import('./http/client.ts'),
      import('./auth/chain.ts'),
      import('./auth/curl-credential.ts'),
    ]);
    const pick = await pickCredential(this.credentialRequest());
    const dryRun: DryRunOptions = {
      ...curlCredentialFor(pick, this.settings.profile),
      print: (command) => {
        this.printedDryRun = true;
        this.ctx.io.stdout.write(this.secrets.mask(command));
      },
    };
    return new ApiClient({
      baseUrl: this.settings.baseUrl,
      auth: () => Promise.reject(new Error('a dry run sends no credential')),
      apiVersion: this.settings.apiVersion,
      clock: this.ctx.clock,
      dryRun,
    });
  }
}

/** SECLAI_RETRY_BASE_MS shortens backoff (tests and impatient CI); the policy stays the same. */
function retryOverrides(env: Record<string, string | undefined>) {
  const base = Number(env.SECLAI_RETRY_BASE_MS);
  return Number.isFinite(base) && base > 0 ? { baseDelayMs: base } : undefined;
}

/** Waits for a full stream to drain (or to end: a closed pipe must not hang the command). */
function drained(stream: Writable): Promise<void> | undefined {
  if (!stream.writableNeedDrain) return undefined;
  return new Promise((resolve) => {
    const done = () => {
      for (const event of ['drain', 'close', 'error']) stream.off(event, done);
      resolve();
    };
    for (const event of ['drain', 'close', 'error']) stream.once(event, done);
  });
}
