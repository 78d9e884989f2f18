/**
 * Per-key request counting for the X-RateLimit-* headers and 429s (contract §3).
 *
 * Fixed windows per API key: a key's window opens with its first request and lasts `windowMs`; the
 * next request after that opens a new one. Rejected requests do not count. When no limit is enforced
 * the limiter reports the documented 100/minute with all of it remaining (a client that paces itself
 * by `X-RateLimit-Remaining` must not slow down for a limit that does not exist), and never rejects.
 */

/** The documented REST limit, reported when the emulator does not enforce one. */
export const DOCUMENTED_LIMIT = 100;

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch ms at which the current window ends. */
  resetAt: number;
  /** Whole seconds until the window ends, at least 1 (for Retry-After). */
  retryAfterSeconds: number;
}

interface Window {
  startedAt: number;
  count: number;
}

/** Counts requests per key in fixed windows. */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  /** @param enforcedLimit requests per window, or null/0 to never reject. */
  constructor(
    private readonly enforcedLimit: number | null,
    private readonly windowMs: number = 60_000,
  ) {}

  /** Records one request by `key` and says whether it may proceed. */
  take(key: string, now: number = Date.now()): RateLimitDecision {
    return this.decide(key, now, true);
  }

  /** The current state for `key` without counting a request (for responses that must not count). */
  peek(key: string, now: number = Date.now()): RateLimitDecision {
    return this.decide(key, now, false);
  }

  private decide(key: string, now: number, count: boolean): RateLimitDecision {
    let window = this.windows.get(key);
    if (!window || now >= window.startedAt + this.windowMs) {
      window = { startedAt: now, count: 0 };
      this.windows.set(key, window);
    }
    const limit = this.enforcedLimit || DOCUMENTED_LIMIT;
    const allowed = !this.enforcedLimit || window.count < this.enforcedLimit;
    if (allowed && count) window.count += 1;
    const resetAt = window.startedAt + this.windowMs;
    return {
      allowed,
      limit,
      remaining: this.enforcedLimit ? Math.max(0, limit - window.count) : limit,
      resetAt,
      retryAfterSeconds: Math.max(1, Math.ceil((resetAt - now) / 1000)),
    };
  }

  /** Forgets every window. */
  reset(): void {
    this.windows.clear();
  }
}

/** The 429 body (shape 3 of the contract), for real and injected rate limiting alike. */
export function rateLimitBody(retryAfterSeconds: number): { error: { code: string; message: string } } {
  return {
    error: {
      code: "rate_limit_exceeded",
      message: `Too many requests. Please retry after ${retryAfterSeconds} seconds.`,
    },
  };
}
