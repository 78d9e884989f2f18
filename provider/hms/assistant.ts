/**
 * `hms.Assistant`: an HMS Sovereign voice assistant (speech-to-text → LLM → text-to-speech).
 *
 * API: `POST/GET/PATCH/DELETE /assistants` (vendor docs: API reference → Assistants). Every property
 * updates in place with PATCH; the id never changes on an edit.
 */
import { z } from "zod";
import { lifecycle, type ResourceSpec } from "../lifecycle";

/** Speech-to-speech LLM providers: they speak themselves and take no `ttsConfig`. */
export const REALTIME_LLM_PROVIDERS = ["xai_realtime", "google_realtime", "openai_live"] as const;

const range = (min: number, max: number, unit = "") =>
  z.number().min(min, { error: `must be between ${min} and ${max}${unit}` }).max(max, { error: `must be between ${min} and ${max}${unit}` });
const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });
const email = z.email({ error: "must be an email address" });

export const WEBHOOK_EVENTS = ["assistant-request", "tool-calls", "status-update", "end-of-call-report"] as const;

export const sttConfigSchema = z.object({
  /** Speech-to-text vendor: `deepgram` (documented), also `elevenlabs`, `gladia`, `mistral`, `google`. */
  provider: z.enum(["deepgram", "elevenlabs", "gladia", "mistral", "google"]),
  /** Model name, e.g. `nova-3-general` (Deepgram). Unknown names are accepted. */
  model: z.string().min(1),
  /** Language code, e.g. `nl`, `en`, or `multi`. */
  language: z.enum(["multi", "nl", "en", "de", "fr", "es", "it", "pt", "pl", "ru", "ja", "ko", "zh", "ar", "hi", "da", "sv", "no", "fi", "cs", "hu", "ro", "bg", "hr", "sk", "tr", "id", "vi"]),
  /** Words to boost recognition of, e.g. `["ja", "nee"]`. */
  keyterms: z.array(z.string()).optional(),
  /** Deepgram: format numbers, dates and punctuation. */
  smartFormat: z.boolean().optional(),
  /** Deepgram: silence in milliseconds (0–5000) that ends an utterance. */
  endpointing: z.int().min(0, { error: "must be between 0 and 5000 ms" }).max(5000, { error: "must be between 0 and 5000 ms" }).optional(),
  /** Deepgram: spoken numbers as digits. */
  numerals: z.boolean().optional(),
  /** Deepgram: keep filler words ("uh", "um"). */
  fillerWords: z.boolean().optional(),
  /** Deepgram: milliseconds (1000–5000) of silence before an utterance-end event. */
  utteranceEndMs: z.int().min(1000, { error: "must be between 1000 and 5000 ms" }).max(5000, { error: "must be between 1000 and 5000 ms" }).optional(),
  /** Deepgram: do not wait for formatting before sending results. */
  noDelay: z.boolean().optional(),
});

export const messageSchema = z.object({
  /** `system` (the prompt), `user` or `assistant`. */
  role: z.enum(["system", "user", "assistant"]),
  content: z.string(),
});

export const llmConfigSchema = z.object({
  /** LLM vendor: `openai`, `mistral`, `xai`, `anthropic`, `groq`, `google`, or a speech-to-speech provider (`xai_realtime`, `google_realtime`, `openai_live`). */
  provider: z.enum(["openai", "mistral", "xai", "xai_realtime", "anthropic", "groq", "google", "google_realtime", "openai_live"]),
  /** Model name, e.g. `gpt-4o-mini`. Unknown names are accepted (model lists change often). */
  model: z.string().min(1),
  /** Sampling temperature, 0–2. Server default 0.7. */
  temperature: range(0, 2).optional(),
  /** Conversation seed; the `system` message is the assistant's prompt. */
  messages: z.array(messageSchema).optional(),
  /** Function tools the model may call (flat or OpenAI-style objects, passed to the API as written). */
  tools: z.array(z.record(z.string(), z.unknown())).optional(),
  /** Maximum tokens per completion, 1–32768 (openai and google only). */
  maxCompletionTokens: z.int().min(1, { error: "must be between 1 and 32768" }).max(32768, { error: "must be between 1 and 32768" }).optional(),
  /** Voice of a speech-to-speech provider, e.g. `ara` for `xai_realtime`. */
  voice: z.string().optional(),
});

export const ttsConfigSchema = z.object({
  /** Text-to-speech vendor: `elevenlabs`, `inworld`, `openai`, `cartesia`, `local`, `google`, `xai`, `voicedock`. */
  provider: z.enum(["elevenlabs", "inworld", "openai", "cartesia", "local", "google", "xai", "voicedock"]),
  /** Provider-specific voice id, e.g. ElevenLabs `21m00Tcm4TlvDq8ikWAM`. */
  voiceId: z.string().min(1),
  /** Model, e.g. `eleven_flash_v2_5` (ElevenLabs default, lowest latency). */
  model: z.string().optional(),
  /** Language code of the voice. */
  language: z.string().optional(),
  /** ElevenLabs: voice stability, 0–1 (default 0.5). */
  stability: range(0, 1).optional(),
  /** ElevenLabs: similarity boost, 0–1 (default 0.75). */
  similarityBoost: range(0, 1).optional(),
  /** ElevenLabs: style exaggeration, 0–1. */
  style: range(0, 1).optional(),
  /** ElevenLabs: speaker boost. */
  useSpeakerBoost: z.boolean().optional(),
  /** Speaking speed multiplier, 0.5–2.0. */
  speed: range(0.5, 2).optional(),
});

export const analysisPlanSchema = z.object({
  structuredDataPlan: z
    .object({
      /** Extract structured data after each call. */
      enabled: z.boolean(),
      /** JSON Schema of the data to extract (keys are kept exactly as written). */
      schema: z.record(z.string(), z.unknown()).optional(),
      messages: z.array(messageSchema).optional(),
    })
    .optional(),
  /** Minimum number of messages before a call is analysed (server default 2). */
  minMessagesThreshold: z.int().min(0).optional(),
});

/** Inputs of `hms.Assistant` (camelCase; the API's snake_case names are derived). */
export const assistantSchema = z
  .object({
    /** Display name. Required by the API; the SDK defaults it to the Pulumi resource name. */
    name: z.string().min(1, { error: "must not be empty" }),
    /** Business the assistant represents. */
    businessName: z.string().nullable().optional(),
    /** Email address for call notifications. */
    notificationEmail: email.nullable().optional(),
    /** Up to 5 email addresses for call notifications. */
    notificationEmails: z.array(email).max(5, { error: "must hold at most 5 addresses" }).optional(),
    /** Greeting spoken when a call starts. */
    firstMessage: z.string().nullable().optional(),
    /** Whether the assistant handles calls (default true). */
    isActive: z.boolean().optional(),
    /** Detect voicemail on outbound calls (default false). */
    voicemailDetection: z.boolean().optional(),
    /** Message left on voicemail; null hangs up. */
    voicemailMessage: z.string().nullable().optional(),
    /** Maximum call length in seconds; null is unlimited. */
    maxDurationSeconds: z.int({ error: "must be a whole number of seconds" }).positive({ error: "must be a positive number of seconds" }).nullable().optional(),
    /** Prompt a silent caller, then hang up (default false). */
    autonomousSilenceHandling: z.boolean().optional(),
    /** Seconds of silence before the silence handling acts. */
    silenceTimeoutSeconds: z.int().positive({ error: "must be a positive number of seconds" }).optional(),
    /** URL that receives this assistant's webhook events. */
    webhookUrl: httpUrl.nullable().optional(),
    /** HMAC-SHA256 key for webhook signatures. A Pulumi secret. */
    webhookSecret: z.string().nullable().optional(),
    /** Events sent to `webhookUrl` (default: all four). */
    webhookEvents: z.array(z.enum(WEBHOOK_EVENTS)).optional(),
    sttConfig: sttConfigSchema.optional(),
    llmConfig: llmConfigSchema.optional(),
    /** Must be absent or null for speech-to-speech LLM providers. */
    ttsConfig: ttsConfigSchema.nullable().optional(),
    analysisPlan: analysisPlanSchema.nullable().optional(),
    /** Ask callers for recording consent. */
    recordingConsent: z.object({ enabled: z.boolean(), message: z.string().optional() }).optional(),
    /** GDPR mode. */
    gdprMode: z.boolean().optional(),
    /** Turn taking, pronunciation, background audio and silence messages (passed through as written). */
    speechConfig: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((a, ctx) => {
    const provider = a.llmConfig?.provider;
    if (provider && (REALTIME_LLM_PROVIDERS as readonly string[]).includes(provider) && a.ttsConfig) {
      ctx.addIssue({ code: "custom", path: ["ttsConfig"], message: `must be omitted: llmConfig.provider "${provider}" is speech-to-speech and speaks itself` });
    }
  });

export type AssistantInputs = z.input<typeof assistantSchema>;

export const assistantSpec: ResourceSpec = {
  kind: "Assistant",
  collection: "/assistants",
  envelope: "assistant",
  envelopeAliases: ["agent"],
  schema: assistantSchema,
  replaceOnChanges: [],
  deleteBeforeReplace: false,
  defaults: {
    businessName: null,
    notificationEmail: null,
    firstMessage: null,
    isActive: true,
    voicemailDetection: false,
    voicemailMessage: null,
    maxDurationSeconds: null,
    autonomousSilenceHandling: false,
    webhookUrl: null,
    webhookSecret: null,
    webhookEvents: [...WEBHOOK_EVENTS],
    analysisPlan: null,
  },
};

/** The dynamic provider behind `hms.Assistant`. */
export const provider = lifecycle(assistantSpec);
