/**
 * The error classes under the names earlier versions gave them (`HmsNotFoundError`, …): the same
 * classes as the core's (`NotFoundError`, …), so `instanceof` works with either name.
 */
import { ApiError, type ResponseHeaders } from "../errors";
import { hmsPlatform } from "./platform";

export {
  ApiError as HmsApiError,
  AuthenticationError as HmsAuthenticationError,
  BadRequestError as HmsBadRequestError,
  ConfigError as HmsConfigError,
  ConflictError as HmsConflictError,
  ConnectionError as HmsConnectionError,
  InsufficientCreditsError as HmsInsufficientCreditsError,
  NotFoundError as HmsNotFoundError,
  PermissionDeniedError as HmsPermissionDeniedError,
  RateLimitError as HmsRateLimitError,
  ServerError as HmsServerError,
  TimeoutError as HmsTimeoutError,
} from "../errors";

/** `ApiError.fromResponse` reading HMS's error bodies (the client does this for every answer). */
export function hmsErrorFrom(status: number, body: unknown, request: string, requestId?: string, hint?: string, headers?: ResponseHeaders): ApiError {
  return ApiError.fromResponse(status, body, request, requestId, hint, headers, hmsPlatform.errors);
}
