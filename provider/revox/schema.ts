/**
 * Inputs of `revox.Assistant` and `revox.PhoneNumber`, with the per-field rules of `../fields.ts` in
 * `.meta()`: the single source of the SDK's argument types, their docstrings and the reference docs.
 *
 * Written against Revox's newest contract, the Python SDK 0.5.0 (`/work/shared/api/revox.md`, §3 for
 * the assistant, §4 for numbers). Properties are camelCase and go on the wire as their snake_case.
 *
 * What removing a property from the program does (a PATCH changes only the fields it carries):
 * - a field the API takes `null` for is set back to null (`default: null`): off, unlinked, the
 *   platform's default behaviour;
 * - `firstSentenceDelayMs` and `type` go back to their documented defaults (400 ms, `standalone`),
 *   `faqItems` and `structuredOutputConfig` to an empty list;
 * - any other field (`webhookUrl`, `firstSentence`, `voice`, `llmModel`, `callRetryConfig`, …) has no
 *   documented empty value and no documented default (`clearable: false`): the preview fails naming
 *   it rather than leave the old value on the platform unseen.
 */
import { z } from "zod";
import { atLeast, between, clockTime, e164, emailList, ianaTimezone, httpUrl, intAtLeast, nonEmpty, oneOf, text, toolName } from "./rules";

const DOCS = "https://docs.getrevox.com";
const SEE = {
  create: `${DOCS}/api/resources/assistants/methods/create`,
  update: `${DOCS}/api/python/resources/assistants/methods/update`,
  voices: `${DOCS}/api/resources/voices/methods/list`,
  numbers: `${DOCS}/api/resources/phone_numbers/methods/update`,
} as const;

/** Post-call outcomes (0.4.0+): SMS, email, Slack and Zoho follow-ups filter on them. */
export const OUTCOMES = ["not_interested", "interested", "completed", "requested_callback_later", "none"] as const;
const outcomes = z.array(oneOf(OUTCOMES));

/** The documented default retry policy (`revox.md` §3.3), for the docs. */
const CALLING_WINDOW_DEFAULT = { callingWindowStartTime: "10:00", callingWindowEndTime: "18:00", retryDelaySeconds: 7200 };
const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday"];

// ---- voice ----------------------------------------------------------------------------------------

/** `voice`: the text-to-speech voice, sent whole. */
export const voiceSchema = z
  .strictObject({
    provider: oneOf(["cartesia", "elevenlabs", "gradium"]).meta({ description: "Text-to-speech vendor: `cartesia`, `elevenlabs` or `gradium`.", see: SEE.voices }),
    id: nonEmpty.meta({ description: "The provider's voice id (`GET /voices` lists them).", see: SEE.voices }),
    model: oneOf(["sonic-3", "sonic-3.5"]).meta({ description: "Cartesia voice model `sonic-3` or `sonic-3.5` (Cartesia only).", default: "sonic-3" }).optional(),
    speed: between(0.6, 1.5)
      .meta({ description: "Speaking rate, 1 is normal: Cartesia and Gradium 0.6–1.5, ElevenLabs 0.7–1.2.", unit: "× normal", default: 1.0 })
      .optional(),
    volume: between(0.5, 2).meta({ description: "Loudness, 1 is normal, 0.5–2 (Cartesia only).", unit: "× normal", default: 1.0 }).optional(),
  })
  .superRefine((v, ctx) => {
    // Revox ignores these for the other vendors: what the state holds would never reach a call.
    for (const key of ["model", "volume"] as const) {
      if (v[key] !== undefined && v.provider !== "cartesia") ctx.addIssue({ code: "custom", path: [key], message: `applies to Cartesia voices only (provider is ${v.provider})` });
    }
    if (v.provider === "elevenlabs" && v.speed !== undefined && (v.speed < 0.7 || v.speed > 1.2)) {
      ctx.addIssue({ code: "custom", path: ["speed"], message: "must be between 0.7 and 1.2 for an ElevenLabs voice" });
    }
  });

// ---- language model -------------------------------------------------------------------------------

/** `llmModel` `dedicated-instance`: a model Revox hosts. */
export const dedicatedInstanceModelSchema = z.strictObject({
  type: z.literal("dedicated-instance").meta({ description: "`dedicated-instance`." }),
  name: oneOf(["gpt-4.1", "ministral-3-8b-instruct"]).meta({ description: "Model Revox hosts: `gpt-4.1` or `ministral-3-8b-instruct`." }),
});
/** `llmModel` `openrouter`: a model through OpenRouter. */
export const openrouterModelSchema = z.strictObject({
  type: z.literal("openrouter").meta({ description: "`openrouter`." }),
  openrouterModelId: nonEmpty.meta({ description: "OpenRouter model id, e.g. `openai/gpt-4.1`." }),
  openrouterProvider: nonEmpty.meta({ description: "OpenRouter upstream provider, e.g. `nebius`, `openai`, `azure`." }),
});
/** `llmModel` `custom`: an OpenAI-compatible API of your own. */
export const customModelSchema = z.strictObject({
  type: z.literal("custom").meta({ description: "`custom`." }),
  apiUrl: httpUrl.meta({ description: "Base URL of an OpenAI-compatible API." }),
  modelName: nonEmpty.meta({ description: "Model name at that API." }),
  apiKey: nonEmpty.meta({ description: "Key sent to `apiUrl` as a Bearer token. A Pulumi secret (the API returns it in plaintext).", secret: true }),
});
/** `llmModel` `realtime`: a speech-to-speech model. */
export const realtimeModelSchema = z.strictObject({
  type: z.literal("realtime").meta({ description: "`realtime`." }),
  provider: oneOf(["openai", "google"]).meta({ description: "Speech-to-speech vendor: `openai` or `google`." }),
  realtimeModelId: nonEmpty.meta({ description: "The vendor's realtime model id." }),
  realtimeVoiceId: nonEmpty.meta({ description: "The vendor's voice, e.g. `marin` (OpenAI) or `Puck` (Gemini)." }).optional(),
});

/** `llmModel`: one of four kinds, told apart by `type`; sent whole. */
export const llmModelSchema = z.discriminatedUnion("type", [dedicatedInstanceModelSchema, openrouterModelSchema, customModelSchema, realtimeModelSchema], {
  error: "must be an object whose type is dedicated-instance, openrouter, custom or realtime",
});

// ---- calls ----------------------------------------------------------------------------------------

/** One window of `callRetryConfig.callingWindows`. */
export const callingWindowSchema = z.strictObject({
  callingWindowStartTime: clockTime.meta({ description: "Start of the window in the recipient's timezone, `HH:mm` or `6pm`.", default: CALLING_WINDOW_DEFAULT.callingWindowStartTime }),
  callingWindowEndTime: clockTime.meta({ description: "End of the window, `HH:mm` or `6pm`.", default: CALLING_WINDOW_DEFAULT.callingWindowEndTime }),
  retryDelaySeconds: intAtLeast(0, " seconds").meta({ description: "Wait before the next attempt inside this window; 0 retries as soon as the window allows.", unit: "seconds", default: CALLING_WINDOW_DEFAULT.retryDelaySeconds }),
});

/** `callRetryConfig`: the outbound retry policy, sent whole (every key but `timezone` is required). */
export const callRetryConfigSchema = z.strictObject({
  allowedDays: z
    .array(oneOf(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]))
    .min(1, { error: "must name at least one day" })
    .meta({ description: "Days calls may be placed, full lower-case names (`monday` … `sunday`), in the recipient's timezone.", default: WEEKDAYS }),
  callTwiceInARow: z.boolean().meta({ description: "With at least 2 attempts, place attempt 2 at once when attempt 1 reached no human.", default: false }),
  callingWindows: z
    .array(callingWindowSchema)
    .min(1, { error: "must hold at least one window" })
    .meta({ description: "When calls may be placed `{callingWindowStartTime, callingWindowEndTime, retryDelaySeconds}`.", default: [CALLING_WINDOW_DEFAULT] }),
  maxRetryAttempts: intAtLeast(1).meta({ description: "Attempts per recipient, at least 1.", unit: "attempts", default: 3 }),
  timezone: ianaTimezone.meta({ description: "IANA timezone, e.g. `Europe/Paris`; null uses the one of the recipient's country code.", default: null }).nullable().optional(),
});

/** One field to extract after a call (`structuredOutputConfig`) or one parameter of a custom tool (`inputSchema`). */
export const structuredOutputFieldSchema = z
  .strictObject({
    name: nonEmpty.meta({ description: "Field name, e.g. `appointment_date`." }),
    type: oneOf(["string", "number", "boolean", "enum", "date", "datetime"]).meta({ description: "`string`, `number`, `boolean`, `enum`, `date` or `datetime`." }),
    required: z.boolean().meta({ description: "Whether the field must be filled." }),
    description: text.meta({ description: "What the field holds, for the LLM." }).optional(),
    enumOptions: z.array(nonEmpty).meta({ description: "The allowed values, for `type: enum`." }).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.type === "enum" && !v.enumOptions?.length) ctx.addIssue({ code: "custom", path: ["enumOptions"], message: "must list the values of an enum field" });
    if (v.type !== "enum" && v.enumOptions !== undefined) ctx.addIssue({ code: "custom", path: ["enumOptions"], message: `applies to type enum only (type is ${v.type})` });
  });

const uniqueBy = <T>(key: (item: T) => string, what: string) => (items: T[], ctx: z.core.$RefinementCtx<T[]>) => {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) ctx.addIssue({ code: "custom", path: [i], message: `repeats ${what} "${k}"` });
    seen.add(k);
  });
};

/** A header of a custom tool. */
export const toolHeaderSchema = z.strictObject({
  key: nonEmpty.meta({ description: "Header name, e.g. `Authorization`." }),
  value: text.meta({ description: "Header value (`{{variable}}` allowed). A Pulumi secret: headers usually carry credentials.", secret: true }),
});

/** A query parameter of a custom tool. */
export const toolQueryParamSchema = z.strictObject({
  key: nonEmpty.meta({ description: "Parameter name." }),
  value: text.meta({ description: "Parameter value (`{{variable}}` allowed). A Pulumi secret: query strings may carry keys.", secret: true }),
});

/** One HTTP tool of `customTools`. */
export const customToolSchema = z.strictObject({
  name: toolName.meta({ description: "Unique name the LLM calls it by, lower-case snake_case (`check_inventory`)." }),
  description: nonEmpty.meta({ description: "When to use the tool; the LLM reads it." }),
  url: nonEmpty.meta({ description: "Full URL; `{{variable}}` placeholders allowed." }),
  method: oneOf(["GET", "POST", "PUT", "PATCH", "DELETE"]).meta({ description: "HTTP method." }),
  headers: z
    .array(toolHeaderSchema)
    .meta({ description: "Request headers `{key, value}`; every value is a Pulumi secret." }),
  queryParams: z.array(toolQueryParamSchema).meta({ description: "Query parameters `{key, value}`; every value is a Pulumi secret." }),
  bodyTemplate: text.meta({ description: "JSON body template with quoted placeholders, e.g. `{\"name\": \"{{name}}\"}`; null sends no body." }).nullable(),
  inputSchema: z.array(structuredOutputFieldSchema).meta({ description: "Parameters the LLM extracts from the conversation before calling." }),
});

/** A human to transfer to (`transferDestinations`). */
export const transferDestinationSchema = z.strictObject({
  label: nonEmpty.meta({ description: "Who it is, for the LLM, e.g. `Billing`." }),
  phoneNumber: e164.meta({ description: "Their number in E.164 form." }),
});

/** A FAQ entry (`faqItems`). */
export const faqItemSchema = z.strictObject({
  question: nonEmpty.meta({ description: "The question as a caller might ask it." }),
  answer: nonEmpty.meta({ description: "The answer the assistant gives." }),
});

// ---- integrations ---------------------------------------------------------------------------------

const connectionId = (vendor: string) =>
  nonEmpty.meta({ description: `Nango connection id of the ${vendor} integration. A Pulumi secret: it grants use of the OAuth connection.`, secret: true });

/** `calendly`: booking through a Calendly integration. */
export const calendlySchema = z.strictObject({
  connectionId: connectionId("Calendly"),
  eventTypeId: nonEmpty.meta({ description: "Calendly event-type URI bookings are made for." }),
});

/** A Slack channel to post to. */
export const slackChannelSchema = z.strictObject({
  id: nonEmpty.meta({ description: "Channel id, e.g. `C01234567`." }),
  name: text.meta({ description: "Channel name, for display." }).nullable().optional(),
});

/** `slack`: a message after each call whose outcome matches. */
export const slackSchema = z.strictObject({
  connectionId: connectionId("Slack"),
  channels: z
    .array(slackChannelSchema)
    .min(1, { error: "must name at least one channel" })
    .meta({ description: "Channels `{id, name}` to post to; with several, the prompt may route between them." }),
  outcomes: outcomes.meta({ description: "Outcomes that trigger a message." }),
  template: text.meta({ description: "Message template (`{{summary}}`, `{{outcome}}`, `{{phone}}`, …); null or empty uses the default." }).nullable().optional(),
});

/** Which call data fills which Zoho field. */
export const zohoFieldMappingSchema = z.strictObject({
  source: nonEmpty.meta({ description: "A structured-output field (or prompt variable) name." }),
  zohoField: nonEmpty.meta({ description: "The Zoho field it fills." }),
});

/** `zoho`: a CRM upsert after each call whose outcome matches. */
export const zohoSchema = z.strictObject({
  connectionId: connectionId("Zoho CRM"),
  module: nonEmpty.meta({ description: "Zoho module, e.g. `Leads` or `Contacts`." }),
  fieldMapping: z
    .array(zohoFieldMappingSchema)
    .meta({ description: "Which call data fills which Zoho field `{source, zohoField}`." }),
  logCallActivity: z.boolean().meta({ description: "Also log the call in Zoho's Calls module." }),
  outcomes: outcomes.meta({ description: "Outcomes that trigger the upsert." }),
  template: text.meta({ description: "Note template; null uses the default." }).nullable().optional(),
});

/** A position `{x, y}` on the flow editor's canvas. */
export const pointSchema = z.strictObject({
  x: z.number({ error: "must be a number" }).meta({ description: "Horizontal position." }),
  y: z.number({ error: "must be a number" }).meta({ description: "Vertical position." }),
});

/** The text of a prompt block. */
export const promptBlockDataSchema = z.strictObject({
  title: text.meta({ description: "The block's title." }),
  body: text.meta({ description: "The block's prompt text." }),
});

/** A block of the prompt builder. */
export const promptFlowNodeSchema = z.strictObject({
  id: nonEmpty.meta({ description: "Node id, unique in the flow." }),
  type: z.literal("promptBlock", { error: 'must be "promptBlock"' }).meta({ description: "Always `promptBlock`." }),
  data: promptBlockDataSchema.meta({ description: "Title and text `{title, body}`." }),
  position: pointSchema.meta({ description: "Where the block sits on the canvas." }),
});

/** A link between two blocks of the prompt builder. */
export const promptFlowEdgeSchema = z.strictObject({
  id: nonEmpty.meta({ description: "Edge id." }),
  source: nonEmpty.meta({ description: "Id of the node it leaves." }),
  target: nonEmpty.meta({ description: "Id of the node it enters." }),
});

/** `promptFlow`: the prompt builder's canvas (display only). */
export const promptFlowSchema = z.strictObject({
  nodes: z.array(promptFlowNodeSchema).meta({ description: "The blocks." }),
  edges: z.array(promptFlowEdgeSchema).meta({ description: "The links between them." }),
});

/** A `{key, value}` context entry of `sttContext.general`. */
export const sttContextEntrySchema = z.strictObject({
  key: nonEmpty.meta({ description: "What the entry is about, e.g. `domain`." }),
  value: nonEmpty.meta({ description: "Its value, e.g. `dentistry`." }),
});

/** `sttContext`: hints for speech recognition. */
export const sttContextSchema = z.strictObject({
  general: z.array(sttContextEntrySchema).meta({ description: "Context `{key, value}` pairs, e.g. `{key: \"domain\", value: \"dentistry\"}`." }),
  terms: z.array(nonEmpty).meta({ description: "Words to recognise, e.g. product names." }),
});

// ---- the assistant --------------------------------------------------------------------------------

const nullable = <T extends z.ZodType>(schema: T, description: string, extra: Record<string, unknown> = {}) =>
  schema.meta({ description, default: null, see: SEE.create, ...extra }).nullable().optional();
const fixed = <T extends z.ZodType>(schema: T, description: string, extra: Record<string, unknown> = {}) =>
  schema.meta({ description, clearable: false, see: SEE.create, ...extra }).optional();

/** Inputs of `revox.Assistant` (camelCase; the API's snake_case names are derived). */
export const assistantSchema = z
  .strictObject({
    name: nonEmpty
      .meta({ description: "Display name; not unique. If omitted, the SDK names the assistant after the resource with a suffix, e.g. `booking-1a2b3c4`.", see: SEE.create })
      .optional(),
    prompt: nonEmpty.meta({ description: "The system prompt (instructions); `{{variable}}` placeholders are filled per call.", see: SEE.create }),
    firstSentence: fixed(text, "The opening line: spoken as written (`firstSentenceMode: static`) or an instruction for it (`generated`)."),
    firstSentenceMode: fixed(oneOf(["generated", "static", "none"]), "`generated` (the LLM writes the opener from `firstSentence`), `static` (spoken verbatim) or `none` (wait for the caller)."),
    firstSentenceDelayMs: intAtLeast(0, " ms")
      .meta({ description: "Pause before the first sentence.", unit: "milliseconds", default: 400, clearable: false, see: SEE.create })
      .optional(),
    endOfCallSentence: fixed(text, "Said when the assistant decides to end the call."),
    voice: fixed(voiceSchema, "The voice `{provider, id, model, speed, volume}`, sent whole.", { see: SEE.voices }),
    llmModel: fixed(llmModelSchema, "The language model, by `type`: `dedicated-instance`, `openrouter`, `custom` (its `apiKey` is a Pulumi secret) or `realtime`; sent whole."),
    webhookUrl: fixed(httpUrl, "URL called when a call completes."),
    maxCallDurationSecs: fixed(atLeast(0, " seconds"), "Longest a call may last.", { unit: "seconds" }),
    maxDurationEndMessage: nullable(text, "Said, without interruption, when `maxCallDurationSecs` is reached; null ends the call silently."),
    structuredOutputConfig: z
      .array(structuredOutputFieldSchema)
      .meta({ description: "Fields extracted from the transcript after each call `{name, type, required, description, enumOptions}`.", default: [], clearable: false, see: SEE.create })
      .optional(),
    structuredOutputPrompt: nullable(text, "Instructions for that extraction (`{{transcript}}`, `{{call_direction}}`, …); null uses the built-in prompt."),
    callRetryConfig: fixed(callRetryConfigSchema, "Outbound retry policy `{allowedDays, callTwiceInARow, callingWindows, maxRetryAttempts, timezone}`, sent whole. Omitted, Revox uses Monday–Friday, 10:00–18:00, 3 attempts 7200 s apart."),
    backgroundSound: nullable(oneOf(["audio/office.ogg"]), "Background ambience: `audio/office.ogg`; null is none."),
    backgroundSoundVolume: fixed(between(0, 1), "Background ambience volume, 0–1.", { unit: "0–1" }),
    thinkingSound: nullable(
      oneOf(["city-ambience.ogg", "forest-ambience.ogg", "office-ambience.ogg", "crowded-room.ogg", "keyboard-typing.ogg", "keyboard-typing2.ogg", "hold_music.ogg"]),
      "Clip played while the assistant thinks; null is none.",
    ),
    thinkingSoundProbability: fixed(between(0, 1), "Chance the thinking sound plays on a turn, 0–1.", { unit: "0–1" }),
    thinkingSoundVolume: fixed(between(0, 1), "Thinking sound volume, 0–1.", { unit: "0–1" }),
    voicemailMessage: nullable(text, "Left on voicemail; null hangs up at once."),
    voicemailSmsPrompt: nullable(text, "SMS sent when voicemail is reached (`{{variable}}` allowed); null sends none."),
    ivrNavigationEnabled: fixed(z.boolean(), "Let the assistant press keys and skip turns in phone menus."),
    faqItems: z
      .array(faqItemSchema)
      .meta({
        description: "FAQ `{question, answer}`; an edit replaces the whole list. Items the platform adds itself (`source: ai`) are not compared.",
        default: [],
        clearable: false,
        see: SEE.update,
      })
      .optional(),
    calendly: nullable(calendlySchema, "Calendly booking `{connectionId, eventTypeId}` (`connectionId` is a Pulumi secret); null unlinks it."),
    humanTransferMode: nullable(oneOf(["warm", "cold"]), "How `transferDestinations` are reached: `warm` (the AI bridges) or `cold` (SIP REFER)."),
    warmTransferSummaryInstructions: nullable(text, "How to brief the human on a warm transfer; null uses the default briefing."),
    fromPhoneNumber: nullable(e164, "Outbound caller id in E.164 form, a number of the organization; null uses its default number."),
    afterCallSmsPrompt: nullable(text, "SMS sent after a call (`{{variable}}` allowed); null sends none."),
    afterCallSmsOutcomes: nullable(outcomes, "Outcomes that trigger the after-call SMS."),
    smsEnabled: fixed(z.boolean(), "Offer the assistant an SMS tool during calls."),
    smsTemplate: nullable(text, "Fixed SMS text (`{{variable}}` allowed); null lets the assistant write it."),
    emailNotificationAddress: nullable(emailList, "Email address (or a comma-separated list) notified after calls."),
    emailNotificationOutcomes: nullable(outcomes, "Outcomes that trigger the email."),
    customTools: nullable(
      z.array(customToolSchema).superRefine(uniqueBy((t) => t.name, "the tool name")),
      "HTTP tools the assistant can call; header and query values are Pulumi secrets.",
    ),
    precallLookupUrl: nullable(
      httpUrl.refine((v) => v.includes("{{phone}}"), { error: "must contain {{phone}} (replaced by the caller's number)" }),
      "Inbound calls: fetched with GET before answering, `{{phone}}` replaced by the caller's number; must answer `{\"prompt_variables\": {…}}`.",
    ),
    sttModel: fixed(oneOf(["stt-rt-v4", "stt-rt-v5"]), "Soniox speech-to-text model; omitted, the newest (`stt-rt-v5`)."),
    sttContext: nullable(
      sttContextSchema,
      "Recognition context `{general, terms}`. Revox merges context derived from the prompt into it, so refresh does not compare it (the state keeps what was declared).",
      { writeOnly: true },
    ),
    cartesiaDictionaryPronunciationId: nullable(nonEmpty, "Cartesia pronunciation dictionary id; null unlinks it."),
    type: oneOf(["standalone", "multi-step", "sub-assistant"])
      .meta({ description: "`standalone`, `multi-step` (a flow), or `sub-assistant` (a step of one, hidden from the assistants list).", default: "standalone", clearable: false, see: SEE.create })
      .optional(),
    position: nullable(pointSchema, "Position `{x, y}` in the flow editor (display only)."),
    promptFlow: nullable(promptFlowSchema, "Prompt-builder data (display only; calls use `prompt`)."),
    slack: nullable(slackSchema, "Post-call Slack message `{connectionId, channels, outcomes, template}` (`connectionId` is a Pulumi secret)."),
    zoho: nullable(zohoSchema, "Post-call Zoho CRM upsert (`connectionId` is a Pulumi secret)."),
    logoUrl: nullable(z.url({ error: "must be a URL" }), "Logo shown on the demo page."),
    transferDestinations: nullable(
      z.array(transferDestinationSchema).superRefine(uniqueBy((d) => d.phoneNumber, "the number")),
      "Humans the assistant can transfer to `{label, phoneNumber}`.",
    ),
  })
  .superRefine((v, ctx) => {
    if (v.humanTransferMode && !v.transferDestinations?.length) {
      ctx.addIssue({ code: "custom", path: ["humanTransferMode"], message: "needs transferDestinations to transfer to" });
    }
    if (v.firstSentenceMode === "static" && v.firstSentence === undefined) {
      ctx.addIssue({ code: "custom", path: ["firstSentence"], message: "is required with firstSentenceMode static (it is spoken verbatim)" });
    }
  });

export type AssistantInputs = z.input<typeof assistantSchema>;

// ---- phone numbers --------------------------------------------------------------------------------

/** Inputs of `revox.PhoneNumber`: the routing of a number the account already has to an assistant. */
export const phoneNumberSchema = z.strictObject({
  phoneNumber: e164.meta({
    description: "The number in E.164 form, e.g. `+15555550200`; it must already be in the account (bought or imported in the Revox dashboard). Changing it replaces the routing.",
    replaceOnChanges: true,
    see: SEE.numbers,
  }),
  assistantId: nonEmpty.meta({ description: "Id of the `revox.Assistant` that answers inbound calls (e.g. `booking.id`), sent as `inbound_assistant_id`. Changing it is an update.", see: SEE.numbers }),
  label: nonEmpty.meta({ description: "The number's label in the dashboard. Removing it from the program leaves the label as it is.", see: SEE.numbers }).optional(),
});

export type PhoneNumberInputs = z.input<typeof phoneNumberSchema>;
