// Validates requests and responses against the contract with ajv (JSON Schema 2020-12).
// Schemas are referenced by JSON pointer into the loaded document, so `#/components/schemas/X` resolves
// without copying anything, and each validator is compiled on first use and cached for the process.
import Ajv2020Module, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Contract, Operation } from './contract.ts';

type AjvInstance = InstanceType<typeof Ajv2020Module.default>;
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

const DOCUMENT_ID = 'https://simulator.seclai.invalid/openapi.json';

interface ContractValidators {
  /** Coerces query/path/header strings to the declared types. */
  coercing: AjvInstance;
  strict: AjvInstance;
  compiled: Map<string, ValidateFunction | null>;
}

const validatorsByContract = new WeakMap<Contract, ContractValidators>();

function validatorsFor(contract: Contract): ContractValidators {
  let validators = validatorsByContract.get(contract);
  if (!validators) {
    validators = {
      coercing: createAjv(contract, { coerceTypes: 'array' }),
      strict: createAjv(contract, {}),
      compiled: new Map(),
    };
    validatorsByContract.set(contract, validators);
  }
  return validators;
}

function createAjv(contract: Contract, options: { coerceTypes?: 'array' }): AjvInstance {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, ...options });
  addFormats(ajv);
  ajv.addSchema(contract.document, DOCUMENT_ID);
  return ajv;
}

function pointerRef(parts: readonly string[]): { $ref: string } {
  const encoded = parts.map((part) => encodeURIComponent(part.replace(/~/g, '~0').replace(/\//g, '~1')));
  return { $ref: `${DOCUMENT_ID}#/${encoded.join('/')}` };
}

function compileOnce(
  contract: Contract,
  cacheKey: string,
  ajvKind: 'coercing' | 'strict',
  build: () => object | null,
): ValidateFunction | null {
  const validators = validatorsFor(contract);
  if (!validators.compiled.has(cacheKey)) {
    const schema = build();
    validators.compiled.set(cacheKey, schema ? validators[ajvKind].compile(schema) : null);
  }
  return validators.compiled.get(cacheKey) ?? null;
}

function formatErrors(where: string, errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => {
    const at = `${where}${error.instancePath}`;
    const params = error.params as Record<string, unknown>;
    let detail = '';
    if (error.keyword === 'additionalProperties') detail = `: ${String(params.additionalProperty)}`;
    else if (error.keyword === 'enum') detail = `: ${JSON.stringify(params.allowedValues)}`;
    return `${at} ${error.message ?? 'is invalid'}${detail}`;
  });
}

export interface ParameterInput {
  params: Record<string, string>;
  query: Record<string, string | string[]>;
  headers: Record<string, string | string[] | undefined>;
}

export interface ParameterResult {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  errors: string[];
}

/** Validates path, query and header parameters; returns coerced copies with contract defaults filled in. */
export function validateParameters(
  contract: Contract,
  operation: Operation,
  input: ParameterInput,
): ParameterResult {
  const params: Record<string, unknown> = { ...input.params };
  const query: Record<string, unknown> = { ...input.query };
  const headers: Record<string, unknown> = {};
  for (const parameter of operation.parameters) {
    if (
      parameter.in === 'query' &&
      query[parameter.name] === undefined &&
      parameter.schema?.default !== undefined
    ) {
      query[parameter.name] = structuredClone(parameter.schema.default);
    }
    if (parameter.in === 'header') {
      const value = input.headers[parameter.name.toLowerCase()];
      if (value !== undefined) headers[parameter.name] = value;
    }
  }
  const errors = [
    ...check(contract, operation, 'path', params),
    ...check(contract, operation, 'query', query),
    ...check(contract, operation, 'header', headers),
  ];
  return { params, query, errors };
}

function check(
  contract: Contract,
  operation: Operation,
  location: 'path' | 'query' | 'header',
  values: Record<string, unknown>,
): string[] {
  const validate = compileOnce(contract, `${operation.key} ${location}`, 'coercing', () => {
    const declared = operation.parameters.filter((parameter) => parameter.in === location);
    return {
      type: 'object',
      properties: Object.fromEntries(
        declared.map((parameter) => [parameter.name, pointerRef(parameter.schemaPointer)]),
      ),
      required: declared.filter((parameter) => parameter.required).map((parameter) => parameter.name),
      // Headers are open-ended (User-Agent, ...); undeclared query parameters are a contract violation.
      additionalProperties: location !== 'query',
    };
  });
  if (!validate || validate(values)) return [];
  return formatErrors(location, validate.errors);
}

export function jsonRequestBodyDeclared(operation: Operation): boolean {
  return Boolean(operation.definition.requestBody?.content['application/json']);
}

export function validateRequestBody(contract: Contract, operation: Operation, body: unknown): string[] {
  const validate = compileOnce(contract, `${operation.key} body`, 'strict', () =>
    jsonRequestBodyDeclared(operation)
      ? pointerRef([...operation.pointer, 'requestBody', 'content', 'application/json', 'schema'])
      : null,
  );
  if (!validate || validate(body)) return [];
  return formatErrors('body', validate.errors);
}

export function declaredStatuses(operation: Operation): string[] {
  return Object.keys(operation.definition.responses);
}

/** Errors for a JSON response body; empty when valid or when the contract declares no JSON schema for the status. */
export function validateResponseBody(
  contract: Contract,
  operation: Operation,
  status: number,
  body: unknown,
): string[] {
  const validate = compileOnce(contract, `${operation.key} response ${status}`, 'strict', () => {
    const schema = operation.definition.responses[String(status)]?.content?.['application/json']?.schema;
    if (!schema || Object.keys(schema).length === 0) return null;
    return pointerRef([
      ...operation.pointer,
      'responses',
      String(status),
      'content',
      'application/json',
      'schema',
    ]);
  });
  if (!validate || validate(body)) return [];
  return formatErrors('response', validate.errors);
}

/** Errors for the canonical `{data, pagination}` list envelope that `Seclai-Version: 2026-07-27` lists return. */
export function validateCanonicalList(contract: Contract, body: unknown): string[] {
  const validate = compileOnce(contract, 'canonical list envelope', 'strict', () => ({
    type: 'object',
    required: ['data', 'pagination'],
    properties: {
      data: { type: 'array' },
      pagination: pointerRef(['components', 'schemas', 'PaginationResponse']),
    },
  }));
  if (!validate || validate(body)) return [];
  return formatErrors('response', validate.errors);
}

/** Errors for `value` against the schema at `pointer` inside the document (e.g. one property of a response). */
export function validateAtPointer(contract: Contract, pointer: readonly string[], value: unknown): string[] {
  const validate = compileOnce(contract, `pointer ${pointer.join('/')}`, 'strict', () => pointerRef(pointer));
  if (!validate || validate(value)) return [];
  return formatErrors('value', validate.errors);
}
