/**
 * Errors raised by the HMS client and the providers: one class per kind of failure, so callers (and
 * users' automation) can tell a bad key from a conflict from an outage with `instanceof`.
 *
 * The HMS API answers errors in three body shapes (see the vendor's error-codes and rate-limit pages,
 * https://doc.hmsovereign.com): flat `{error, message}`, nested `{error: {code, message, param, type}}`,
 * and the rate-limit variant `{error: {code, message}}`. {@link HmsApiError.fromResponse} reads all three.
 */

interface ApiErrorInit {
  status: number;
  message: string;
  code?: string;
  param?: string;
  requestId?: string;
  request: string;
}

/** An HTTP error answered by the HMS API (base class of the per-status classes below). */
export class HmsApiError extends Error {
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

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.name = new.target.name;
    this.status = init.status;
    this.code = init.code;
    this.param = init.param;
    this.requestId = init.requestId;
    this.request = init.request;
  }

  /**
   * Builds the error for a status from the parsed JSON body (any of the three shapes): an instance of
   * the class for that status, with `hint` appended to the message when given.
   */
  static fromResponse(status: number, body: unknown, request: string, requestId?: string, hint?: string): HmsApiError {
    let code: string | undefined;
    let param: string | undefined;
    let detail: string | undefined;
    if (body && typeof body === "object") {
      const b = body as Record<string, unknown>;
      if (b.error && typeof b.error === "object") {
        const e = b.error as Record<string, unknown>;
        code = typeof e.code === "string" ? e.code : undefined;
        param = typeof e.param === "string" ? e.param : undefined;
        detail = typeof e.message === "string" ? e.message : undefined;
      } else {
        code = typeof b.error === "string" ? b.error : undefined;
        detail = typeof b.message === "string" ? b.message : undefined;
      }
    }
    const where = param ? ` (field ${param})` : "";
    const id = requestId ? ` [request id ${requestId}]` : "";
    const message = `HMS API ${request} failed with ${status}${code ? ` ${code}` : ""}: ${detail ?? "no error message"}${where}${id}${hint ? `. ${hint}` : ""}`;
    const init = { status, message, code, param, requestId, request };
    const Class = errorClassFor(status);
    return new Class(init);
  }
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
export class HmsConnectionError extends Error {
  /** HTTP method and path of the failed request. */
  readonly request: string;
  /** False only when the connection was never established (refused, DNS failure, connect timeout). */
  readonly sent: boolean;
  /** The transport error code, e.g. `ECONNRESET`, `UND_ERR_SOCKET`, `ECONNREFUSED`, `TIMEOUT`. */
  readonly code: string;

  constructor(init: { request: string; message: string; code: string; sent: boolean; cause?: unknown }) {
    super(init.message, { cause: init.cause });
    this.name = new.target.name;
    this.request = init.request;
    this.sent = init.sent;
    this.code = init.code;
  }
}

/** The per-request timeout (`hms:requestTimeoutMs`) passed before the API answered. */
export class HmsTimeoutError extends HmsConnectionError {}

/** The provider is not configured: no API key could be found, or a setting is invalid. */
export class HmsConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HmsConfigError";
  }
}
