/**
 * Per-key request counting for the X-RateLimit-* headers and 429s.
 *
 * Fixed windows per API key: a key's window opens with its first request and lasts `windowMs`; the
 * next request after that opens a new one. Rejected requests do not count. When no limit is enforced
 * the limiter reports the platform's documented limit (HMS: 100/minute) with all of it remaining (a
 * client that paces itself by `X-RateLimit-Remaining` must not slow down for a limit that does not
 * exist), and never rejects. The bodies of a 429 are the platform's (EmulatorPlatform.rateLimitBody).
 */

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

  /**
   * @param enforcedLimit requests per window, or null/0 to never reject.
   * @param reportedLimit the limit reported while none is enforced.
   */
  constructor(
    private readonly enforcedLimit: number | null,
    private readonly windowMs: number = 60_000,
    private readonly reportedLimit: number = 100,
  ) {}

  /** Whether a limit is enforced (some requests may be answered 429). */
  get enforced(): boolean {
    return !!this.enforcedLimit;
  }

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
    const limit = this.enforcedLimit || this.reportedLimit;
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
