import { Chalk } from 'chalk';
import Table from 'cli-table3';
import { formatCell, getField } from './cells.ts';
import type { OutputTarget } from './format.ts';
import { KEEP_LINES, safeForTerminal } from './terminal-text.ts';

const MIN_WIDTH = 6;

/**
 * A borderless table sized to the terminal, with a bold header when colour is on. Every cell is one
 * line of visible characters: tabs, line breaks and controls inside it are shown as escapes.
 */
export function renderTable(
  target: OutputTarget,
  columns: string[],
  items: Record<string, unknown>[],
): string {
  const chalk = new Chalk({ level: target.color ? 1 : 0 });
  const rows = items.map((item) =>
    columns.map((c) => safeForTerminal(formatCell(getField(item, c), { human: true, now: target.now }))),
  );
  const heads = columns.map((c) => safeForTerminal(c.toUpperCase()));
  const widths = fitWidths(
    heads.map((head, i) => Math.max(head.length, ...rows.map((r) => r[i].length))),
    target.columns || 120,
  );
  const table = new Table({
    head: heads.map((head) => chalk.bold(head)),
    colWidths: widths.map((w) => w + 2),
    wordWrap: false,
    truncate: '…',
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 2 },
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
  for (const row of rows) table.push(row.map((cell, i) => (i === 0 ? chalk.cyan(cell) : cell)));
  return table.toString().replace(/[ \t]+$/gm, '');
}

/** Shrinks the widest columns until the table fits the terminal. */
function fitWidths(widths: number[], total: number): number[] {
  const fitted = [...widths];
  const budget = total - fitted.length * 2;
  while (fitted.reduce((a, b) => a + b, 0) > budget) {
    const widest = fitted.indexOf(Math.max(...fitted));
    if (fitted[widest] <= MIN_WIDTH) break;
    fitted[widest]--;
  }
  return fitted;
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
