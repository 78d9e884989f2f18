/**
 * Errors raised by the HTTP client and the providers, for every platform: one class per kind of
 * failure, so callers (and users' automation) can tell a bad key from a conflict from an outage with
 * `instanceof`, and one root, {@link VoiceAiError}, for every error this package throws:
 *
 * ```text
 * VoiceAiError
 * ├── ApiError                    an HTTP error answer (status, code, param, body, headers, details, balance)
 * │   ├── BadRequestError         400, 422
 * │   ├── AuthenticationError     401
 * │   ├── InsufficientCreditsError 402
 * │   ├── PermissionDeniedError   403
 * │   ├── NotFoundError           404
 * │   ├── ConflictError           409 (and a platform's conflict answered with another status)
 * │   ├── RateLimitError          429
 * │   └── ServerError             5xx
 * ├── ConnectionError             no answer: refused, reset, dropped
 * │   └── TimeoutError            no answer within <platform>:requestTimeoutMs
 * └── ConfigError                 no API key, or an invalid setting
 * ```
 *
 * Each platform reads its own error bodies ({@link ErrorWire.parse}: HMS's three shapes, Burki's
 * `{detail}` and plain-text 500s) and may export these classes under its own names
 * (`HmsNotFoundError` is `NotFoundError`). Nothing from an answer reaches a message or a property
 * unredacted: the values of secret fields (see `./redact`) become `[secret]`.
 */
import { DEFAULT_SECRET_FIELDS, redactBody, redactText } from "./redact";

/** What a platform says about its error bodies, for {@link ApiError.fromResponse}. */
export interface ErrorWire {
  /** The platform in messages: `HMS`, `Burki`. */
  title: string;
  /** The fields of one JSON error body (an object); each may be missing. */
  parse(body: Record<string, unknown>): ErrorFields;
  /** Secret field names of the platform (wire form), redacted at any depth besides the defaults. */
  secretFields?: Iterable<string>;
}

/** What an error body says, as a platform reads it. */
export interface ErrorFields {
  code?: string;
  param?: string;
  message?: string;
  details?: unknown;
  balance?: unknown;
}

/** Reads the common shapes: `{message}`, `{detail}` (a string), `{error: "..."}`. */
export const GENERIC_ERROR_WIRE: ErrorWire = {
  title: "",
  parse: (b) => ({
    message: typeof b.message === "string" ? b.message : typeof b.detail === "string" ? b.detail : typeof b.error === "string" ? b.error : undefined,
  }),
};

/**
 * The root of every error this package throws: `catch (e) { if (e instanceof VoiceAiError) … }`.
 * `name` is the concrete class's name (`ConflictError`, …).
 */
export class VoiceAiError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The response headers an {@link ApiError} keeps (lower-case names): request id and rate limit. */
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
  /** Secret field names to redact from body and details (the defaults when omitted). */
  secrets?: Iterable<string>;
  /** The vendor's `details` (usually a list of strings). Redacted on the way in. */
  details?: unknown;
  /** The vendor's `balance` (a 402's remaining credits). */
  balance?: unknown;
}

/** At most this many characters of an unparseable (non-JSON) body are kept in the error. */
const MAX_TEXT_BODY = 4_000;

/** An HTTP error answered by a platform API (base class of the per-status classes below). */
export class ApiError extends VoiceAiError {
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
    const secrets = init.secrets ?? DEFAULT_SECRET_FIELDS;
    this.body = init.body === undefined ? undefined : redactBody(init.body, secrets);
    this.headers = keptHeaders(init.headers);
    if (init.details !== undefined) this.details = redactBody(init.details, secrets);
    if (init.balance !== undefined) this.balance = init.balance;
  }

  /**
   * Builds the error for a status from the body (any of the three shapes, parsed; or the text of a
   * body that is not JSON): an instance of the class for that status, with `hint` appended to the
   * message when given. The message quotes the API's own message and `details`, redacted.
   */
  static fromResponse(
    status: number,
    body: unknown,
    request: string,
    requestId?: string,
    hint?: string,
    headers?: ResponseHeaders,
    wire: ErrorWire = GENERIC_ERROR_WIRE,
  ): ApiError {
    const secrets = [...DEFAULT_SECRET_FIELDS, ...(wire.secretFields ?? [])];
    let fields: ErrorFields = {};
    let detail: string | undefined;
    if (typeof body === "string") {
      // Not JSON (an HTML error page from a proxy, a plain-text 500, a truncated answer): its start, redacted first.
      const text = redactText(body, secrets);
      body = text.length > MAX_TEXT_BODY ? text.slice(0, MAX_TEXT_BODY) : text;
      detail = text.trim() === "" ? undefined : text.slice(0, 200);
    } else if (body && typeof body === "object" && !Array.isArray(body)) {
      fields = wire.parse(body as Record<string, unknown>);
      detail = fields.message;
    }
    const { code, param, details, balance } = fields;
    if (detail !== undefined) detail = redactText(detail, secrets);
    const listed = detailList(details, secrets);
    const where = param ? ` (field ${param})` : "";
    const more = listed ? ` (details: ${listed})` : "";
    requestId ??= headerValue(headers, "x-request-id");
    const id = requestId ? ` [request id ${requestId}]` : "";
    const api = wire.title ? `${wire.title} API` : "API";
    const message = `${api} ${request} failed with ${status}${code ? ` ${code}` : ""}: ${detail ?? "no error message"}${where}${more}${id}${hint ? `. ${hint}` : ""}`;
    const init: ApiErrorInit = { status, message, code, param, requestId, request, body, headers, details, balance, secrets };
    const Class = errorClassFor(status);
    return new Class(init);
  }
}

/** The vendor's `details` as one line: strings joined by "; " (at most 5, each cut at 200 characters). */
function detailList(details: unknown, secrets: string[]): string | undefined {
  const items = (Array.isArray(details) ? details : [details]).filter((d): d is string => typeof d === "string" && d.trim() !== "");
  if (items.length === 0) return undefined;
  const shown = items.slice(0, 5).map((d) => redactText(d, secrets).slice(0, 200));
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
export class BadRequestError extends ApiError {}
/** 401: the API key is missing, invalid, expired or revoked. Not retried. */
export class AuthenticationError extends ApiError {}
/** 402: the account has no credits left. Not retried. */
export class InsufficientCreditsError extends ApiError {}
/** 403: the key may not access this object. Not retried. */
export class PermissionDeniedError extends ApiError {}
/** 404: no such object for this key. Not retried (a DELETE treats it as done). */
export class NotFoundError extends ApiError {}
/** 409: the request conflicts with an existing object (e.g. a phone number already registered). Not retried. */
export class ConflictError extends ApiError {}
/** 429: over the rate limit; retried after `Retry-After` until the retries run out. */
export class RateLimitError extends ApiError {}
/** 5xx: a server or upstream failure; retried for GET/PATCH/DELETE, looked up before any repeat of a POST. */
export class ServerError extends ApiError {}

function errorClassFor(status: number): typeof ApiError {
  if (status === 400 || status === 422) return BadRequestError;
  if (status === 401) return AuthenticationError;
  if (status === 402) return InsufficientCreditsError;
  if (status === 403) return PermissionDeniedError;
  if (status === 404) return NotFoundError;
  if (status === 409) return ConflictError;
  if (status === 429) return RateLimitError;
  if (status >= 500) return ServerError;
  return ApiError;
}

/**
 * No HTTP answer: the connection failed, was reset, or the per-request timeout
 * (`<platform>:requestTimeoutMs`) passed. `sent` says whether the request may have reached the API; when it
 * may have, a POST is ambiguous (the object may exist) and is looked up before it is repeated.
 */
export class ConnectionError extends VoiceAiError {
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

/** The per-request timeout (`<platform>:requestTimeoutMs`) passed before the API answered. */
export class TimeoutError extends ConnectionError {}

/** The provider is not configured: no API key could be found, or a setting is invalid. */
export class ConfigError extends VoiceAiError {
  constructor(message: string) {
    super(message);
  }
}
