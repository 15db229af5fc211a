import type { Agent as AgentType, Dispatcher } from 'undici';
import apiRequest from 'undici/lib/api/api-request.js';
import Agent from 'undici/lib/dispatcher/agent.js';
import { nextTurn } from '../next-turn.ts';
import { keepWebAssemblyBaseline } from '../v8-flags.ts';
import { forgettingRawHeaders } from './forget-raw-headers.ts';
import { parserCompiled } from './parser-compile.ts';

// From here, so that a command which starts it loads undici (and the Node modules it needs) first:
// a module Node loads while the compile's V8 flags are set is compiled from source (src/v8-flags.ts).
export { parserCompiled, startParserCompile } from './parser-compile.ts';

// undici's index loads fetch, WebSocket, caches and mocks (~110 ms at start-up); the CLI needs
// only the connection pool and `request`, which load in a third of that. undici publishes no
// `exports` map, so these paths are part of what its package.json allows.

export type { Dispatcher };

/** Node's own default; set on every client, since the bundle has no node:http to read it from. */
const MAX_HEADER_BYTES = 16 * 1024;

export function createAgent(options: AgentType.Options): Dispatcher {
  keepWebAssemblyBaseline();
  return new (Agent as typeof AgentType)({ maxHeaderSize: MAX_HEADER_BYTES, ...options });
}

/** undici's `request` on `dispatcher`; its handler lets go of the raw headers (see forgettingRawHeaders). */
export async function undiciRequest(
  dispatcher: Dispatcher,
  opts: Dispatcher.RequestOptions,
): Promise<Dispatcher.ResponseData> {
  // undici takes the parser compiled in the background only once it is whole (see parser-compile.ts).
  await parserCompiled();
  // A turn of the event loop first: undici puts a connection whose answer was just read back in
  // its pool only in a task queued as the answer ended, so a request sent at once (the next page
  // of a listing, the next file of an upload) would open a connection of its own every time.
  await nextTurn();
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
