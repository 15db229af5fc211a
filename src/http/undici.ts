import type { Agent as AgentType, Dispatcher } from 'undici';
import apiRequest from 'undici/lib/api/api-request.js';
import Agent from 'undici/lib/dispatcher/agent.js';
import { forgettingRawHeaders } from './forget-raw-headers.ts';

// undici's index loads fetch, WebSocket, caches and mocks (~110 ms at start-up); the CLI needs
// only the connection pool and `request`, which load in a third of that. undici publishes no
// `exports` map, so these paths are part of what its package.json allows.

export type { Dispatcher };

/** Node's own default; set on every client, since the bundle has no node:http to read it from. */
const MAX_HEADER_BYTES = 16 * 1024;

export function createAgent(options: AgentType.Options): Dispatcher {
  return new (Agent as typeof AgentType)({ maxHeaderSize: MAX_HEADER_BYTES, ...options });
}

/** undici's `request` on `dispatcher`; its handler lets go of the raw headers (see forgettingRawHeaders). */
export function undiciRequest(
  dispatcher: Dispatcher,
  opts: Dispatcher.RequestOptions,
): Promise<Dispatcher.ResponseData> {
  const forgetting: Pick<Dispatcher, 'dispatch'> = {
    dispatch: (options, handler) => dispatcher.dispatch(options, forgettingRawHeaders(handler)),
  };
  return (
    apiRequest as (
      this: Pick<Dispatcher, 'dispatch'>,
      o: Dispatcher.RequestOptions,
    ) => Promise<Dispatcher.ResponseData>
  ).call(forgetting, opts);
}
