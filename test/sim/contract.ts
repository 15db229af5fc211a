// Loads the OpenAPI contract at runtime (never copied into the repository) and indexes its operations.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TemplateMatcher } from './path-template.ts';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Record<string, unknown>;
}

export interface OpenApiMediaType {
  schema?: Record<string, unknown>;
}

export interface OpenApiOperation {
  operationId?: string;
  parameters?: (OpenApiParameter | { $ref: string })[];
  requestBody?: { required?: boolean; content: Record<string, OpenApiMediaType> };
  responses: Record<string, { content?: Record<string, OpenApiMediaType> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown>; parameters?: Record<string, OpenApiParameter> };
  'x-seclai-versions'?: { default?: string; latest?: string; known?: string[] };
}

/** A parameter resolved from `$ref`, with the JSON pointer (as path parts) of its schema inside the document. */
export interface ResolvedParameter extends OpenApiParameter {
  schemaPointer: string[];
}

export interface Operation {
  /** Upper-case HTTP method. */
  method: string;
  template: string;
  /** `METHOD /template`, the name used in violations and route registration. */
  key: string;
  definition: OpenApiOperation;
  /** JSON pointer parts of the operation object inside the document. */
  pointer: string[];
  parameters: ResolvedParameter[];
}

export interface Contract {
  specPath: string;
  document: OpenApiDocument;
  operations: Map<string, Operation>;
  matcher: TemplateMatcher;
  /** Methods declared for each path template. */
  methodsByTemplate: Map<string, Set<string>>;
}

export function defaultSpecPath(): string {
  const fromEnv = process.env.SECLAI_OPENAPI;
  if (fromEnv) return resolve(fromEnv);
  const repoRoot = resolve(import.meta.dirname, '..', '..');
  return resolve(repoRoot, '..', 'shared', 'openapi', 'seclai.openapi.json');
}

const contracts = new Map<string, Contract>();
let warnedMissing = false;

/** The contract at `specPath`, parsed once per process; null (with one stderr line per process) when absent. */
export function loadContract(specPath: string): Contract | null {
  const cached = contracts.get(specPath);
  if (cached) return cached;
  if (!existsSync(specPath)) {
    // The test run's global setup says it once for all workers.
    if (!warnedMissing && process.env.SECLAI_SIM_NO_CONTRACT_NOTED !== '1') {
      warnedMissing = true;
      process.stderr.write(`seclai simulator: contract validation off (${specPath} not found)\n`);
    }
    return null;
  }
  const document = JSON.parse(readFileSync(specPath, 'utf8')) as OpenApiDocument;
  const contract = indexContract(specPath, document);
  contracts.set(specPath, contract);
  return contract;
}

function indexContract(specPath: string, document: OpenApiDocument): Contract {
  const operations = new Map<string, Operation>();
  const methodsByTemplate = new Map<string, Set<string>>();
  for (const [template, pathItem] of Object.entries(document.paths)) {
    const methods = new Set<string>();
    for (const lower of HTTP_METHODS) {
      const definition = pathItem[lower] as OpenApiOperation | undefined;
      if (!definition) continue;
      const method = lower.toUpperCase();
      const pointer = ['paths', template, lower];
      const parameters = resolveParameters(document, definition, pointer);
      const operation: Operation = {
        method,
        template,
        key: `${method} ${template}`,
        definition,
        pointer,
        parameters,
      };
      operations.set(operation.key, operation);
      methods.add(method);
    }
    methodsByTemplate.set(template, methods);
  }
  return {
    specPath,
    document,
    operations,
    matcher: new TemplateMatcher(methodsByTemplate.keys()),
    methodsByTemplate,
  };
}

function resolveParameters(
  document: OpenApiDocument,
  definition: OpenApiOperation,
  pointer: string[],
): ResolvedParameter[] {
  return (definition.parameters ?? []).map((entry, index) => {
    if ('$ref' in entry) {
      const name = entry.$ref.replace('#/components/parameters/', '');
      const parameter = document.components.parameters?.[name];
      if (!parameter) throw new Error(`seclai simulator: unresolved parameter ${entry.$ref}`);
      return { ...parameter, schemaPointer: ['components', 'parameters', name, 'schema'] };
    }
    return { ...entry, schemaPointer: [...pointer, 'parameters', String(index), 'schema'] };
  });
}
