/**
 * Burki's error answers, as FastAPI renders them (burki.md §2.1): `{"detail": "<message>"}` for an
 * HTTPException, `{"detail": [<pydantic errors>]}` with 422 for validation, and a bare text/plain
 * `Internal Server Error` for anything that escapes a handler (not JSON: clients must cope).
 */
import type { Json } from "./schema";

/** An HTTPException: `status` with `{"detail": detail}`. */
export class BurkiHttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: Json,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof detail === "string" ? detail : `HTTP ${status}`);
    this.name = "BurkiHttpError";
  }
}

/** One pydantic error as FastAPI lists it under `detail`. */
export interface PydanticError {
  type: string;
  loc: Array<string | number>;
  msg: string;
  input: unknown;
  ctx?: Record<string, Json>;
  url?: string;
}

/** A 422 RequestValidationError. */
export class BurkiValidationError extends Error {
  constructor(readonly errors: PydanticError[]) {
    super(errors.map((e) => `${e.loc.join(".")}: ${e.msg}`).join("; "));
    this.name = "BurkiValidationError";
  }
}

/**
 * What the real server answers as an unhandled 500 (text/plain): an exception that escapes the handler
 * (a TypeError in a validator, a database error, a response that fails its own model). `reason` is
 * for the emulator's log only; the client never sees it.
 */
export class BurkiInternalError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "BurkiInternalError";
  }
}

/** The pydantic docs URL every error but json_invalid carries. */
export function errorUrl(type: string): string {
  return `https://errors.pydantic.dev/2.11/v/${type}`;
}

export const UNAUTHORIZED_DETAIL = "Authentication required. Provide a valid API key or login session.";

export function assistantNotFound(id: number): BurkiHttpError {
  return new BurkiHttpError(404, `Assistant with ID ${id} not found in your organization`);
}

/**
 * Python's json error for `text` (CPython's C scanner, 3.11): the message and the code point index,
 * or null when Python would accept the text (NaN, Infinity: JSON.parse refuses them).
 */
export function pythonJsonError(text: string): { msg: string; pos: number } | null {
  const s = Array.from(text); // Python indexes code points
  const n = s.length;
  const ws = (i: number): number => {
    while (i < n && (s[i] === " " || s[i] === "\t" || s[i] === "\n" || s[i] === "\r")) i++;
    return i;
  };
  class Fail {
    constructor(
      readonly msg: string,
      readonly pos: number,
    ) {}
  }
  const fail = (msg: string, pos: number): never => {
    throw new Fail(msg, pos);
  };
  const word = (i: number, w: string): boolean => s.slice(i, i + w.length).join("") === w;

  const scanString = (begin: number): number => {
    // begin: index of the opening quote
    let i = begin + 1;
    for (;;) {
      while (i < n && s[i] !== '"' && s[i] !== "\\" && s[i].codePointAt(0)! > 0x1f) i++;
      if (i >= n) fail("Unterminated string starting at", begin);
      if (s[i] === '"') return i + 1;
      if (s[i] !== "\\") fail("Invalid control character at", i);
      i++;
      if (i >= n) fail("Unterminated string starting at", begin);
      if (s[i] !== "u") {
        if (!'"\\/bfnrt'.includes(s[i])) fail("Invalid \\escape", i - 1);
        i++;
        continue;
      }
      if (i + 4 >= n) fail("Invalid \\uXXXX escape", i);
      if (!/^[0-9a-fA-F]{4}$/.test(s.slice(i + 1, i + 5).join(""))) fail("Invalid \\uXXXX escape", i);
      i += 5;
    }
  };

  const scanValue = (i: number): number => {
    if (i >= n) fail("Expecting value", i);
    const c = s[i];
    if (c === '"') return scanString(i);
    if (c === "{") return scanObject(i + 1);
    if (c === "[") return scanArray(i + 1);
    if (c === "n" && word(i, "null")) return i + 4;
    if (c === "t" && word(i, "true")) return i + 4;
    if (c === "f" && word(i, "false")) return i + 5;
    if (c === "N" && word(i, "NaN")) return i + 3;
    if (c === "I" && word(i, "Infinity")) return i + 8;
    if (c === "-" && word(i, "-Infinity")) return i + 9;
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/.exec(s.slice(i, i + 400).join(""));
    if (!m) fail("Expecting value", i);
    return i + m![0].length;
  };

  const scanObject = (start: number): number => {
    let i = ws(start);
    if (i < n && s[i] === "}") return i + 1;
    for (;;) {
      if (i >= n || s[i] !== '"') fail("Expecting property name enclosed in double quotes", i);
      i = ws(scanString(i));
      if (i >= n || s[i] !== ":") fail("Expecting ':' delimiter", i);
      i = ws(scanValue(ws(i + 1)));
      if (i < n && s[i] === "}") return i + 1;
      if (i >= n || s[i] !== ",") fail("Expecting ',' delimiter", i);
      i = ws(i + 1);
    }
  };

  const scanArray = (start: number): number => {
    let i = ws(start);
    if (i < n && s[i] === "]") return i + 1;
    for (;;) {
      i = ws(scanValue(i));
      if (i < n && s[i] === "]") return i + 1;
      if (i >= n || s[i] !== ",") fail("Expecting ',' delimiter", i);
      i = ws(i + 1);
    }
  };

  try {
    if (s[0] === "\uFEFF") fail("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0);
    const end = ws(scanValue(ws(0)));
    if (end !== n) fail("Extra data", end);
    return null;
  } catch (error) {
    if (error instanceof Fail) return { msg: error.msg, pos: error.pos };
    throw error;
  }
}

/** `str(JSONDecodeError)`: "<msg>: line L column C (char P)". */
export function pythonJsonErrorString(text: string, error: { msg: string; pos: number }): string {
  const before = Array.from(text).slice(0, error.pos);
  const lineno = before.filter((c) => c === "\n").length + 1;
  const lastNewline = before.lastIndexOf("\n");
  const colno = error.pos - lastNewline;
  return `${error.msg}: line ${lineno} column ${colno} (char ${error.pos})`;
}
