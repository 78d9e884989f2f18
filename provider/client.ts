/**
 * The one HTTP client every HMS resource uses: undici, JSON in and out, bearer auth, a per-request
 * timeout, the shared rate limit, retries, and typed errors ({@link HmsApiError}, {@link HmsConnectionError}).
 *
 * Retry policy (the vendor's own SDK retries twice with min(1000·2ⁿ, 8000) ms; a deploy needs more
 * patience, so the count is a setting):
 * - GET, PATCH and DELETE are repeated after a 429, a 5xx or a network failure (our PATCH bodies carry
 *   whole fields, so sending one twice leaves the same object);
 * - a POST is repeated only where the API provably did not act: a 429, or a connection that was never
 *   established. After any other failure the object may exist ({@link isAmbiguous}): it is sent again
 *   only when the caller gives a `recover` lookup that finds nothing (the lifecycle looks the object
 *   up by its unique key).
 * - the wait is the API's `Retry-After` (or, for a 429 without one, `X-RateLimit-Reset`), else
 *   exponential backoff with jitter.
 */
import { Agent, type Dispatcher, request } from "undici";
import { DEFAULTS, resolveConfig, type HmsConfig } from "./config";
import { HmsApiError, HmsConnectionError, HmsServerError, HmsTimeoutError } from "./errors";
import { MAX_PAUSE_MS, RequestLimiter, sharedLimiter, sleep } from "./rate-limit";

export type Method = "GET" | "POST" | "PATCH" | "DELETE";

/** Builds a URL path whose interpolated values (ids) are percent-encoded: path`/assistants/${id}`. */
export function path(strings: TemplateStringsArray, ...values: string[]): string {
  return strings.reduce((out, s, i) => out + s + (i < values.length ? encodeURIComponent(values[i]) : ""), "");
}

/** Backoff bounds in milliseconds: attempt n waits between half and all of min(base·2ⁿ, max). */
export interface Backoff {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 500, maxMs: 8_000 };

export interface ClientOptions {
  /** undici dispatcher (a MockAgent in tests); the process-wide keep-alive pool by default. */
  dispatcher?: Dispatcher;
  /** The limiter to spend; the process-wide one for this base URL and key by default. */
  limiter?: RequestLimiter;
  backoff?: Backoff;
}

type Failure = HmsApiError | HmsConnectionError;

export interface PostOptions<T> {
  /**
   * Called after a POST failed in a way that may have created the object anyway ({@link isAmbiguous}):
   * resolves with what the POST would have answered when the object exists (the call then resolves
   * with it), or undefined to send the POST again (within `hms:maxRetries`). A rejection ends the call.
   */
  recover?: (failure: Failure) => Promise<T | undefined>;
}

/** How one HTTP exchange ended: the parsed body, or the failure and the API's hints on when to retry. */
type Outcome = { value: unknown } | { failure: Failure; hints?: RetryHints };

export class HmsClient {
  private readonly dispatcher: Dispatcher;
  private readonly limiter: RequestLimiter;
  private readonly backoff: Backoff;
  /** Retries after a failed attempt (`hms:maxRetries`). */
  readonly maxRetries: number;

  constructor(
    readonly config: HmsConfig,
    options: ClientOptions = {},
  ) {
    this.dispatcher = options.dispatcher ?? sharedAgent();
    this.limiter =
      options.limiter ?? sharedLimiter(config.baseUrl, config.apiKey, config.requestsPerMinute ?? DEFAULTS.requestsPerMinute);
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.maxRetries = config.maxRetries ?? DEFAULTS.maxRetries;
  }

  get<T = unknown>(p: string): Promise<T> {
    return this.send<T>("GET", p);
  }
  post<T = unknown>(p: string, body: unknown, options: PostOptions<T> = {}): Promise<T> {
    return this.send<T>("POST", p, body, options);
  }
  patch<T = unknown>(p: string, body: unknown): Promise<T> {
    return this.send<T>("PATCH", p, body);
  }
  delete<T = unknown>(p: string): Promise<T> {
    return this.send<T>("DELETE", p);
  }

  /**
   * Sends a request, retrying as the policy above says, and returns the parsed JSON body (undefined
   * for an empty body, e.g. 204).
   * @throws HmsApiError (a per-status subclass) for a non-2xx answer that is not retried or after the
   *   last retry; HmsConnectionError / HmsTimeoutError when no answer came.
   */
  async send<T>(method: Method, p: string, body?: unknown, options: PostOptions<T> = {}): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      await this.limiter.acquire();
      const outcome = await this.attempt(method, p, body);
      if ("value" in outcome) return outcome.value as T;
      const { failure, hints } = outcome;
      // The request may have been acted on: ask the caller whether the object exists before resending.
      const lookup = options.recover && isAmbiguous(failure);
      if (lookup) {
        const found = await options.recover!(failure);
        if (found !== undefined) return found;
      }
      if (!(lookup || isRetryable(method, failure)) || attempt >= this.maxRetries) {
        if (attempt > 0) failure.message += ` (gave up after ${attempt + 1} attempts)`;
        throw failure;
      }
      await sleep(retryDelayMs(attempt, hints, this.backoff));
    }
  }

  /** One HTTP exchange; thrown transport errors become failures here. */
  private async attempt(method: Method, p: string, body: unknown): Promise<Outcome> {
    const name = `${method} ${p}`;
    let status: number;
    let headers: Record<string, string | string[] | undefined>;
    let text: string;
    try {
      const res = await request(this.config.baseUrl + p, {
        method,
        dispatcher: this.dispatcher,
        headers: {
          authorization: `Bearer ${this.config.apiKey}`,
          accept: "application/json",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.config.requestTimeoutMs),
      });
      status = res.statusCode;
      headers = res.headers;
      text = await res.body.text();
    } catch (err) {
      return { failure: connectionError(name, err, this.config.requestTimeoutMs) };
    }
    const hints = { retryAfter: header(headers, "retry-after"), rateLimitReset: header(headers, "x-ratelimit-reset") };
    this.heedRateLimit(status, hints, header(headers, "x-ratelimit-remaining"));
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = { message: text.slice(0, 200) };
    }
    if (status >= 200 && status < 300) return { value: json };
    const hint = hintFor(status, this.config);
    // X-RateLimit-Reset comes with every answer; only for a 429 does it say when to try again.
    const retryHints = status === 429 ? hints : { retryAfter: hints.retryAfter };
    return { failure: HmsApiError.fromResponse(status, json, name, header(headers, "x-request-id"), hint), hints: retryHints };
  }

  /** A spent window (429, or none remaining) holds every request of the run until the API's reset. */
  private heedRateLimit(status: number, hints: RetryHints, remaining: string | undefined): void {
    if (status === 429) {
      this.limiter.pauseUntil(Date.now() + serverDelayMs(hints, true, Date.now())!);
    } else if (remaining === "0" && hints.rateLimitReset) {
      const reset = Number(hints.rateLimitReset) * 1000;
      if (Number.isFinite(reset)) this.limiter.pauseUntil(reset);
    }
  }
}

/** The rate-limit headers of an answer, which say when to try again. */
export interface RetryHints {
  /** `Retry-After`: seconds, or an HTTP date. */
  retryAfter?: string;
  /** `X-RateLimit-Reset`: Unix seconds at which the window resets. */
  rateLimitReset?: string;
}

/**
 * Whether a failed attempt may be sent again as it is: 429 always (the API did not act); 5xx, 408 and
 * network failures for GET, PATCH and DELETE; for a POST only a connection that never reached the API.
 */
function isRetryable(method: Method, failure: Failure): boolean {
  if (failure instanceof HmsApiError) {
    if (failure.status === 429) return true;
    return method !== "POST" && (failure.status >= 500 || failure.status === 408);
  }
  return method !== "POST" || !failure.sent;
}

/**
 * True when a failed POST may have created the object anyway: the request may have reached the API
 * (timeout, reset, dropped answer) or the API failed part-way (5xx). Look the object up before
 * sending it again.
 */
export function isAmbiguous(err: unknown): boolean {
  return (err instanceof HmsConnectionError && err.sent) || err instanceof HmsServerError;
}

/**
 * Milliseconds to wait before retry number `attempt + 1`: the server's `Retry-After` (or, for a 429
 * without one, `X-RateLimit-Reset`) plus up to 250 ms of jitter so waiting requests do not return all
 * at once; else exponential backoff with jitter, between half and all of min(base·2ᵃᵗᵗᵉᵐᵖᵗ, max).
 */
export function retryDelayMs(
  attempt: number,
  hints: RetryHints | undefined,
  backoff: Backoff = DEFAULT_BACKOFF,
  now: number = Date.now(),
  random: () => number = Math.random,
): number {
  const server = hints && serverDelayMs(hints, false, now);
  if (server !== undefined) return server + Math.floor(random() * 250);
  const ceiling = Math.min(backoff.baseMs * 2 ** attempt, backoff.maxMs);
  return Math.floor(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * The wait the server asked for, capped at {@link MAX_PAUSE_MS}: `Retry-After`, else the reset time.
 * With `mustWait` (a 429 that names neither) one second, the API's shortest window remainder.
 */
function serverDelayMs(hints: RetryHints, mustWait: boolean, now: number): number | undefined {
  const wait = parseRetryAfter(hints.retryAfter, now) ?? resetDelayMs(hints.rateLimitReset, now);
  if (wait === undefined) return mustWait ? 1000 : undefined;
  return Math.min(wait, MAX_PAUSE_MS);
}

/**
 * `Retry-After` in milliseconds: delay-seconds (`"45"`) or an HTTP date; undefined when absent or
 * unreadable. A date in the past gives 0.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date ("Wed, 21 Oct 2026 07:28:00 GMT"); Date.parse alone would also take "-1" for a date.
  const date = /^[A-Za-z]{3}, /.test(text) ? Date.parse(text) : NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** `X-RateLimit-Reset` (Unix seconds) as milliseconds from now; undefined when absent or unreadable. */
function resetDelayMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Math.max(0, Number(value) * 1000 - now);
}

/** Transport error codes of a connection that was never established: the request cannot have arrived. */
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

function connectionError(request: string, err: unknown, timeoutMs: number): HmsConnectionError {
  const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string } };
  if (e?.name === "TimeoutError" || e?.code === "UND_ERR_HEADERS_TIMEOUT" || e?.code === "UND_ERR_BODY_TIMEOUT") {
    return new HmsTimeoutError({
      request,
      code: "TIMEOUT",
      sent: true,
      cause: err,
      message: `HMS API ${request} got no answer within ${timeoutMs} ms (hms:requestTimeoutMs)`,
    });
  }
  const code = e?.code ?? e?.cause?.code ?? "UNKNOWN";
  return new HmsConnectionError({
    request,
    code,
    sent: !NOT_SENT.has(code),
    cause: err,
    message: `HMS API ${request} failed before an answer arrived: ${e?.message ?? String(err)} (${code})`,
  });
}

/** What to do about an error no retry can fix, appended to its message. */
function hintFor(status: number, config: HmsConfig): string | undefined {
  if (status === 401) {
    const source = config.apiKeySource ?? "hms:apiKey";
    return source === "hms:apiKey"
      ? "Check the key in the stack config hms:apiKey (set it with `pulumi config set --secret hms:apiKey <key>`)"
      : `Check the key in the ${source} environment variable`;
  }
  if (status === 402) return "The HMS account has run out of credits: top it up in the HMS dashboard, then run `pulumi up` again";
  if (status === 403) return "This API key may not access this object: it belongs to another account, or the key lacks the permission";
  return undefined;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

// One connection pool per provider process, shared by every resource type; on globalThis so that
// two copies of this package loaded into one process still share it.
const shared = globalThis as typeof globalThis & { __pulumiVoiceaiAgent?: Agent };
function sharedAgent(): Agent {
  return (shared.__pulumiVoiceaiAgent ??= new Agent({ connections: 16, keepAliveTimeout: 10_000 }));
}

/** A client for the configured stack (see {@link resolveConfig}). */
export function hmsClient(): HmsClient {
  return new HmsClient(resolveConfig());
}
