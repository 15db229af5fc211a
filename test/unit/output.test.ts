import { describe, expect, it } from 'vitest';
import { formatCell, getField, pickColumns, relativeTime } from '../../src/output/cells.ts';
import { type OutputTarget, printJson, printList, printObject, printText } from '../../src/output/format.ts';

const NOW = Date.parse('2026-07-27T12:00:00Z');

describe('relativeTime', () => {
  it.each([
    [NOW - 2000, 'just now'],
    [NOW + 2000, 'just now'],
    [NOW - 10_000, '10 seconds ago'],
    [NOW - 60_000, '1 minute ago'],
    [NOW - 90 * 60_000, '1 hour ago'],
    [NOW - 3 * 3_600_000, '3 hours ago'],
    [NOW - 86_400_000, '1 day ago'],
    [NOW - 45 * 86_400_000, '1 month ago'],
    [NOW - 800 * 86_400_000, '2 years ago'],
    [NOW + 2 * 3_600_000, 'in 2 hours'],
    [Number.NaN, '-'],
  ])('%d → %s', (time, text) => {
    expect(relativeTime(time, NOW)).toBe(text);
  });
});

describe('formatCell', () => {
  const human = { human: true, now: NOW };
  const script = { human: false, now: NOW };

  it('nothing: a dash for people, empty for scripts', () => {
    expect(formatCell(null, human)).toBe('-');
    expect(formatCell(undefined, human)).toBe('-');
    expect(formatCell(null, script)).toBe('');
  });

  it('ISO times: relative for people, unchanged for scripts', () => {
    expect(formatCell('2026-07-27T09:00:00Z', human)).toBe('3 hours ago');
    expect(formatCell('2026-07-27T08:59:00.123+00:00', human)).toBe('3 hours ago');
    expect(formatCell('2026-07-27T09:00:00Z', script)).toBe('2026-07-27T09:00:00Z');
  });

  it('other values as text', () => {
    expect(formatCell('plain', human)).toBe('plain');
    expect(formatCell('2026-07-27', human)).toBe('2026-07-27');
    expect(formatCell(3, script)).toBe('3');
    expect(formatCell(false, human)).toBe('false');
    expect(formatCell({ a: 1 }, script)).toBe('{"a":1}');
    expect(formatCell([1, 2], human)).toBe('[1,2]');
  });
});

describe('getField and pickColumns', () => {
  it('reads nested fields by dotted path', () => {
    expect(getField({ a: { b: { c: 7 } } }, 'a.b.c')).toBe(7);
    expect(getField({ a: null }, 'a.b')).toBeUndefined();
    expect(getField({ a: 1 }, 'missing')).toBeUndefined();
  });

  it('prefers identity, name, state and time, then other scalar fields, at most five', () => {
    expect(
      pickColumns([
        {
          zeta: 1,
          nested: { x: 1 },
          name: 'n',
          id: 'i',
          status: 's',
          updated_at: 't',
          extra: 'e',
          more: 'm',
        },
      ]),
    ).toEqual(['id', 'name', 'status', 'updated_at', 'zeta']);
    expect(pickColumns([])).toEqual(['id']);
  });
});

function target(format: OutputTarget['format'], color = false): OutputTarget & { text: () => string } {
  let out = '';
  return {
    format,
    color,
    columns: 80,
    now: NOW,
    write: (t) => {
      out += t;
    },
    text: () => out,
  };
}

describe('printers', () => {
  const rows = [
    { id: 'a1', name: 'First', updated_at: '2026-07-27T11:00:00Z' },
    { id: 'a2', name: 'Second', updated_at: null },
  ];

  it('printJson writes one document with a trailing newline; undefined becomes null', () => {
    const t = target('json');
    printJson(t, { a: 1 });
    expect(JSON.parse(t.text())).toEqual({ a: 1 });
    const u = target('json');
    printJson(u, undefined);
    expect(u.text()).toBe('null\n');
  });

  it('printList: tsv rows, a table with a header, or the whole document as JSON', async () => {
    const tsv = target('tsv');
    await printList(tsv, rows, { data: rows }, ['id', 'name', 'updated_at']);
    expect(tsv.text()).toBe('a1\tFirst\t2026-07-27T11:00:00Z\na2\tSecond\t\n');

    const table = target('table');
    await printList(table, rows, { data: rows }, ['id', 'name', 'updated_at']);
    const lines = table.text().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+UPDATED_AT$/);
    expect(lines[1]).toMatch(/^a1\s+First\s+1 hour ago$/);
    expect(lines[2]).toMatch(/^a2\s+Second\s+-$/);
    expect(table.text()).not.toMatch(/\u001b\[/);

    const json = target('json');
    await printList(json, rows, { data: rows, pagination: { page: 1 } });
    expect(JSON.parse(json.text())).toEqual({ data: rows, pagination: { page: 1 } });
  });

  it('a table uses colour only when the target says so', async () => {
    const coloured = target('table', true);
    await printList(coloured, rows, rows, ['id', 'name']);
    expect(coloured.text()).toMatch(/\u001b\[/);
  });

  it('a table fits the terminal width, cutting long cells', async () => {
    const wide = [{ id: 'x', name: 'n'.repeat(300) }];
    const t = target('table');
    await printList(t, wide, wide, ['id', 'name']);
    for (const line of t.text().trimEnd().split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(t.text()).toContain('…');
  });

  it('printObject: named fields first, key<TAB>value when piped', async () => {
    const t = target('tsv');
    await printObject(t, { extra: 1, name: 'n', id: 'i' }, ['id', 'name']);
    expect(t.text()).toBe('id\ti\nname\tn\nextra\t1\n');
    const table = target('table');
    await printObject(table, { id: 'i', nested: { a: 1 } });
    expect(table.text()).toMatch(/^id:\s+i$/m);
    expect(table.text()).toMatch(/^nested:\s+\{$/m);
  });

  it('printObject of a plain string: shown safely on a terminal, one escaped cell as TSV, exact in a pipe', async () => {
    const text = 'line one\nline two \u001b]0;t\u0007';
    const onTerminal = { ...target('table'), terminal: true };
    await printObject(onTerminal, text);
    expect(onTerminal.text()).toBe('line one\nline two \\e]0;t\\a\n');
    const tsv = target('tsv');
    await printObject(tsv, text);
    expect(tsv.text()).toBe('line one\\nline two \\e]0;t\\a\n');
    const piped = target('table');
    printText(piped, text);
    expect(piped.text()).toBe(`${text}\n`);
  });

  it('printObject: a key from the server with controls is shown as escapes in both views', async () => {
    const record = { 'k\u001b[2J': 'v\u009b' };
    const table = target('table');
    await printObject(table, record);
    expect(table.text()).toBe('k\\e[2J: v\\u009b\n');
    const tsv = target('tsv');
    await printObject(tsv, record);
    expect(tsv.text()).toBe('k\\e[2J\tv\\u009b\n');
  });
});
