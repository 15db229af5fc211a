import type { OutputFormat } from '../settings.ts';
import { formatCell, getField, pickColumns } from './cells.ts';

export interface OutputTarget {
  format: OutputFormat;
  /** JSON on one line (--compact). */
  compact?: boolean;
  color: boolean;
  columns?: number;
  now: number;
  write(text: string): void;
}

/** Prints a JSON document: exactly one per command on success, so `jq` never chokes. */
export function printJson(target: Pick<OutputTarget, 'write' | 'compact'>, value: unknown): void {
  target.write(`${JSON.stringify(value ?? null, null, target.compact ? undefined : 2)}\n`);
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
        `${cols.map((c) => tsvCell(formatCell(getField(item, c), { human: false, now: target.now }))).join('\t')}\n`,
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
      target.write(`${String(value)}\n`);
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
      target.write(`${key}\t${tsvCell(formatCell(record[key], { human: false, now: target.now }))}\n`);
    return;
  }
  const { renderKeyValue } = await import('./table.ts');
  target.write(`${renderKeyValue(target, keys, record)}\n`);
}

function tsvCell(text: string): string {
  return text.replace(/[\t\n\r]/g, ' ');
}
