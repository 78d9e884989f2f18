import * as pulumi from "@pulumi/pulumi";
import { assistantSpec } from "../../provider/hms/assistant";
import { delegate } from "../delegate";
import { isLiteralObject, resourceOptions, resourceProps } from "../resource";

/**
 * Arguments of {@link Assistant}: every field of the HMS assistant API in camelCase (the API's
 * snake_case names are derived: `firstMessage` → `first_message`). All optional; omitted fields keep
 * the server's defaults. Property docs give units, ranges and defaults; the full table is
 * `docs/reference/assistant.md`.
 */
export type AssistantArgs = import("./assistant-args").AssistantArgs;

type Outputs = import("./assistant-args").AssistantOutputs;

/**
 * An HMS Sovereign voice assistant (speech-to-text → LLM → text-to-speech).
 *
 * - Every property updates in place (PATCH): the id, and so phone routing, never changes on an edit.
 * - `name` defaults to the resource name plus a 7-character suffix (`support-1a2b3c4`).
 * - `webhookSecret` and tool `server.secret` values are stored as Pulumi secrets (a tool secret
 *   makes the whole `llmConfig.tools` list secret in state and previews).
 * - Invalid properties fail `pulumi preview` naming the property path and the rule, before any request.
 * - API errors surface as `HmsApiError` subclasses (`HmsAuthenticationError` for 401,
 *   `HmsConflictError` for 409, …) naming the HTTP status, machine code, field and request id; 429s,
 *   5xx and network failures are retried first (`hms:maxRetries`), within `hms:requestsPerMinute`.
 * - Without `name`, the auto-generated name also identifies the assistant after a crash: `pulumi up`
 *   adopts an assistant carrying it instead of creating a second one (README, "After a crashed
 *   `pulumi up`").
 *
 * Type token `pulumi-nodejs:dynamic/hms:Assistant`. Vendor docs:
 * https://doc.hmsovereign.com/docs/core-concepts/assistants
 *
 * @example
 * new hms.Assistant("support", {
 *   firstMessage: "Hallo, welkom bij Acme.",
 *   llmConfig: { provider: "openai", model: "gpt-4o-mini", messages: [{ role: "system", content: "…" }] },
 * });
 */
export class Assistant extends pulumi.dynamic.Resource {
  declare readonly name: Outputs["name"];
  declare readonly businessName: Outputs["businessName"];
  declare readonly notificationEmail: Outputs["notificationEmail"];
  declare readonly notificationEmails: Outputs["notificationEmails"];
  declare readonly firstMessage: Outputs["firstMessage"];
  declare readonly isActive: Outputs["isActive"];
  declare readonly voicemailDetection: Outputs["voicemailDetection"];
  declare readonly voicemailMessage: Outputs["voicemailMessage"];
  declare readonly maxDurationSeconds: Outputs["maxDurationSeconds"];
  declare readonly autonomousSilenceHandling: Outputs["autonomousSilenceHandling"];
  declare readonly silenceTimeoutSeconds: Outputs["silenceTimeoutSeconds"];
  declare readonly webhookUrl: Outputs["webhookUrl"];
  declare readonly webhookSecret: Outputs["webhookSecret"];
  declare readonly webhookEvents: Outputs["webhookEvents"];
  declare readonly sttConfig: Outputs["sttConfig"];
  declare readonly llmConfig: Outputs["llmConfig"];
  declare readonly ttsConfig: Outputs["ttsConfig"];
  declare readonly analysisPlan: Outputs["analysisPlan"];
  declare readonly recordingConsent: Outputs["recordingConsent"];
  declare readonly gdprMode: Outputs["gdprMode"];
  declare readonly speechConfig: Outputs["speechConfig"];
  declare readonly adoptId: Outputs["adoptId"];
  declare readonly additionalFields: Outputs["additionalFields"];

  /**
   * @param name the Pulumi resource name; the assistant's display name is derived from it unless `args.name` is set.
   * @param args the assistant's configuration.
   * @param opts Pulumi resource options.
   */
  constructor(name: string, args: AssistantArgs = {}, opts?: pulumi.CustomResourceOptions) {
    const props = resourceProps(assistantSpec, name, args, opts, { llmConfig: withSecretTools(args.llmConfig) });
    super(delegate("pulumi-voiceai/provider/hms/assistant"), name, props, resourceOptions(assistantSpec, opts), "hms", "Assistant");
  }

  /**
   * Reads an existing assistant without managing it (`pulumi destroy` leaves it alone); its outputs
   * hold every live field. To manage an existing assistant, use `adoptId` instead.
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): Assistant {
    return new Assistant(name, {}, { ...opts, id });
  }
}

/**
 * `llmConfig` with its `tools` list marked secret when a tool carries `server.secret`. The list is
 * the smallest unit the engine can keep secret inside `llmConfig`, so the prompt and model stay
 * readable in previews.
 */
function withSecretTools(llmConfig: AssistantArgs["llmConfig"]): AssistantArgs["llmConfig"] {
  if (llmConfig === undefined) return undefined;
  const secretIfNeeded = (value: pulumi.Input<unknown>, holder: (v: unknown) => unknown) =>
    (pulumi.output(value) as pulumi.Output<unknown>).apply((v) => (hasToolSecret(holder(v)) ? pulumi.secret(v) : v));
  if (!isLiteralObject(llmConfig)) return secretIfNeeded(llmConfig, (c) => (c as { tools?: unknown } | undefined)?.tools) as AssistantArgs["llmConfig"];
  if (llmConfig.tools === undefined) return llmConfig;
  return { ...llmConfig, tools: secretIfNeeded(llmConfig.tools, (t) => t) } as AssistantArgs["llmConfig"];
}

function hasToolSecret(tools: unknown): boolean {
  return Array.isArray(tools) && tools.some((t) => typeof t?.server?.secret === "string");
}
