/**
 * `hms.SipTrunk`: a connection to the customer's phone system (PBX, contact centre) that calls are
 * transferred over; a phone number references it as `transferTrunkId`.
 *
 * API: `POST/GET/DELETE /sip-trunks` (vendor docs: https://doc.hmsovereign.com/docs/configuration/sip-trunks).
 * There is no PATCH, so every change replaces the trunk: the new trunk is created first, numbers
 * that reference it are moved to it, then the old one is deleted. The password is write-only: the
 * API never returns it, so refresh cannot see it change.
 */
import { z } from "zod";
import { lifecycle, type ResourceSpec } from "../lifecycle";
import { hmsPlatform } from "./platform";
import { intBetween, nonEmpty, text } from "./rules";

/** Inputs of `hms.SipTrunk`. @see https://doc.hmsovereign.com/docs/configuration/sip-trunks */
export const sipTrunkSchema = z.strictObject({
  /** Display name. If omitted, the SDK names the trunk after the resource with a suffix, e.g. `pbx-1a2b3c4`. */
  name: nonEmpty,
  /** SIP server host name or IP address, e.g. `pbx.example.com`. */
  host: z
    .string({ error: "must be a host name or IP address" })
    .regex(/^[A-Za-z0-9.:[\]-]+$/, { error: "must be a host name or IP address such as pbx.example.com (no scheme, no port)" }),
  /** SIP port, 1–65535. @default 5060 */
  port: intBetween(1, 65535).optional(),
  /** Authentication user name. @default null */
  username: text.nullable().optional(),
  /** Authentication password; write-only (never returned by the API). A Pulumi secret. */
  password: text.nullable().optional().meta({ secret: true, writeOnly: true }),
});

export type SipTrunkInputs = z.input<typeof sipTrunkSchema>;

export const sipTrunkSpec: ResourceSpec = {
  platform: hmsPlatform,
  kind: "SipTrunk",
  collection: "/sip-trunks",
  envelope: "sip_trunk",
  listEnvelope: "sip_trunks",
  listed: "every",
  schema: sipTrunkSchema,
  replaceOnChanges: "all",
  deleteBeforeReplace: false,
  autoNamed: "name",
};

/** The dynamic provider behind `hms.SipTrunk`. */
export const provider = lifecycle(sipTrunkSpec);
