import { randomUUID } from 'node:crypto';

export function newId(): string {
  return randomUUID();
}

export function isoNow(): string {
  return new Date().toISOString();
}

/** ISO timestamp `minutesAgo` minutes before now; seeds use it so lists have a stable, realistic order. */
export function isoMinutesAgo(minutesAgo: number): string {
  return new Date(Date.now() - minutesAgo * 60_000).toISOString();
}
