import * as pulumi from "@pulumi/pulumi";
import { phoneNumberSchema, type PhoneNumberInputs } from "../../provider/hms/phone-number";
import { delegate } from "../delegate";
import type { InputsOf } from "../types";

/** Arguments of {@link PhoneNumber}; `phoneNumber` (E.164) is required. */
export type PhoneNumberArgs = InputsOf<PhoneNumberInputs> & { phoneNumber: pulumi.Input<string> };

/**
 * A phone number registered with HMS Sovereign and routed to an assistant.
 *
 * `name`, `assistantId` and `transferTrunkId` update in place; only a changed `phoneNumber` replaces
 * the registration (the old one is deleted first: a number can be registered once). Type token
 * `pulumi-nodejs:dynamic/hms:PhoneNumber`.
 *
 * @example
 * new hms.PhoneNumber("main-line", { phoneNumber: "+31850835037", assistantId: support.id });
 */
export class PhoneNumber extends pulumi.dynamic.Resource {
  declare readonly phoneNumber: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string | undefined>;
  declare readonly assistantId: pulumi.Output<string | null | undefined>;
  declare readonly transferTrunkId: pulumi.Output<string | null | undefined>;

  constructor(name: string, args: PhoneNumberArgs, opts?: pulumi.CustomResourceOptions) {
    const props = { ...outputSlots, ...args };
    super(delegate("pulumi-voiceai/provider/hms/phone-number"), name, props, opts, "hms", "PhoneNumber");
  }
}

const outputSlots = Object.fromEntries(Object.keys(phoneNumberSchema.shape).map((k) => [k, undefined]));
