import { formatCell, getField, pickColumns } from './cells.ts';
import { type OutputTarget, printList, tsvCell } from './format.ts';
import { KEEP_LINES, safeForTerminal } from './terminal-text.ts';

type Item = Record<string, unknown>;

/** A list printed as its pages arrive; `end()` after the last page. */
export interface ListPrinter {
  add(items: Item[]): void | Promise<void>;
  end(): Promise<void>;
}

/**
 * Prints a list page by page, with the same bytes `printList` prints for the whole list: JSON
 * opens its array at once and adds items as they come, TSV writes rows; only a table on a terminal
 * holds the items, to size its columns. Each page is one write, and the next waits for a full
 * stdout pipe to drain, so memory stays flat however long the list.
 */
export function startList(target: OutputTarget, columns?: string[]): ListPrinter {
  if (target.format === 'json') return jsonArrayPrinter(target);
  if (target.format === 'tsv') return tsvPrinter(target, columns);
  const held: Item[] = [];
  return {
    add: (items) => void held.push(...items),
    end: () => printList(target, held, held, columns),
  };
}

function jsonArrayPrinter(target: OutputTarget): ListPrinter {
  let count = 0;
  const indent = target.compact ? undefined : 2;
  const write = (text: string) => target.write(target.terminal ? safeForTerminal(text, KEEP_LINES) : text);
  return {
    add(items) {
      if (items.length === 0) return;
      let text = '';
      for (const item of items) {
        const json = JSON.stringify(item ?? null, null, indent);
        // JSON strings hold no raw line break, so every one is between tokens: indent the item.
        text += `${count++ === 0 ? '[' : ','}${indent ? `\n  ${json.replaceAll('\n', '\n  ')}` : json}`;
      }
      write(text);
      return target.drained?.();
    },
    async end() {
      write(count === 0 ? '[]\n' : indent ? '\n]\n' : ']\n');
    },
  };
}

function tsvPrinter(target: OutputTarget, columns?: string[]): ListPrinter {
  let cols = columns && columns.length > 0 ? columns : undefined;
  return {
    add(items) {
      if (items.length === 0) return;
      cols ??= pickColumns(items);
      let text = '';
      for (const item of items) {
        const cells = cols.map((c) =>
          tsvCell(formatCell(getField(item, c), { human: false, now: target.now })),
        );
        text += `${cells.join('\t')}\n`;
      }
      target.write(text);
      return target.drained?.();
    },
    async end() {},
  };
}
