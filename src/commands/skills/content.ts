// The skill files `seclai skills install` writes, generated from the command catalog so they
// describe exactly the commands and flags this build has.
import { createHash } from 'node:crypto';
import type { CommandSpec, GroupSpec } from '../../catalog/types.ts';
import { EXIT_CODES_HELP } from '../../cli.ts';
import { GLOBAL_OPTIONS } from '../../docs/global-options.ts';
import { commandFlags } from '../../docs/tree.ts';

const MARKER = /^<!-- seclai-skill: .*\(sha256:([0-9a-f]{64})\) -->\n/m;

/** Hash of a file's text without its marker line: what seclai wrote, whatever version wrote it. */
function contentHash(textWithoutMarker: string): string {
  return createHash('sha256').update(textWithoutMarker).digest('hex');
}

/** Puts the marker line (which records the hash of everything else) after the front matter. */
function withMarker(head: string, body: string, version: string): string {
  const hash = contentHash(head + body);
  return `${head}<!-- seclai-skill: written by seclai ${version} from its command catalog; \`seclai skills install\` keeps this file once you change it (sha256:${hash}) -->\n${body}`;
}

/** Whether a file still holds exactly what seclai wrote (its marker's hash matches its text). */
export function isUnchangedSkillFile(text: string): boolean {
  const match = MARKER.exec(text);
  if (!match) return false;
  return contentHash(text.replace(match[0], '')) === match[1];
}

function usage(spec: CommandSpec): string {
  const args = (spec.args ?? []).map((a) => {
    const name = `${a.name}${a.variadic ? '...' : ''}`;
    return a.optional ? `[${name}]` : `<${name}>`;
  });
  return ['seclai', ...spec.path, ...args].join(' ');
}

/** A command as a Markdown section: usage, summary, API operation, flags, examples. */
function commandSection(spec: CommandSpec): string {
  const lines = [
    `### \`${usage(spec)}\``,
    '',
    spec.summary + (spec.description ? ` ${spec.description}` : ''),
  ];
  if (spec.operation) lines.push('', `API: \`${spec.operation}\``);
  const flags = commandFlags(spec);
  if (flags.length > 0) {
    lines.push('', 'Flags:');
    for (const flag of flags) {
      const name = [...flag.names, flag.value].filter(Boolean).join(' ');
      const choices = flag.choices ? ` (one of ${flag.choices.join(', ')})` : '';
      lines.push(`- \`${name}\`: ${flag.description}${choices}`);
    }
  }
  if (spec.examples?.length) {
    lines.push('', 'Examples:');
    for (const e of spec.examples)
      lines.push(`- \`${e.command}\`${e.description ? `: ${e.description}` : ''}`);
  }
  return lines.join('\n');
}

function commandIndex(groups: GroupSpec[], catalog: CommandSpec[]): string {
  const visible = catalog.filter((spec) => !spec.hidden);
  const lines: string[] = [];
  const tops = [...new Set(visible.map((spec) => spec.path[0]))];
  for (const top of tops) {
    const group = groups.find((g) => g.path.length === 1 && g.path[0] === top);
    lines.push('', `### ${top}${group ? `: ${group.summary}` : ''}`);
    for (const spec of visible.filter((s) => s.path[0] === top)) {
      lines.push(`- \`${usage(spec)}\`: ${spec.summary}${spec.operation ? ` (\`${spec.operation}\`)` : ''}`);
    }
  }
  return lines.join('\n');
}

function globalOptions(): string {
  return GLOBAL_OPTIONS.map((o) => `- \`${o.flags}\`: ${o.description}`).join('\n');
}

function sections(catalog: CommandSpec[], match: (spec: CommandSpec) => boolean): string {
  return catalog
    .filter((spec) => !spec.hidden && match(spec))
    .map(commandSection)
    .join('\n\n');
}

const startsWith = (spec: CommandSpec, ...words: string[]) => words.every((w, i) => spec.path[i] === w);

const FRONT_MATTER = `---
name: seclai-cli
description: Operate a Seclai account from the shell with the \`seclai\` CLI - agents and their runs, knowledge bases, sources and uploads, memory banks, evaluations, solutions, governance, alerts and models. Use it to run an agent, upload files to a source, or read and change Seclai resources.
---
`;

/** Every file of the skill, by path relative to the tool's skill folder. */
export function skillFiles(
  groups: GroupSpec[],
  catalog: CommandSpec[],
  version: string,
): Map<string, string> {
  const exitCodes = EXIT_CODES_HELP.split('\n').slice(1).join('\n');
  const skill = `
# seclai: the Seclai API from a shell

## Rules for scripts and agents
- Add \`--json\` to every command whose output you read: one JSON document on stdout (a list is one
  array of items), or one JSON event per line for streamed runs. Progress and errors go to stderr.
- Never wait for a prompt: destructive commands need \`--yes\` when not run on a terminal.
- Check the exit code:
\`\`\`
${exitCodes}
\`\`\`
- Credentials: \`SECLAI_API_KEY\` (or \`--api-key\`), or a browser sign-in with \`seclai auth login\`.
  \`seclai auth status\` says which credential is used. Never print a key.
- Request bodies: typed flags, or the whole body with \`--data '<json>'\`, \`--data @file.json\` or
  \`--data -\` (stdin); flags override fields of \`--data\`.
- Lists take \`--page\`, \`--limit\` and \`--all\` (every page).
- \`seclai api <METHOD> <path>\` reaches any endpoint; \`seclai <command> --help\` shows a command's
  flags and its API operation; \`seclai commands --json\` lists every command.

## Global options
${globalOptions()}

## Workflows
- Running agents and following runs: references/streaming.md
- Uploading files and text to sources: references/uploads.md
- Evaluations: references/evaluations.md

## Commands
${commandIndex(groups, catalog)}
`;
  const streaming = `
# Runs: starting agents and following them

\`seclai agents run <agent-id> --input "…"\` starts a run. \`--stream\` follows it token by token
(Server-Sent Events), \`--wait\` polls until it ends, \`--detach\` prints the run id and returns.
With \`--json\` a streamed run prints one JSON event per line; the exit code says how the run
ended (0 completed, 1 failed). Ctrl-C cancels the run on the server.

${sections(catalog, (s) => startsWith(s, 'agents', 'run') || startsWith(s, 'agents', 'runs') || startsWith(s, 'runs'))}
`;
  const uploads = `
# Uploads: files and text into sources

Files of up to 200 MiB stream from disk, several at a time (\`--concurrency\`), with one JSON
object per file under \`--json\`. \`--resume\` sends only what an interrupted upload did not finish.

${sections(catalog, (s) => /upload|replace/.test(s.path[s.path.length - 1]) && ['sources', 'contents', 'agents'].includes(s.path[0]))}
`;
  const evaluations = `
# Evaluations

${sections(catalog, (s) => startsWith(s, 'evals'))}
`;
  const file = (text: string, head = '') => withMarker(head, text.replace(/^\n/, ''), version);
  return new Map([
    ['SKILL.md', file(skill, FRONT_MATTER)],
    ['references/streaming.md', file(streaming)],
    ['references/uploads.md', file(uploads)],
    ['references/evaluations.md', file(evaluations)],
  ]);
}
