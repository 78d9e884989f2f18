/**
 * Errors raised by the HMS client and the providers.
 *
 * The HMS API answers errors in three body shapes (see the vendor's error-codes and rate-limit pages):
 * flat `{error, message}`, nested `{error: {code, message, param, type}}`, and the rate-limit variant
 * `{error: {code, message}}`. {@link HmsApiError.fromResponse} reads all three.
 */

/** An HTTP error answered by the HMS API. */
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

  constructor(init: { status: number; message: string; code?: string; param?: string; requestId?: string; request: string }) {
    super(init.message);
    this.name = "HmsApiError";
    this.status = init.status;
    this.code = init.code;
    this.param = init.param;
    this.requestId = init.requestId;
    this.request = init.request;
  }

  /** Builds the error from a status, the parsed JSON body (any of the three shapes) and the request id. */
  static fromResponse(status: number, body: unknown, request: string, requestId?: string): HmsApiError {
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
    const message = `HMS API ${request} failed with ${status}${code ? ` ${code}` : ""}: ${detail ?? "no error message"}${where}`;
    return new HmsApiError({ status, message, code, param, requestId, request });
  }
}

/** The provider is not configured: no API key could be found. */
export class HmsConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HmsConfigError";
  }
}
