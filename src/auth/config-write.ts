import { isUtf8 } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UsageError } from '../errors.ts';
import { writeFileAtomic } from '../write-file-atomic.ts';
import { classifyLine, configPath, inlineCommentStart, sectionName } from './config-file.ts';
import { ensurePrivateDir, type Warn } from './private-files.ts';

/** Keys to set in one section; `null` removes the key. */
export type IniUpdates = Record<string, string | null>;

export interface IniUpdateOptions {
  /**
   * Also remove a block of the section whose entries were all removed and that holds nothing
   * else but blank lines (the credentials file, where a profile is nothing but its key).
   */
  dropEmptiedSection?: boolean;
  /** Told when the folder had to be tightened to 0700. */
  warn?: Warn;
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
  // New lines take the ending of the line they follow; at the end of the file, the file's own.
  const eol = body.includes('\r\n') ? '\r\n' : '\n';
  const lines = splitLines(body);

  // Where each key of our section is, in file order; duplicates and repeated blocks included.
  const occurrences = new Map<string, number[]>();
  let inSection = false;
  let lastBlockHeader = -1;
  let lastBlockEntry = -1;
  // Each block of our section: its header and the lines up to the next header.
  const blocks: { header: number; lines: number[] }[] = [];
  lines.forEach(({ text: raw }, i) => {
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
      replaced.set(i, replaceValue(lines[i].text, value));
    } else {
      appended.push(`${key} = ${value}`);
    }
  }

  if (options.dropEmptiedSection && appended.length === 0) {
    for (const block of blocks) {
      const emptied =
        block.lines.some((i) => removed.has(i)) &&
        block.lines.every((i) => removed.has(i) || lines[i].text.trim() === '');
      if (emptied) for (const i of [block.header, ...block.lines]) removed.add(i);
    }
  }

  const out: Line[] = [];
  // A last line without an ending gets one when something is written after it.
  const ended = () => {
    const last = out[out.length - 1];
    if (last && last.eol === '') out[out.length - 1] = { text: last.text, eol };
  };
  const insertAfter = lastBlockEntry >= 0 ? lastBlockEntry : lastBlockHeader;
  lines.forEach((line, i) => {
    if (!removed.has(i)) out.push({ text: replaced.get(i) ?? line.text, eol: line.eol });
    if (i === insertAfter && appended.length > 0) {
      ended();
      out.push(...appended.map((text) => ({ text, eol: line.eol || eol })));
    }
  });
  if (lastBlockHeader < 0 && appended.length > 0) {
    ended();
    if (out.length > 0 && out[out.length - 1].text.trim() !== '') out.push({ text: '', eol });
    out.push(...[`[${section}]`, ...appended].map((text) => ({ text, eol })));
  }
  return bom + out.map((line) => line.text + line.eol).join('');
}

interface Line {
  text: string;
  /** `\n`, `\r\n`, or '' for a last line without one. */
  eol: string;
}

function splitLines(body: string): Line[] {
  const lines: Line[] = [];
  const ending = /\r?\n/g;
  let start = 0;
  for (let match = ending.exec(body); match; match = ending.exec(body)) {
    lines.push({ text: body.slice(start, match.index), eol: match[0] });
    start = match.index + match[0].length;
  }
  if (start < body.length) lines.push({ text: body.slice(start), eol: '' });
  return lines;
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

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Rewrites one section of an INI file atomically with mode 0600; a missing file starts empty.
 * Bytes outside the lines it changes are written back as they were, even when the file is not
 * UTF-8 (a Latin-1 comment, say): such a file is edited one character per byte.
 */
export async function updateIniFile(
  path: string,
  section: string,
  updates: IniUpdates,
  options: IniUpdateOptions = {},
): Promise<void> {
  let bytes = Buffer.alloc(0);
  try {
    bytes = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const bom = bytes.subarray(0, 3).equals(UTF8_BOM) ? UTF8_BOM : Buffer.alloc(0);
  const body = bytes.subarray(bom.length);
  const encoding = isUtf8(body) ? 'utf8' : 'latin1';
  const inFile = (s: string) => (encoding === 'utf8' ? s : Buffer.from(s, 'utf8').toString('latin1'));
  const text = body.toString(encoding);
  const next = applyIniUpdates(
    text,
    inFile(section),
    Object.fromEntries(Object.entries(updates).map(([k, v]) => [k, v === null ? null : inFile(v)])),
    options,
  );
  if (next === text) return;
  ensurePrivateDir(dirname(path), options.warn);
  await writeFileAtomic(path, Buffer.concat([bom, Buffer.from(next, encoding)]), 0o600);
}

/** Sets (or with `null` removes) keys of a profile in `<configDir>/config`. */
export async function updateProfile(
  configDir: string,
  profile: string,
  updates: IniUpdates,
  warn?: Warn,
): Promise<void> {
  await updateIniFile(configPath(configDir), sectionName(profile), updates, { warn });
}
