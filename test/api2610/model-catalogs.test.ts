// seclai models embedders|rerankers: the list, and on a terminal the defaults and prices beside it.
import { describe, expect, it } from 'vitest';
import { onlyJson, useHarness } from '../foundation/harness.ts';

const h = useHarness();
const both = [[], ['--api-version', '2026-07-27']];

describe('model catalogs', () => {
  it.each(both)(
    'embedders on a terminal: the models, then the defaults and prices (%j)',
    async (...version) => {
      const result = await h.cli([...version, 'models', 'embedders'], { stdoutTTY: true, columns: 200 });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('openai_text_embedding_3_small');
      expect(result.stdout).toContain('voyage_3');
      expect(result.stdout).toContain('default_dimension');
      expect(result.stdout).toContain('1536');
      expect(result.stdout).toContain('file_processing_credits_per_mb');
      expect(result.stdout).not.toContain('has_next');
    },
  );

  it.each(both)(
    'embedders piped: one row per model only; --supports-input-media is sent (%j)',
    async (...version) => {
      const result = await h.cli([...version, 'models', 'embedders', '--supports-input-media', 'image']);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^amazon_titan_multimodal\t/)]);
      expect(h.sim().requests[0].query).toEqual({ supports_input_media: 'image' });
    },
  );

  it.each(both)(
    'rerankers: the default and the search price on a terminal; --json is the document (%j)',
    async (...version) => {
      const table = await h.cli([...version, 'models', 'rerankers'], { stdoutTTY: true, columns: 200 });
      expect(table.stdout).toContain('cohere_rerank_v3_5');
      expect(table.stdout).toContain('search_processing_credits');
      const json = onlyJson((await h.cli([...version, 'models', 'rerankers', '--json'])).stdout);
      expect(json).toMatchObject({ default_model_type: 'cohere_rerank_v3_5' });
    },
  );
});
