/**
 * Errors the emulator answers with. The store throws them; the server renders them. The body shapes
 * follow the contract's "Decisions": nested shape 2 (with `param`) for request errors.
 */

/** Body of a request error (shape 2 of the contract). */
export interface ApiErrorBody {
  error: { code: string; message: string; param: string | null; type: string };
}

/** An API error carrying the HTTP status and the vendor's nested error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly param: string | null = null,
    readonly type: string = "invalid_request_error",
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** The JSON body sent to the client. */
  body(): ApiErrorBody {
    return { error: { code: this.code, message: this.message, param: this.param, type: this.type } };
  }
}

/** 400 for a field whose value is wrong (or a body that is not usable at all, with `param` null). */
export function invalidRequest(param: string | null, message: string): ApiError {
  return new ApiError(400, "invalid_request", message, param);
}

/** 400 for a required field that is absent. */
export function missingField(param: string): ApiError {
  return new ApiError(400, "missing_field", `Missing required field: ${param}`, param);
}

/** 404 for an id the tenant does not hold; `kind` is e.g. "Assistant". */
export function notFound(kind: string, id: string): ApiError {
  return new ApiError(404, "not_found", `${kind} ${id} not found`, null);
}

/** 409 for a unique value that already exists. */
export function conflict(param: string, message: string): ApiError {
  return new ApiError(409, "conflict", message, param, "conflict_error");
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

/** The body sent for an injected status (other than 429) when the fault rule gives none. */
export function defaultFaultBody(status: number): object {
  const server = status >= 500;
  return new ApiError(status, server ? "server_error" : "injected_fault", `Injected fault (HTTP ${status})`, null, server ? "api_error" : "invalid_request_error").body();
}
