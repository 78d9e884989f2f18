/**
 * Property values as `pulumi preview --json` prints them, and the differences between two sets of
 * inputs, for the pull-request summary (`../summary.ts`).
 *
 * A secret is never decrypted nor shown: the preview prints it as the string `[secret]` (the digest)
 * or as a signature object `{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
 * "ciphertext": …}` (the event stream; `value` or `plaintext` when the CLI was asked to show secrets).
 * Both become {@link SECRET}, whatever else the object holds. A value the preview does not know yet
 * (an id of a resource still to be created) is the engine's unknown sentinel: {@link UNKNOWN}.
 */

/** Pulumi's signature key of special objects, and its values (sdk/go/common/resource/sig). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SIG_SECRET = "1b47061264138c4ac30d75fd1eb44270";
const SIG_OUTPUT = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
const SIG_RESOURCE_REF = "5cf8f73096256a8f31e491e813e4eb8e";
/** The string the engine writes for a value it does not know yet (plugin.UnknownStringValue). */
export const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A secret value: shown as `[secret]`, never compared by content. */
export const SECRET: unique symbol = Symbol("secret");
/** A value known only once the change is applied. */
export const UNKNOWN: unique symbol = Symbol("unknown");

export type Value = typeof SECRET | typeof UNKNOWN | null | boolean | number | string | Value[] | { [key: string]: Value };

/** Inputs the engine or the SDK add for their own use (the serialized provider, the auto-name flag). */
export function isInternalKey(key: string): boolean {
  return key.startsWith("__");
}

/** `raw` (a preview's JSON) with every secret turned into {@link SECRET} and every unknown into {@link UNKNOWN}. */
export function normalise(raw: unknown): Value {
  if (raw === "[secret]") return SECRET;
  if (raw === UNKNOWN_STRING) return UNKNOWN;
  if (raw === undefined) return null;
  if (raw === null || typeof raw === "boolean" || typeof raw === "number" || typeof raw === "string") return raw;
  if (Array.isArray(raw)) return raw.map(normalise);
  if (typeof raw === "object") {
    const obj = raw as Record<string, unknown>;
    const sig = obj[SIG_KEY];
    if (sig === SIG_SECRET) return SECRET; // never look at its ciphertext, value or plaintext
    if (sig === SIG_OUTPUT) {
      if (obj.secret === true) return SECRET;
      return "value" in obj ? normalise(obj.value) : UNKNOWN;
    }
    if (sig === SIG_RESOURCE_REF) return typeof obj.urn === "string" ? `(resource ${obj.urn.split("::").pop()})` : "(resource)";
    const out: Record<string, Value> = {};
    for (const key of Object.keys(obj).sort()) out[key] = normalise(obj[key]);
    return out;
  }
  return String(raw);
}

/** The user inputs of a state: normalised, without the internal keys. */
export function userInputs(raw: unknown): Record<string, Value> | undefined {
  if (raw === undefined || raw === null || typeof raw !== "object" || Array.isArray(raw)) return undefined;
  const out: Record<string, Value> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) if (!isInternalKey(key)) out[key] = normalise(value);
  return out;
}

/** One segment of a property path: an object key or a list index. */
export type Segment = string | number;

/** `llmConfig.messages[0].content`; keys that are not identifiers as `["x-y"]`. */
export function formatPath(path: Segment[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** A property that differs between the old and new inputs (a leaf, or a list whose length changed). */
export interface PropertyChange {
  path: Segment[];
  old: Value | undefined;
  new: Value | undefined;
  /**
   * Both sides are secrets: the preview does not say whether the value changed (it shows `[secret]`
   * for both), so the change is possible, not known.
   */
  secretUnknown?: boolean;
}

function isObject(v: Value | undefined): v is { [key: string]: Value } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Whether two normalised values are equal (a secret equals nothing but is reported by {@link diffValues}). */
export function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  if (a === b) return a !== SECRET;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => sameValue(a[k], b[k]));
  }
  return false;
}

/**
 * The properties that differ between `old` and `new`, depth first in key order: a leaf whose value
 * changed, a key added or removed, a list whose length changed (as one change of the list). Pairs of
 * secrets are reported with `secretUnknown`.
 */
export function diffValues(old: Value | undefined, next: Value | undefined, path: Segment[] = []): PropertyChange[] {
  if (old === SECRET && next === SECRET) return [{ path, old, new: next, secretUnknown: true }];
  if (isObject(old) && isObject(next)) {
    const keys = [...new Set([...Object.keys(old), ...Object.keys(next)])].sort();
    return keys.flatMap((k) => diffValues(old[k], next[k], [...path, k]));
  }
  if (Array.isArray(old) && Array.isArray(next) && old.length === next.length) {
    return old.flatMap((item, i) => diffValues(item, next[i], [...path, i]));
  }
  return sameValue(old, next) ? [] : [{ path, old, new: next }];
}

/** The value at `path`, or undefined. */
export function valueAt(value: Value | undefined, path: Segment[]): Value | undefined {
  let at: Value | undefined = value;
  for (const seg of path) {
    if (typeof seg === "number") at = Array.isArray(at) ? at[seg] : undefined;
    else at = isObject(at) ? at[seg] : undefined;
    if (at === undefined) return undefined;
  }
  return at;
}

/**
 * The concrete paths matching `pattern` (`llmConfig.messages[].content`: `[]` for every item of a
 * list) in any of `values`, in order.
 */
export function expandPattern(pattern: string, values: (Value | undefined)[]): Segment[][] {
  const parts = pattern.replace(/\[\]/g, ".[]").split(".").filter(Boolean);
  const found = new Map<string, Segment[]>();
  const walk = (at: Value | undefined, i: number, path: Segment[]) => {
    if (at === undefined) return;
    if (i === parts.length) {
      found.set(JSON.stringify(path), path);
      return;
    }
    const part = parts[i];
    if (part === "[]") {
      if (Array.isArray(at)) at.forEach((item, n) => walk(item, i + 1, [...path, n]));
    } else if (isObject(at)) walk(at[part], i + 1, [...path, part]);
  };
  for (const v of values) walk(v, 0, []);
  return [...found.values()].sort((a, b) => comparePaths(a, b));
}

function comparePaths(a: Segment[], b: Segment[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    if (typeof a[i] === "number" && typeof b[i] === "number") return (a[i] as number) - (b[i] as number);
    return String(a[i]) < String(b[i]) ? -1 : 1;
  }
  return a.length - b.length;
}
