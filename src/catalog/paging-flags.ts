import { UsageError } from '../errors.ts';
import { DEFAULT_MAX_PARALLEL } from '../http/paginate.ts';

const MAX_PARALLEL_LIMIT = 16;

export const MAX_PARALLEL_HELP = `pages fetched at once with --all (1-${MAX_PARALLEL_LIMIT}, default ${DEFAULT_MAX_PARALLEL})`;

/** `--max-parallel <n>`: a whole number of pages in flight, only meaningful with --all. */
export function maxParallelOption(options: Record<string, unknown>): number | undefined {
  const raw = options.maxParallel;
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(String(raw)) || value < 1 || value > MAX_PARALLEL_LIMIT)
    throw new UsageError(`--max-parallel must be a whole number from 1 to ${MAX_PARALLEL_LIMIT}`);
  if (!options.all) throw new UsageError('--max-parallel needs --all');
  return value;
}
