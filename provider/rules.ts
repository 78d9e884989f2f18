/**
 * Validation rules any platform's schemas use, each with the error text `check` reports
 * (`<property path>: <rule>`). A platform's own rules (its E.164 check, its column limits) are in
 * `provider/<platform>/rules.ts`.
 */
import { z } from "zod";

/** A number from `min` to `max` (inclusive), e.g. a 0–2 temperature. */
export const between = (min: number, max: number, unit = "") => {
  const error = `must be between ${min} and ${max}${unit}`;
  return z.number({ error: "must be a number" }).min(min, { error }).max(max, { error });
};
/** A whole number from `min` to `max` (inclusive), e.g. a 1–65535 port. */
export const intBetween = (min: number, max: number, unit = "") => {
  const error = `must be a whole number between ${min} and ${max}${unit}`;
  return z.int({ error }).min(min, { error }).max(max, { error });
};
/** A whole number of at least `min` (a count, a duration, a size), e.g. `intAtLeast(0, " ms")`. */
export const intAtLeast = (min: number, unit = "") => {
  const error = `must be a whole number of at least ${min}${unit}`;
  return z.int({ error }).min(min, { error });
};
/** A number of at least `min`, e.g. `atLeast(0, " seconds")`. */
export const atLeast = (min: number, unit = "") =>
  z.number({ error: "must be a number" }).min(min, { error: `must be at least ${min}${unit}` });
/** One of a fixed list of strings. */
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(", ")}` });
export const text = z.string({ error: "must be a string" });
export const nonEmpty = text.min(1, { error: "must not be empty" });
/** The error of a string's `.max(n, atMost(n))`. */
export const atMost = (n: number) => ({ error: `must be at most ${n} characters` });
export const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://example.com/hook" });
export const email = z.email({ error: "must be an email address" });
/** A free-form object whose keys are data: sent and read back exactly as written (add `verbatim: true` in its meta). */
export const freeForm = () => z.record(z.string(), z.unknown(), { error: "must be an object" });
