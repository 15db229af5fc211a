import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseMetadata, readDataOption, utf8Text } from '../../catalog/input.ts';
import { errorWords } from '../../error-words.ts';
import { UsageError } from '../../errors.ts';
import { readAllBytes } from '../../read-all.ts';
import type { Session } from '../../session.ts';
import { parseDuration } from '../../settings.ts';

export type RunMode = 'stream' | 'wait' | 'detach';

/** `--stream`, `--wait` or `--detach`; streaming by default on a terminal, waiting otherwise. */
export function chooseMode(session: Session, options: Record<string, unknown>): RunMode {
  const chosen = (['stream', 'wait', 'detach'] as const).filter((mode) => options[mode] === true);
  if (chosen.length > 1)
    throw new UsageError(`${chosen.map((m) => `--${m}`).join(' and ')} cannot be used together`);
  if (chosen.length === 1) return chosen[0];
  return session.io.isStdoutTTY || session.io.isStderrTTY ? 'stream' : 'wait';
}

/** Polling faster than this would hammer the API for nothing (and a shorter stream silence means nothing). */
const MIN_POLL_INTERVAL_MS = 100;

/** `--poll-interval`, or one second. */
export function pollInterval(options: Record<string, unknown>): number {
  const value = options.pollInterval;
  return typeof value === 'string' ? parseDuration(value, '--poll-interval', MIN_POLL_INTERVAL_MS) : 1_000;
}

const DEFAULT_IDLE_TIMEOUT_MS = 120_000;

/** How long a run's event stream may stay silent before polling takes over: `--idle-timeout`, SECLAI_STREAM_IDLE_TIMEOUT, or 120 s. */
export function streamIdleTimeout(
  options: Record<string, unknown>,
  env: Record<string, string | undefined>,
): number {
  if (typeof options.idleTimeout === 'string')
    return parseDuration(options.idleTimeout, '--idle-timeout', MIN_POLL_INTERVAL_MS);
  const fromEnv = env.SECLAI_STREAM_IDLE_TIMEOUT;
  if (fromEnv) return parseDuration(fromEnv, 'SECLAI_STREAM_IDLE_TIMEOUT', MIN_POLL_INTERVAL_MS);
  return DEFAULT_IDLE_TIMEOUT_MS;
}

/** Body fields that say what the run reads; a flag giving the input replaces all of them. */
const INPUT_FIELDS = ['input', 'input_upload_id', 'input_upload_ids'];

/**
 * The run's body: `--data` (a JSON object, `@file` or `-`), then the flags over its fields:
 * `--input`/`--input-file` (either may be `-` for stdin) or `--file` replace its input, `--metadata`
 * keys go over its `metadata` keys, `--replay` sets `replay_of_run_id`, `--priority` sets `priority`.
 */
export async function readRunBody(
  session: Session,
  options: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const inline = options.input as string | undefined;
  const file = options.inputFile as string | undefined;
  const data = options.data as string | undefined;
  const replay = options.replay as string | undefined;
  if (inline !== undefined && file !== undefined)
    throw new UsageError('give --input or --input-file, not both');
  if (data === '-' && (inline === '-' || file === '-'))
    throw new UsageError(
      `--data - and ${inline === '-' ? '--input' : '--input-file'} - cannot both read stdin`,
    );
  if (replay !== undefined && replay.trim() === '') throw new UsageError('--replay needs a run id');
  const metadata = parseMetadata(options.metadata as string[] | undefined);
  const body: Record<string, unknown> =
    data === undefined ? {} : await readDataOption(data, session.ctx.cwd, session.io.stdin);
  const input = await readInput(session, inline, file);
  const files = options.file as string[] | undefined;
  if (input !== undefined || files?.length) for (const field of INPUT_FIELDS) delete body[field];
  if (input !== undefined) body.input = input;
  if (metadata) body.metadata = { ...objectOrEmpty(body.metadata), ...metadata };
  if (replay !== undefined) body.replay_of_run_id = replay;
  if (options.priority === true) body.priority = true;
  return body;
}

async function readInput(
  session: Session,
  inline: string | undefined,
  file: string | undefined,
): Promise<string | undefined> {
  if (inline === '-' || file === '-')
    return utf8Text(
      await readAllBytes(session.io.stdin),
      `${inline === '-' ? '--input' : '--input-file'} from stdin`,
    );
  if (file === undefined) return inline;
  if (file === '') throw new UsageError('--input-file needs a file name');
  let bytes: Buffer;
  try {
    bytes = await readFile(resolve(session.ctx.cwd, file));
  } catch (err) {
    throw new UsageError(`--input-file: cannot read ${file}: ${errorWords(err)}`);
  }
  return utf8Text(bytes, `--input-file ${file}`);
}

function objectOrEmpty(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
