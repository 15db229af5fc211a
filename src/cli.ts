import { Command, CommanderError, Option } from 'commander';
import { catalogFor, narrowToNamedCommand } from './catalog/by-word.ts';
import { attributeName, longFlag, parseOptionValue } from './catalog/input.ts';
import { optionHelp } from './catalog/option-help.ts';
import { MAX_PARALLEL_HELP } from './catalog/paging-flags.ts';
import type { CommandSpec, GroupSpec, HandlerInput } from './catalog/types.ts';
import { firstCommandWordIndex } from './command-word.ts';
import type { Context } from './context.ts';
import { DRY_RUN_HELP } from './docs/global-options.ts';
import { errorWords } from './error-words.ts';
import { CliError, ExitCode, UsageError } from './errors.ts';
import { checkPathParam } from './http/api-path.ts';
import { translateOfficialFlags } from './official-flags.ts';
import { KEEP_LINES, safeForTerminal } from './output/terminal-text.ts';
import { watchOutput } from './output/write-failure.ts';
import { KnownSecrets } from './secrets.ts';
import { Session } from './session.ts';
import { type GlobalOptions, resolveSettings } from './settings.ts';
import { groupTopLevelCommands, TOP_LEVEL_EXAMPLES } from './top-level-help.ts';
import { VERSION } from './version.ts';

export const EXIT_CODES_HELP = `Exit codes:
  0    success
  1    failure: API error, network error, a run that ended failed
  2    usage: bad flag, argument, JSON or file (nothing was sent)
  4    authentication needed or rejected
  130  interrupted (Ctrl-C)`;

export const ENVIRONMENT_HELP = `Environment:
  SECLAI_API_KEY         API key (after --api-key in the credential chain)
  SECLAI_ACCESS_TOKEN    a static bearer token (after SECLAI_API_KEY)
  SECLAI_API_URL         API base URL (default https://api.seclai.com)
  SECLAI_PROFILE         profile in the config file (default "default")
  SECLAI_CONFIG_DIR      config directory (default ~/.seclai)
  SECLAI_API_VERSION     Seclai-Version header, YYYY-MM-DD
  SECLAI_STREAM_IDLE_TIMEOUT
                         a run stream silent this long is followed by polling (default 120s)
  SECLAI_SSO_DOMAIN, SECLAI_SSO_CLIENT_ID, SECLAI_SSO_REGION
                         SSO settings, over the config file
  SECLAI_NO_KEYCHAIN=1   never use the OS keychain
  XDG_CACHE_HOME         where the code cache goes (default ~/.cache)
  NODE_DISABLE_COMPILE_CACHE=1
                         keep no code cache
  BROWSER                command that opens the sign-in page
  NO_COLOR, FORCE_COLOR  turn colour off or on`;

export interface RunHooks {
  /** Called with the command's words ("sources upload") once its handler is about to run. */
  onCommand?: (path: string) => void;
  /**
   * The process ends as soon as the run returns (the binary): its connections close with it, so
   * the run leaves them open rather than spend ~2 ms of undici's teardown on them.
   */
  processEnds?: boolean;
}

/** Runs one command line (without `node` and the script) and returns the exit code. */
export async function run(argv: string[], ctx: Context, hooks: RunHooks = {}): Promise<number> {
  const secrets = new KnownSecrets();
  secrets.add(ctx.env.SECLAI_API_KEY, ctx.env.SECLAI_ACCESS_TOKEN);
  const state: RunState = { exitCode: ExitCode.ok, hooks, secrets };
  const line = helpWordAsFlag(argv);
  const program = await buildProgram(ctx, state, line);
  const output = watchOutput(ctx.io.stdout);
  try {
    await program.parseAsync(translateOfficialFlags(line), { from: 'user' });
    await output.settled();
  } catch (err) {
    state.exitCode = reportError(output.explain(err), ctx, state);
  } finally {
    output.dispose();
    if (!hooks.processEnds) await state.session?.close();
  }
  return state.exitCode;
}

interface RunState {
  exitCode: number;
  session?: Session;
  hooks: RunHooks;
  /** Masked in every line this run prints. */
  secrets: KnownSecrets;
}

/**
 * `seclai help agents run` as `seclai agents run --help`: commander's own help command reads
 * only one word, so it would show the help of `agents`.
 */
export function helpWordAsFlag(argv: string[]): string[] {
  const index = firstCommandWordIndex(argv);
  if (index === undefined || argv[index] !== 'help' || argv[index - 1] === '--') return argv;
  return [...argv.slice(0, index), ...argv.slice(index + 1), '--help'];
}

/** The last lines of every command's and group's help. */
export const GLOBAL_OPTIONS_POINTER =
  'Global options (--json, --output, --profile, --api-key, --timeout, --debug, ...) work with every\ncommand: see "seclai --help".';

/**
 * The part of the catalog a command line can reach: one top-level word's subtree when the word
 * names one (start-up then loads and builds a few commands, not hundreds), or only the command
 * the next word names (see narrowToNamedCommand), else the top-level words alone: all that
 * top-level help and commander's "did you mean" read.
 */
async function reachable(argv: string[]): Promise<{ groups: GroupSpec[]; commands: CommandSpec[] }> {
  const index = firstCommandWordIndex(argv);
  if (index !== undefined) {
    const part = await catalogFor(argv[index]);
    if (part) return narrowToNamedCommand(part, argv[index + 1]);
  }
  const { topLevelGroups, TOP_LEVEL_COMMAND_WORDS } = await import('./catalog/top-level.ts');
  const rows = await Promise.all(TOP_LEVEL_COMMAND_WORDS.map(catalogFor));
  const commands = rows.flatMap((each) => each?.commands ?? []).filter((row) => row.path.length === 1);
  return { groups: topLevelGroups, commands };
}

async function buildProgram(ctx: Context, state: RunState, argv: string[]): Promise<Command> {
  const program = new Command('seclai')
    .description('Operate a Seclai account from the shell: agents, runs, knowledge bases, sources and more.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('--json', 'print JSON (same as --output json)')
    .option('--compact', 'print JSON on one line (implies --json)')
    .option('--jq <expression>', 'filter JSON output with a jq expression (implies --json)')
    .addOption(new Option('-o, --output <format>', 'output format: table, json or tsv'))
    .option('--api-key <key>', 'API key (overrides SECLAI_API_KEY and stored credentials)')
    .option('--profile <name>', 'config profile (default: SECLAI_PROFILE or "default")')
    .option('--account-id <uuid>', 'act on another organization account (SSO sign-in only)')
    .option('--config-dir <dir>', 'config directory (default: SECLAI_CONFIG_DIR or ~/.seclai)')
    .option('--api-version <date>', 'Seclai-Version to send, YYYY-MM-DD')
    .option('--allow-unknown-api-version', 'send an API version this CLI does not know')
    .option(
      '--timeout <duration>',
      'time limit, e.g. 30s or 5m, at most 596h (per request; whole wait for runs, logins and --wait)',
    )
    .option('--no-color', 'turn off colour')
    .option('--debug', 'trace HTTP requests and their bodies to stderr (secrets redacted)')
    .option('--dry-run', DRY_RUN_HELP)
    .helpCommand('help [command...]', 'show the help of a command, e.g. help agents run')
    .showSuggestionAfterError(true)
    .addHelpText('after', `\n${TOP_LEVEL_EXAMPLES}\n\n${ENVIRONMENT_HELP}\n\n${EXIT_CODES_HELP}\n`);
  configure(program, ctx, state.secrets);

  const tree = await reachable(argv);
  const rowPaths = new Set(tree.commands.map((spec) => spec.path.join(' ')));
  const parents = new Map<string, Command>([['', program]]);
  for (const group of tree.groups) {
    const parent = parents.get(group.path.slice(0, -1).join(' '));
    if (!parent) throw new Error(`group ${group.path.join(' ')} declared before its parent`);
    const command = parent.command(group.path[group.path.length - 1]).description(group.summary);
    if (group.aliases) command.aliases(group.aliases);
    configure(command, ctx, state.secrets);
    // A group with a row of its own gets that row's help text, pointer included.
    if (!rowPaths.has(group.path.join(' '))) command.addHelpText('after', `\n${GLOBAL_OPTIONS_POINTER}\n`);
    parents.set(group.path.join(' '), command);
  }
  for (const spec of tree.commands) {
    // A row named like a group is the group's own action (`solutions link <id> --agents …`)
    // beside its subcommands (`solutions link agents <id> --id …`).
    const own = parents.get(spec.path.join(' '));
    if (own) {
      defineCommand(own, spec, ctx, state);
      continue;
    }
    const parent = parents.get(spec.path.slice(0, -1).join(' '));
    if (!parent) throw new Error(`command ${spec.path.join(' ')} has no group`);
    defineCommand(parent.command(spec.path[spec.path.length - 1], { hidden: spec.hidden }), spec, ctx, state);
  }
  groupTopLevelCommands(program);
  return program;
}

/** Commander writes help to stdout and errors to stderr of our Context, and never exits. */
function configure(command: Command, ctx: Context, secrets: KnownSecrets): void {
  command
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.io.stdout.write(text),
      writeErr: (text) => ctx.io.stderr.write(secrets.mask(text)),
      outputError: () => {},
    })
    .configureHelp({ helpWidth: ctx.io.columns ?? 100, sortSubcommands: true });
}

function defineCommand(command: Command, spec: CommandSpec, ctx: Context, state: RunState): void {
  command
    .summary(spec.summary)
    .description(spec.description ? `${spec.summary}\n\n${spec.description}` : spec.summary);
  if (spec.aliases) command.aliases(spec.aliases);
  for (const arg of spec.args ?? []) {
    const name = `${arg.name}${arg.variadic ? '...' : ''}`;
    command.argument(arg.optional ? `[${name}]` : `<${name}>`, arg.description);
  }
  for (const opt of spec.options ?? []) {
    const option = new Option(opt.alias ? `${opt.alias}, ${opt.flags}` : opt.flags, optionHelp(spec, opt));
    if (opt.choices) option.choices(opt.choices);
    if (opt.repeatable)
      option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
    if (opt.default !== undefined) option.default(opt.default);
    command.addOption(option);
  }
  if (spec.data)
    command.option(
      '-d, --data <json>',
      'request body as JSON, @file.json, or - for stdin (flags override its fields)',
    );
  if (spec.paginate) {
    command.option('--all', 'fetch every page (with --json: one array of all items)');
    command.option('--max-parallel <n>', MAX_PARALLEL_HELP);
  }
  if (spec.confirm) command.option('-y, --yes', 'do not ask for confirmation');
  const lines: string[] = [];
  const api = spec.apiHelp ?? spec.operation;
  if (api) lines.push(`API: ${api}`);
  if (spec.examples?.length) {
    lines.push(
      '',
      'Examples:',
      ...spec.examples.map((e) => `  $ ${e.command}${e.description ? `\n      ${e.description}` : ''}`),
    );
  }
  lines.push(...(lines.length ? [''] : []), GLOBAL_OPTIONS_POINTER);
  command.addHelpText('after', `\n${lines.join('\n')}\n`);
  configure(command, ctx, state.secrets);
  command.action(async (...actionArgs: unknown[]) => {
    const self = actionArgs[actionArgs.length - 1] as Command;
    state.hooks.onCommand?.(spec.path.join(' '));
    if (spec.deprecatedFor)
      ctx.io.stderr.write(
        `warning: \`seclai ${spec.path.join(' ')}\` is deprecated; use \`seclai ${spec.deprecatedFor}\`\n`,
      );
    const globals = self.optsWithGlobals<GlobalOptions>();
    // Known before it is checked, so no message about it can show it.
    state.secrets.add(globals.apiKey);
    // Commander hands --dry-run to the program wherever it stands; a command with its own gets it back.
    const ownDryRun = hasOwnDryRun(spec);
    const settings = resolveSettings(
      ownDryRun ? { ...globals, dryRun: false } : globals,
      ctx,
      spec.view === 'document' ? 'json' : undefined,
    );
    const session = new Session(ctx, settings, state.secrets);
    state.session = session;
    if (settings.dryRun && spec.notDryRun)
      throw new UsageError(
        `--dry-run does not apply to \`seclai ${spec.path.join(' ')}\`: it ${spec.notDryRun}, with no API request to print`,
      );
    const own = { ...optionsTakenByParent(self, spec), ...self.opts() };
    const input = collectInput(
      spec,
      actionArgs.slice(0, -2) as (string | string[] | undefined)[],
      ownDryRun ? { ...own, dryRun: globals.dryRun } : own,
    );
    await session.prepare();
    const handler = spec.handler ? await spec.handler() : (await import('./catalog/execute.ts')).executeRow;
    try {
      state.exitCode = (await handler(session, input)) ?? ExitCode.ok;
    } catch (err) {
      if (!session.dryRunPrinted) throw err;
    }
    if (session.dryRunPrinted) {
      endDryRun(session, input);
      state.exitCode = ExitCode.ok;
      return;
    }
    await session.finishOutput();
  });
}

/**
 * Commander gives an option to the first command on the way that declares it: under a group with
 * its own row, `solutions unlink agents <id> --yes` sets the group's `--yes`. Those values are the
 * subcommand's too.
 */
function optionsTakenByParent(command: Command, spec: CommandSpec): Record<string, unknown> {
  const parent = command.parent;
  if (!parent || parent.options.length === 0 || !parent.parent) return {};
  const names = (spec.options ?? []).map(attributeName);
  if (spec.confirm) names.push('yes');
  if (spec.data) names.push('data');
  const taken = parent.opts();
  return Object.fromEntries(
    names.filter((name) => taken[name] !== undefined).map((name) => [name, taken[name]]),
  );
}

function hasOwnDryRun(spec: CommandSpec): boolean {
  return (spec.options ?? []).some((opt) => longFlag(opt) === '--dry-run');
}

/** After --dry-run printed the request: says nothing was sent, and when more would have followed. */
function endDryRun(session: Session, input: HandlerInput): void {
  session.note('dry run: nothing was sent');
  const { spec, options } = input;
  if ((spec.paginate && options.all) || spec.dryRunFollowUps?.(options))
    session.note("dry run: later requests depend on this one's answer, so only the first is shown");
}

/** Names positional arguments and parses every option value, so bad input stops before any request. */
function collectInput(
  spec: CommandSpec,
  positional: (string | string[] | undefined)[],
  raw: Record<string, unknown>,
): HandlerInput {
  const args: HandlerInput['args'] = {};
  (spec.args ?? []).forEach((arg, i) => {
    const value = positional[i];
    if (
      !arg.optional &&
      (value === undefined || value === '' || (Array.isArray(value) && value.length === 0))
    ) {
      throw new UsageError(`missing <${arg.name}>`);
    }
    if (typeof value === 'string' && value.trim() === '')
      throw new UsageError(`<${arg.name}> must not be empty`);
    if (arg.choices && typeof value === 'string' && !arg.choices.includes(value))
      throw new UsageError(`<${arg.name}> must be one of ${arg.choices.join(', ')} (got "${value}")`);
    if (typeof value === 'string' && arg.param !== undefined) checkPathParam(value, `<${arg.name}>`);
    args[arg.name] = value;
  });
  const options: Record<string, unknown> = { ...raw };
  for (const opt of spec.options ?? []) {
    const key = attributeName(opt);
    options[key] = parseOptionValue(opt, raw[key]);
    // A generic row's body field may come from --data instead: the executor checks it after merging.
    const fromData = spec.data && opt.body !== undefined && !spec.handler;
    if (opt.required && !fromData && options[key] === undefined)
      throw new UsageError(`${longFlag(opt)} is required`);
  }
  return { spec, args, options };
}

/**
 * The one place where errors become messages and exit codes. Messages quote servers, files and
 * argv, so every line goes out with known secrets masked and through safeForTerminal, on a
 * terminal or not.
 */
function reportError(err: unknown, ctx: Context, state: RunState): number {
  const say = (line: string) =>
    ctx.io.stderr.write(`${safeForTerminal(state.secrets.mask(line), KEEP_LINES)}\n`);
  if (err instanceof CommanderError) {
    if (
      err.exitCode === 0 ||
      err.code === 'commander.help' ||
      err.code === 'commander.helpDisplayed' ||
      err.code === 'commander.version'
    ) {
      return err.code === 'commander.help' && err.exitCode !== 0 ? ExitCode.usage : ExitCode.ok;
    }
    const [first, ...rest] = err.message.trim().split('\n');
    say(`error: ${first.replace(/^error: /, '')}`);
    // Commander adds "(Did you mean …?)" on its own line; it becomes the one hint line.
    const suggestion = /^\((Did you mean .*)\)$/.exec(rest.join(' ').trim())?.[1];
    const hint = suggestion ? suggestion.replace(/^Did/, 'did') : 'run with --help for usage';
    say(`hint: ${hint}`);
    return ExitCode.usage;
  }
  if (promptCancelled(err)) {
    ctx.io.stderr.write('error: cancelled\n');
    return ExitCode.interrupted;
  }
  const debug = state.session?.settings.debug ?? ctx.env.SECLAI_DEBUG === '1';
  if (err instanceof CliError) {
    say(`error: ${err.message}`);
    if (err.hint) say(`hint: ${err.hint}`);
    if (debug && err.stack) ctx.io.stderr.write(`${state.secrets.mask(err.stack)}\n`);
    return err.exitCode;
  }
  say(`error: ${errorWords(err)}`);
  if (debug && err instanceof Error && err.stack) ctx.io.stderr.write(`${state.secrets.mask(err.stack)}\n`);
  return ExitCode.failure;
}

/** Ctrl-C at a prompt: @inquirer/prompts rejects with its ExitPromptError. */
function promptCancelled(err: unknown): boolean {
  return err instanceof Error && err.name === 'ExitPromptError';
}
