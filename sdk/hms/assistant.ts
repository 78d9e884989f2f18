import * as pulumi from "@pulumi/pulumi";
import { assistantSchema, type AssistantInputs } from "../../provider/hms/assistant";
import { delegate } from "../delegate";
import type { InputsOf } from "../types";

/**
 * Arguments of {@link Assistant}: every field of the HMS assistant API in camelCase (the API's
 * snake_case names are derived: `firstMessage` → `first_message`). All optional; omitted fields keep
 * the server's defaults. See the property docs for units and ranges.
 */
export type AssistantArgs = InputsOf<AssistantInputs>;

/**
 * An HMS Sovereign voice assistant.
 *
 * Every property updates in place (PATCH): the id, and so phone routing, never changes on an edit.
 * `webhookSecret` is stored as a Pulumi secret. Type token `pulumi-nodejs:dynamic/hms:Assistant`.
 *
 * Invalid properties fail `pulumi preview` with the property path and the rule, before any request.
 * API errors surface as `HmsApiError` messages naming the HTTP status, machine code and field.
 *
 * @example
 * new hms.Assistant("support", {
 *   firstMessage: "Hallo, welkom bij Acme.",
 *   llmConfig: { provider: "openai", model: "gpt-4o-mini", messages: [{ role: "system", content: "…" }] },
 * });
 */
export class Assistant extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly businessName: pulumi.Output<string | null | undefined>;
  declare readonly notificationEmail: pulumi.Output<string | null | undefined>;
  declare readonly notificationEmails: pulumi.Output<string[] | undefined>;
  declare readonly firstMessage: pulumi.Output<string | null | undefined>;
  declare readonly isActive: pulumi.Output<boolean | undefined>;
  declare readonly voicemailDetection: pulumi.Output<boolean | undefined>;
  declare readonly voicemailMessage: pulumi.Output<string | null | undefined>;
  declare readonly maxDurationSeconds: pulumi.Output<number | null | undefined>;
  declare readonly autonomousSilenceHandling: pulumi.Output<boolean | undefined>;
  declare readonly silenceTimeoutSeconds: pulumi.Output<number | undefined>;
  declare readonly webhookUrl: pulumi.Output<string | null | undefined>;
  declare readonly webhookSecret: pulumi.Output<string | null | undefined>;
  declare readonly webhookEvents: pulumi.Output<AssistantInputs["webhookEvents"]>;
  declare readonly sttConfig: pulumi.Output<AssistantInputs["sttConfig"]>;
  declare readonly llmConfig: pulumi.Output<AssistantInputs["llmConfig"]>;
  declare readonly ttsConfig: pulumi.Output<AssistantInputs["ttsConfig"]>;
  declare readonly analysisPlan: pulumi.Output<AssistantInputs["analysisPlan"]>;
  declare readonly recordingConsent: pulumi.Output<AssistantInputs["recordingConsent"]>;
  declare readonly gdprMode: pulumi.Output<boolean | undefined>;
  declare readonly speechConfig: pulumi.Output<AssistantInputs["speechConfig"]>;

  /**
   * @param name the Pulumi resource name; also the assistant's display name unless `args.name` is set.
   * @param args the assistant's configuration.
   * @param opts Pulumi resource options.
   */
  constructor(name: string, args: AssistantArgs = {}, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {
      ...outputSlots,
      ...args,
      name: args.name ?? name,
      webhookSecret: args.webhookSecret === undefined ? undefined : pulumi.secret(args.webhookSecret),
    };
    super(delegate("pulumi-voiceai/provider/hms/assistant"), name, props, withSecrets(opts, ["webhookSecret"]), "hms", "Assistant");
  }
}

// Every schema property is an output of the resource; Pulumi registers outputs from the keys it is given.
const outputSlots = Object.fromEntries(Object.keys(assistantSchema.shape).map((k) => [k, undefined]));

function withSecrets(opts: pulumi.CustomResourceOptions | undefined, secrets: string[]): pulumi.CustomResourceOptions {
  return { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secrets] };
}
