/**
 * Validation rules the Burki schemas share, each with the error text `check` reports
 * (`<property path>: <rule>`).
 *
 * `between`, `intBetween`, `text`, `nonEmpty` and `httpUrl` are copies of the vendor-neutral ones in
 * `../hms/rules.ts` (same names, same messages); they belong in a core `provider/rules.ts`.
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
/** The largest value of a Postgres `integer` column: above it the insert fails and Burki answers 500. */
export const PG_INT_MAX = 2147483647;
/** A whole number of at least `min` (a count, a duration, a size), e.g. `intAtLeast(0, " ms")`. */
export const intAtLeast = (min: number, unit = "") => {
  const error = `must be a whole number of at least ${min}${unit}`;
  return z.int({ error }).min(min, { error });
};
/** A number of at least `min`, e.g. `atLeast(0, " seconds")`. */
export const atLeast = (min: number, unit = "") =>
  z.number({ error: "must be a number" }).min(min, { error: `must be at least ${min}${unit}` });

export const text = z.string({ error: "must be a string" });
export const nonEmpty = text.min(1, { error: "must not be empty" });
/**
 * A top-level string of the assistant: Burki turns `""` or only spaces into null before storing it,
 * and a PUT drops nulls, so a blank value could never be written.
 */
export const nonBlank = text.regex(/\S/, { error: "must not be empty or only spaces" });
/** The error of a string's `.max(n, atMost(n))`: a varchar(n) column, longer values make Burki answer 500 (B8). */
export const atMost = (n: number) => ({ error: `must be at most ${n} characters` });
export const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://example.com/hook" });

/** E.164 as Burki checks it: `+` then 7 to 15 digits (it does not check the first digit). */
export const E164 = /^\+\d{7,15}$/;
export const E164_ERROR = "must be in E.164 format (+ then 7 to 15 digits), e.g. +15555550100";
export const e164 = z.string({ error: E164_ERROR }).regex(E164, { error: E164_ERROR });

/** A free-form object whose keys are data: sent and read back exactly as written (add `verbatim: true` in its meta). */
export const freeForm = () => z.record(z.string(), z.unknown(), { error: "must be an object" });
