import { UsageError } from '../../errors.ts';
import type { Session } from '../../session.ts';
import type { RunMode } from './input.ts';

/** Event names the API documents for a run stream, plus `resumed`, which this CLI adds. */
const KNOWN_EVENTS = ['init', 'status', 'stream_token', 'stream_end', 'done', 'timeout', 'error', 'resumed'];
/** Step events carry the step's own name (`step_started`, `step_failed`, …). */
const STEP_EVENT = /step/i;
const EVENT_NAME = /^[\w.:-]+$/;

/**
 * `--event-filter a,b` (repeatable): the stream events to print with `--events`. Names outside
 * the documented list are kept with a warning: the server forwards events this CLI cannot know.
 */
export function eventFilter(
  session: Session,
  options: Record<string, unknown>,
  mode: RunMode,
): ((name: string) => boolean) | undefined {
  const values = options.eventFilter as string[] | undefined;
  if (values === undefined) return undefined;
  if (mode !== 'stream' || session.settings.output !== 'json')
    throw new UsageError(
      '--event-filter picks the events printed as JSON lines while streaming',
      'add --events (the same as --stream --json)',
    );
  const names = values.flatMap((value) => value.split(',')).map((name) => name.trim());
  for (const name of names) {
    if (!EVENT_NAME.test(name))
      throw new UsageError(
        `--event-filter takes event names separated by commas (got "${values.join(',')}")`,
        `e.g. --event-filter ${KNOWN_EVENTS.slice(0, 3).join(',')}`,
      );
    if (!KNOWN_EVENTS.includes(name) && !STEP_EVENT.test(name))
      session.note(
        `warning: --event-filter: "${name}" is not an event this CLI knows (${KNOWN_EVENTS.join(', ')}, step events); kept in case the server sends it`,
      );
  }
  const wanted = new Set(names);
  return (name) => wanted.has(name);
}
