/**
 * Validation rules several resources' schemas share, each with the error text `check` reports
 * (`<property path>: <rule>`).
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
/** One of a fixed list of strings. */
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(", ")}` });
export const text = z.string({ error: "must be a string" });
export const nonEmpty = text.min(1, { error: "must not be empty" });
export const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://example.com/hook" });
export const email = z.email({ error: "must be an email address" });
/** An E.164 phone number, `+` and up to 15 digits. */
export const E164 = /^\+[1-9]\d{1,14}$/;
export const E164_ERROR = "must be an E.164 number such as +31850835037";
export const e164 = text.regex(E164, { error: E164_ERROR });
