// X-RateLimit-* headers for successful answers: a fixed window per account (never enforced; use faults for 429s).
import type { RateLimitSettings } from './state.ts';

interface Window {
  startsAt: number;
  used: number;
}

export class RateLimitCounter {
  readonly #windows = new Map<string, Window>();

  headers(accountId: string, settings: RateLimitSettings, now = Date.now()): Record<string, string> {
    const windowMs = settings.windowSeconds * 1000;
    let window = this.#windows.get(accountId);
    if (!window || now >= window.startsAt + windowMs) {
      window = { startsAt: now, used: 0 };
      this.#windows.set(accountId, window);
    }
    window.used++;
    return {
      'x-ratelimit-limit': String(settings.limit),
      'x-ratelimit-remaining': String(Math.max(0, settings.limit - window.used)),
      'x-ratelimit-reset': String(Math.ceil((window.startsAt + windowMs) / 1000)),
    };
  }

  clear(): void {
    this.#windows.clear();
  }
}
