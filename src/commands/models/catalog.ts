import { buildRequest } from '../../catalog/execute.ts';
import type { Handler } from '../../catalog/types.ts';
import { printJson, printList, printObject } from '../../output/format.ts';

type Doc = Record<string, unknown>;

/** Keys of a model-catalog answer that hold the list or its paging, not the defaults and prices. */
const LIST_KEYS = new Set(['models', 'data', 'pagination']);

/**
 * `seclai models embedders|rerankers`: the models (under `models`, or `data` from 2026-07-27) as a
 * list; on a terminal the defaults and prices beside them. --json prints the API document.
 */
export const showModelCatalog: Handler = async (session, input) => {
  const request = await buildRequest(session, input);
  const { data } = await (await session.api()).request(request);
  if (session.settings.output === 'json') {
    printJson(session.out, data);
    return 0;
  }
  const doc: Doc = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Doc) : {};
  const list = Array.isArray(data) ? data : (doc.models ?? doc.data);
  const models = (Array.isArray(list) ? list : []) as Doc[];
  await printList(session.out, models, models, input.spec.columns);
  if (session.settings.output !== 'table') return 0;
  const extras = Object.fromEntries(Object.entries(doc).filter(([key]) => !LIST_KEYS.has(key)));
  if (Object.keys(extras).length > 0) await printObject(session.out, extras);
  return 0;
};
