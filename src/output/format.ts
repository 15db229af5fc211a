import type { OutputFormat } from '../settings.ts';
import { columnText, formatCell, pickColumns } from './cells.ts';
import { KEEP_LINES, safeForTerminal } from './terminal-text.ts';

export interface OutputTarget {
  format: OutputFormat;
  /** JSON on one line (--compact). */
  compact?: boolean;
  color: boolean;
  columns?: number;
  now: number;
  /** stdout is a terminal: server text is shown, never obeyed. Piped output stays byte for byte. */
  terminal?: boolean;
  write(text: string): void;
  /** Resolves once stdout can take more (a pipe that was full has drained); undefined when it can now. */
  drained?(): Promise<void> | undefined;
}

/**
 * Prints a JSON document: exactly one per command on success, so `jq` never chokes. On a terminal
 * the characters JSON leaves raw (C1, bidi) become `\u` escapes: the same JSON value, shown safely.
 */
export function printJson(
  target: Pick<OutputTarget, 'write' | 'terminal' | 'compact'>,
  value: unknown,
): void {
  const json = JSON.stringify(value ?? null, null, target.compact ? undefined : 2);
  target.write(`${target.terminal ? safeForTerminal(json, KEEP_LINES) : json}\n`);
}

/** Prints one piece of text: as is in a pipe, with control characters made visible on a terminal. */
export function printText(target: Pick<OutputTarget, 'write' | 'terminal'>, text: string): void {
  target.write(`${target.terminal ? safeForTerminal(text, KEEP_LINES) : text}\n`);
}

/** Prints a list: a table on a terminal, tab-separated rows when piped, the raw document with --json. */
export async function printList(
  target: OutputTarget,
  items: Record<string, unknown>[],
  document: unknown,
  columns?: string[],
): Promise<void> {
  if (target.format === 'json') return printJson(target, document);
  const cols = columns && columns.length > 0 ? columns : pickColumns(items);
  if (target.format === 'tsv') {
    for (const item of items) {
      target.write(
        `${cols.map((c) => tsvCell(columnText(item, c, { human: false, now: target.now }))).join('\t')}\n`,
      );
    }
    return;
  }
  if (items.length === 0) {
    target.write('No results.\n');
    return;
  }
  const { renderTable } = await import('./table.ts');
  target.write(`${renderTable(target, cols, items)}\n`);
}

/** Prints one object: a key/value view on a terminal, `key<TAB>value` lines when piped. */
export async function printObject(target: OutputTarget, value: unknown, fields?: string[]): Promise<void> {
  if (target.format === 'json' || typeof value !== 'object' || value === null || Array.isArray(value)) {
    if (target.format !== 'json' && typeof value !== 'object') {
      if (target.format === 'tsv') target.write(`${tsvCell(String(value))}\n`);
      else printText(target, String(value));
      return;
    }
    return printJson(target, value);
  }
  const record = value as Record<string, unknown>;
  const keys =
    fields && fields.length > 0
      ? [...fields, ...Object.keys(record).filter((k) => !fields.includes(k))]
      : Object.keys(record);
  if (target.format === 'tsv') {
    for (const key of keys)
      target.write(
        `${tsvCell(key)}\t${tsvCell(formatCell(record[key], { human: false, now: target.now }))}\n`,
      );
    return;
  }
  const { renderKeyValue } = await import('./table.ts');
  target.write(`${renderKeyValue(target, keys, record)}\n`);
}

/** A TSV cell holds no tab, line break or control character: each becomes a visible escape. */
export function tsvCell(text: string): string {
  return safeForTerminal(text);
}
