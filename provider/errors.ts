/**
 * Errors raised by the HMS client and the providers: one class per kind of failure, so callers (and
 * users' automation) can tell a bad key from a conflict from an outage with `instanceof`, and one
 * root, {@link VoiceAiError}, for every error this package throws:
 *
 * ```text
 * VoiceAiError
 * ├── HmsApiError                 an HTTP error answer (status, code, param, body, headers, details, balance)
 * │   ├── HmsBadRequestError      400, 422
 * │   ├── HmsAuthenticationError  401
 * │   ├── HmsInsufficientCreditsError 402
 * │   ├── HmsPermissionDeniedError 403
 * │   ├── HmsNotFoundError        404
 * │   ├── HmsConflictError        409
 * │   ├── HmsRateLimitError       429
 * │   └── HmsServerError          5xx
 * ├── HmsConnectionError          no answer: refused, reset, dropped
 * │   └── HmsTimeoutError         no answer within hms:requestTimeoutMs
 * └── HmsConfigError              no API key, or an invalid setting
 * ```
 *
 * The HMS API answers errors in three body shapes (see the vendor's error-codes and rate-limit pages,
 * https://doc.hmsovereign.com): flat `{error, message}` (optionally with `details` and, on a 402,
 * `balance`), nested `{error: {code, message, param, type}}`, and the rate-limit variant
 * `{error: {code, message}}`. {@link HmsApiError.fromResponse} reads all three. Nothing from an answer
 * reaches a message or a property unredacted: the values of secret fields (see `./redact`) become
 * `[secret]`.
 */
import { redactBody, redactText } from "./redact";

/**
 * The root of every error this package throws: `catch (e) { if (e instanceof VoiceAiError) … }`.
 * `name` is the concrete class's name (`HmsConflictError`, …).
 */
export class VoiceAiError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The response headers an {@link HmsApiError} keeps (lower-case names): request id and rate limit. */
export const KEPT_HEADERS = ["x-request-id", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "retry-after"] as const;

/** Response headers as undici (or Node's http) gives them: lower-case names. */
export type ResponseHeaders = Record<string, string | string[] | undefined>;

interface ApiErrorInit {
  status: number;
  message: string;
  code?: string;
  param?: string;
  requestId?: string;
  request: string;
  /** The raw error body: parsed JSON, or the text when it was not JSON. Redacted on the way in. */
  body?: unknown;
  /** Response headers; only {@link KEPT_HEADERS} are kept. */
  headers?: ResponseHeaders;
  /** The vendor's `details` (usually a list of strings). Redacted on the way in. */
  details?: unknown;
  /** The vendor's `balance` (a 402's remaining credits). */
  balance?: unknown;
}

/** At most this many characters of an unparseable (non-JSON) body are kept in the error. */
const MAX_TEXT_BODY = 4_000;

/** An HTTP error answered by the HMS API (base class of the per-status classes below). */
export class HmsApiError extends VoiceAiError {
  /** HTTP status code, e.g. 400, 404, 409. */
  readonly status: number;
  /** Machine code such as `invalid_request`, `missing_field`, `rate_limit_exceeded`, `conflict` (when the API gives one). */
  readonly code: string | undefined;
  /** The offending request field in the API's snake_case (e.g. `llm_config.temperature`), when the API names one. */
  readonly param: string | undefined;
  /** The request id header (`x-request-id`), when the API sends one; quote it to the vendor's support. */
  readonly requestId: string | undefined;
  /** HTTP method and path of the failed request, e.g. `PATCH /assistants/…`. */
  readonly request: string;
  /**
   * The API's error body as it came (parsed JSON; the text, up to 4000 characters, when it was not
   * JSON; undefined when empty), with the values of secret fields replaced by `[secret]`.
   */
  readonly body: unknown;
  /**
   * The response headers that matter, by lower-case name, only those sent: `x-request-id`,
   * `x-ratelimit-limit`, `x-ratelimit-remaining`, `x-ratelimit-reset`, `retry-after`.
   */
  readonly headers: Readonly<Record<string, string>>;
  /** The vendor's `details` key (e.g. a list of validation messages), redacted, when it sent one. */
  readonly details?: unknown;
  /** The vendor's `balance` key (the account's credits, on a 402), when it sent one. */
  readonly balance?: unknown;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.param = init.param;
    this.requestId = init.requestId;
    this.request = init.request;
    this.body = init.body === undefined ? undefined : redactBody(init.body);
    this.headers = keptHeaders(init.headers);
    if (init.details !== undefined) this.details = redactBody(init.details);
    if (init.balance !== undefined) this.balance = init.balance;
  }

  /**
   * Builds the error for a status from the body (any of the three shapes, parsed; or the text of a
   * body that is not JSON): an instance of the class for that status, with `hint` appended to the
   * message when given. The message quotes the API's own message and `details`, redacted.
   */
  static fromResponse(status: number, body: unknown, request: string, requestId?: string, hint?: string, headers?: ResponseHeaders): HmsApiError {
    let code: string | undefined;
    let param: string | undefined;
    let detail: string | undefined;
    let details: unknown;
    let balance: unknown;
    if (typeof body === "string") {
      // Not JSON (an HTML error page from a proxy, a truncated answer): its start, redacted first.
      const text = redactText(body);
      body = text.length > MAX_TEXT_BODY ? text.slice(0, MAX_TEXT_BODY) : text;
      detail = text.trim() === "" ? undefined : text.slice(0, 200);
    } else if (body && typeof body === "object" && !Array.isArray(body)) {
      const b = body as Record<string, unknown>;
      const nested = b.error && typeof b.error === "object" ? (b.error as Record<string, unknown>) : undefined;
      if (nested) {
        code = typeof nested.code === "string" ? nested.code : undefined;
        param = typeof nested.param === "string" ? nested.param : undefined;
        detail = typeof nested.message === "string" ? nested.message : undefined;
      } else {
        code = typeof b.error === "string" ? b.error : undefined;
        detail = typeof b.message === "string" ? b.message : undefined;
      }
      details = b.details ?? nested?.details;
      balance = b.balance ?? nested?.balance;
    }
    if (detail !== undefined) detail = redactText(detail);
    const listed = detailList(details);
    const where = param ? ` (field ${param})` : "";
    const more = listed ? ` (details: ${listed})` : "";
    requestId ??= headerValue(headers, "x-request-id");
    const id = requestId ? ` [request id ${requestId}]` : "";
    const message = `HMS API ${request} failed with ${status}${code ? ` ${code}` : ""}: ${detail ?? "no error message"}${where}${more}${id}${hint ? `. ${hint}` : ""}`;
    const init: ApiErrorInit = { status, message, code, param, requestId, request, body, headers, details, balance };
    const Class = errorClassFor(status);
    return new Class(init);
  }
}

/** The vendor's `details` as one line: strings joined by "; " (at most 5, each cut at 200 characters). */
function detailList(details: unknown): string | undefined {
  const items = (Array.isArray(details) ? details : [details]).filter((d): d is string => typeof d === "string" && d.trim() !== "");
  if (items.length === 0) return undefined;
  const shown = items.slice(0, 5).map((d) => redactText(d).slice(0, 200));
  return shown.join("; ") + (items.length > shown.length ? `; … (${items.length} in all)` : "");
}

function headerValue(headers: ResponseHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name] ?? headers?.[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Only the {@link KEPT_HEADERS}, by lower-case name; whatever else came (cookies, …) is dropped. */
function keptHeaders(headers: ResponseHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  const byName = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  for (const name of KEPT_HEADERS) {
    const value = byName.get(name);
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === "string") out[name] = first;
  }
  return out;
}

/** 400 or 422: the request was invalid; `param` names the field. Not retried. */
export class HmsBadRequestError extends HmsApiError {}
/** 401: the API key is missing, invalid, expired or revoked. Not retried. */
export class HmsAuthenticationError extends HmsApiError {}
/** 402: the account has no credits left. Not retried. */
export class HmsInsufficientCreditsError extends HmsApiError {}
/** 403: the key may not access this object. Not retried. */
export class HmsPermissionDeniedError extends HmsApiError {}
/** 404: no such object for this key. Not retried (a DELETE treats it as done). */
export class HmsNotFoundError extends HmsApiError {}
/** 409: the request conflicts with an existing object (e.g. a phone number already registered). Not retried. */
export class HmsConflictError extends HmsApiError {}
/** 429: over the rate limit (100 requests/minute per key); retried after `Retry-After` until the retries run out. */
export class HmsRateLimitError extends HmsApiError {}
/** 5xx: a server or upstream failure; retried for GET/PATCH/DELETE, looked up before any repeat of a POST. */
export class HmsServerError extends HmsApiError {}

function errorClassFor(status: number): typeof HmsApiError {
  if (status === 400 || status === 422) return HmsBadRequestError;
  if (status === 401) return HmsAuthenticationError;
  if (status === 402) return HmsInsufficientCreditsError;
  if (status === 403) return HmsPermissionDeniedError;
  if (status === 404) return HmsNotFoundError;
  if (status === 409) return HmsConflictError;
  if (status === 429) return HmsRateLimitError;
  if (status >= 500) return HmsServerError;
  return HmsApiError;
}

/**
 * No HTTP answer: the connection failed, was reset, or the per-request timeout
 * (`hms:requestTimeoutMs`) passed. `sent` says whether the request may have reached the API; when it
 * may have, a POST is ambiguous (the object may exist) and is looked up before it is repeated.
 */
export class HmsConnectionError extends VoiceAiError {
  /** HTTP method and path of the failed request. */
  readonly request: string;
  /** False only when the connection was never established (refused, DNS failure, connect timeout). */
  readonly sent: boolean;
  /** The transport error code, e.g. `ECONNRESET`, `UND_ERR_SOCKET`, `ECONNREFUSED`, `TIMEOUT`. */
  readonly code: string;

  constructor(init: { request: string; message: string; code: string; sent: boolean; cause?: unknown }) {
    super(init.message, { cause: init.cause });
    this.request = init.request;
    this.sent = init.sent;
    this.code = init.code;
  }
}

/** The per-request timeout (`hms:requestTimeoutMs`) passed before the API answered. */
export class HmsTimeoutError extends HmsConnectionError {}

/** The provider is not configured: no API key could be found, or a setting is invalid. */
export class HmsConfigError extends VoiceAiError {
  constructor(message: string) {
    super(message);
  }
}
