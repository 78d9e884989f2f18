/**
 * The one HTTP client every resource of every platform uses: undici, JSON in and out, bearer auth, a
 * per-request timeout, the shared rate limit, retries, and typed errors ({@link ApiError},
 * {@link ConnectionError}). What differs per platform (error bodies, hints, the default limit) comes
 * from its `Platform` object.
 *
 * Retry policy (the vendor's own SDK retries twice with min(1000·2ⁿ, 8000) ms; a deploy needs more
 * patience, so the count is a setting):
 * - GET, PATCH and DELETE are repeated after a 429, a 5xx or a network failure (our PATCH bodies carry
 *   whole fields, so sending one twice leaves the same object);
 * - a POST is repeated only where the API provably did not act: a 429, or a connection that was never
 *   established. After any other failure the object may exist ({@link isAmbiguous}): it is sent again
 *   only when the caller gives a `recover` lookup that finds nothing (the lifecycle looks the object
 *   up by its unique key). The lookup runs after the wait before the retry, not at once: a server
 *   that is still working on the request when the client gives up (its timeout) commits the object
 *   later, and a lookup right after the timeout would miss it and let the POST create a second one.
 * - the wait is the API's `Retry-After` (or, for a 429 without one, `X-RateLimit-Reset`), else
 *   exponential backoff with jitter.
 *
 * With `<ENV_PREFIX>_LOG=debug` (or stack config `<name>:log: debug`, e.g. `hms:log`) the client writes one line per
 * attempt to stderr (which the Pulumi CLI shows): method, path, attempt n of max, status or error
 * code, elapsed time, and before a retry the wait and its reason. Never bodies, never the key.
 */
import { Agent, type Dispatcher, request } from "undici";
import { DEFAULTS, type ClientConfig } from "./config";
import { ApiError, ConnectionError, ServerError, TimeoutError } from "./errors";
import type { Platform } from "./platform";
import { redactText } from "./redact";
import { MAX_PAUSE_MS, RequestLimiter, sharedLimiter, sleep } from "./rate-limit";

export type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

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
  /**
   * Where the debug lines go (one per attempt, see the file comment); by default stderr when the
   * config's `log` is `debug`, else nowhere. Tests pass a function that collects them.
   */
  log?: (line: string) => void;
}

type Failure = ApiError | ConnectionError;

export interface PostOptions<T> {
  /**
   * Called after a POST failed in a way that may have created the object anyway ({@link isAmbiguous}):
   * resolves with what the POST would have answered when the object exists (the call then resolves
   * with it), or undefined to send the POST again (within `<name>:maxRetries`). A rejection ends the call.
   * It is called after the wait that precedes the retry (also after the last attempt, before giving
   * up), so an object the server commits after the client gave up has had that long to appear.
   */
  recover?: (failure: Failure) => Promise<T | undefined>;
}

/** How one HTTP exchange ended: the parsed body, or the failure and the API's hints on when to retry. */
type Outcome = { value: unknown; status: number } | { failure: Failure; hints?: RetryHints };

/** What the client needs of a platform: its name, its error bodies and hints, its default limit. */
export type ClientPlatform = Pick<Platform, "name" | "errors" | "hint" | "defaultRequestsPerMinute">;

export class ApiClient {
  private readonly dispatcher: Dispatcher;
  private readonly limiter: RequestLimiter;
  private readonly backoff: Backoff;
  private readonly log: ((line: string) => void) | undefined;
  /** Retries after a failed attempt (`<name>:maxRetries`). */
  readonly maxRetries: number;

  constructor(
    readonly platform: ClientPlatform,
    readonly config: ClientConfig,
    options: ClientOptions = {},
  ) {
    this.dispatcher = options.dispatcher ?? sharedAgent();
    this.limiter =
      options.limiter ?? sharedLimiter(config.baseUrl, config.apiKey, config.requestsPerMinute ?? platform.defaultRequestsPerMinute);
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.maxRetries = config.maxRetries ?? DEFAULTS.maxRetries;
    this.log = options.log ?? (config.log === "debug" ? stderrLine : undefined);
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
  put<T = unknown>(p: string, body: unknown): Promise<T> {
    return this.send<T>("PUT", p, body);
  }
  delete<T = unknown>(p: string): Promise<T> {
    return this.send<T>("DELETE", p);
  }

  /**
   * Sends a request, retrying as the policy above says, and returns the parsed JSON body (undefined
   * for an empty body, e.g. 204).
   * @throws ApiError (a per-status subclass) for a non-2xx answer that is not retried or after the
   *   last retry; ConnectionError / TimeoutError when no answer came.
   */
  async send<T>(method: Method, p: string, body?: unknown, options: PostOptions<T> = {}): Promise<T> {
    const request = `${method} ${p}`;
    for (let attempt = 0; ; attempt++) {
      const queued = Date.now();
      await this.limiter.acquire();
      const started = Date.now();
      const outcome = await this.attempt(method, p, body);
      // What the attempt got, for the debug line: "201 in 35 ms", "TIMEOUT in 1001 ms".
      const heldMs = started - queued;
      const got =
        `${request} attempt ${attempt + 1}/${this.maxRetries + 1}: ${"value" in outcome ? outcome.status : describe(outcome.failure)} ` +
        `in ${Date.now() - started} ms${heldMs >= 10 ? ` (after ${heldMs} ms waiting for the rate limit)` : ""}`;
      if ("value" in outcome) {
        this.debug(got);
        return outcome.value as T;
      }
      const { failure, hints } = outcome;
      // The request may have been acted on: ask the caller whether the object exists before resending.
      const lookup = options.recover !== undefined && isAmbiguous(failure);
      const last = attempt >= this.maxRetries;
      if (!(lookup || isRetryable(method, failure))) {
        this.debug(`${got}; not retried`);
        throw gaveUp(failure, attempt);
      }
      if (last && !lookup) {
        this.debug(`${got}; no retries left`);
        throw gaveUp(failure, attempt);
      }
      // Wait first, look up after: a server still working on the request when the client gave up
      // commits the object meanwhile, and the lookup then sees it instead of letting a second POST in.
      const delay = retryDelay(attempt, hints, this.backoff);
      this.debug(`${got}; waiting ${delay.ms} ms (${delay.reason}) before ${lookup ? "a recover lookup" : "retrying"}`);
      await sleep(delay.ms);
      if (!lookup) continue;
      let found: T | undefined;
      try {
        found = await options.recover!(failure);
      } catch (err) {
        this.debug(`${request}: recover lookup failed (${err instanceof Error ? err.name : typeof err}); giving up`);
        throw err;
      }
      if (found !== undefined) {
        this.debug(`${request}: recover lookup found the object; not sending it again`);
        return found;
      }
      this.debug(`${request}: recover lookup found nothing; ${last ? "no retries left" : "sending it again"}`);
      if (last) throw gaveUp(failure, attempt);
    }
  }

  private debug(line: string): void {
    if (!this.log) return;
    try {
      this.log(line);
    } catch {
      // A broken log sink must not fail a deployment.
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
      return { failure: connectionError(name, err, this.config.requestTimeoutMs, this.platform) };
    }
    const hints = { retryAfter: header(headers, "retry-after"), rateLimitReset: header(headers, "x-ratelimit-reset") };
    this.heedRateLimit(status, hints, header(headers, "x-ratelimit-remaining"));
    let json: unknown;
    let parsed = true;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = false;
    }
    // A success that is not JSON: its start, with secret values redacted (callers may quote it).
    if (status >= 200 && status < 300) return { value: parsed ? json : { message: redactText(text).slice(0, 200) }, status };
    const hint = hintFor(status, this.config, this.platform);
    // X-RateLimit-Reset comes with every answer; only for a 429 does it say when to try again.
    const retryHints = status === 429 ? hints : { retryAfter: hints.retryAfter };
    // The error redacts the body (JSON, or the text when it is not) before it quotes or keeps it.
    const failure = ApiError.fromResponse(status, parsed ? json : text, name, header(headers, "x-request-id"), hint, headers, this.platform.errors);
    return { failure, hints: retryHints };
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
  if (failure instanceof ApiError) {
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
  return (err instanceof ConnectionError && err.sent) || err instanceof ServerError;
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
  return retryDelay(attempt, hints, backoff, now, random).ms;
}

/** Why the client waits as long as it does before a retry (named in the debug log). */
export type RetryReason = "Retry-After" | "X-RateLimit-Reset" | "backoff";

/** {@link retryDelayMs} with the reason for the wait. */
export function retryDelay(
  attempt: number,
  hints: RetryHints | undefined,
  backoff: Backoff = DEFAULT_BACKOFF,
  now: number = Date.now(),
  random: () => number = Math.random,
): { ms: number; reason: RetryReason } {
  const server = hints && serverDelay(hints, now);
  if (server !== undefined) return { ms: server.ms + Math.floor(random() * 250), reason: server.reason };
  const ceiling = Math.min(backoff.baseMs * 2 ** attempt, backoff.maxMs);
  return { ms: Math.floor(ceiling / 2 + random() * (ceiling / 2)), reason: "backoff" };
}

/** The wait the server asked for, capped at {@link MAX_PAUSE_MS}: `Retry-After`, else the reset time. */
function serverDelay(hints: RetryHints, now: number): { ms: number; reason: Exclude<RetryReason, "backoff"> } | undefined {
  const retryAfter = parseRetryAfter(hints.retryAfter, now);
  if (retryAfter !== undefined) return { ms: Math.min(retryAfter, MAX_PAUSE_MS), reason: "Retry-After" };
  const reset = resetDelayMs(hints.rateLimitReset, now);
  if (reset !== undefined) return { ms: Math.min(reset, MAX_PAUSE_MS), reason: "X-RateLimit-Reset" };
  return undefined;
}

/**
 * The wait the server asked for, capped at {@link MAX_PAUSE_MS}: `Retry-After`, else the reset time.
 * With `mustWait` (a 429 that names neither) one second, the API's shortest window remainder.
 */
function serverDelayMs(hints: RetryHints, mustWait: boolean, now: number): number | undefined {
  return serverDelay(hints, now)?.ms ?? (mustWait ? 1000 : undefined);
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

function connectionError(request: string, err: unknown, timeoutMs: number, platform: ClientPlatform): ConnectionError {
  const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string } };
  if (e?.name === "TimeoutError" || e?.code === "UND_ERR_HEADERS_TIMEOUT" || e?.code === "UND_ERR_BODY_TIMEOUT") {
    return new TimeoutError({
      request,
      code: "TIMEOUT",
      sent: true,
      cause: err,
      message: `${platform.errors.title} API ${request} got no answer within ${timeoutMs} ms (${platform.name}:requestTimeoutMs)`,
    });
  }
  const code = e?.code ?? e?.cause?.code ?? "UNKNOWN";
  return new ConnectionError({
    request,
    code,
    sent: !NOT_SENT.has(code),
    cause: err,
    message: `${platform.errors.title} API ${request} failed before an answer arrived: ${e?.message ?? String(err)} (${code})`,
  });
}

/** What to do about an error no retry can fix, appended to its message. */
function hintFor(status: number, config: ClientConfig, platform: ClientPlatform): string | undefined {
  if (status === 401) {
    const stackKey = `${platform.name}:apiKey`;
    const source = config.apiKeySource ?? stackKey;
    return source === stackKey
      ? `Check the key in the stack config ${stackKey} (set it with \`pulumi config set --secret ${stackKey} <key>\`)`
      : `Check the key in the ${source} environment variable`;
  }
  const own = platform.hint?.(status);
  if (own) return own;
  if (status === 403) return "This API key may not access this object: it belongs to another account, or the key lacks the permission";
  return undefined;
}

/** A failure as the debug log names it: the status (and the API's machine code), or the transport code. */
function describe(failure: Failure): string {
  if (failure instanceof ApiError) {
    // Only a code that looks like one: the flat error shape's `error` is free text.
    const code = failure.code && /^[A-Za-z0-9_.-]{1,64}$/.test(failure.code) ? ` ${failure.code}` : "";
    return `${failure.status}${code}`;
  }
  return failure.code;
}

/** The failure to throw once the client stops trying; its message says how often it tried. */
function gaveUp(failure: Failure, attempt: number): Failure {
  if (attempt > 0) failure.message += ` (gave up after ${attempt + 1} attempts)`;
  return failure;
}

function stderrLine(line: string): void {
  process.stderr.write(`[pulumi-voiceai ${new Date().toISOString()}] ${line}\n`);
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
