// Sync: a small file read once; loading node:fs/promises (and the readline it pulls in) costs ~2 ms.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { errorWords } from '../error-words.ts';
import { UsageError } from '../errors.ts';
import { MAX_JSON_DEPTH, nestedTooDeeply } from '../json-depth.ts';
import { readAllBytes, strictUtf8 } from '../read-all.ts';
import type { OptionSpec } from './types.ts';

/** The long flag of an option, e.g. `--limit` from `--limit <n>`. */
export function longFlag(spec: Pick<OptionSpec, 'flags'>): string {
  return /--[\w-]+/.exec(spec.flags)?.[0] ?? spec.flags;
}

/** Commander's attribute name for an option, e.g. `dryRun` for `--dry-run`. */
export function attributeName(spec: Pick<OptionSpec, 'flags'>): string {
  return longFlag(spec)
    .replace(/^--(no-)?/, '')
    .replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Parses and checks one option's raw value, so bad input fails before any request. */
export function parseOptionValue(spec: OptionSpec, raw: unknown): unknown {
  const flag = longFlag(spec);
  if (raw === undefined || typeof raw === 'boolean') return raw;
  if (Array.isArray(raw)) return raw.map((r) => parseOptionValue({ ...spec, repeatable: false }, r));
  const text = String(raw);
  switch (spec.type ?? 'string') {
    case 'int':
    case 'number': {
      const pattern = spec.type === 'int' ? /^-?\d+$/ : /^-?\d+(\.\d+)?$/;
      const n = Number(text);
      if (!pattern.test(text.trim()) || !Number.isFinite(n)) {
        throw new UsageError(
          `${flag} must be ${spec.type === 'int' ? 'a whole number' : 'a number'} (got "${text}")`,
        );
      }
      if (spec.min !== undefined && n < spec.min)
        throw new UsageError(`${flag} must be at least ${spec.min} (got ${text})`);
      if (spec.max !== undefined && n > spec.max)
        throw new UsageError(`${flag} must be at most ${spec.max} (got ${text})`);
      return n;
    }
    case 'enum':
      if (spec.choices && !spec.choices.includes(text)) {
        throw new UsageError(`${flag} must be one of ${spec.choices.join(', ')} (got "${text}")`);
      }
      return text;
    case 'json':
      return parseJson(text, flag);
    case 'keyvalue':
      return parseKeyValue(text, flag);
    default:
      if (text === '' && spec.required) throw new UsageError(`${flag} must not be empty`);
      return text;
  }
}

export function parseJson(text: string, what: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${what} is not valid JSON: ${(err as Error).message}`);
  }
  if (nestedTooDeeply(parsed))
    throw new UsageError(`${what} is nested more than ${MAX_JSON_DEPTH} levels deep`);
  return parsed;
}

/** The bytes as UTF-8 text; bytes that are not UTF-8 are a usage error, never silently replaced. */
export function utf8Text(bytes: Uint8Array, what: string): string {
  const text = strictUtf8(bytes);
  if (text === undefined) throw new UsageError(`${what} is not valid UTF-8 text`, 'JSON must be UTF-8');
  return text;
}

/** `key=value` → [key, value]; the value may itself contain `=`. */
export function parseKeyValue(text: string, flag: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`${flag} expects key=value (got "${text}")`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}

/**
 * Metadata given as repeated `key=value` flags or as one JSON object: both end as an object.
 * Used by runs and uploads.
 */
export function parseMetadata(
  values: string[] | undefined,
  flag = '--metadata',
): Record<string, unknown> | undefined {
  if (!values || values.length === 0) return undefined;
  const result: Record<string, unknown> = {};
  for (const value of values) {
    if (value.trim().startsWith('{')) {
      const parsed = parseJson(value, flag);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new UsageError(`${flag} JSON must be an object`);
      }
      Object.assign(result, parsed);
    } else {
      const [key, v] = parseKeyValue(value, flag);
      result[key] = v;
    }
  }
  return result;
}

/** Reads `--data`: inline JSON, `@file.json`, or `-` for stdin. Must be a JSON object. */
export async function readDataOption(
  value: string,
  cwd: string,
  stdin: Readable,
): Promise<Record<string, unknown>> {
  const { parsed, what } = await readJsonInput(value, cwd, stdin);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`${what} must be a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

/** Reads any JSON value from inline text, `@file`, or `-` (stdin). */
export async function readJsonInput(
  value: string,
  cwd: string,
  stdin: Readable,
): Promise<{ parsed: unknown; what: string }> {
  let text: string;
  let what = '--data';
  if (value === '-') {
    what = '--data from stdin';
    text = utf8Text(await readAllBytes(stdin), what);
  } else if (value.startsWith('@')) {
    const file = value.slice(1);
    if (file === '') throw new UsageError('--data @ needs a file name, e.g. --data @body.json');
    let bytes: Buffer;
    try {
      bytes = readFileSync(resolve(cwd, file));
    } catch (err) {
      throw new UsageError(`--data: cannot read ${file}: ${errorWords(err)}`);
    }
    what = `--data file ${file}`;
    text = utf8Text(bytes, what);
  } else {
    text = value;
  }
  return { parsed: parseJson(text, what), what };
}
