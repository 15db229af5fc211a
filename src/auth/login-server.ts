import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { CliError, UsageError } from '../errors.ts';

export const DEFAULT_CALLBACK_PORT = 9876;
export const CALLBACK_PATH = '/callback';

export interface LoginServerOptions {
  /** 0 picks a free port (tests). */
  port?: number;
  expectedState: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface LoginServer {
  port: number;
  /** `http://localhost:<port>/callback`: the URI registered with the public client. */
  redirectUri: string;
  /** Settles once: the code from a valid callback, or why the login failed. */
  result: Promise<{ code: string }>;
  close(): Promise<void>;
}

export function redirectUriFor(port: number): string {
  return `http://localhost:${port}${CALLBACK_PATH}`;
}

/**
 * Validates the callback's query: the state must be ours, an `error=` is the server's refusal,
 * and a code must be present. Throws a CliError that says which.
 */
export function checkCallbackParams(params: URLSearchParams, expectedState: string): { code: string } {
  const state = params.get('state');
  if (state !== expectedState) {
    throw new CliError(
      state === null
        ? 'the sign-in callback had no state parameter; it was not answered to this login'
        : 'the sign-in callback carried a different state than this login sent (a stale tab or a forged request)',
      1,
      'run `seclai auth login` again and finish in the browser tab it opens',
    );
  }
  const error = params.get('error');
  if (error !== null) {
    const description = params.get('error_description');
    const detail = clean(description ? `${error}: ${description}` : error);
    const what = error === 'access_denied' ? 'sign-in was denied' : 'the sign-in service refused the login';
    throw new CliError(`${what} (${detail})`);
  }
  const code = params.get('code');
  if (!code) throw new CliError('the sign-in callback had no authorization code');
  return { code };
}

/** `--no-browser`: the user pastes the address the browser ended on (or just its query). */
export function parsePastedRedirect(input: string, expectedState: string): { code: string } {
  const text = input.trim();
  if (!text) throw new UsageError('nothing was pasted');
  let params: URLSearchParams;
  if (/^https?:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new UsageError('the pasted text is not a valid URL');
    }
    params = url.searchParams;
  } else {
    params = new URLSearchParams(text.startsWith('?') ? text.slice(1) : text);
  }
  if (!params.has('state') && !params.has('code') && !params.has('error')) {
    throw new UsageError('the pasted address has no code or state; copy the full address from the browser');
  }
  return checkCallbackParams(params, expectedState);
}

/**
 * Listens on 127.0.0.1 and ::1 with the same port, so `localhost` works whichever loopback
 * address the browser resolves it to.
 */
export async function startLoginServer(opts: LoginServerOptions): Promise<LoginServer> {
  const requested = opts.port ?? DEFAULT_CALLBACK_PORT;
  let settle: ((outcome: { code: string } | Error) => void) | undefined;
  const result = new Promise<{ code: string }>((resolve, reject) => {
    settle = (outcome) => {
      settle = undefined;
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
  });
  result.catch(() => {});

  const handler: Handler = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH) {
      send(res, 404, page('Not found', 'This address only receives the Seclai sign-in callback.'));
      return;
    }
    if (!settle) {
      send(res, 409, page('Sign-in already finished', 'Return to your terminal.'));
      return;
    }
    try {
      const outcome = checkCallbackParams(url.searchParams, opts.expectedState);
      send(res, 200, page('Signed in to Seclai', 'You can close this tab and return to your terminal.'));
      settle(outcome);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      send(res, 400, page('Sign-in failed', `${message}. Return to your terminal for details.`));
      settle(err instanceof Error ? err : new CliError(message));
    }
  };

  const servers: Server[] = [];
  const closeAll = async () => {
    await Promise.all(
      servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.close(() => resolve());
            s.closeAllConnections();
          }),
      ),
    );
  };

  let port: number;
  try {
    port = await listenBoth(handler, requested, servers);
  } catch (err) {
    await closeAll();
    throw err;
  }

  const timer = setTimeout(() => {
    settle?.(
      new CliError(
        `the sign-in was not completed within ${formatDuration(opts.timeoutMs)}`,
        1,
        'run `seclai auth login` again, or pass --timeout to wait longer',
      ),
    );
  }, opts.timeoutMs);
  const onAbort = () =>
    settle?.(opts.signal?.reason instanceof Error ? opts.signal.reason : new CliError('interrupted', 130));
  if (opts.signal?.aborted) onAbort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      settle?.(new CliError('the sign-in was cancelled'));
      await closeAll();
    })();
    return closing;
  };
  // Stop listening as soon as the outcome is known; a late browser retry gets "connection refused".
  result.then(close, close);

  return { port, redirectUri: redirectUriFor(port), result, close };
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function listenBoth(handler: Handler, requested: number, servers: Server[]): Promise<number> {
  // With port 0 the free port picked on 127.0.0.1 may be taken on ::1; try a few.
  for (let attempt = 0; ; attempt++) {
    const v4 = await listen(handler, '127.0.0.1', requested);
    servers.push(v4);
    const port = (v4.address() as { port: number }).port;
    try {
      const v6 = await listenOptional(handler, '::1', port);
      if (v6) servers.push(v6);
      return port;
    } catch (err) {
      if (requested !== 0 || attempt >= 4) throw err;
      servers.pop();
      await new Promise<void>((resolve) => v4.close(() => resolve()));
    }
  }
}

function listen(handler: Handler, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer({ keepAliveTimeout: 1000 }, handler);
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        reject(new CliError(`port ${port} is in use; pass --port`, 1, portHint(port)));
      } else if (err.code === 'EACCES') {
        reject(new CliError(`not allowed to listen on port ${port}; pass --port`, 1, portHint(port)));
      } else {
        reject(err);
      }
    });
    server.listen({ host, port, exclusive: true }, () => resolve(server));
  });
}

/** ::1 may not exist (IPv6 disabled); only a port clash there is fatal. */
async function listenOptional(handler: Handler, host: string, port: number): Promise<Server | undefined> {
  try {
    return await listen(handler, host, port);
  } catch (err) {
    if (err instanceof CliError) throw err;
    return undefined;
  }
}

function portHint(port: number): string | undefined {
  return port === DEFAULT_CALLBACK_PORT
    ? 'the production sign-in client accepts only http://localhost:9876/callback; free that port, or use --port with a client that allows it'
    : undefined;
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    connection: 'close',
  });
  res.end(html);
}

function page(title: string, message: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}</style>
</head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>
`;
}

function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

function clean(s: string): string {
  const one = s.replace(/[\x00-\x1f\x7f]+/g, ' ').trim();
  return one.length > 200 ? `${one.slice(0, 200)}…` : one;
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} second${s === 1 ? '' : 's'}`;
  const m = Math.floor(s / 60);
  const rest = s % 60;
  const mins = `${m} minute${m === 1 ? '' : 's'}`;
  return rest ? `${mins} ${rest} second${rest === 1 ? '' : 's'}` : mins;
}
