/**
 * Columns an answer implies without carrying them: a run says when it started and how long it
 * took only through its attempts. Used when the record has no field of that name.
 */
const DERIVED: Record<string, (record: Record<string, unknown>) => unknown> = {
  started_at: (record) => attemptsOf(record)[0]?.started_at ?? undefined,
  duration: (record) => {
    const attempts = attemptsOf(record);
    const start = Date.parse(String(attempts[0]?.started_at));
    const end = Date.parse(String(attempts[attempts.length - 1]?.ended_at));
    return Number.isFinite(start) && Number.isFinite(end) ? Math.max(0, end - start) / 1000 : undefined;
  },
};

/** The derived value of `column` for `record`, or undefined when it derives nothing. */
export function derivedField(record: Record<string, unknown>, column: string): unknown {
  return DERIVED[column]?.(record);
}

function attemptsOf(record: Record<string, unknown>): Record<string, unknown>[] {
  const attempts = record.attempts;
  return Array.isArray(attempts)
    ? attempts.filter((a): a is Record<string, unknown> => typeof a === 'object' && a !== null)
    : [];
}
