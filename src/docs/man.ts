import type { CommandSpec, GroupSpec } from '../catalog/types.ts';
import { buildTree, type Flag, globalFlags, type TreeNode } from './tree.ts';

export interface ManInput {
  groups: GroupSpec[];
  catalog: CommandSpec[];
  version: string;
  /** The `Environment:` block of `seclai --help`. */
  environmentHelp: string;
  /** The `Exit codes:` block of `seclai --help`. */
  exitCodesHelp: string;
}

/** seclai(1) in roff, generated from the catalog and the root help's environment and exit codes. */
export function manPage(input: ManInput): string {
  const tree = buildTree(input.groups, input.catalog);
  const out: string[] = [];
  out.push(
    `.\\" ${'seclai(1): generated from the command catalog by scripts/gen-docs.ts; do not edit'}`,
    `.TH SECLAI 1 "" "seclai ${esc(input.version)}" "User Commands"`,
    '.SH NAME',
    'seclai \\- operate a Seclai account from the shell',
    '.SH SYNOPSIS',
    '.B seclai',
    '[\\fIglobal options\\fR] \\fIresource\\fR [\\fIsub\\-resource\\fR] \\fIverb\\fR [\\fIids\\fR...] [\\fIoptions\\fR]',
    '.SH DESCRIPTION',
    text(
      'seclai reaches every operation of the Seclai REST API: agents and their runs, sources and contents, knowledge bases, memory banks, evaluations, solutions, governance, alerts, models, email and more. Each command is one API operation; its help names it.',
    ),
    '.PP',
    text(
      "Data goes to standard output, progress, prompts and errors to standard error. On a terminal lists print as tables; piped, as tab-separated rows with ISO 8601 times; with --json, as the API's JSON. Request bodies come from typed flags, or whole from --data (inline JSON, @file.json, or - for standard input); flags override fields of --data. A destructive command asks first on a terminal and needs --yes otherwise.",
    ),
    '.PP',
    text(
      'seclai api reaches any endpoint directly; seclai commands --json lists every command with its operation.',
    ),
    '.SH GLOBAL OPTIONS',
  );
  for (const flag of globalFlags) out.push(...flagItem(flag));

  out.push('.SH COMMANDS');
  for (const node of tree) {
    const spec = node.spec;
    if (!spec) continue;
    const args = argumentSynopsis(spec).join(' ');
    out.push(`.SS "${quoted(`seclai ${node.path}${args ? ` ${args}` : ''}`)}"`, text(spec.summary));
    if (spec.aliases?.length) out.push('.br', text(`Aliases: ${spec.aliases.join(', ')}`));
    if (spec.operation) out.push('.br', `API: \\fB${esc(spec.operation)}\\fR`);
    if (spec.description) out.push('.PP', text(spec.description));
    if (node.flags.length) {
      out.push('.RS');
      for (const flag of node.flags) out.push(...flagItem(flag));
      out.push('.RE');
    }
  }

  out.push('.SH ENVIRONMENT');
  for (const [name, meaning] of helpRows(input.environmentHelp))
    out.push('.TP', `.B ${esc(name)}`, text(meaning));

  out.push(
    '.SH FILES',
    '.TP',
    '.I ~/.seclai/config',
    text(
      'Profiles: API keys, SSO settings, default account and API version (INI). SECLAI_CONFIG_DIR or --config-dir moves the directory.',
    ),
    '.TP',
    '.I ~/.seclai/credentials',
    text(
      'Stored secrets (mode 0600) when no system keychain is available. A secret file or folder open to others is tightened (0600, 0700) with a warning.',
    ),
    '.TP',
    '.I ~/.seclai/sso/cache/',
    text('Cached SSO tokens from seclai auth login (mode 0600), refreshed as needed.'),
    '.TP',
    '.I ~/.seclai/uploads/',
    text('One journal per source of the files uploaded to it, which seclai sources upload --resume reads.'),
    '.TP',
    '.I ~/.cache/seclai/',
    text(
      'A V8 code cache of the CLI (XDG_CACHE_HOME moves it; ~/Library/Caches/seclai on macOS), made when a command first runs so later runs start faster. Safe to delete.',
    ),
  );

  out.push('.SH EXIT STATUS');
  for (const [code, meaning] of helpRows(input.exitCodesHelp))
    out.push('.TP', `.B ${esc(code)}`, text(meaning));

  out.push('.SH EXAMPLES');
  for (const example of featuredExamples(input.catalog)) {
    if (example.description) out.push('.PP', text(`${capitalize(example.description)}:`));
    else out.push('.PP');
    out.push('.RS', '.nf', esc(`$ ${example.command}`), '.fi', '.RE');
  }
  out.push(
    '.SH SEE ALSO',
    text(
      'seclai <command> --help; a page per command, e.g. seclai\\-agents\\-run(1); https://docs.seclai.com',
    ),
  );
  return `${out.join('\n')}\n`;
}

/** The file name of a command's own page: `agents run` → `seclai-agents-run.1`, as gh names them. */
export function commandManFile(path: string): string {
  return `seclai-${path.replace(/ /g, '-')}.1`;
}

/** One page per command (`man seclai-agents-run`), each from its catalog row. */
export function commandManPages(
  input: Pick<ManInput, 'groups' | 'catalog' | 'version'>,
): Map<string, string> {
  const pages = new Map<string, string>();
  for (const node of buildTree(input.groups, input.catalog))
    if (node.spec) pages.set(commandManFile(node.path), commandManPage(node, node.spec, input.version));
  return pages;
}

function commandManPage(node: TreeNode, spec: CommandSpec, version: string): string {
  const name = `seclai-${node.path.replace(/ /g, '-')}`;
  const out: string[] = [
    `.\\" ${name}(1): generated from the command catalog by scripts/gen-docs.ts; do not edit`,
    `.TH ${esc(name.toUpperCase())} 1 "" "seclai ${esc(version)}" "User Commands"`,
    '.SH NAME',
    `${esc(name)} \\- ${text(lowerFirst(spec.summary))}`,
    '.SH SYNOPSIS',
    `.B seclai ${esc(node.path)}`,
    esc([...argumentSynopsis(spec), '[options]'].join(' ')),
    '.SH DESCRIPTION',
    text(spec.summary),
  ];
  if (spec.description) out.push('.PP', text(spec.description));
  if (spec.aliases?.length) out.push('.PP', text(`Aliases: ${spec.aliases.join(', ')}`));
  if (spec.operation) out.push('.PP', `API: \\fB${esc(spec.operation)}\\fR`);
  if (spec.args?.length) {
    out.push('.SH ARGUMENTS');
    for (const arg of spec.args) out.push('.TP', `.I ${esc(arg.name)}`, text(arg.description));
  }
  if (node.flags.length) {
    out.push('.SH OPTIONS');
    for (const flag of node.flags) out.push(...flagItem(flag));
  }
  out.push(
    '.SH GLOBAL OPTIONS',
    text(
      'Every command also takes the global options (--json, --output, --profile, --api-key, --timeout, --debug and more); seclai(1) lists them.',
    ),
  );
  if (spec.examples?.length) {
    out.push('.SH EXAMPLES');
    for (const example of spec.examples) {
      if (example.description) out.push('.PP', text(`${capitalize(example.description)}:`));
      else out.push('.PP');
      out.push('.RS', '.nf', esc(`$ ${example.command}`), '.fi', '.RE');
    }
  }
  out.push('.SH SEE ALSO', text('seclai(1)'));
  return `${out.join('\n')}\n`;
}

/** `<agent-id>`, `[files...]`: a command's arguments as help and the synopsis show them. */
function argumentSynopsis(spec: CommandSpec): string[] {
  return (spec.args ?? []).map((a) => {
    const name = `${a.name}${a.variadic ? '...' : ''}`;
    return a.optional ? `[${name}]` : `<${name}>`;
  });
}

/** The first example of a few well-known commands, in the order a newcomer meets them. */
function featuredExamples(catalog: CommandSpec[]): { command: string; description?: string }[] {
  const wanted = [
    'auth login',
    'me',
    'agents list',
    'agents run',
    'sources upload',
    'knowledge-bases create',
    'api',
  ];
  const picked: { command: string; description?: string }[] = [];
  for (const path of wanted) {
    const spec = catalog.find((s) => s.path.join(' ') === path && !s.hidden);
    for (const example of spec?.examples?.slice(0, 2) ?? []) picked.push(example);
  }
  return picked;
}

function flagItem(flag: Flag): string[] {
  const names = flag.names.map((n) => `\\fB${esc(n)}\\fR`).join(', ');
  const value = flag.value ? ` \\fI${esc(flag.value)}\\fR` : '';
  const choices =
    flag.choices?.length && !flag.choices.every((c) => flag.description.includes(c))
      ? ` (one of: ${flag.choices.join(', ')})`
      : '';
  return ['.TP', `${names}${value}`, text(`${flag.description}${choices}`)];
}

/** `  NAME   meaning` rows of a help block, its heading line skipped. */
export function helpRows(block: string): [string, string][] {
  const rows: [string, string][] = [];
  let nameAlone: string | undefined;
  for (const line of block.split('\n').slice(1)) {
    const row = /^ {2}([^\s,]+(?:, [^\s,]+)*)\s{2,}(.*)$/.exec(line);
    const name = /^ {2}([^\s,]+(?:, [^\s,]+)*)$/.exec(line);
    const more = /^ {3,}(\S.*)$/.exec(line)?.[1].trim();
    if (row) rows.push([row[1], row[2].trim()]);
    else if (name) nameAlone = name[1];
    // A name too long for its column has its meaning on the next line.
    else if (more && nameAlone) rows.push([nameAlone, more]);
    else if (more && rows.length > 0) rows[rows.length - 1][1] += ` ${more}`;
    if (!name) nameAlone = undefined;
  }
  return rows;
}

/** Escapes text for roff: backslashes, hyphens, a leading dot or quote, typographic characters. */
function esc(value: string): string {
  return value
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    .replace(/…/g, '...')
    .replace(/—/g, '\\(em')
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(
      /[^\x00-\x7f]/gu,
      (c) => `\\[u${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`,
    );
}

/** A paragraph of text, safe at the start of a roff line. */
function text(value: string): string {
  const escaped = esc(value);
  return /^[.']/.test(escaped) ? `\\&${escaped}` : escaped;
}

/** Text inside a quoted macro argument: double quotes doubled. */
function quoted(value: string): string {
  return esc(value).replace(/"/g, '""');
}

function lowerFirst(value: string): string {
  return /^[A-Z][a-z]/.test(value) ? value.charAt(0).toLowerCase() + value.slice(1) : value;
}

function capitalize(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}
