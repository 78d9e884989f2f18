/**
 * Revox's error answers. The real error body is undocumented (revox.md §1.2, §8.1), so the emulator
 * uses the shape chosen in §6.7: `{"error": "<human message>"}`, plus `"details"` (a list of
 * `{path, message}`) for validation failures. Clients must show such a body, never parse it.
 */

/** One validation problem: the dotted path of the field (e.g. `voice.speed`, `custom_tools.0.name`) and what is wrong. */
export interface ValidationDetail {
  path: string;
  message: string;
}

/** An answer with `status` and `{"error": message, "details"?: details}`. */
export class RevoxError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: ValidationDetail[],
  ) {
    super(message);
    this.name = "RevoxError";
  }

  body(): { error: string; details?: ValidationDetail[] } {
    return this.details ? { error: this.message, details: this.details } : { error: this.message };
  }
}

export const UNAUTHORIZED_MESSAGE = "Unauthorized: missing or invalid API key (send Authorization: Bearer sk_…)";

/** 400 naming every offending field in the message (the first few) and in `details` (all of them). */
export function validationError(details: ValidationDetail[]): RevoxError {
  const shown = details.slice(0, 3).map((d) => (d.path ? `${d.path}: ${d.message}` : d.message));
  const more = details.length > 3 ? ` (and ${details.length - 3} more)` : "";
  return new RevoxError(400, `Invalid request: ${shown.join("; ")}${more}`, details);
}

/** 400 about one field. */
export function invalidField(path: string, message: string): RevoxError {
  return validationError([{ path, message }]);
}

export function assistantNotFound(id: string): RevoxError {
  return new RevoxError(404, `Assistant ${id} not found`);
}

export function phoneNumberNotFound(id: string): RevoxError {
  return new RevoxError(404, `Phone number ${id} not found`);
}
