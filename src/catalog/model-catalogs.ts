import type { CommandSpec } from './types.ts';

/** Embedding and reranker models with their defaults and prices (2026-10). */
export const modelCatalogCommands: CommandSpec[] = [
  {
    path: ['models', 'embedders'],
    summary: 'List embedding models, the default model and dimension, and what indexing costs',
    description:
      'On a terminal the default model, default dimension, file processing and storage prices are shown ' +
      'beside the table; piped output has the rows only, and --json the API document.',
    operation: 'GET /models/embedders',
    options: [
      {
        flags: '--supports-input-media <kind>',
        description: 'only models that embed this media, e.g. image',
        query: 'supports_input_media',
      },
    ],
    view: 'list',
    columns: ['model_type', 'name', 'dimensions', 'credits'],
    handler: async () => (await import('../commands/models/catalog.ts')).showModelCatalog,
    examples: [{ command: 'seclai models embedders --supports-input-media image' }],
  },
  {
    path: ['models', 'rerankers'],
    summary: 'List reranker models, the default one and what a search costs',
    description:
      'On a terminal the default model and the search processing price are shown beside the table; piped ' +
      'output has the rows only, and --json the API document.',
    operation: 'GET /models/rerankers',
    view: 'list',
    columns: ['model_type', 'name', 'credits_per_action', 'is_default'],
    handler: async () => (await import('../commands/models/catalog.ts')).showModelCatalog,
    examples: [{ command: 'seclai models rerankers' }],
  },
];
