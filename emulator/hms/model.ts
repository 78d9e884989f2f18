/**
 * The emulator's data model: the wire shapes of assistants, phone numbers and SIP trunks, their
 * create-time defaults (contract §4.1) and the validation rules, kept as data (one zod schema per
 * top-level field) so that a rule reads as one line and errors can name the field they concern.
 */
import { z } from "zod";
import { invalidRequest, missingField, type ApiError } from "./errors";

/** Any JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** A JSON object. */
export type JsonObject = { [key: string]: Json };

export const WEBHOOK_EVENTS = ["assistant-request", "tool-calls", "status-update", "end-of-call-report"] as const;

/** LLM providers that speak themselves: they take no `tts_config` (contract §4.3). */
export const SPEECH_TO_SPEECH_PROVIDERS: ReadonlySet<string> = new Set(["xai_realtime", "google_realtime", "openai_live"]);

export const E164 = /^\+[1-9]\d{1,14}$/;

/** Fields the server owns; a client sending them is ignored rather than obeyed. */
export const READ_ONLY_FIELDS = ["id", "created_at", "updated_at"] as const;

export interface Assistant {
  id: string;
  name: string;
  business_name: string | null;
  notification_email: string | null;
  first_message: string | null;
  is_active: boolean;
  voicemail_detection: boolean;
  voicemail_message: string | null;
  max_duration_seconds: number | null;
  autonomous_silence_handling: boolean;
  webhook_url: string | null;
  webhook_secret: string | null;
  webhook_events: string[];
  stt_config: JsonObject;
  llm_config: JsonObject;
  tts_config: JsonObject | null;
  analysis_plan: JsonObject | null;
  notification_emails: string[] | null;
  recording_consent: JsonObject | null;
  silence_timeout_seconds: number | null;
  gdpr_mode: boolean | null;
  speech_config: JsonObject | null;
  created_at: string;
  updated_at: string;
  /** Fields newer than this emulator are stored and echoed as sent. */
  [extra: string]: Json;
}

export interface PhoneNumber {
  id: string;
  phone_number: string;
  name: string;
  assistant_id: string | null;
  transfer_trunk_id: string | null;
  created_at: string;
  updated_at: string;
}

/** A SIP trunk as the API returns it: the password is write-only. */
export interface SipTrunk {
  id: string;
  name: string;
  host: string;
  port: number;
  username: string | null;
  created_at: string;
}

/** A SIP trunk as the store keeps it. */
export interface StoredSipTrunk extends SipTrunk {
  password: string | null;
}

/** The default text-to-speech voice; dropped when the LLM is speech-to-speech. */
export function defaultTtsConfig(): JsonObject {
  return { provider: "elevenlabs", voice_id: "21m00Tcm4TlvDq8ikWAM", model: "eleven_flash_v2_5" };
}

/** Server defaults for every documented assistant field a create request leaves out (fresh objects each call). */
export function assistantDefaults(): Omit<Assistant, "id" | "name" | "created_at" | "updated_at"> {
  return {
    business_name: null,
    notification_email: null,
    first_message: null,
    is_active: true,
    voicemail_detection: false,
    voicemail_message: null,
    max_duration_seconds: null,
    autonomous_silence_handling: false,
    webhook_url: null,
    webhook_secret: null,
    webhook_events: [...WEBHOOK_EVENTS],
    stt_config: { provider: "deepgram", model: "nova-3-general", language: "nl" },
    llm_config: { provider: "openai", model: "gpt-4o-mini", temperature: 0.7, messages: [] },
    tts_config: defaultTtsConfig(),
    analysis_plan: null,
    notification_emails: null,
    recording_consent: null,
    silence_timeout_seconds: null,
    gdpr_mode: null,
    speech_config: null,
  };
}

// ---- field rules -------------------------------------------------------------------------------
// Nested objects are "loose": options this emulator does not know (new providers, new knobs) pass,
// so the emulator is never stricter than the documented ranges and formats.

const text = z.string();
const required = z.string().min(1, { error: "must not be empty" });
const bool = z.boolean();
const unit = z.number().min(0).max(1);
const positiveInt = z.int().positive();
const email = z.email({ error: "must be a valid email address" });
const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });
const chatMessage = z.looseObject({ role: z.enum(["system", "user", "assistant"]), content: text });
const toolName = z
  .string()
  .max(64)
  .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, { error: "must match [A-Za-z_][A-Za-z0-9_-]*" });
const tool = z.looseObject({
  type: text.optional(),
  name: toolName.optional(),
  function: z.looseObject({ name: toolName }).optional(),
});

const sttConfig = z.looseObject({
  provider: required,
  model: required,
  language: required,
  keyterms: z.array(text).optional(),
  smart_format: bool.optional(),
  endpointing: z.int().min(0).max(5000).optional(),
  numerals: bool.optional(),
  filler_words: bool.optional(),
  utterance_end_ms: z.int().min(1000).max(5000).optional(),
  no_delay: bool.optional(),
});

const llmConfig = z.looseObject({
  provider: required,
  model: required,
  temperature: z.number().min(0).max(2).optional(),
  messages: z.array(chatMessage).optional(),
  tools: z.array(tool).optional(),
  max_completion_tokens: z.int().min(1).max(32768).optional(),
  voice: text.optional(),
});

const ttsConfig = z.looseObject({
  provider: required,
  voice_id: required,
  model: text.optional(),
  language: text.optional(),
  stability: unit.optional(),
  similarity_boost: unit.optional(),
  style: unit.optional(),
  use_speaker_boost: bool.optional(),
  speed: z.number().min(0.5).max(2).optional(),
});

const analysisPlan = z.looseObject({
  structured_data_plan: z
    .looseObject({ enabled: bool, schema: z.record(z.string(), z.unknown()), messages: z.array(chatMessage).optional() })
    .optional(),
  min_messages_threshold: z.int().min(0).optional(),
});

const recordingConsent = z.looseObject({ enabled: bool, message: text.nullable().optional() });

/** One rule per documented assistant field; a field absent from this table is stored as sent. */
export const ASSISTANT_FIELDS: Record<string, z.ZodType> = {
  name: required,
  business_name: text.nullable(),
  notification_email: email.nullable(),
  first_message: text.nullable(),
  is_active: bool,
  voicemail_detection: bool,
  voicemail_message: text.nullable(),
  max_duration_seconds: positiveInt.nullable(),
  autonomous_silence_handling: bool,
  webhook_url: httpUrl.nullable(),
  webhook_secret: text.nullable(),
  webhook_events: z.array(z.enum(WEBHOOK_EVENTS)),
  stt_config: sttConfig,
  llm_config: llmConfig,
  tts_config: ttsConfig.nullable(),
  analysis_plan: analysisPlan.nullable(),
  notification_emails: z.array(email).max(5).nullable(),
  recording_consent: recordingConsent.nullable(),
  silence_timeout_seconds: positiveInt.nullable(),
  gdpr_mode: bool.nullable(),
  speech_config: z.looseObject({}).nullable(),
};

const reference = z.string().min(1, { error: "must be an id or null" }).nullable();

export const NUMBER_FIELDS: Record<string, z.ZodType> = {
  phone_number: z.string().regex(E164, { error: "must be an E.164 number such as +31850835037" }),
  name: required,
  assistant_id: reference,
  transfer_trunk_id: reference,
};

export const SIP_TRUNK_FIELDS: Record<string, z.ZodType> = {
  name: required,
  host: required,
  port: z.int().min(1).max(65535),
  username: text.nullable(),
  password: text.nullable(),
};

// ---- validation helpers ------------------------------------------------------------------------

/** The request body as an object; an empty body counts as `{}`. */
export function asBody(body: unknown): JsonObject {
  if (body === undefined || body === null) return {};
  if (typeof body !== "object" || Array.isArray(body)) {
    throw invalidRequest(null, "Request body must be a JSON object");
  }
  return body as JsonObject;
}

/** Throws `missing_field` for the first name in `names` that the body lacks. */
export function requireFields(body: JsonObject, names: readonly string[]): void {
  for (const name of names) {
    if (!(name in body)) throw missingField(name);
  }
}

/** Checks every field of `body` that `rules` knows and throws an error naming the first bad one. */
export function checkFields(body: JsonObject, rules: Record<string, z.ZodType>): void {
  for (const [field, rule] of Object.entries(rules)) {
    if (!(field in body)) continue;
    const result = rule.safeParse(body[field]);
    if (!result.success) throw fieldError(field, body[field], result.error.issues[0]);
  }
}

/** A copy of `body` without the keys in `drop`. */
export function without(body: JsonObject, drop: readonly string[]): JsonObject {
  return Object.fromEntries(Object.entries(body).filter(([key]) => !drop.includes(key)));
}

/** Is this LLM config one that produces speech itself? */
export function isSpeechToSpeech(llmConfig: Json | undefined): boolean {
  if (llmConfig === null || typeof llmConfig !== "object" || Array.isArray(llmConfig)) return false;
  const provider = llmConfig.provider;
  return typeof provider === "string" && SPEECH_TO_SPEECH_PROVIDERS.has(provider);
}

function fieldError(field: string, value: Json, issue: z.core.$ZodIssue | undefined): ApiError {
  const path = issue?.path ?? [];
  const param = field + path.map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`)).join("");
  // A nested required key that is absent is "missing", like a top-level one.
  if (path.length > 0 && issue?.code === "invalid_type" && valueAt(value, path) === undefined) {
    return missingField(param);
  }
  return invalidRequest(param, `Invalid ${param}: ${issue?.message ?? "invalid value"}`);
}

function valueAt(value: Json, path: readonly PropertyKey[]): Json | undefined {
  let current: Json | undefined = value;
  for (const part of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = Array.isArray(current) ? current[Number(part)] : current[String(part)];
  }
  return current;
}
