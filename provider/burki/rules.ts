/**
 * Burki validation rules the schemas share (the generic ones are in `../rules.ts`), each with the
 * error text `check` reports (`<property path>: <rule>`). A varchar(n) column takes `.max(n, atMost(n))`:
 * longer values make Burki answer 500 (B8).
 */
import { z } from "zod";

export { atLeast, atMost, between, freeForm, httpUrl, intAtLeast, intBetween, nonEmpty, text } from "../rules";
import { text } from "../rules";

/** The largest value of a Postgres `integer` column: above it the insert fails and Burki answers 500. */
export const PG_INT_MAX = 2147483647;
/**
 * A top-level string of the assistant: Burki turns `""` or only spaces into null before storing it,
 * and a PUT drops nulls, so a blank value could never be written.
 */
export const nonBlank = text.regex(/\S/, { error: "must not be empty or only spaces" });

/** E.164 as Burki checks it: `+` then 7 to 15 digits (it does not check the first digit). */
export const E164 = /^\+\d{7,15}$/;
export const E164_ERROR = "must be in E.164 format (+ then 7 to 15 digits), e.g. +15555550100";
export const e164 = z.string({ error: E164_ERROR }).regex(E164, { error: E164_ERROR });
