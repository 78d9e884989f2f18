/**
 * `hms.PhoneNumber`: a customer-owned number (brought over SIP) registered with HMS and routed to an
 * assistant.
 *
 * API: `POST/GET/PATCH/DELETE /numbers` (vendor docs: API reference → Phone numbers). `name`,
 * `assistantId` and `transferTrunkId` update in place; a changed `phoneNumber` replaces the
 * registration, deleting the old one first because a number can be registered only once.
 */
import { z } from "zod";
import { lifecycle, type ResourceSpec } from "../lifecycle";

export const phoneNumberSchema = z.object({
  /** The number in E.164 form, e.g. `+31850835037`. Changing it replaces the registration. */
  phoneNumber: z.string().regex(/^\+[1-9]\d{1,14}$/, { error: "must be an E.164 number such as +31850835037" }),
  /** Display name (the API defaults it to the number). */
  name: z.string().min(1, { error: "must not be empty" }).optional(),
  /** Id of the assistant that answers calls to this number; null leaves the number unassigned. */
  assistantId: z.string().min(1).nullable().optional(),
  /** Id of the SIP trunk used for call transfers. */
  transferTrunkId: z.string().min(1).nullable().optional(),
});

export type PhoneNumberInputs = z.input<typeof phoneNumberSchema>;

export const phoneNumberSpec: ResourceSpec = {
  kind: "PhoneNumber",
  collection: "/numbers",
  envelope: "number",
  schema: phoneNumberSchema,
  replaceOnChanges: ["phoneNumber"],
  deleteBeforeReplace: true,
  defaults: { assistantId: null, transferTrunkId: null },
};

/** The dynamic provider behind `hms.PhoneNumber`. */
export const provider = lifecycle(phoneNumberSpec);
