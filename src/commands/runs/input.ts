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

/** Polling faster than this would hammer the API for nothing. */
const MIN_POLL_INTERVAL_MS = 100;

/** `--poll-interval`, or one second. */
export function pollInterval(options: Record<string, unknown>): number {
  const value = options.pollInterval;
  return typeof value === 'string' ? parseDuration(value, '--poll-interval', MIN_POLL_INTERVAL_MS) : 1_000;
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
