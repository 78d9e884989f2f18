import * as pulumi from "@pulumi/pulumi";
import { revoxPlatform } from "../../provider/revox/platform";
import { phoneNumberSchema } from "../../provider/revox/schema";
import { delegate } from "../delegate";
import { resourceOptions, resourceProps, type SdkSpec } from "../resource";
// `import type` statements, not `import { type X }`: the declaration files must parse on TypeScript 3.8.
import type { PhoneNumberArgs, PhoneNumberOutputs as Outputs } from "./phone-number-args";

export type { PhoneNumberArgs };

const spec: SdkSpec = { platform: revoxPlatform, kind: "PhoneNumber", schema: phoneNumberSchema, metaInputs: false };

/**
 * Routes a number the Revox account already has (bought or imported in the dashboard: the API
 * cannot create one) to an assistant for inbound calls.
 *
 * - `pulumi up` finds the number by its E.164 form and sets its `inbound_assistant_id`; a number not
 *   in the account fails saying so; a number routed to another assistant fails naming it and stays
 *   where it is (never taken over).
 * - Reassigning `assistantId` is an update (the number keeps its id); a new `phoneNumber` replaces.
 * - `pulumi destroy` unroutes the number (`inbound_assistant_id: null`) and keeps it in the account:
 *   it is never deleted (that would release a number the customer paid for).
 * - Refresh reads the account's number listing: a routing changed in the dashboard shows as a diff.
 *
 * Type token `pulumi-nodejs:dynamic/revox:PhoneNumber`. Vendor docs:
 * https://docs.getrevox.com/api/resources/phone_numbers/methods/update
 *
 * @example
 * new revox.PhoneNumber("main-line", { phoneNumber: "+15555550200", assistantId: booking.id, label: "Bookings" });
 */
export class PhoneNumber extends pulumi.dynamic.Resource {
  declare readonly phoneNumber: Outputs["phoneNumber"];
  declare readonly assistantId: Outputs["assistantId"];
  declare readonly label: Outputs["label"];

  constructor(name: string, args: PhoneNumberArgs, opts?: pulumi.CustomResourceOptions) {
    const props = resourceProps(spec, name, args, opts);
    super(delegate("pulumi-voiceai/provider/revox/phone-number"), name, props, resourceOptions(spec, opts), "revox", "PhoneNumber");
  }

  /** Reads a number of the account by its id without managing it (`pulumi destroy` leaves it alone). */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): PhoneNumber {
    return new PhoneNumber(name, {} as PhoneNumberArgs, { ...opts, id });
  }
}
