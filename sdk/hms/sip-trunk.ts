import * as pulumi from "@pulumi/pulumi";
import { sipTrunkSpec } from "../../provider/hms/sip-trunk";
import { delegate } from "../delegate";
import { resourceOptions, resourceProps } from "../resource";
// `import type` statements, not `import { type X }`: the declaration files must parse on TypeScript 3.8.
import type { SipTrunkArgs, SipTrunkOutputs as Outputs } from "./sip-trunk-args";

export type { SipTrunkArgs };

/**
 * A SIP trunk to the customer's phone system, used by phone numbers for call transfers
 * (`transferTrunkId: trunk.id`).
 *
 * The API has no PATCH for trunks, so **every change replaces the trunk**: the new one is created,
 * numbers referencing it are updated to the new id, then the old one is deleted. `password` is
 * write-only and stored as a Pulumi secret; refresh cannot detect a password changed outside Pulumi.
 * `name` defaults to the resource name plus a 7-character suffix. Type token
 * `pulumi-nodejs:dynamic/hms:SipTrunk`. Vendor docs: https://doc.hmsovereign.com/docs/configuration/sip-trunks
 *
 * @example
 * const pbx = new hms.SipTrunk("pbx", { host: "pbx.example.com", username: "hms", password: cfg.requireSecret("pbxPassword") });
 * new hms.PhoneNumber("main-line", { phoneNumber: "+31850835037", assistantId: support.id, transferTrunkId: pbx.id });
 */
export class SipTrunk extends pulumi.dynamic.Resource {
  declare readonly name: Outputs["name"];
  declare readonly host: Outputs["host"];
  declare readonly port: Outputs["port"];
  declare readonly username: Outputs["username"];
  declare readonly password: Outputs["password"];
  declare readonly adoptId: Outputs["adoptId"];
  declare readonly additionalFields: Outputs["additionalFields"];

  constructor(name: string, args: SipTrunkArgs, opts?: pulumi.CustomResourceOptions) {
    const props = resourceProps(sipTrunkSpec, name, args, opts);
    super(delegate("pulumi-voiceai/provider/hms/sip-trunk"), name, props, resourceOptions(sipTrunkSpec, opts), "hms", "SipTrunk");
  }

  /** Reads an existing trunk without managing it; to manage one, use `adoptId` instead. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): SipTrunk {
    return new SipTrunk(name, { host: "" }, { ...opts, id });
  }
}
