import * as pulumi from "@pulumi/pulumi";
import { burkiPlatform } from "../../provider/burki/platform";
import { phoneNumberSchema } from "../../provider/burki/schema";
import { delegate } from "../delegate";
import { resourceOptions, resourceProps, type SdkSpec } from "../resource";
// `import type` statements, not `import { type X }`: the declaration files must parse on TypeScript 3.8.
import type { PhoneNumberArgs, PhoneNumberOutputs as Outputs } from "./phone-number-args";

export type { PhoneNumberArgs };

const spec: SdkSpec = { platform: burkiPlatform, kind: "PhoneNumber", schema: phoneNumberSchema, metaInputs: false };

/**
 * Routes a number the Burki organization already has (numbers come from a Twilio or Telnyx sync) to
 * an assistant.
 *
 * - `pulumi up` assigns it (`assign-by-number`, never a carrier sync); a number routed to another
 *   assistant fails naming that assistant and stays where it is (never taken over); a number not in
 *   the organization fails saying so.
 * - Reassigning `assistantId` is an update (unassign, then assign); a new `phoneNumber` replaces.
 * - `pulumi destroy` unassigns the number and keeps it in the organization: it is never released.
 * - Refresh reads which assistant holds it; `friendlyName` cannot be read back by this API.
 *
 * Type token `pulumi-nodejs:dynamic/burki:PhoneNumber`. Vendor docs:
 * https://docs.burki.dev/api-reference/assistants/phonenumbers/assign-by-number
 *
 * @example
 * new burki.PhoneNumber("main-line", { phoneNumber: "+15555550100", assistantId: support.id });
 */
export class PhoneNumber extends pulumi.dynamic.Resource {
  declare readonly phoneNumber: Outputs["phoneNumber"];
  declare readonly assistantId: Outputs["assistantId"];
  declare readonly friendlyName: Outputs["friendlyName"];

  constructor(name: string, args: PhoneNumberArgs, opts?: pulumi.CustomResourceOptions) {
    const props = resourceProps(spec, name, args, opts);
    super(delegate("pulumi-voiceai/provider/burki/phone-number"), name, props, resourceOptions(spec, opts), "burki", "PhoneNumber");
  }
}
