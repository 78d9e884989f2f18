import * as pulumi from "@pulumi/pulumi";
import { assistantSpec } from "../../provider/revox/assistant";
import { delegate } from "../delegate";
import { resourceOptions, resourceProps } from "../resource";
// `import type` statements, not `import { type X }`: the declaration files must parse on TypeScript 3.8.
import type { AssistantArgs, AssistantOutputs as Outputs } from "./assistant-args";

export type { AssistantArgs };

/**
 * A Revox voice assistant (Soniox speech-to-text → LLM → Cartesia, ElevenLabs or Gradium voice) for
 * inbound and outbound calls.
 *
 * - Every property updates in place with a partial PATCH: the id, and so number routing, never
 *   changes on an edit. `voice`, `llmModel` and `callRetryConfig` are sent whole; `faqItems` replaces
 *   the whole FAQ list.
 * - Removing a property: one the API takes null for is set back to null (off, unlinked);
 *   `firstSentenceDelayMs` and `type` go back to their documented defaults, `faqItems` and
 *   `structuredOutputConfig` to an empty list. The others (`webhookUrl`, `firstSentence`, `voice`,
 *   `llmModel`, `callRetryConfig`, …) cannot be cleared through the API: the preview fails naming them.
 * - Pulumi secrets: a custom LLM's `llmModel.apiKey`, every custom-tool header and query value, and
 *   the integrations' `connectionId`s (Revox returns them in plaintext).
 * - `name` defaults to the resource name plus a 7-character suffix (`booking-1a2b3c4`), which also
 *   lets a rerun after a crash adopt the assistant instead of creating a second one (Revox has no
 *   idempotency key).
 * - Invalid properties fail `pulumi preview` naming the property path and the rule, before any request.
 *
 * Type token `pulumi-nodejs:dynamic/revox:Assistant`. Vendor docs:
 * https://docs.getrevox.com/api/resources/assistants/methods/create; reference: `docs/reference/revox/assistant.md`.
 *
 * @example
 * new revox.Assistant("booking", {
 *   prompt: "You book dental appointments for Acme Dental…",
 *   firstSentenceMode: "static",
 *   firstSentence: "Hi, this is Acme Dental. How can I help?",
 *   voice: { provider: "cartesia", id: "a0e99841-438c-4a64-b679-ae501e7d6091" },
 * });
 */
export class Assistant extends pulumi.dynamic.Resource {
  declare readonly name: Outputs["name"];
  declare readonly prompt: Outputs["prompt"];
  declare readonly firstSentence: Outputs["firstSentence"];
  declare readonly firstSentenceMode: Outputs["firstSentenceMode"];
  declare readonly firstSentenceDelayMs: Outputs["firstSentenceDelayMs"];
  declare readonly endOfCallSentence: Outputs["endOfCallSentence"];
  declare readonly voice: Outputs["voice"];
  declare readonly llmModel: Outputs["llmModel"];
  declare readonly webhookUrl: Outputs["webhookUrl"];
  declare readonly maxCallDurationSecs: Outputs["maxCallDurationSecs"];
  declare readonly maxDurationEndMessage: Outputs["maxDurationEndMessage"];
  declare readonly structuredOutputConfig: Outputs["structuredOutputConfig"];
  declare readonly structuredOutputPrompt: Outputs["structuredOutputPrompt"];
  declare readonly callRetryConfig: Outputs["callRetryConfig"];
  declare readonly backgroundSound: Outputs["backgroundSound"];
  declare readonly backgroundSoundVolume: Outputs["backgroundSoundVolume"];
  declare readonly thinkingSound: Outputs["thinkingSound"];
  declare readonly thinkingSoundProbability: Outputs["thinkingSoundProbability"];
  declare readonly thinkingSoundVolume: Outputs["thinkingSoundVolume"];
  declare readonly voicemailMessage: Outputs["voicemailMessage"];
  declare readonly voicemailSmsPrompt: Outputs["voicemailSmsPrompt"];
  declare readonly ivrNavigationEnabled: Outputs["ivrNavigationEnabled"];
  declare readonly faqItems: Outputs["faqItems"];
  declare readonly calendly: Outputs["calendly"];
  declare readonly humanTransferMode: Outputs["humanTransferMode"];
  declare readonly warmTransferSummaryInstructions: Outputs["warmTransferSummaryInstructions"];
  declare readonly fromPhoneNumber: Outputs["fromPhoneNumber"];
  declare readonly afterCallSmsPrompt: Outputs["afterCallSmsPrompt"];
  declare readonly afterCallSmsOutcomes: Outputs["afterCallSmsOutcomes"];
  declare readonly smsEnabled: Outputs["smsEnabled"];
  declare readonly smsTemplate: Outputs["smsTemplate"];
  declare readonly emailNotificationAddress: Outputs["emailNotificationAddress"];
  declare readonly emailNotificationOutcomes: Outputs["emailNotificationOutcomes"];
  declare readonly customTools: Outputs["customTools"];
  declare readonly precallLookupUrl: Outputs["precallLookupUrl"];
  declare readonly sttModel: Outputs["sttModel"];
  declare readonly sttContext: Outputs["sttContext"];
  declare readonly cartesiaDictionaryPronunciationId: Outputs["cartesiaDictionaryPronunciationId"];
  declare readonly type: Outputs["type"];
  declare readonly position: Outputs["position"];
  declare readonly promptFlow: Outputs["promptFlow"];
  declare readonly slack: Outputs["slack"];
  declare readonly zoho: Outputs["zoho"];
  declare readonly logoUrl: Outputs["logoUrl"];
  declare readonly transferDestinations: Outputs["transferDestinations"];
  declare readonly adoptId: Outputs["adoptId"];
  declare readonly additionalFields: Outputs["additionalFields"];

  /**
   * @param name the Pulumi resource name; the assistant's display name is derived from it unless `args.name` is set.
   * @param args the assistant's configuration (`prompt` is required).
   * @param opts Pulumi resource options.
   */
  constructor(name: string, args: AssistantArgs, opts?: pulumi.CustomResourceOptions) {
    const props = resourceProps(assistantSpec, name, args, opts);
    super(delegate("pulumi-voiceai/provider/revox/assistant"), name, props, resourceOptions(assistantSpec, opts), "revox", "Assistant");
  }

  /**
   * Reads an existing assistant without managing it (`pulumi destroy` leaves it alone); its outputs
   * hold every live field. To manage an existing assistant, use `adoptId` instead.
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): Assistant {
    return new Assistant(name, {} as AssistantArgs, { ...opts, id });
  }
}
