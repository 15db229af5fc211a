// One request through the simulator: record, match, validate, inject faults, authenticate, route, check the answer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate, type BearerVerifier } from './auth.ts';
import type { Contract, Operation } from './contract.ts';
import { applyFault, type Faults } from './faults.ts';
import { coerceLoosely } from './loose-query.ts';
import { TemplateMatcher } from './path-template.ts';
import type { RateLimitCounter } from './rate-limit.ts';
import type { RecordedRequest, Violation } from './recording.ts';
import type { HttpMethod, Route, Router, SimRequest } from './router.ts';
import { SimResponseImpl } from './sim-response.ts';
import type { SimState } from './state.ts';
import {
  declaredStatuses,
  jsonRequestBodyDeclared,
  validateCanonicalList,
  validateParameters,
  validateRequestBody,
  validateResponseBody,
} from './validation.ts';

export interface SimulatorContext {
  contract: Contract | null;
  router: Router;
  state: SimState;
  faults: Faults;
  requests: RecordedRequest[];
  violations: Violation[];
  rateLimits: RateLimitCounter;
  bearerVerifier(): BearerVerifier;
}

interface Matched {
  template: string;
  params: Record<string, string>;
  operation?: Operation;
  route?: Route;
}

class ContractViolation extends Error {
  readonly messages: string[];
  constructor(messages: string[]) {
    super(messages.join('; '));
    this.messages = messages;
  }
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

export function createRequestHandler(
  context: SimulatorContext,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  // Without a contract, routing falls back to the templates the route modules registered.
  const routeMatcher = new TemplateMatcher(context.router.routes().map((route) => route.template));
  return (req, res) =>
    handle(context, routeMatcher, req, res).catch((error: unknown) => {
      context.violations.push({
        kind: 'simulator',
        method: req.method ?? '',
        path: req.url ?? '',
        messages: [error instanceof Error ? (error.stack ?? error.message) : String(error)],
      });
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'SIMULATOR_ERROR', message: String(error) } }));
      } else {
        res.destroy();
      }
    });
}

async function handle(
  context: SimulatorContext,
  routeMatcher: TemplateMatcher,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname;
  const rawQuery = queryObject(url.searchParams);
  const record: RecordedRequest = {
    method,
    path,
    query: rawQuery,
    headers: req.headers,
    connection: req.socket.remotePort ?? 0,
  };
  context.requests.push(record);
  res.once('finish', () => {
    record.status = res.statusCode;
  });

  const violation = (messages: string[], operation?: Operation): void => {
    context.violations.push({ kind: 'request', method, path, operation: operation?.key, messages });
    sendJson(res, 400, {
      error: { code: 'CONTRACT_VIOLATION', message: `${method} ${path}: ${messages.join('; ')}` },
    });
    req.resume();
  };

  const matched = context.contract
    ? matchOperation(context.contract, context.router, method, path)
    : matchRoute(routeMatcher, context.router, method, path);
  if ('messages' in matched) {
    if (context.contract) return violation(matched.messages);
    sendJson(res, 404, { detail: 'Not Found' });
    req.resume();
    return;
  }
  const { operation, route } = matched;
  record.operation = operation?.key ?? `${method} ${matched.template}`;

  let query: Record<string, unknown>;
  let params: Record<string, unknown> = matched.params;
  let body: unknown;
  try {
    if (context.contract && operation) {
      const checked = validateParameters(context.contract, operation, {
        params: matched.params,
        query: rawQuery,
        headers: req.headers,
      });
      if (checked.errors.length > 0) throw new ContractViolation(checked.errors);
      query = checked.query;
      params = checked.params;
    } else {
      query = coerceLoosely(rawQuery);
    }
    body = await readBody(context.contract, operation, route, req, record);
  } catch (error) {
    if (error instanceof ContractViolation) return violation(error.messages, operation);
    if (error instanceof SyntaxError) {
      sendJson(res, 422, { detail: [{ loc: ['body'], msg: 'JSON decode error', type: 'json_invalid' }] });
      return;
    }
    throw error;
  }

  const fault = context.faults.take(method, path, matched.template);
  if (fault && (await applyFault(fault, req, res))) return;

  const auth = await authenticate(req.headers, context.state, context.bearerVerifier());
  if (!auth.ok) {
    sendJson(res, auth.status, { error: { code: auth.code, message: auth.message } });
    req.resume();
    return;
  }

  if (!route) {
    sendJson(res, 501, {
      error: { code: 'NOT_SIMULATED', message: `${record.operation} is in the contract but not simulated` },
    });
    req.resume();
    return;
  }

  const simResponse = new SimResponseImpl(res, {
    successHeaders: () => context.rateLimits.headers(auth.account.id, context.state.rateLimit),
    checkJson: (status, responseBody, options) => {
      if (!context.contract || !operation) return;
      const errors = options.canonicalList
        ? validateCanonicalList(context.contract, responseBody)
        : validateResponseBody(context.contract, operation, status, responseBody);
      if (errors.length > 0) {
        context.violations.push({
          kind: 'response',
          method,
          path,
          operation: operation.key,
          status,
          messages: errors,
        });
      }
    },
  });
  if (operation) {
    res.once('finish', () => {
      const declared = declaredStatuses(operation);
      if (res.statusCode < 300 && !declared.includes(String(res.statusCode))) {
        context.violations.push({
          kind: 'response',
          method,
          path,
          operation: operation.key,
          status: res.statusCode,
          messages: [`status ${res.statusCode} is not declared (declared: ${declared.join(', ')})`],
        });
      }
    });
  }

  const simRequest: SimRequest = {
    method: method as HttpMethod,
    path,
    template: matched.template,
    params: params as Record<string, string>,
    query,
    headers: req.headers,
    body,
    raw: req,
    account: auth.account,
    apiVersion:
      single(req.headers['seclai-version']) ??
      context.state.pinnedVersions.get(auth.account.id) ??
      context.state.versions.default,
    state: context.state,
    record,
  };
  await route.handler(simRequest, simResponse);
}

function matchOperation(
  contract: Contract,
  router: Router,
  method: string,
  path: string,
): Matched | { messages: string[] } {
  const match = contract.matcher.match(path);
  if (!match) return { messages: [`no operation in the contract matches path ${path}`] };
  const methods = contract.methodsByTemplate.get(match.template) ?? new Set<string>();
  if (!methods.has(method)) {
    return {
      messages: [`${method} is not declared for ${match.template} (declared: ${[...methods].join(', ')})`],
    };
  }
  return {
    ...match,
    operation: contract.operations.get(`${method} ${match.template}`),
    route: router.find(method, match.template),
  };
}

function matchRoute(
  matcher: TemplateMatcher,
  router: Router,
  method: string,
  path: string,
): Matched | { messages: string[] } {
  const match = matcher.match(path);
  const route = match ? router.find(method, match.template) : undefined;
  if (!match || !route) return { messages: [`no simulated route for ${method} ${path}`] };
  return { ...match, route };
}

async function readBody(
  contract: Contract | null,
  operation: Operation | undefined,
  route: Route | undefined,
  req: IncomingMessage,
  record: RecordedRequest,
): Promise<unknown> {
  const contentType = single(req.headers['content-type'])?.toLowerCase() ?? '';
  const isMultipart = contentType.startsWith('multipart/form-data');
  if (isMultipart) record.multipart = true;
  const declaredTypes = Object.keys(operation?.definition.requestBody?.content ?? {});

  if (contract && operation) {
    const hasBody =
      req.headers['content-length'] !== undefined
        ? Number(req.headers['content-length']) > 0
        : 'transfer-encoding' in req.headers;
    if (hasBody && declaredTypes.length > 0 && !declaredTypes.some((type) => contentType.startsWith(type))) {
      throw new ContractViolation([
        `content-type "${contentType}" is not one of ${declaredTypes.join(', ')}`,
      ]);
    }
  }
  if (route?.options.rawBody) return undefined;

  const raw = await readAll(req);
  if (contract && operation) {
    if (raw.length === 0) {
      if (operation.definition.requestBody?.required) throw new ContractViolation(['body is required']);
      return undefined;
    }
    if (declaredTypes.length === 0) throw new ContractViolation(['this operation takes no request body']);
    if (!jsonRequestBodyDeclared(operation)) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new ContractViolation(['body is not valid JSON']);
    }
    record.body = parsed;
    const errors = validateRequestBody(contract, operation, parsed);
    if (errors.length > 0) throw new ContractViolation(errors);
    return parsed;
  }
  if (raw.length === 0 || isMultipart) return undefined;
  const parsed: unknown = JSON.parse(raw.toString('utf8'));
  record.body = parsed;
  return parsed;
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ContractViolation([`body larger than ${MAX_BODY_BYTES} bytes`]);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function queryObject(searchParams: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const name of new Set(searchParams.keys())) {
    const values = searchParams.getAll(name);
    query[name] = values.length === 1 ? values[0] : values;
  }
  return query;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
