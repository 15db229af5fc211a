// Embedding and reranker model catalogs: GET /models/embedders and GET /models/rerankers.
// Before 2026-07-27 the list is under `models`; from it under `data` beside `pagination`; the defaults stay.
import { pageOf } from '../pagination.ts';
import type { Router, SimRequest, SimResponse } from '../router.ts';
import { usesCanonicalLists } from '../versions.ts';

const EMBEDDERS = [
  {
    model_id: 'text-embedding-3-small',
    model_type: 'openai_text_embedding_3_small',
    name: 'OpenAI text-embedding-3-small',
    credits: 0.02,
    dimensions: [512, 1536],
    input_media: ['text'],
  },
  {
    model_id: 'titan-embed-image-v1',
    model_type: 'amazon_titan_multimodal',
    name: 'Amazon Titan Multimodal Embeddings',
    credits: 0.08,
    dimensions: [256, 384, 1024],
    input_media: ['text', 'image'],
  },
  {
    model_id: 'voyage-3',
    model_type: 'voyage_3',
    name: 'Voyage 3',
    credits: 0.06,
    dimensions: [1024],
    input_media: ['text'],
  },
];

const RERANKERS = [
  { model_type: 'cohere_rerank_v3_5', name: 'Cohere Rerank 3.5', credits_per_action: 0.2, is_default: true },
  { model_type: 'voyage_rerank_2', name: 'Voyage Rerank 2', credits_per_action: 0.05, is_default: false },
];

export default function registerModelCatalogRoutes(router: Router): void {
  router.add('GET', '/models/embedders', (req, res) => {
    const media = req.query.supports_input_media;
    const models = EMBEDDERS.filter((m) => typeof media !== 'string' || m.input_media.includes(media));
    sendCatalog(req, res, models, {
      default_model_type: 'openai_text_embedding_3_small',
      default_dimension: 1536,
      file_processing_credits_per_mb: 1.5,
      storage_credits: [
        { dimensions: 512, credits: 0.5 },
        { dimensions: 1536, credits: 1 },
      ],
    });
  });
  router.add('GET', '/models/rerankers', (req, res) => {
    sendCatalog(req, res, RERANKERS, {
      default_model_type: 'cohere_rerank_v3_5',
      search_processing_credits: 0.1,
    });
  });
}

function sendCatalog(
  req: SimRequest,
  res: SimResponse,
  models: object[],
  extras: Record<string, unknown>,
): void {
  if (!usesCanonicalLists(req.apiVersion)) {
    res.json(200, { models, ...extras });
    return;
  }
  res.json(200, { ...pageOf(models, 1, Math.max(models.length, 1)), ...extras });
}
