/**
 * The client-side rate limit shared by every request of a run.
 *
 * The HMS API allows 100 requests per minute per key and counts them in fixed windows that start at
 * a moment the client does not know. A sliding window (p-throttle's strict mode) keeps every 60-second
 * span at or under the limit, and so every one of the API's windows too, while still letting a small
 * stack go out in one burst. Requests an earlier run sent still count on the API's side, so when the
 * API says the window is spent (a 429 with `Retry-After`, or `X-RateLimit-Remaining: 0`) every request
 * of the run waits until the time it names.
 */
import pThrottle from "p-throttle";

/** Longest wait a server hint may impose: a wrong clock or header must not stall a deploy for hours. */
export const MAX_PAUSE_MS = 120_000;

export class RequestLimiter {
  private pausedUntil = 0;
  private readonly slot: () => Promise<void>;

  /**
   * @param perMinute requests allowed in any window of `intervalMs` (0 = no client-side limit).
   * @param intervalMs the window length in milliseconds (60000; shorter only in tests).
   */
  constructor(
    readonly perMinute: number,
    intervalMs = 60_000,
  ) {
    this.slot = perMinute > 0 ? pThrottle({ limit: perMinute, interval: intervalMs, strict: true })(async () => {}) : async () => {};
  }

  /** Resolves when one more request may be sent now. */
  async acquire(): Promise<void> {
    for (;;) {
      const wait = this.pausedUntil - Date.now();
      if (wait > 0) await sleep(wait);
      await this.slot();
      // A pause that began while this request queued for its slot still applies (the slot is spent).
      if (Date.now() >= this.pausedUntil) return;
    }
  }

  /** Holds every request until `epochMs` (at most {@link MAX_PAUSE_MS} from now). */
  pauseUntil(epochMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Math.min(epochMs, Date.now() + MAX_PAUSE_MS));
  }
}

// One limiter per API (base URL) and key for the whole provider process: every resource type spends
// the same key's budget, even from two copies of this package loaded into one process (globalThis).
const shared = globalThis as typeof globalThis & { __pulumiVoiceaiLimiters?: Map<string, RequestLimiter> };

/** The process-wide limiter for this base URL, key and limit. */
export function sharedLimiter(baseUrl: string, apiKey: string, perMinute: number): RequestLimiter {
  const limiters = (shared.__pulumiVoiceaiLimiters ??= new Map());
  const id = `${baseUrl} ${apiKey} ${perMinute}`;
  let limiter = limiters.get(id);
  if (!limiter) limiters.set(id, (limiter = new RequestLimiter(perMinute)));
  return limiter;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
