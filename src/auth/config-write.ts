import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UsageError } from '../errors.ts';
import { writeFileAtomic } from '../write-file-atomic.ts';
import { classifyLine, configPath, inlineCommentStart, sectionName } from './config-file.ts';

/** Keys to set in one section; `null` removes the key. */
export type IniUpdates = Record<string, string | null>;

export interface IniUpdateOptions {
  /**
   * Also remove a block of the section whose entries were all removed and that holds nothing
   * else but blank lines (the credentials file, where a profile is nothing but its key).
   */
  dropEmptiedSection?: boolean;
}

/**
 * Applies `updates` to one section of INI text and leaves every other byte alone: other sections,
 * other keys, comments, blank lines, line endings and lines the parser does not understand. A key
 * set in place keeps its spacing and inline comment; a new key goes after the section's last entry;
 * a missing section is appended.
 */
export function applyIniUpdates(
  text: string,
  section: string,
  updates: IniUpdates,
  options: IniUpdateOptions = {},
): string {
  checkSection(section);
  for (const [key, value] of Object.entries(updates)) checkEntry(key, value);

  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const body = bom ? text.slice(1) : text;
  const eol = body.includes('\r\n') ? '\r\n' : '\n';
  const lines = body === '' ? [] : body.split(/\r?\n/);
  const endedWithEol = lines.length > 0 && lines[lines.length - 1] === '';
  if (endedWithEol) lines.pop();

  // Where each key of our section is, in file order; duplicates and repeated blocks included.
  const occurrences = new Map<string, number[]>();
  let inSection = false;
  let lastBlockHeader = -1;
  let lastBlockEntry = -1;
  // Each block of our section: its header and the lines up to the next header.
  const blocks: { header: number; lines: number[] }[] = [];
  lines.forEach((raw, i) => {
    const line = classifyLine(raw);
    if (line.kind === 'header') {
      inSection = line.name === section;
      if (inSection) {
        lastBlockHeader = i;
        lastBlockEntry = -1;
        blocks.push({ header: i, lines: [] });
      }
    } else if (inSection) {
      blocks[blocks.length - 1].lines.push(i);
      if (line.kind !== 'entry') return;
      lastBlockEntry = i;
      const at = occurrences.get(line.key) ?? [];
      at.push(i);
      occurrences.set(line.key, at);
    }
  });

  const replaced = new Map<number, string>();
  const removed = new Set<number>();
  const appended: string[] = [];
  for (const [key, value] of Object.entries(updates)) {
    const at = occurrences.get(key) ?? [];
    if (value === null) {
      for (const i of at) removed.add(i);
    } else if (at.length > 0) {
      // The parser lets the last occurrence win, so that is the one to change.
      const i = at[at.length - 1];
      replaced.set(i, replaceValue(lines[i], value));
    } else {
      appended.push(`${key} = ${value}`);
    }
  }

  if (options.dropEmptiedSection && appended.length === 0) {
    for (const block of blocks) {
      const emptied =
        block.lines.some((i) => removed.has(i)) &&
        block.lines.every((i) => removed.has(i) || lines[i].trim() === '');
      if (emptied) for (const i of [block.header, ...block.lines]) removed.add(i);
    }
  }

  const out: string[] = [];
  const insertAfter = lastBlockEntry >= 0 ? lastBlockEntry : lastBlockHeader;
  lines.forEach((raw, i) => {
    if (!removed.has(i)) out.push(replaced.get(i) ?? raw);
    if (i === insertAfter) out.push(...appended);
  });
  const newSection = lastBlockHeader < 0 && appended.length > 0;
  if (newSection) {
    if (out.length > 0 && out[out.length - 1].trim() !== '') out.push('');
    out.push(`[${section}]`, ...appended);
  }

  if (out.length === 0) return bom;
  // Add a final line ending only when the last line is one we wrote.
  const lastIsOurs = newSection || (appended.length > 0 && insertAfter === lines.length - 1);
  return bom + out.join(eol) + (endedWithEol || lastIsOurs ? eol : '');
}

function replaceValue(raw: string, value: string): string {
  const eq = raw.indexOf('=');
  const rest = raw.slice(eq + 1);
  const lead = /^\s*/.exec(rest)?.[0] ?? '';
  const current = rest.slice(lead.length);
  const commentAt = inlineCommentStart(current);
  const tail = commentAt === undefined ? '' : current.slice(current.slice(0, commentAt).trimEnd().length);
  // `key=value` stays tight; an empty `key =` gets the space its author put before the `=`.
  const gap = lead || (current === '' && /\s$/.test(raw.slice(0, eq)) ? ' ' : '');
  return raw.slice(0, eq + 1) + gap + value + tail;
}

function checkSection(section: string): void {
  if (!section.trim() || /[[\]\r\n]/.test(section)) {
    throw new UsageError(`invalid profile section name: "${section}"`);
  }
}

function checkEntry(key: string, value: string | null): void {
  if (!/^[A-Za-z0-9_.-]+$/.test(key)) throw new UsageError(`invalid config key: "${key}"`);
  if (value === null) return;
  if (
    value === '' ||
    value !== value.trim() ||
    /[\r\n]/.test(value) ||
    inlineCommentStart(value) !== undefined
  ) {
    throw new UsageError(`invalid value for ${key}: it must be one line without surrounding spaces or " #"`);
  }
}

/** Rewrites one section of an INI file atomically with mode 0600; a missing file starts empty. */
export async function updateIniFile(
  path: string,
  section: string,
  updates: IniUpdates,
  options: IniUpdateOptions = {},
): Promise<void> {
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const next = applyIniUpdates(text, section, updates, options);
  if (next === text) return;
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(path, next, 0o600);
}

/** Sets (or with `null` removes) keys of a profile in `<configDir>/config`. */
export async function updateProfile(configDir: string, profile: string, updates: IniUpdates): Promise<void> {
  await updateIniFile(configPath(configDir), sectionName(profile), updates);
}
