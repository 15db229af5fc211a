// Tables on a narrow terminal: ids stay whole, columns that tell nothing go first.
import { describe, expect, it } from 'vitest';
import type { OutputTarget } from '../../src/output/format.ts';
import { printList } from '../../src/output/format.ts';

const NOW = Date.parse('2026-07-27T12:00:00Z');
const ID = '3f1a9c2e-7b4d-4e8a-9f60-1c2d3e4f5a6b';
const SOURCE = '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

function table(columns: number, color = false): OutputTarget & { lines: () => string[] } {
  let out = '';
  return {
    format: 'table',
    color,
    columns,
    now: NOW,
    write: (text) => {
      out += text;
    },
    lines: () => out.trimEnd().split('\n'),
  };
}

describe('fitting a table to the terminal', () => {
  const rows = [
    {
      id: ID,
      name: 'Quarterly report summariser with a long name',
      source_id: SOURCE,
      description: 'a description that goes on and on about what this agent does',
      disabled: false,
      notes: null,
    },
  ];
  const columns = ['id', 'name', 'source_id', 'description', 'disabled', 'notes'];

  it('never cuts an id column, however narrow the terminal', async () => {
    const t = table(90);
    await printList(t, rows, rows, columns);
    const [head, row] = t.lines();
    expect(row).toContain(ID);
    expect(row).toContain(SOURCE);
    expect(head).toMatch(/^ID\s+NAME\s+SOURCE_ID/);
    for (const line of t.lines()) expect(line.length).toBeLessThanOrEqual(90);
  });

  it('drops always-empty and always-false columns before shrinking useful ones', async () => {
    const wide = table(210);
    await printList(wide, rows, rows, columns);
    expect(wide.lines()[0]).toMatch(/DISABLED\s+NOTES$/);

    const t = table(190);
    await printList(t, rows, rows, columns);
    const [head, row] = t.lines();
    expect(head).not.toContain('DISABLED');
    expect(head).not.toContain('NOTES');
    expect(row).toContain(rows[0].name);
    expect(row).toContain(rows[0].description);
  });

  it('shrinks other columns, then drops them from the right, keeping every id', async () => {
    const shrunk = table(120);
    await printList(shrunk, rows, rows, columns);
    expect(shrunk.lines()[0]).toMatch(/^ID\s+NAME\s+SOURCE_ID\s+DESCRIPTION$/);
    expect(shrunk.lines()[1]).toContain('…');
    expect(shrunk.lines()[1]).toContain(SOURCE);

    const narrow = table(50);
    await printList(narrow, rows, rows, columns);
    expect(narrow.lines()[0]).toMatch(/^ID\s+SOURCE_ID$/);
    expect(narrow.lines()[1]).toBe(`${ID}  ${SOURCE}`);
  });

  it('colours a status by what it means, only with colour on', async () => {
    const runs = [
      { run_id: 'r1', status: 'completed' },
      { run_id: 'r2', status: 'failed' },
      { run_id: 'r3', status: 'processing' },
    ];
    const coloured = table(80, true);
    await printList(coloured, runs, runs, ['run_id', 'status']);
    const [, done, failed, busy] = coloured.lines();
    expect(done).toContain('\u001b[32mcompleted');
    expect(failed).toContain('\u001b[31mfailed');
    expect(busy).toContain('\u001b[33mprocessing');
    const plain = table(80);
    await printList(plain, runs, runs, ['run_id', 'status']);
    expect(plain.lines().join('\n')).not.toContain('\u001b');
  });

  it("a run's start time and duration come from its attempts: human on a table, exact in TSV", async () => {
    const runs = [
      {
        run_id: 'r1',
        status: 'completed',
        attempts: [{ started_at: '2026-07-27T11:00:00Z', ended_at: '2026-07-27T11:01:05Z' }],
      },
      {
        run_id: 'r2',
        status: 'processing',
        attempts: [{ started_at: '2026-07-27T11:58:00Z', ended_at: null }],
      },
    ];
    const t = table(100);
    await printList(t, runs, runs, ['run_id', 'status', 'started_at', 'duration']);
    expect(t.lines()[1]).toMatch(/^r1\s+completed\s+1 hour ago\s+1m 05s$/);
    expect(t.lines()[2]).toMatch(/^r2\s+processing\s+2 minutes ago\s+-$/);
    let tsv = '';
    await printList({ format: 'tsv', color: false, now: NOW, write: (text) => (tsv += text) }, runs, runs, [
      'run_id',
      'started_at',
      'duration',
    ]);
    expect(tsv).toBe('r1\t2026-07-27T11:00:00Z\t65\nr2\t2026-07-27T11:58:00Z\t\n');
  });
});
