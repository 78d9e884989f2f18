/**
 * `hms.PhoneNumber`: a customer-owned number (brought over SIP) registered with HMS and routed to an
 * assistant.
 *
 * API: `POST/GET/PATCH/DELETE /numbers` (vendor docs: https://doc.hmsovereign.com/docs/core-concepts/phone-numbers).
 * `name`, `assistantId` and `transferTrunkId` update in place; a changed `phoneNumber` replaces the
 * registration, deleting the old one first because a number can be registered only once.
 */
import { z } from "zod";
import { lifecycle, type ResourceSpec } from "../lifecycle";
import { hmsPlatform } from "./platform";
import { E164, E164_ERROR, nonEmpty } from "./rules";

const reference = (what: string) => z.string({ error: `must be the id of ${what}` }).min(1, { error: `must be the id of ${what}` });

/** Inputs of `hms.PhoneNumber`. @see https://doc.hmsovereign.com/docs/core-concepts/phone-numbers */
export const phoneNumberSchema = z.strictObject({
  /** The number in E.164 form, e.g. `+31850835037`; unique per account. Changing it replaces the registration (delete first). */
  phoneNumber: z.string({ error: E164_ERROR }).regex(E164, { error: E164_ERROR }).meta({ replaceOnChanges: true }),
  /**
   * Display name, e.g. `Main Support Line`. If omitted, the SDK names the number after the resource
   * with a suffix (`main-line-1a2b3c4`), which also lets a rerun after a crash recognise the
   * registration as this resource's own.
   */
  name: nonEmpty.optional(),
  /** Id of the assistant that answers calls (e.g. `support.id`); null leaves the number registered but unanswered. @default null */
  assistantId: reference("an hms.Assistant").nullable().optional().meta({ default: null }),
  /** Id of the SIP trunk used for call transfers (e.g. `pbx.id`). @default null @see https://doc.hmsovereign.com/docs/configuration/sip-trunks */
  transferTrunkId: reference("an hms.SipTrunk").nullable().optional().meta({ default: null }),
});

export type PhoneNumberInputs = z.input<typeof phoneNumberSchema>;

export const phoneNumberSpec: ResourceSpec = {
  platform: hmsPlatform,
  kind: "PhoneNumber",
  collection: "/numbers",
  envelope: "number",
  listEnvelope: "numbers",
  listed: "every",
  uniqueKey: "phoneNumber",
  // The auto-generated name marks a registration as this resource's own (see the lifecycle's create):
  // only such a leftover of a crashed run is adopted; any other holder of the number is a conflict.
  autoNamed: "name",
  schema: phoneNumberSchema,
  deleteBeforeReplace: true,
  // The deprecated alias: `agent_id` means `assistant_id`.
  liveAliases: { agentId: "assistantId" },
};

/** The dynamic provider behind `hms.PhoneNumber`. */
export const provider = lifecycle(phoneNumberSpec);
