/**
 * Keeping secrets out of error messages and error properties.
 *
 * An error built from an API answer may carry that answer (its text in the message, the parsed body
 * in `ApiError.body`); an answer can hold secrets (HMS echoes `webhook_secret`, Burki returns
 * provider keys in plaintext; a proxy may echo the request with its `Authorization` header). Everything that
 * goes from a response into an error passes through here: errors name fields, never the values of
 * secret ones.
 */

/** What a secret value is replaced with. */
export const REDACTED = "[secret]";

/**
 * Field names that hold a secret on any platform: `secret`, `password`, an API key (`api_key`,
 * `apiKey`), `authorization`, and the webhook secret in both casings. A platform adds its own (see
 * `ErrorWire.secretFields`). Matched case-insensitively, at any depth.
 */
export const DEFAULT_SECRET_FIELDS: ReadonlySet<string> = new Set([
  "webhook_secret",
  "webhookSecret",
  "secret",
  "password",
  "api_key",
  "apiKey",
  "authorization",
]);

/** Lower-cased names, for case-insensitive matching. */
function lowerNames(secrets: Iterable<string>): Set<string> {
  return new Set([...secrets].map((s) => s.toLowerCase()));
}

/**
 * A deep copy of a JSON value in which the value of every key named in `secrets` (case-insensitive,
 * at any depth, inside arrays too) is replaced by `"[secret]"`. Other values are copied as they are.
 */
export function redactJson<T = unknown>(value: T, secrets: Iterable<string> = DEFAULT_SECRET_FIELDS): T {
  const names = lowerNames(secrets);
  const seen = new WeakSet<object>();
  const copy = (v: unknown): unknown => {
    if (v === null || typeof v !== "object") return v;
    if (seen.has(v)) return "[circular]";
    seen.add(v);
    try {
      if (Array.isArray(v)) return v.map(copy);
      const out: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v)) out[k] = names.has(k.toLowerCase()) ? REDACTED : copy(item);
      return out;
    } finally {
      seen.delete(v);
    }
  };
  return copy(value) as T;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A text body (not JSON, or JSON cut short) with the values of the named secret fields replaced by
 * `[secret]`, in the forms a text can carry them: `"key": "value"` (also single-quoted, with escaped
 * quotes inside, JSON-escaped inside another string, or unterminated where the text was cut),
 * `"key": 123`, `key=value` (form or query encoding), and any `Bearer <token>` (an echoed
 * `Authorization` header). Prose that merely names a field ("secret: too short") is left alone, so a
 * validation message still says which field is wrong.
 */
export function redactText(text: string, secrets: Iterable<string> = DEFAULT_SECRET_FIELDS): string {
  const names = [...lowerNames(secrets)].map(escapeRegExp);
  if (names.length === 0) return text.replace(BEARER, `$1${REDACTED}`);
  const key = `(?:${names.join("|")})`;
  // The key stands alone: not the end of a longer name (`my_secret`) nor its start (`secret_name`).
  const before = "(?<![A-Za-z0-9_-])";
  const after = "(?![A-Za-z0-9_-])";
  const rules: Array<[RegExp, string]> = [
    // "key": "value", the closing quote optional (a text cut short); escaped quotes inside the value.
    [new RegExp(`${before}("${key}"\\s*:\\s*")((?:[^"\\\\]|\\\\.)*)("|$)`, "gi"), `$1${REDACTED}$3`],
    // The same inside a JSON-escaped string: \"key\": \"value\"
    [new RegExp(`${before}(\\\\"${key}\\\\"\\s*:\\s*\\\\")((?:[^"\\\\]|\\\\[^"])*)(\\\\"|$)`, "gi"), `$1${REDACTED}$3`],
    // 'key': 'value'
    [new RegExp(`${before}('${key}'\\s*:\\s*')((?:[^'\\\\]|\\\\.)*)('|$)`, "gi"), `$1${REDACTED}$3`],
    // "key": 123 / true / null / the first token of anything else unquoted
    [new RegExp(`${before}(\\\\?["']${key}\\\\?["']\\s*:\\s*)(?![\\s"'\\\\])[^,}\\]\\s]+`, "gi"), `$1${REDACTED}`],
    // key=value (form, query string, log line), quoted or up to the next separator
    [new RegExp(`${before}(${key}${after}\\s*=\\s*)(?:"(?:[^"\\\\]|\\\\.)*"?|'(?:[^'\\\\]|\\\\.)*'?|[^&\\s;,]+)`, "gi"), `$1${REDACTED}`],
  ];
  let out = text;
  for (const [pattern, replacement] of rules) out = out.replace(pattern, replacement);
  return out.replace(BEARER, `$1${REDACTED}`);
}

const BEARER = /(\bBearer\s+)(?!\[secret\])[A-Za-z0-9._~+/=-]+/gi;

/**
 * A response body made safe to keep in an error: a JSON value through {@link redactJson}, with every
 * string in it also through {@link redactText} (a message may quote a serialized body); a text
 * through {@link redactText}.
 */
export function redactBody<T = unknown>(body: T, secrets: Iterable<string> = DEFAULT_SECRET_FIELDS): T {
  const list = [...secrets];
  if (typeof body === "string") return redactText(body, list) as T;
  const scrub = (v: unknown): unknown => {
    if (typeof v === "string") return redactText(v, list);
    if (Array.isArray(v)) return v.map(scrub);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, scrub(item)]));
    return v;
  };
  return scrub(redactJson(body, list)) as T;
}

/**
 * Names what an unexpected body is without any of its values, for an error message: `an object with
 * keys success, data`, `a list of 3 items`, `a string of 12 characters`, `an empty body`. Use it
 * instead of echoing the body, which may hold secrets.
 */
export function describeUnexpectedBody(body: unknown): string {
  if (body === undefined) return "an empty body";
  if (body === null) return "null";
  if (Array.isArray(body)) return body.length === 1 ? "a list of 1 item" : `a list of ${body.length} items`;
  if (typeof body === "object") {
    const keys = Object.keys(body);
    if (keys.length === 0) return "an empty object";
    const shown = keys.slice(0, 20).map((k) => JSON.stringify(k).slice(1, -1).slice(0, 64));
    return `an object with keys ${shown.join(", ")}${keys.length > shown.length ? `, … (${keys.length} keys)` : ""}`;
  }
  if (typeof body === "string") return `a string of ${body.length} characters`;
  return `a ${typeof body}`;
}
