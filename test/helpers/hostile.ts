// A small hostile API server for tests: each test decides what every request gets back, including
// odd statuses, broken bodies, control characters and dropped connections. Loopback only.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type CliResult, type CliRunOptions, runCli, useTempHome } from './cli.ts';

export interface SeenRequest {
  method: string;
  /** The request target exactly as it arrived (path and query). */
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** Answers one request; it may also destroy `res.socket` to drop the connection. */
export type HostileHandler = (req: SeenRequest, res: ServerResponse) => void | Promise<void>;

export interface HostileServer {
  /** `http://127.0.0.1:<port>` (or the host given to startHostileServer). */
  url: string;
  port: number;
  /** Every request received, in order, with its whole body. */
  requests: SeenRequest[];
  /** Sets the answer for the requests that follow; the default answers 404 with JSON. */
  handle(handler: HostileHandler): void;
  /**
   * Sets an answer given as soon as a request's headers arrive, before any of its body is read
   * (the logged request has an empty body); `handle` switches back to answering after the body.
   */
  handleBeforeBody(handler: HostileHandler): void;
  close(): Promise<void>;
}

const notFound: HostileHandler = (_req, res) => {
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end('{"detail":"Not Found"}');
};

/** Starts a hostile server on a loopback address (127.0.0.1 unless another 127.x host is named). */
export async function startHostileServer(host = '127.0.0.1'): Promise<HostileServer> {
  let handler: HostileHandler = notFound;
  let beforeBody = false;
  const requests: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    if (beforeBody) {
      const seen: SeenRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.alloc(0),
      };
      requests.push(seen);
      req.on('error', () => {});
      Promise.resolve(handler(seen, res)).catch(() => res.socket?.destroy());
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => {});
    req.on('end', () => {
      const seen: SeenRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      requests.push(seen);
      Promise.resolve(handler(seen, res)).catch(() => res.socket?.destroy());
    });
  });
  server.keepAliveTimeout = 100;
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    requests,
    handle(next) {
      handler = next;
      beforeBody = false;
    },
    handleBeforeBody(next) {
      handler = next;
      beforeBody = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One hostile server for a test file; its handler and request log are reset after each test. */
export function useHostileServer(host?: string): () => HostileServer {
  let server: HostileServer | undefined;
  beforeAll(async () => {
    server = await startHostileServer(host);
  });
  afterEach(() => {
    if (!server) return;
    server.handle(notFound);
    server.requests.length = 0;
  });
  afterAll(async () => {
    await server?.close();
  });
  return () => {
    if (!server) throw new Error('useHostileServer(): the server exists only inside tests');
    return server;
  };
}

export interface HostileCli {
  /** The file's hostile server, as useHostileServer() gives it. */
  server: () => HostileServer;
  /** This test's temporary HOME, also the folder the CLI runs in; removed after the test. */
  home: () => string;
  /**
   * Runs the CLI in-process (runCli) from home(), with HOME, SECLAI_API_URL at the server, an API key
   * and SECLAI_NO_KEYCHAIN=1; `options` may replace any of these (`env` key by key, undefined unsets one).
   */
  cli: (argv: string[], options?: CliRunOptions) => Promise<CliResult>;
}

/**
 * useHostileServer() plus a temporary HOME per test and a `cli` that runs against the server as a user
 * with an API key would. `env` is added to (or replaces) the environment of every run.
 */
export function useHostileCli(env: CliRunOptions['env'] = {}): HostileCli {
  const server = useHostileServer();
  const home = useTempHome();
  return {
    server,
    home,
    cli: (argv, options = {}) =>
      runCli(argv, {
        cwd: home(),
        ...options,
        env: {
          HOME: home(),
          SECLAI_API_URL: server().url,
          SECLAI_API_KEY: 'sk-hostile',
          SECLAI_NO_KEYCHAIN: '1',
          ...env,
          ...options.env,
        },
      }),
  };
}

/** Answers with a status and a JSON (or raw string) body. */
export function answer(status: number, body: unknown, headers: Record<string, string> = {}): HostileHandler {
  return (_req, res) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(text);
  };
}

/** Drops the connection without an answer. */
export const dropConnection: HostileHandler = (_req, res) => {
  res.socket?.destroy();
};
