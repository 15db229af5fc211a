import type { Dispatcher } from 'undici';

type Handler = Dispatcher.DispatchHandler;

/**
 * `handler`, but what a finished request no longer needs is let go: the response's raw headers,
 * once `handler` has read them, and `handler` itself (the response stream and all it holds) once
 * the response ended or failed.
 *
 * undici keeps each finished request in its connection's queue for up to 256 requests more, and
 * with it the raw header names and values: views into the socket chunk that carried them. Every
 * page of a long `--all` listing thus pinned its whole chunk (~25 KB) and its handler into the
 * old generation, where only a full collection frees them: tens of MiB of dead buffers between
 * full collections.
 */
export function forgettingRawHeaders(handler: Handler): Handler {
  let inner: Handler | undefined = handler;
  const forwarded: Handler = {
    onRequestStart: (controller, context) => inner?.onRequestStart?.(controller, context),
    onResponseStart(controller, statusCode, headers, statusMessage) {
      try {
        inner?.onResponseStart?.(controller, statusCode, headers, statusMessage);
      } finally {
        (controller as { rawHeaders?: unknown }).rawHeaders = null;
      }
    },
    onResponseData: (controller, chunk) => inner?.onResponseData?.(controller, chunk),
    onResponseEnd(controller, trailers) {
      const last = inner;
      inner = undefined;
      last?.onResponseEnd?.(controller, trailers);
    },
    onResponseError(controller, error) {
      const last = inner;
      inner = undefined;
      last?.onResponseError?.(controller, error);
    },
  };
  // undici checks that these are functions when present, and calls them only when present.
  if (handler.onRequestUpgrade)
    forwarded.onRequestUpgrade = (controller, statusCode, headers, socket) => {
      const last = inner;
      inner = undefined;
      last?.onRequestUpgrade?.(controller, statusCode, headers, socket);
    };
  if (handler.onResponseStarted) forwarded.onResponseStarted = () => inner?.onResponseStarted?.();
  if (handler.onBodySent) forwarded.onBodySent = (chunk) => inner?.onBodySent?.(chunk);
  if (handler.onRequestSent) forwarded.onRequestSent = () => inner?.onRequestSent?.();
  return forwarded;
}
