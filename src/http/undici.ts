import { createRequire } from 'node:module';
import type { Agent as AgentType, Dispatcher } from 'undici';

// undici's index loads fetch, WebSocket, caches and mocks (~110 ms at start-up); the CLI needs
// only the connection pool and `request`, which load in a third of that. undici publishes no
// `exports` map, so these paths are part of what its package.json allows.
const require = createRequire(import.meta.url);
const Agent: typeof AgentType = require('undici/lib/dispatcher/agent.js');
const apiRequest: (this: Dispatcher, opts: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData> =
  require('undici/lib/api/api-request.js');

export type { Dispatcher };

export function createAgent(options: AgentType.Options): Dispatcher {
  return new Agent(options);
}

export function undiciRequest(
  dispatcher: Dispatcher,
  opts: Dispatcher.RequestOptions,
): Promise<Dispatcher.ResponseData> {
  return apiRequest.call(dispatcher, opts);
}
