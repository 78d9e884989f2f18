import * as pulumi from "@pulumi/pulumi";
import { assistantSpec } from "../../provider/burki/assistant";
import { delegate } from "../delegate";
import { resourceOptions, resourceProps } from "../resource";
// `import type` statements, not `import { type X }`: the declaration files must parse on TypeScript 3.8.
import type { AssistantArgs, AssistantOutputs as Outputs } from "./assistant-args";

export type { AssistantArgs };

/**
 * A Burki voice assistant (Deepgram speech-to-text → LLM → text-to-speech), on the hosted API or a
 * self-hosted Burki server (`burki:baseUrl`).
 *
 * - Every property updates in place (PUT): the id, and so phone routing, never changes on an edit.
 *   A settings block is sent whole (Burki replaces nested objects): the declared sub-keys over the
 *   live ones, so editing `ttsSettings.stability` leaves every other `ttsSettings` key as it is.
 * - A top-level property that Burki cannot clear (`description`, `webhookUrl`, …: the API ignores
 *   null) cannot be removed from the program once set: the preview says so. Properties with a
 *   documented default (`llmProvider`, `isActive`, settings blocks) go back to it.
 * - `llmProviderConfig.apiKey`, `ttsSettings.providerConfig` and `llmFallbackProviders.fallbacks[].apiKey`
 *   are Pulumi secrets (Burki returns them in plaintext).
 * - `name` defaults to the resource name plus a 7-character suffix (`support-1a2b3c4`), which also
 *   lets a rerun after a crash adopt the assistant instead of creating a second one.
 * - Invalid properties fail `pulumi preview` naming the property path and the rule, before any request.
 *
 * Type token `pulumi-nodejs:dynamic/burki:Assistant`. Vendor docs:
 * https://docs.burki.dev/api-reference/assistants/create; reference: `docs/reference/burki/assistant.md`.
 *
 * @example
 * new burki.Assistant("support", {
 *   llmProviderConfig: { apiKey: config.requireSecret("openaiKey"), model: "gpt-4o-mini" },
 *   llmSettings: { systemPrompt: "You are Acme's support line…", welcomeMessage: "Hi, Acme support." },
 * });
 */
export class Assistant extends pulumi.dynamic.Resource {
  declare readonly name: Outputs["name"];
  declare readonly description: Outputs["description"];
  declare readonly llmProvider: Outputs["llmProvider"];
  declare readonly llmProviderConfig: Outputs["llmProviderConfig"];
  declare readonly llmSettings: Outputs["llmSettings"];
  declare readonly webhookUrl: Outputs["webhookUrl"];
  declare readonly smsWebhookUrl: Outputs["smsWebhookUrl"];
  declare readonly messagingServiceSid: Outputs["messagingServiceSid"];
  declare readonly interruptionSettings: Outputs["interruptionSettings"];
  declare readonly ttsSettings: Outputs["ttsSettings"];
  declare readonly sttSettings: Outputs["sttSettings"];
  declare readonly endCallMessage: Outputs["endCallMessage"];
  declare readonly transferCallMessage: Outputs["transferCallMessage"];
  declare readonly idleMessage: Outputs["idleMessage"];
  declare readonly maxIdleMessages: Outputs["maxIdleMessages"];
  declare readonly idleTimeout: Outputs["idleTimeout"];
  declare readonly toolsSettings: Outputs["toolsSettings"];
  declare readonly ragSettings: Outputs["ragSettings"];
  declare readonly llmFallbackProviders: Outputs["llmFallbackProviders"];
  declare readonly customSettings: Outputs["customSettings"];
  declare readonly isActive: Outputs["isActive"];
  declare readonly adoptId: Outputs["adoptId"];
  declare readonly additionalFields: Outputs["additionalFields"];

  /**
   * @param name the Pulumi resource name; the assistant's display name is derived from it unless `args.name` is set.
   * @param args the assistant's configuration.
   * @param opts Pulumi resource options.
   */
  constructor(name: string, args: AssistantArgs = {}, opts?: pulumi.CustomResourceOptions) {
    const props = resourceProps(assistantSpec, name, args, opts);
    super(delegate("pulumi-voiceai/provider/burki/assistant"), name, props, resourceOptions(assistantSpec, opts), "burki", "Assistant");
  }

  /**
   * Reads an existing assistant without managing it (`pulumi destroy` leaves it alone); its outputs
   * hold every live field. To manage an existing assistant, use `adoptId` instead.
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): Assistant {
    return new Assistant(name, {}, { ...opts, id });
  }
}
