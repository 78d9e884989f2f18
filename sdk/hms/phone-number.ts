import * as pulumi from "@pulumi/pulumi";
import { phoneNumberSpec } from "../../provider/hms/phone-number";
import { delegate } from "../delegate";
import { resourceOptions, resourceProps } from "../resource";
// `import type` statements, not `import { type X }`: the declaration files must parse on TypeScript 3.8.
import type { PhoneNumberArgs, PhoneNumberOutputs as Outputs } from "./phone-number-args";

export type { PhoneNumberArgs };

/**
 * A phone number registered with HMS Sovereign and routed to an assistant.
 *
 * `name`, `assistantId` and `transferTrunkId` update in place (reassigning a number to another
 * assistant keeps its registration); only a changed `phoneNumber` replaces it, deleting the old
 * registration first because a number can be registered once. Type token
 * `pulumi-nodejs:dynamic/hms:PhoneNumber`. Vendor docs:
 * https://doc.hmsovereign.com/docs/core-concepts/phone-numbers
 *
 * @example
 * new hms.PhoneNumber("main-line", { phoneNumber: "+31850835037", assistantId: support.id });
 */
export class PhoneNumber extends pulumi.dynamic.Resource {
  declare readonly phoneNumber: Outputs["phoneNumber"];
  declare readonly name: Outputs["name"];
  declare readonly assistantId: Outputs["assistantId"];
  declare readonly transferTrunkId: Outputs["transferTrunkId"];
  declare readonly adoptId: Outputs["adoptId"];
  declare readonly additionalFields: Outputs["additionalFields"];

  constructor(name: string, args: PhoneNumberArgs, opts?: pulumi.CustomResourceOptions) {
    const props = resourceProps(phoneNumberSpec, name, args, opts);
    super(delegate("pulumi-voiceai/provider/hms/phone-number"), name, props, resourceOptions(phoneNumberSpec, opts), "hms", "PhoneNumber");
  }

  /** Reads an existing number without managing it; to manage one, use `adoptId` instead. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): PhoneNumber {
    return new PhoneNumber(name, { phoneNumber: "" }, { ...opts, id });
  }
}
