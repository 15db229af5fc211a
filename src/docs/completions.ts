import type { CommandSpec, GroupSpec } from '../catalog/types.ts';
import { buildTree, type Flag, globalFlags, type TreeNode } from './tree.ts';

export type Shell = 'bash' | 'zsh' | 'fish' | 'powershell';
export const SHELLS: readonly Shell[] = ['bash', 'zsh', 'fish', 'powershell'];

/** The file each shell's script is checked in as, under completions/. */
export const SCRIPT_FILES: Record<Shell, string> = {
  bash: 'seclai.bash',
  zsh: 'seclai.zsh',
  fish: 'seclai.fish',
  powershell: 'seclai.ps1',
};

const HEADER = 'generated from the command catalog by scripts/gen-docs.ts; do not edit';

/** The completion script for one shell, built from the catalog alone (no network, no undici). */
export function completionScript(shell: Shell, groups: GroupSpec[], catalog: CommandSpec[]): string {
  const tree = buildTree(groups, catalog);
  if (shell === 'bash') return bashScript(tree);
  if (shell === 'zsh') return zshScript(tree);
  if (shell === 'powershell') return powershellScript(tree);
  return fishScript(tree);
}

/** Every `parent|word` (canonical name or alias) that leads to a child, and where it leads. */
function resolutions(tree: TreeNode[]): { patterns: string[]; target: string }[] {
  return tree.flatMap((node) =>
    node.children.map((child) => ({
      patterns: [child.name, ...child.aliases].map((word) => `${node.path}|${word}`),
      target: node.path ? `${node.path} ${child.name}` : child.name,
    })),
  );
}

/** Flags that take a value, per command path (`*` for global ones), with their choices if any. */
function valueFlags(tree: TreeNode[]): { patterns: string[]; choices: string }[] {
  const rows: { patterns: string[]; choices: string }[] = [];
  for (const node of tree) {
    for (const flag of node.flags) {
      if (!flag.value) continue;
      rows.push({
        patterns: flag.names.map((n) => `${node.path}|${n}`),
        choices: (flag.choices ?? []).join(' '),
      });
    }
  }
  for (const flag of globalFlags) {
    if (!flag.value) continue;
    rows.push({ patterns: flag.names.map((n) => `*|${n}`), choices: (flag.choices ?? []).join(' ') });
  }
  return rows;
}

/** Quotes for bash/zsh single-quoted words. */
function sq(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A case pattern: literal parts quoted, a leading `*` left as a glob. */
function casePattern(pattern: string): string {
  return pattern.startsWith('*|') ? `*${sq(pattern.slice(1))}` : sq(pattern);
}

/** The shared walker and lookup functions of the bash and zsh scripts. */
function shellLookups(
  tree: TreeNode[],
  listFor: (node: TreeNode) => string,
  flagsFor: (node: TreeNode) => string,
): string {
  const lines: string[] = [];
  lines.push('_seclai_resolve() {', '  case "$1|$2" in');
  for (const { patterns, target } of resolutions(tree))
    lines.push(`    ${patterns.map(casePattern).join('|')}) REPLY=${sq(target)} ;;`);
  lines.push("    *) REPLY='' ;;", '  esac', '}', '');
  lines.push('# Succeeds for a flag that takes a value; REPLY holds its choices (empty: any value).');
  lines.push('_seclai_values() {', '  case "$1|$2" in');
  for (const { patterns, choices } of valueFlags(tree))
    lines.push(`    ${patterns.map(casePattern).join('|')}) REPLY=${sq(choices)} ;;`);
  lines.push('    *) return 1 ;;', '  esac', '}', '');
  lines.push('_seclai_children() {', '  case "$1" in');
  for (const node of tree) if (node.children.length) lines.push(`    ${sq(node.path)}) ${listFor(node)} ;;`);
  lines.push(`    *) ${listFor({ path: '', summary: '', children: [], flags: [] })} ;;`, '  esac', '}', '');
  lines.push('_seclai_flags() {', '  case "$1" in');
  for (const node of tree) if (node.flags.length) lines.push(`    ${sq(node.path)}) ${flagsFor(node)} ;;`);
  lines.push(`    *) ${flagsFor({ path: '', summary: '', children: [], flags: [] })} ;;`, '  esac', '}', '');
  return lines.join('\n');
}

function bashScript(tree: TreeNode[]): string {
  const globals = globalFlags.flatMap((f) => f.names).join(' ');
  const lookups = shellLookups(
    tree,
    (node) => `REPLY=${sq(node.children.map((c) => c.name).join(' '))}`,
    (node) => `REPLY=${sq(node.flags.flatMap((f) => f.names).join(' '))}`,
  );
  return `# bash completion for seclai (${HEADER})
# Load it with: source <(seclai completion bash)

${lookups}
_seclai() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} cmdpath='' word i REPLY
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=\${COMP_WORDS[i]}
    if [[ $word == -* ]]; then
      if _seclai_values "$cmdpath" "$word"; then ((i++)); fi
      continue
    fi
    _seclai_resolve "$cmdpath" "$word"
    [[ -n $REPLY ]] && cmdpath=$REPLY
  done
  if ((COMP_CWORD > 1)) && [[ $prev == -* ]] && _seclai_values "$cmdpath" "$prev"; then
    if [[ -n $REPLY ]]; then
      COMPREPLY=($(compgen -W "$REPLY" -- "$cur"))
    else
      compopt -o default 2>/dev/null
      COMPREPLY=()
    fi
    return
  fi
  if [[ $cur == -* ]]; then
    _seclai_flags "$cmdpath"
    COMPREPLY=($(compgen -W "$REPLY ${globals}" -- "$cur"))
  else
    _seclai_children "$cmdpath"
    COMPREPLY=($(compgen -W "$REPLY" -- "$cur"))
  fi
}

complete -F _seclai seclai
`;
}

/** `name:description` entries for zsh's _describe (colons in names escaped). */
function describeEntries(entries: { name: string; description: string }[]): string {
  return entries.map((e) => sq(`${e.name.replace(/:/g, '\\:')}:${oneLine(e.description)}`)).join(' ');
}

function flagEntries(flags: Flag[]): { name: string; description: string }[] {
  return flags.flatMap((f) => f.names.map((name) => ({ name, description: f.description })));
}

function zshScript(tree: TreeNode[]): string {
  const lookups = shellLookups(
    tree,
    (node) =>
      `reply=(${describeEntries(node.children.map((c) => ({ name: c.name, description: c.summary })))})`,
    (node) => `reply=(${describeEntries(flagEntries(node.flags))})`,
  );
  return `#compdef seclai
# zsh completion for seclai (${HEADER})
# Load it with: source <(seclai completion zsh), or save it as _seclai in a directory of $fpath.

${lookups}
_seclai() {
  local cmdpath='' word i REPLY
  local -a reply globals
  globals=(${describeEntries(flagEntries(globalFlags))})
  for ((i = 2; i < CURRENT; i++)); do
    word=\${words[i]}
    if [[ $word == -* ]]; then
      if _seclai_values "$cmdpath" "$word"; then ((i++)); fi
      continue
    fi
    _seclai_resolve "$cmdpath" "$word"
    [[ -n $REPLY ]] && cmdpath=$REPLY
  done
  local prev=\${words[CURRENT-1]}
  if ((CURRENT > 2)) && [[ $prev == -* ]] && _seclai_values "$cmdpath" "$prev"; then
    if [[ -n $REPLY ]]; then
      compadd -- \${=REPLY}
    else
      _files
    fi
    return
  fi
  if [[ \${words[CURRENT]} == -* ]]; then
    _seclai_flags "$cmdpath"
    reply+=("\${globals[@]}")
    _describe -t options option reply
  else
    _seclai_children "$cmdpath"
    ((\${#reply})) && _describe -t commands command reply
  fi
}

if [[ \${zsh_eval_context[-1]} == loadautofunc ]]; then
  _seclai "$@"
else
  compdef _seclai seclai
fi
`;
}

/** Quotes for fish single-quoted words. */
function fq(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function fishFlag(flag: Flag, condition?: string): string {
  const parts = ['complete -c seclai'];
  if (condition !== undefined) parts.push(`-n ${fq(`__seclai_at ${JSON.stringify(condition)}`)}`);
  for (const name of flag.names)
    parts.push(name.startsWith('--') ? `-l ${name.slice(2)}` : `-s ${name.slice(1)}`);
  if (flag.value) {
    if (flag.choices?.length) parts.push('-x', `-a ${fq(flag.choices.join(' '))}`);
    else parts.push('-r', '-F');
  }
  parts.push(`-d ${fq(oneLine(flag.description))}`);
  return parts.join(' ');
}

function fishScript(tree: TreeNode[]): string {
  const valueGlobals = globalFlags.filter((f) => f.value).flatMap((f) => f.names);
  const lines = [
    `# fish completion for seclai (${HEADER})`,
    '# Load it with: seclai completion fish | source',
    '',
    `set -g __seclai_value_flags ${valueGlobals.join(' ')}`,
    '',
    'function __seclai_resolve',
    '    switch "$argv[1]|$argv[2]"',
  ];
  for (const { patterns, target } of resolutions(tree))
    lines.push(`        case ${patterns.map(fq).join(' ')}`, `            echo ${fq(target)}`);
  lines.push(
    '    end',
    'end',
    '',
    '# The command path typed so far, aliases resolved, ids and flag values skipped.',
    'function __seclai_path',
    '    set -l tokens (commandline -opc)',
    "    set -l cmdpath ''",
    '    set -l skip 0',
    '    for token in $tokens[2..-1]',
    '        if test $skip -eq 1',
    '            set skip 0',
    '            continue',
    '        end',
    "        if string match -q -- '-*' $token",
    '            if contains -- $token $__seclai_value_flags',
    '                set skip 1',
    '            end',
    '            continue',
    '        end',
    '        set -l next (__seclai_resolve "$cmdpath" $token)',
    '        if test -n "$next"',
    '            set cmdpath $next',
    '        end',
    '    end',
    '    echo $cmdpath',
    'end',
    '',
    'function __seclai_at',
    '    set -l current (__seclai_path)',
    '    test "$current" = "$argv[1]"',
    'end',
    '',
    'complete -c seclai -f',
  );
  for (const flag of globalFlags) lines.push(fishFlag(flag));
  for (const node of tree) {
    for (const child of node.children)
      lines.push(
        `complete -c seclai -n ${fq(`__seclai_at ${JSON.stringify(node.path)}`)} -a ${fq(child.name)} -d ${fq(oneLine(child.summary))}`,
      );
    for (const flag of node.flags) lines.push(fishFlag(flag, node.path));
  }
  return `${lines.join('\n')}\n`;
}

/** Quotes for PowerShell single-quoted strings. */
function pq(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** `,@(key, value)` rows, one a line, that the script loads into a case-sensitive table. */
function powershellRows(rows: [string, string | string[]][]): string {
  const value = (v: string | string[]) => (Array.isArray(v) ? `@(${v.map(pq).join(', ')})` : pq(v));
  return rows.map(([key, v]) => `        ,@(${pq(key)}, ${value(v)})`).join('\n');
}

function powershellScript(tree: TreeNode[]): string {
  const resolve = resolutions(tree).flatMap(({ patterns, target }) =>
    patterns.map((pattern): [string, string] => [pattern, target]),
  );
  const values = valueFlags(tree).flatMap(({ patterns, choices }) =>
    patterns.map((pattern): [string, string[]] => [pattern, choices ? choices.split(' ') : []]),
  );
  const children = tree
    .filter((node) => node.children.length)
    .map((node): [string, string[]] => [node.path, node.children.map((c) => c.name)]);
  const flags = tree
    .filter((node) => node.flags.length)
    .map((node): [string, string[]] => [node.path, node.flags.flatMap((f) => f.names)]);
  const tips: [string, string][] = [
    ...tree.filter((node) => node.path).map((node): [string, string] => [node.path, oneLine(node.summary)]),
    ...[{ path: '*', flags: globalFlags }, ...tree].flatMap((node) =>
      node.flags.flatMap((f) =>
        f.names.map((n): [string, string] => [`${node.path}|${n}`, oneLine(f.description)]),
      ),
    ),
  ];
  return `# PowerShell completion for seclai (${HEADER})
# Load it with: seclai completion powershell | Out-String | Invoke-Expression
# (add that line to $PROFILE for every new session)

Register-ArgumentCompleter -Native -CommandName seclai -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    # Tables keyed like the bash script's cases: 'command path|word'. Case-sensitive, as flags are.
    function New-SeclaiTable($rows) {
        $table = [System.Collections.Generic.Dictionary[string, object]]::new([System.StringComparer]::Ordinal)
        foreach ($row in $rows) { $table[$row[0]] = $row[1] }
        return ,$table
    }
    # Which command path a word leads to from another.
    $resolve = New-SeclaiTable @(
${powershellRows(resolve)}
    )
    # Flags that take a value ('*|' for global ones), with their choices (none: any value).
    $values = New-SeclaiTable @(
${powershellRows(values)}
    )
    $children = New-SeclaiTable @(
${powershellRows(children)}
    )
    $flags = New-SeclaiTable @(
${powershellRows(flags)}
    )
    $tips = New-SeclaiTable @(
${powershellRows(tips)}
    )
    $globals = @(${globalFlags
      .flatMap((f) => f.names)
      .map(pq)
      .join(', ')})

    $words = @($commandAst.CommandElements |
        Where-Object { $_.Extent.EndOffset -lt $cursorPosition } |
        ForEach-Object { $_.Extent.Text })
    $cmdpath = ''
    for ($i = 1; $i -lt $words.Count; $i++) {
        $word = $words[$i]
        if ($word.StartsWith('-')) {
            if ($values.ContainsKey("$cmdpath|$word") -or $values.ContainsKey("*|$word")) { $i++ }
            continue
        }
        if ($resolve.ContainsKey("$cmdpath|$word")) { $cmdpath = $resolve["$cmdpath|$word"] }
    }

    $prev = if ($words.Count -gt 1) { $words[-1] } else { '' }
    $choices = $null
    if ($values.ContainsKey("$cmdpath|$prev")) { $choices = $values["$cmdpath|$prev"] }
    elseif ($values.ContainsKey("*|$prev")) { $choices = $values["*|$prev"] }

    $candidates = @()
    $type = 'ParameterValue'
    if ($null -ne $choices) {
        # A value with no fixed choices: return nothing, so PowerShell completes file names.
        if ($choices.Count -eq 0) { return }
        $candidates = @($choices | ForEach-Object { ,@($_, $_) })
    } elseif ($wordToComplete.StartsWith('-')) {
        $type = 'ParameterName'
        $own = if ($flags.ContainsKey($cmdpath)) { $flags[$cmdpath] } else { @() }
        $candidates = @($own | ForEach-Object { ,@($_, $tips["$cmdpath|$_"]) }) +
            @($globals | ForEach-Object { ,@($_, $tips["*|$_"]) })
    } elseif ($children.ContainsKey($cmdpath)) {
        $type = 'Command'
        $prefix = if ($cmdpath) { "$cmdpath " } else { '' }
        $candidates = @($children[$cmdpath] | ForEach-Object { ,@($_, $tips["$prefix$_"]) })
    }
    foreach ($candidate in $candidates) {
        $text = $candidate[0]
        if (-not $text.StartsWith($wordToComplete, [System.StringComparison]::Ordinal)) { continue }
        $tip = if ($candidate[1]) { $candidate[1] } else { $text }
        [System.Management.Automation.CompletionResult]::new($text, $text, $type, $tip)
    }
}
`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
