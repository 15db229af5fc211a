import { Chalk } from 'chalk';
import Table from 'cli-table3';
import { columnText, columnValue, formatCell, isBlankValue, isIdColumn } from './cells.ts';
import type { OutputTarget } from './format.ts';
import { KEEP_LINES, safeForTerminal } from './terminal-text.ts';

/** A column is cut to no fewer characters than this (or its header); a shorter one is kept whole. */
const MIN_WIDTH = 12;
const GAP = 2;

/**
 * A borderless table sized to the terminal, with a bold header when colour is on. Every cell is one
 * line of visible characters: tabs, line breaks and controls inside it are shown as escapes.
 * Too wide for the terminal, it drops columns that tell nothing (always empty or `false`), then
 * shrinks the others, then drops them from the right; an id column is never cut (see fitColumns).
 */
export function renderTable(
  target: OutputTarget,
  columns: string[],
  items: Record<string, unknown>[],
): string {
  const chalk = new Chalk({ level: target.color ? 1 : 0 });
  const cells = items.map((item) =>
    columns.map((c) => safeForTerminal(columnText(item, c, { human: true, now: target.now }))),
  );
  const heads = columns.map((c) => safeForTerminal(c.toUpperCase()));
  const fitted = fitColumns(
    columns.map((column, i) => ({
      width: Math.max(heads[i].length, ...cells.map((row) => row[i].length)),
      minWidth: Math.max(MIN_WIDTH, heads[i].length),
      id: isIdColumn(column),
      blank: items.every((item) => isBlankValue(columnValue(item, column))),
    })),
    target.columns || 120,
  );
  const shown = [...fitted.keys()];
  const table = new Table({
    head: shown.map((i) => chalk.bold(heads[i])),
    colWidths: shown.map((i) => (fitted.get(i) ?? 0) + GAP),
    wordWrap: false,
    truncate: '…',
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': GAP },
    chars: {
      top: '',
      'top-mid': '',
      'top-left': '',
      'top-right': '',
      bottom: '',
      'bottom-mid': '',
      'bottom-left': '',
      'bottom-right': '',
      left: '',
      'left-mid': '',
      mid: '',
      'mid-mid': '',
      right: '',
      'right-mid': '',
      middle: '',
    },
  });
  for (const row of cells) {
    table.push(
      shown.map((i) => {
        const width = fitted.get(i) ?? 0;
        // cli-table3 would cut a coloured cell by its escapes too; cut first, then colour.
        const cell = row[i].length > width ? `${row[i].slice(0, width - 1)}…` : row[i];
        if (i === 0) return chalk.cyan(cell);
        return columns[i] === 'status' ? colourStatus(chalk, cell) : cell;
      }),
    );
  }
  return table.toString().replace(/[ \t]+$/gm, '');
}

interface ColumnFit {
  width: number;
  /** Narrower than this (its header, at least MIN_WIDTH), the column is dropped instead. */
  minWidth: number;
  /** An id column: never shrunk nor dropped. */
  id: boolean;
  /** Nothing but empty or `false` values: the first to go. */
  blank: boolean;
}

/**
 * The columns to show (index → width), in order, fitting `total` characters when it can: first
 * drops blank columns from the right, then shrinks the widest others down to their header, then drops
 * the others from the right. The first column stays, and so does every id column.
 */
export function fitColumns(columns: ColumnFit[], total: number): Map<number, number> {
  const widths = new Map(columns.map((column, i) => [i, column.width]));
  const fits = () => [...widths.values()].reduce((sum, w) => sum + w + GAP, -GAP) <= total;
  const droppable = (i: number) => i > 0 && !columns[i].id;
  for (let i = columns.length - 1; i > 0 && !fits(); i--) {
    if (droppable(i) && columns[i].blank) widths.delete(i);
  }
  while (!fits()) {
    const shrinkable = [...widths].filter(([i, w]) => !columns[i].id && w > columns[i].minWidth);
    if (shrinkable.length === 0) break;
    const [widest, width] = shrinkable.reduce((a, b) => (b[1] > a[1] ? b : a));
    widths.set(widest, width - 1);
  }
  for (let i = columns.length - 1; i > 0 && !fits(); i--) {
    if (droppable(i)) widths.delete(i);
  }
  return widths;
}

const STATUS_COLOURS: [RegExp, 'green' | 'red' | 'yellow' | 'dim'][] = [
  [/^(completed|succeeded|success|active|ready|indexed|uploaded|enabled|healthy|ok)$/i, 'green'],
  [/^(failed|error|errored|blocked|unhealthy|timed_out)$/i, 'red'],
  [/^(pending|processing|running|queued|in_progress|waiting|indexing|started)$/i, 'yellow'],
  [/^(cancelled|canceled|disabled|skipped|archived)$/i, 'dim'],
];

/** A status in the colour of what it means: done green, failed red, under way yellow. */
function colourStatus(chalk: InstanceType<typeof Chalk>, cell: string): string {
  const match = STATUS_COLOURS.find(([pattern]) => pattern.test(cell.trim()));
  return match ? chalk[match[1]](cell) : cell;
}

/** `key: value` lines, keys aligned and dimmed. */
export function renderKeyValue(
  target: OutputTarget,
  keys: string[],
  record: Record<string, unknown>,
): string {
  const chalk = new Chalk({ level: target.color ? 1 : 0 });
  const labels = keys.map((key) => safeForTerminal(key));
  const width = Math.max(...labels.map((label) => label.length));
  return keys
    .map((key, i) => {
      const value = record[key];
      const text =
        typeof value === 'object' && value !== null
          ? safeForTerminal(JSON.stringify(value, null, 2), KEEP_LINES).replace(
              /\n/g,
              `\n${' '.repeat(width + 2)}`,
            )
          : safeForTerminal(formatCell(value, { human: true, now: target.now }));
      return `${chalk.dim(`${labels[i]}:`.padEnd(width + 1))} ${text}`;
    })
    .join('\n');
}
