import { derivedField } from './derived-fields.ts';
import { formatElapsed } from './durations.ts';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Columns to show when a command names none: identity, name, state and time first. */
export function pickColumns(items: Record<string, unknown>[]): string[] {
  const first = items[0];
  if (!first) return ['id'];
  const preferred = ['id', 'name', 'title', 'status', 'state', 'type', 'created_at', 'updated_at'];
  const scalar = Object.keys(first).filter((k) => first[k] === null || typeof first[k] !== 'object');
  const chosen = preferred.filter((k) => scalar.includes(k));
  for (const key of scalar) {
    if (chosen.length >= 5) break;
    if (!chosen.includes(key)) chosen.push(key);
  }
  return chosen.length > 0 ? chosen : Object.keys(first).slice(0, 5);
}

/** Reads `a.b.c` from nested objects, so a column can name a nested field. */
export function getField(record: Record<string, unknown>, path: string): unknown {
  let value: unknown = record;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** A column's value: the field itself, or what the record implies for it (a run's duration). */
export function columnValue(record: Record<string, unknown>, column: string): unknown {
  const value = getField(record, column);
  return value === undefined ? derivedField(record, column) : value;
}

/** A column's cell as text: durations (seconds) read as `4.2s` for humans, plain numbers for scripts. */
export function columnText(
  record: Record<string, unknown>,
  column: string,
  opts: { human: boolean; now: number },
): string {
  const value = columnValue(record, column);
  if (opts.human && column === 'duration' && typeof value === 'number') return formatElapsed(value * 1000);
  return formatCell(value, opts);
}

/** An id is what gets pasted into the next command: its column is never cut short. */
export function isIdColumn(column: string): boolean {
  return column === 'id' || /[._]id$/.test(column);
}

/** A value that tells nothing: missing, empty, or `false`. */
export function isBlankValue(value: unknown): boolean {
  if (value === null || value === undefined || value === '' || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

/** A value as text: humans get relative times and dashes for nothing; scripts get ISO times. */
export function formatCell(value: unknown, opts: { human: boolean; now: number }): string {
  if (value === null || value === undefined) return opts.human ? '-' : '';
  if (typeof value === 'string') {
    if (opts.human && ISO_TIME.test(value)) return relativeTime(Date.parse(value), opts.now);
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

const UNITS: [string, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

export function relativeTime(time: number, now: number): string {
  if (!Number.isFinite(time)) return '-';
  const diff = now - time;
  const abs = Math.abs(diff);
  if (abs < 5000) return 'just now';
  for (const [unit, ms] of UNITS) {
    if (abs >= ms) {
      const n = Math.floor(abs / ms);
      const label = `${n} ${unit}${n === 1 ? '' : 's'}`;
      return diff >= 0 ? `${label} ago` : `in ${label}`;
    }
  }
  return 'just now';
}
