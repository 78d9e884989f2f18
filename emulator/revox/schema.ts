/**
 * The Revox assistant and phone-number wire shapes (revox.md §3, §4.2) as zod schemas, and the rules
 * of §6.10, §6.11 and §6.20: every request field of §3.1 with its nullability, enums and ranges, the
 * nested shapes of §3.3, and the two modes for unknown keys. *Lenient* (the default) drops keys the
 * schema does not know, at every depth, and fills call_retry_config's allowed_days and
 * call_twice_in_a_row when they are missing; *strict* rejects both (400), so a client's typo or a
 * stale field (transfer_phone_number, email_notification_language: gone since 0.4.0) fails loudly.
 *
 * Errors come back as {path, message} pairs naming the field (`voice.speed`, `custom_tools.0.name`).
 */
import { z } from "zod";
import { validationError, type ValidationDetail } from "./errors";

/** Any JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// ---- enums (§3.1, §3.3, §4.2) -------------------------------------------------------------------

export const OUTCOMES = ["not_interested", "interested", "completed", "requested_callback_later", "none"] as const;
export const THINKING_SOUNDS = [
  "city-ambience.ogg",
  "forest-ambience.ogg",
  "office-ambience.ogg",
  "crowded-room.ogg",
  "keyboard-typing.ogg",
  "keyboard-typing2.ogg",
  "hold_music.ogg",
] as const;
export const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
export const WEEKDAYS = DAYS.slice(0, 5);
export const NUMBER_PROVIDERS = ["twilio", "telnyx", "sip"] as const;
export const NUMBER_SOURCES = ["user_imported", "revox_provisioned", "revox_purchased"] as const;
export const NUMBER_TYPES = ["owned_number", "verified_caller_id"] as const;

/** §6.20's E.164 (the emulator's choice of regex). */
export const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * The request fields of §3.1 in the table's order (45). Every one but faq_items is also an
 * always-present key of the response (§3.2), null where unset.
 */
export const INPUT_FIELDS = [
  "name",
  "prompt",
  "first_sentence",
  "first_sentence_mode",
  "first_sentence_delay_ms",
  "end_of_call_sentence",
  "voice",
  "llm_model",
  "webhook_url",
  "max_call_duration_secs",
  "max_duration_end_message",
  "structured_output_config",
  "structured_output_prompt",
  "call_retry_config",
  "background_sound",
  "background_sound_volume",
  "thinking_sound",
  "thinking_sound_probability",
  "thinking_sound_volume",
  "voicemail_message",
  "voicemail_sms_prompt",
  "ivr_navigation_enabled",
  "faq_items",
  "calendly",
  "transfer_destinations",
  "human_transfer_mode",
  "warm_transfer_summary_instructions",
  "from_phone_number",
  "after_call_sms_prompt",
  "after_call_sms_outcomes",
  "sms_enabled",
  "sms_template",
  "email_notification_address",
  "email_notification_outcomes",
  "custom_tools",
  "precall_lookup_url",
  "stt_model",
  "stt_context",
  "cartesia_dictionary_pronunciation_id",
  "type",
  "position",
  "prompt_flow",
  "slack",
  "zoho",
  "logo_url",
] as const;

export type InputField = (typeof INPUT_FIELDS)[number];

/** Fields of older SDKs that strict mode names explicitly (§5.1). */
const REMOVED_FIELDS: Record<string, string> = {
  transfer_phone_number: "was removed in revox 0.4.0 (use transfer_destinations)",
  email_notification_language: "was removed in revox 0.4.0",
};

/** §6.11: what create stores for a field it was not sent (everything else: null). */
export function createDefaults(): Partial<Record<InputField, Json>> {
  return {
    first_sentence_delay_ms: 400,
    type: "standalone",
    stt_model: "stt-rt-v5",
    llm_model: { type: "dedicated-instance", name: "gpt-4.1" },
    first_sentence_mode: "generated",
    ivr_navigation_enabled: false,
    sms_enabled: false,
    max_call_duration_secs: 600,
    background_sound_volume: 0.5,
    thinking_sound_probability: 0.5,
    thinking_sound_volume: 0.5,
  };
}

// ---- field rules --------------------------------------------------------------------------------

const HH_MM = /^(?:[01]?\d|2[0-3]):[0-5]\d$/;
const H_MMA = /^(?:1[0-2]|0?[1-9])(?::[0-5]\d)?\s?(?:am|pm)$/i;

function isIanaZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function isUrl(value: string, protocols?: string[]): boolean {
  try {
    const url = new URL(value);
    return protocols ? protocols.includes(url.protocol) : true;
  } catch {
    return false;
  }
}

/** The schemas of one mode; built once per mode (see SCHEMAS). */
function buildSchemas(strict: boolean) {
  // Nested objects follow the mode too: lenient strips unknown keys, strict reports them.
  const obj = <S extends z.ZodRawShape>(shape: S) => (strict ? z.strictObject(shape) : z.object(shape));

  const text = z.string();
  const nonEmpty = z.string().min(1, { error: "must not be empty" });
  const unit = z.number().min(0).max(1);
  const outcomes = z.array(z.enum(OUTCOMES));
  const e164 = z.string().regex(E164, { error: "must be an E.164 number (e.g. +15555550123)" });
  const keyValue = obj({ key: nonEmpty, value: text });
  const point = obj({ x: z.number(), y: z.number() });

  const voice = obj({
    id: nonEmpty,
    provider: z.enum(["cartesia", "elevenlabs", "gradium"]),
    model: z.enum(["sonic-3", "sonic-3.5"]).optional(),
    speed: z.number().min(0.6).max(1.5).optional(),
    volume: z.number().min(0.5).max(2).optional(),
  }).superRefine((v, ctx) => {
    // ElevenLabs takes a narrower speed range than the schema-wide 0.6–1.5 (§3.3).
    if (v.provider === "elevenlabs" && v.speed !== undefined && (v.speed < 0.7 || v.speed > 1.2)) {
      ctx.addIssue({ code: "custom", path: ["speed"], message: "must be between 0.7 and 1.2 for elevenlabs" });
    }
  });

  const llmModel = z.discriminatedUnion("type", [
    obj({ type: z.literal("dedicated-instance"), name: z.enum(["gpt-4.1", "ministral-3-8b-instruct"]) }),
    obj({ type: z.literal("openrouter"), openrouter_model_id: nonEmpty, openrouter_provider: nonEmpty }),
    obj({ type: z.literal("custom"), api_url: nonEmpty, model_name: nonEmpty, api_key: text }),
    obj({ type: z.literal("realtime"), provider: z.enum(["openai", "google"]), realtime_model_id: nonEmpty, realtime_voice_id: text.optional() }),
  ]);

  const time = z.string().refine((s) => HH_MM.test(s) || H_MMA.test(s), { error: 'must be a time as HH:mm or H:mma (e.g. "09:00", "6pm")' });
  const days = z.array(z.enum(DAYS));
  const callRetryConfig = obj({
    // Required by the schema; lenient mode fills the documented defaults instead of refusing (§6.11).
    allowed_days: strict ? days : days.default([...WEEKDAYS]),
    call_twice_in_a_row: strict ? z.boolean() : z.boolean().default(false),
    calling_windows: z.array(
      obj({ calling_window_start_time: time, calling_window_end_time: time, retry_delay_seconds: z.int().min(0) }),
    ),
    max_retry_attempts: z.int().min(1),
    timezone: z.string().refine(isIanaZone, { error: "must be an IANA time zone (e.g. Europe/Paris)" }).nullable().optional(),
  });

  const structuredField = obj({
    name: nonEmpty,
    type: z.enum(["string", "number", "boolean", "enum", "date", "datetime"]),
    required: z.boolean(),
    description: text.optional(),
    enum_options: z.array(text).optional(),
  });

  const customTool = obj({
    name: z.string().regex(/^[a-z][a-z0-9_]*$/, { error: "must be lowercase_snake_case (^[a-z][a-z0-9_]*$)" }),
    description: nonEmpty,
    url: nonEmpty,
    method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]),
    headers: z.array(keyValue),
    query_params: z.array(keyValue),
    body_template: text.nullable(),
    input_schema: z.array(structuredField),
  });
  const customTools = z.array(customTool).superRefine((tools, ctx) => {
    const seen = new Set<string>();
    tools.forEach((tool, i) => {
      if (seen.has(tool.name)) ctx.addIssue({ code: "custom", path: [i, "name"], message: `duplicate tool name "${tool.name}" (names must be unique)` });
      seen.add(tool.name);
    });
  });

  const promptFlow = obj({
    nodes: z.array(obj({ id: text, type: z.literal("promptBlock"), data: obj({ title: text, body: text }), position: point })),
    edges: z.array(obj({ id: text, source: text, target: text })),
  });

  const slack = obj({
    connection_id: nonEmpty,
    channels: z.array(obj({ id: nonEmpty, name: text.nullable().optional() })),
    outcomes,
    template: text.nullable().optional(),
  });

  const zoho = obj({
    connection_id: nonEmpty,
    module: nonEmpty,
    field_mapping: z.array(obj({ source: nonEmpty, zoho_field: nonEmpty })),
    log_call_activity: z.boolean(),
    outcomes,
    template: text.nullable().optional(),
  });

  const precallLookupUrl = z
    .string()
    .refine((s) => isUrl(s, ["http:", "https:"]), { error: "must be an http(s) URL" })
    .refine((s) => s.includes("{{phone}}"), { error: "must contain the {{phone}} placeholder" });

  /** One rule per field of §3.1; `.nullable()` exactly where the table says "null ok". */
  const fields: Record<InputField, z.ZodType> = {
    name: text,
    prompt: text,
    first_sentence: text,
    first_sentence_mode: z.enum(["generated", "static", "none"]),
    first_sentence_delay_ms: z.int().min(0),
    end_of_call_sentence: text,
    voice,
    llm_model: llmModel,
    webhook_url: text,
    max_call_duration_secs: z.number(),
    max_duration_end_message: text.nullable(),
    structured_output_config: z.array(structuredField),
    structured_output_prompt: text.nullable(),
    call_retry_config: callRetryConfig,
    background_sound: z.enum(["audio/office.ogg"]).nullable(),
    background_sound_volume: unit,
    thinking_sound: z.enum(THINKING_SOUNDS).nullable(),
    thinking_sound_probability: unit,
    thinking_sound_volume: unit,
    voicemail_message: text.nullable(),
    voicemail_sms_prompt: text.nullable(),
    ivr_navigation_enabled: z.boolean(),
    faq_items: z.array(obj({ question: text, answer: text })),
    calendly: obj({ connection_id: text, event_type_id: text }).nullable(),
    transfer_destinations: z.array(obj({ label: nonEmpty, phone_number: e164 })).nullable(),
    human_transfer_mode: z.enum(["warm", "cold"]).nullable(),
    warm_transfer_summary_instructions: text.nullable(),
    from_phone_number: e164.nullable(),
    after_call_sms_prompt: text.nullable(),
    after_call_sms_outcomes: outcomes.nullable(),
    sms_enabled: z.boolean(),
    sms_template: text.nullable(),
    email_notification_address: text.nullable(),
    email_notification_outcomes: outcomes.nullable(),
    custom_tools: customTools.nullable(),
    precall_lookup_url: precallLookupUrl.nullable(),
    stt_model: z.enum(["stt-rt-v4", "stt-rt-v5"]),
    stt_context: obj({ general: z.array(obj({ key: nonEmpty, value: nonEmpty })), terms: z.array(nonEmpty) }).nullable(),
    cartesia_dictionary_pronunciation_id: nonEmpty.nullable(),
    type: z.enum(["standalone", "multi-step", "sub-assistant"]),
    position: point.nullable(),
    prompt_flow: promptFlow.nullable(),
    slack: slack.nullable(),
    zoho: zoho.nullable(),
    logo_url: z.string().refine((s) => isUrl(s), { error: "must be a URI (e.g. https://example.com/logo.png)" }).nullable(),
  };

  const optionalShape = Object.fromEntries(INPUT_FIELDS.map((f) => [f, fields[f].optional()]));
  const update = obj(optionalShape);
  const create = obj({ ...optionalShape, name: text, prompt: text });
  const numberPatch = obj({ inbound_assistant_id: nonEmpty.nullable().optional(), label: text.nullable().optional() });
  return { create, update, numberPatch };
}

const SCHEMAS = { lenient: buildSchemas(false), strict: buildSchemas(true) };

/** zod's messages for the two cases every field shares (whatever its type, enums included), in words that name the problem. */
function errorMap(issue: { code?: string; input?: unknown }): string | undefined {
  const typeLike = issue.code === "invalid_type" || issue.code === "invalid_value" || issue.code === "invalid_union";
  if (typeLike && issue.input === undefined) return "is required";
  if (typeLike && issue.input === null) return "must not be null";
  return undefined;
}

function toDetails(issues: z.core.$ZodIssue[]): ValidationDetail[] {
  const details: ValidationDetail[] = [];
  for (const issue of issues) {
    const path = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const removed = path.length === 0 ? REMOVED_FIELDS[key] : undefined;
        details.push({ path: [...path, key].join("."), message: removed ?? "is not a known field (strict mode rejects unknown keys)" });
      }
    } else {
      details.push({ path: path.join("."), message: issue.message });
    }
  }
  return details;
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  if (body === undefined) body = {};
  if (!isPlainObject(body)) throw validationError([{ path: "", message: "the request body must be a JSON object" }]);
  const result = schema.safeParse(body, { error: errorMap });
  if (!result.success) throw validationError(toDetails(result.error.issues));
  return result.data;
}

/** The fields of §3.1 a request sets, validated (absent keys stay absent; unknown ones are dropped or, strict, a 400). */
export type AssistantInput = Partial<Record<InputField, Json>>;

/** Validates a create body (name and prompt required) or a PATCH body (everything optional, `{}` fine). */
export function validateAssistantInput(body: unknown, mode: "create" | "update", strict: boolean): AssistantInput {
  const schemas = strict ? SCHEMAS.strict : SCHEMAS.lenient;
  return parse(mode === "create" ? schemas.create : schemas.update, body) as AssistantInput;
}

/** A PATCH /phone-numbers/{id} body: only `inbound_assistant_id` and `label`, each string or null. */
export function validateNumberPatch(body: unknown, strict: boolean): { inbound_assistant_id?: string | null; label?: string | null } {
  return parse((strict ? SCHEMAS.strict : SCHEMAS.lenient).numberPatch, body);
}
