/**
 * The canonical form shared by check, diff and read, so that key order, server defaults and fields
 * the server adds never show up as changes.
 *
 * The rule: a resource's state holds exactly the properties the user declared, with live values.
 * Live objects are projected onto the declared shape ({@link projectOnto}), so a field the server
 * filled in (a default, a new field) is not part of the comparison.
 */
import { isDeepStrictEqual } from "node:util";

/** Pulumi's marker for a value not known yet during preview (e.g. the id of a resource still to be created). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** Drops `undefined` members deeply (an omitted property and an undefined one are the same). */
export function prune<T>(value: T): T {
  if (Array.isArray(value)) return value.map(prune) as T;
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = prune(v);
  return out as T;
}

/**
 * The live value seen through the declared one: objects keep only the declared keys (recursively),
 * arrays of the same length are projected item by item, anything else is the live value.
 */
export function projectOnto(declared: unknown, live: unknown): unknown {
  if (isPlainObject(declared) && isPlainObject(live)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(declared)) out[k] = projectOnto(declared[k], live[k]);
    return out;
  }
  if (Array.isArray(declared) && Array.isArray(live) && declared.length === live.length) {
    return live.map((v, i) => projectOnto(declared[i], v));
  }
  return live === undefined ? null : live;
}

/**
 * The top-level properties that differ between the stored state and the declared inputs: a declared
 * value that differs from the stored one (an unknown counts as a change; so does a nested key
 * removed from an object), or a property declared before and removed now (it goes back to its
 * default). The stored state already has the declared shape (see {@link projectOnto}), so the
 * comparison is plain deep equality, blind to key order.
 */
export function changedKeys(stored: Record<string, unknown>, declared: Record<string, unknown>, ignore: string[] = []): string[] {
  const keys = new Set([...Object.keys(stored), ...Object.keys(declared)]);
  return [...keys].filter((k) => {
    if (ignore.includes(k)) return false;
    if (!(k in declared)) return true;
    if (containsUnknown(declared[k])) return true;
    return !isDeepStrictEqual(stored[k], declared[k]);
  });
}

/** A JSON object (not null, not an array). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** `extra` merged into `base` recursively: objects merge key by key, anything else in `extra` wins. */
export function deepMerge(base: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(extra)) {
    out[k] = isPlainObject(out[k]) && isPlainObject(v) ? deepMerge(out[k], v) : v;
  }
  return out;
}
