// seclai sources contents list|status: the indexing status of a source's content items.
import { describe, expect, it } from 'vitest';
import { expectUsageError, onlyJson, useHarness } from '../foundation/harness.ts';
import { indexingSettings } from '../sim/routes/source-contents.ts';
import { seedContent } from '../sim/routes/uploads.ts';

const h = useHarness();
const SOURCE = '2b7c9a64-1f0e-4c55-9d3a-6b8e2f1d0c47';

describe('sources contents', () => {
  it('list sends --status, each --content-version, sort, order and page; prints the items', async () => {
    const [a, b] = ['a.txt', 'b.txt'].map((filename) =>
      seedContent(h.sim().state, { sourceId: SOURCE, filename }),
    );
    seedContent(h.sim().state, { sourceId: SOURCE, filename: 'c.txt' });
    const result = await h.cli([
      'sources',
      'contents',
      'list',
      SOURCE,
      '--content-version',
      a.id,
      '--content-version',
      b.id,
      '--status',
      'pending',
      '--sort',
      'created_at',
      '--order',
      'asc',
      '--page',
      '1',
      '--limit',
      '50',
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const items = onlyJson(result.stdout) as { content_version_id: string; content_status: string }[];
    expect(items.map((i) => i.content_version_id).sort()).toEqual([a.id, b.id].sort());
    expect(h.sim().requests[0].query).toEqual({
      content_version_id: [a.id, b.id],
      status: 'pending',
      sort: 'created_at',
      order: 'asc',
      page: '1',
      limit: '50',
    });
  });

  it('list --all walks the pages', async () => {
    for (let i = 0; i < 5; i++) seedContent(h.sim().state, { sourceId: SOURCE, filename: `f${i}.txt` });
    const result = await h.cli(['sources', 'content', 'ls', SOURCE, '--all', '--limit', '2', '--json']);
    expect((onlyJson(result.stdout) as unknown[]).length).toBe(5);
    expect(h.sim().requests.map((r) => r.query.page)).toEqual(['1', '2', '3']);
  });

  it('status shows one item, which moves from pending to processing to its outcome', async () => {
    const content = seedContent(h.sim().state, { sourceId: SOURCE, filename: 'broken.pdf' });
    indexingSettings(h.sim().state).failures.set('broken.pdf', 'no text could be extracted');
    const seen: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const result = await h.cli(['sources', 'contents', 'status', SOURCE, content.id, '--json']);
      seen.push(onlyJson(result.stdout));
    }
    expect(seen).toMatchObject([
      { content_status: 'pending' },
      { content_status: 'processing' },
      { content_status: 'failed', error: 'no text could be extracted' },
    ]);
  });

  it('rejects a --status outside the four states before sending', async () => {
    expectUsageError(await h.cli(['sources', 'contents', 'list', SOURCE, '--status', 'done']), /--status/);
    expect(h.sim().requests).toEqual([]);
  });
});
