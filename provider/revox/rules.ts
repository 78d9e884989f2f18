/**
 * Revox validation rules the schemas share (the generic ones are in `../rules.ts`), each with the
 * error text `check` reports (`<property path>: <rule>`). Ranges come from Revox's docs and the
 * examples of its generated SDK (`revox.md` §3, §6.20).
 */
import { z } from "zod";

export { atLeast, between, httpUrl, intAtLeast, intBetween, nonEmpty, oneOf, text } from "../rules";
import { nonEmpty, text } from "../rules";

/** E.164: `+`, a first digit 1–9, at most 15 digits. */
export const E164 = /^\+[1-9]\d{1,14}$/;
export const E164_ERROR = "must be an E.164 number such as +15555550100";
export const e164 = z.string({ error: E164_ERROR }).regex(E164, { error: E164_ERROR });

/** A calling-window time as Revox reads it: `HH:mm` (24 h, `09:00`) or `H:mma` (12 h, `6pm`, `6:30pm`). */
export const CLOCK = /^(([01]?\d|2[0-3]):[0-5]\d|(1[0-2]|0?[1-9])(:[0-5]\d)?\s?(am|pm|AM|PM))$/;
export const clockTime = text.regex(CLOCK, { error: "must be a time such as 09:00 (24 h) or 6pm / 6:30pm (12 h)" });

/** A custom tool's name: lower-case snake_case, the form the LLM calls it by. */
export const toolName = nonEmpty.regex(/^[a-z][a-z0-9_]*$/, { error: "must be lower-case snake_case, e.g. check_inventory" });

/** One email, or several separated by commas. */
export const emailList = text.refine((v) => v.split(",").every((e) => z.email().safeParse(e.trim()).success), {
  error: "must be an email address or a comma-separated list of them",
});

/** An IANA timezone name (`Europe/Paris`), as this Node.js's ICU knows them. */
export const ianaTimezone = nonEmpty.refine(
  (v) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: v });
      return v.includes("/") || v === "UTC";
    } catch {
      return false;
    }
  },
  { error: "must be an IANA timezone such as Europe/Paris" },
);
