/**
 * HMS validation rules several resources' schemas share (the generic ones are in `../rules.ts`),
 * each with the error text `check` reports (`<property path>: <rule>`).
 */

export { between, email, httpUrl, intBetween, nonEmpty, oneOf, text } from "../rules";
import { text } from "../rules";

/** An E.164 phone number, `+` and up to 15 digits. */
export const E164 = /^\+[1-9]\d{1,14}$/;
export const E164_ERROR = "must be an E.164 number such as +31850835037";
export const e164 = text.regex(E164, { error: E164_ERROR });
