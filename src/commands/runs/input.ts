import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseMetadata, utf8Text } from '../../catalog/input.ts';
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

/** The run's body fields from `--input`, `--input-file` (either may be `-` for stdin) and `--metadata`. */
export async function readRunBody(
  session: Session,
  options: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const inline = options.input as string | undefined;
  const file = options.inputFile as string | undefined;
  if (inline !== undefined && file !== undefined)
    throw new UsageError('give --input or --input-file, not both');
  const metadata = parseMetadata(options.metadata as string[] | undefined);
  let input: string | undefined;
  if (inline === '-' || file === '-')
    input = utf8Text(
      await readAllBytes(session.io.stdin),
      `${inline === '-' ? '--input' : '--input-file'} from stdin`,
    );
  else if (file !== undefined) {
    if (file === '') throw new UsageError('--input-file needs a file name');
    let bytes: Buffer;
    try {
      bytes = await readFile(resolve(session.ctx.cwd, file));
    } catch (err) {
      throw new UsageError(`--input-file: cannot read ${file}: ${errorWords(err)}`);
    }
    input = utf8Text(bytes, `--input-file ${file}`);
  } else input = inline;
  const body: Record<string, unknown> = {};
  if (input !== undefined) body.input = input;
  if (metadata) body.metadata = metadata;
  return body;
}
