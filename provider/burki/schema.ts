/**
 * Inputs of `burki.Assistant` and `burki.PhoneNumber`, with the per-field rules of `../fields.ts` in
 * `.meta()`: the single source of the SDK's argument types, their docstrings and the reference docs.
 *
 * Written against the Burki API at commit a74512a (`/work/shared/api/burki.md`, bug numbers B1–B13
 * from its §5). Properties are camelCase and go on the wire as their snake_case; free-form objects
 * (`verbatim`) are sent exactly as written, so their keys are the API's own (snake_case).
 *
 * The server validates types only: every range below is ours, either a column limit the server
 * answers 500 for, or the range the value physically has (the unit says which scale).
 */
import { z } from "zod";
import { atLeast, atMost, between, e164, freeForm, httpUrl, intAtLeast, intBetween, nonBlank, nonEmpty, PG_INT_MAX, text } from "./rules";

const DOCS = "https://docs.burki.dev";
const SEE = {
  create: `${DOCS}/api-reference/assistants/create`,
  llm: `${DOCS}/llm-providers`,
  tts: `${DOCS}/tts-providers`,
  voiceTuning: `${DOCS}/tts-providers/voice-tuning`,
  stt: `${DOCS}/stt-providers`,
  calls: `${DOCS}/call-management`,
  tools: `${DOCS}/tools`,
  rag: `${DOCS}/rag`,
  assign: `${DOCS}/api-reference/assistants/phonenumbers/assign-by-number`,
} as const;

// ---- what the server holds when a field is omitted (§3.1, in camelCase) ----------------------------

const LLM_PROVIDER_CONFIG_DEFAULT = { apiKey: null, baseUrl: null, model: "gpt-4o-mini", customConfig: {} };
const LLM_SETTINGS_DEFAULT = {
  temperature: 0.5,
  maxTokens: 1000,
  systemPrompt: "You are a helpful assistant that can answer questions and help with tasks.",
  welcomeMessage: null,
  topP: 1.0,
  frequencyPenalty: 0.0,
  presencePenalty: 0.0,
  stopSequences: [],
};
const INTERRUPTION_SETTINGS_DEFAULT = { interruptionThreshold: 3, minSpeakingTime: 0.5, interruptionCooldown: 2.0 };
const TTS_SETTINGS_DEFAULT = {
  provider: "elevenlabs",
  voiceId: "rachel",
  modelId: "turbo",
  latency: 1,
  stability: 0.5,
  similarityBoost: 0.75,
  style: 0.0,
  useSpeakerBoost: true,
  providerConfig: {},
};
const STT_ENDPOINTING_DEFAULT = { silenceThreshold: 500, minSilenceDuration: 500 };
const STT_SETTINGS_DEFAULT = {
  model: "nova-2",
  language: "en-US",
  punctuate: true,
  interimResults: true,
  endpointing: STT_ENDPOINTING_DEFAULT,
  utteranceEndMs: 1000,
  vadTurnoff: 500,
  smartFormat: true,
  keywords: [],
  keyterms: [],
  audioDenoising: false,
};
const END_CALL_DEFAULT = { enabled: false, scenarios: [], customMessage: null };
const TRANSFER_CALL_DEFAULT = { enabled: false, scenarios: [], transferNumbers: [], customMessage: null };
const TOOLS_SETTINGS_DEFAULT = { enabledTools: [], endCall: END_CALL_DEFAULT, transferCall: TRANSFER_CALL_DEFAULT, customTools: [] };
// B13: `enabled` is true when the whole block is omitted (the column default), false when the block is
// sent without it (the Pydantic default).
const RAG_SETTINGS_DEFAULT = {
  enabled: true,
  searchLimit: 3,
  similarityThreshold: 0.7,
  embeddingModel: "text-embedding-3-small",
  chunkingStrategy: "recursive",
  chunkSize: 1000,
  chunkOverlap: 200,
  autoProcess: true,
  includeMetadata: true,
  contextWindowTokens: 4000,
};
const LLM_FALLBACK_PROVIDERS_DEFAULT = { enabled: false, fallbacks: [] };
const IDLE_MESSAGE_DEFAULT = "Are you still there? I'm here to help if you need anything.";

// Integer columns are Postgres `integer`: a larger value fails the insert with a 500.
const pgInt = (min: number, unit = "") => intBetween(min, PG_INT_MAX, unit);

// ---- language model -------------------------------------------------------------------------------

/** `llmProviderConfig`: credentials and model of `llmProvider`. */
export const llmProviderConfigSchema = z.strictObject({
  apiKey: nonEmpty
    .meta({ description: "API key of `llmProvider`. A Pulumi secret (the API returns it in plaintext).", secret: true, default: LLM_PROVIDER_CONFIG_DEFAULT.apiKey })
    .nullable()
    .optional(),
  baseUrl: httpUrl
    .meta({
      description: "Base URL of the provider's API: required for `custom` (an OpenAI-compatible endpoint); `xai` uses https://api.x.ai/v1 when null.",
      default: LLM_PROVIDER_CONFIG_DEFAULT.baseUrl,
      see: SEE.llm,
    })
    .nullable()
    .optional(),
  model: nonEmpty
    .meta({
      description:
        "Model name, e.g. `gpt-4o-mini` (openai), `claude-3-5-sonnet-latest` (anthropic), `gemini-2.0-flash` (gemini), `grok-beta` (xai), `llama-3.3-70b-versatile` (groq). Unknown names are accepted.",
      default: LLM_PROVIDER_CONFIG_DEFAULT.model,
      see: SEE.llm,
    })
    .optional(),
  customConfig: freeForm()
    .meta({
      description: "Extra keyword arguments for the provider's LangChain chat model, e.g. `{ timeout: 30 }`; keys are sent as written.",
      verbatim: true,
      default: LLM_PROVIDER_CONFIG_DEFAULT.customConfig,
    })
    .optional(),
});

/** `llmSettings`: generation parameters and prompt. */
export const llmSettingsSchema = z.strictObject({
  // The server accepts any float; providers take 0–2.
  temperature: between(0, 2)
    .meta({ description: "Sampling temperature, 0–2: lower is more predictable.", unit: "0–2", default: LLM_SETTINGS_DEFAULT.temperature, see: SEE.create })
    .optional(),
  maxTokens: intAtLeast(1, " tokens")
    .meta({ description: "Maximum length of one response, at least 1.", unit: "tokens", default: LLM_SETTINGS_DEFAULT.maxTokens, see: SEE.create })
    .optional(),
  systemPrompt: text
    .meta({ description: "The assistant's instructions (the system prompt).", default: LLM_SETTINGS_DEFAULT.systemPrompt, see: SEE.create })
    .optional(),
  // a74512a's call handler adds "<flush/>" to a stored null once a PUT has written the key, so a
  // null greeting can fail the call's start; a set one always works.
  welcomeMessage: text
    .meta({
      description: "What the assistant says when a call is answered. Set it: a null greeting can fail the call's start once `llmSettings` has been updated.",
      default: LLM_SETTINGS_DEFAULT.welcomeMessage,
      see: SEE.create,
    })
    .nullable()
    .optional(),
  topP: between(0, 1)
    .meta({ description: "Nucleus sampling: the probability mass the model samples from, 0–1.", unit: "0–1", default: LLM_SETTINGS_DEFAULT.topP })
    .optional(),
  frequencyPenalty: between(-2, 2)
    .meta({ description: "Penalty on tokens by how often they already appeared, −2 to 2 (openai, xai, groq only).", unit: "−2–2", default: LLM_SETTINGS_DEFAULT.frequencyPenalty })
    .optional(),
  presencePenalty: between(-2, 2)
    .meta({ description: "Penalty on tokens that already appeared at all, −2 to 2 (openai, xai, groq only).", unit: "−2–2", default: LLM_SETTINGS_DEFAULT.presencePenalty })
    .optional(),
  stopSequences: z
    .array(nonEmpty)
    .meta({ description: "Strings that end a response when generated (OpenAI takes at most 4).", default: LLM_SETTINGS_DEFAULT.stopSequences })
    .optional(),
});

/** One backup LLM in `llmFallbackProviders.fallbacks`, tried in order when the primary fails. */
export const llmFallbackProviderSchema = z.strictObject({
  provider: nonEmpty.meta({ description: "LLM vendor, as `llmProvider`: `openai`, `anthropic`, `gemini`, `xai`, `groq`, `custom`." }),
  apiKey: nonEmpty.meta({ description: "API key of this provider. A Pulumi secret (the API returns it in plaintext).", secret: true, default: null }).nullable().optional(),
  baseUrl: httpUrl.meta({ description: "Base URL of this provider's API (required for `custom`).", default: null }).nullable().optional(),
  model: nonEmpty.meta({ description: "Model name; null uses the provider's default model.", default: null }).nullable().optional(),
});

/** `llmFallbackProviders`: backup LLMs. */
export const llmFallbackProvidersSchema = z.strictObject({
  enabled: z.boolean().meta({ description: "Try `fallbacks` when the primary LLM fails.", default: LLM_FALLBACK_PROVIDERS_DEFAULT.enabled }).optional(),
  fallbacks: z
    .array(llmFallbackProviderSchema)
    .meta({ description: "Backup providers `{provider, apiKey, baseUrl, model}`, tried in order (the dashboard offers up to 3).", default: LLM_FALLBACK_PROVIDERS_DEFAULT.fallbacks })
    .optional(),
});

// ---- conversation flow ----------------------------------------------------------------------------

/** `interruptionSettings`: when the caller's speech stops the assistant. */
export const interruptionSettingsSchema = z.strictObject({
  interruptionThreshold: intAtLeast(0, " words")
    .meta({ description: "Words the caller must say to interrupt the assistant.", unit: "words", default: INTERRUPTION_SETTINGS_DEFAULT.interruptionThreshold, see: SEE.calls })
    .optional(),
  minSpeakingTime: atLeast(0, " seconds")
    .meta({ description: "How long the assistant must have spoken before it can be interrupted.", unit: "seconds", default: INTERRUPTION_SETTINGS_DEFAULT.minSpeakingTime, see: SEE.calls })
    .optional(),
  interruptionCooldown: atLeast(0, " seconds")
    .meta({ description: "Pause after an interruption before the assistant speaks again.", unit: "seconds", default: INTERRUPTION_SETTINGS_DEFAULT.interruptionCooldown, see: SEE.calls })
    .optional(),
});

// ---- text-to-speech -------------------------------------------------------------------------------

/** `ttsSettings`: the voice. */
export const ttsSettingsSchema = z.strictObject({
  provider: nonEmpty
    .meta({ description: "Text-to-speech vendor: `elevenlabs`, `deepgram`, `inworld`, `resemble`. Unknown names are accepted by the API.", default: TTS_SETTINGS_DEFAULT.provider, see: SEE.tts })
    .optional(),
  voiceId: nonEmpty
    .meta({
      description: "Voice name or provider voice id, e.g. `rachel` (ElevenLabs), `asteria` (Deepgram), `hades` (Inworld). An unknown ElevenLabs/Deepgram/Inworld name falls back to that provider's default voice.",
      default: TTS_SETTINGS_DEFAULT.voiceId,
      see: SEE.tts,
    })
    .optional(),
  modelId: nonEmpty
    .meta({ description: "Voice model, e.g. `turbo` or `eleven_flash_v2_5` (ElevenLabs), `inworld-tts-1` (Inworld).", default: TTS_SETTINGS_DEFAULT.modelId, see: SEE.tts })
    .optional(),
  // ElevenLabs' optimize_streaming_latency takes 0–4; the other providers ignore it.
  latency: intBetween(0, 4)
    .meta({ description: "ElevenLabs streaming latency optimisation, 0 (none) to 4 (maximum, may mispronounce).", unit: "0–4", default: TTS_SETTINGS_DEFAULT.latency, see: SEE.voiceTuning })
    .optional(),
  stability: between(0, 1)
    .meta({ description: "ElevenLabs voice stability, 0–1: higher is more consistent, lower more expressive.", unit: "0–1", default: TTS_SETTINGS_DEFAULT.stability, see: SEE.voiceTuning })
    .optional(),
  similarityBoost: between(0, 1)
    .meta({ description: "ElevenLabs similarity to the original voice, 0–1.", unit: "0–1", default: TTS_SETTINGS_DEFAULT.similarityBoost, see: SEE.voiceTuning })
    .optional(),
  style: between(0, 1)
    .meta({ description: "ElevenLabs style exaggeration, 0–1.", unit: "0–1", default: TTS_SETTINGS_DEFAULT.style, see: SEE.voiceTuning })
    .optional(),
  useSpeakerBoost: z
    .boolean()
    .meta({ description: "ElevenLabs speaker boost (closer to the original voice, slightly slower).", default: TTS_SETTINGS_DEFAULT.useSpeakerBoost, see: SEE.voiceTuning })
    .optional(),
  // Free-form and returned in plaintext (§3.4): the whole object is a secret.
  providerConfig: freeForm()
    .meta({
      description:
        "Provider-specific options, keys sent as written, e.g. `{ api_key: \"…\" }`, `{ project_uuid: \"…\" }` (resemble), `{ language: \"en\" }` (inworld, elevenlabs). The whole object is a Pulumi secret.",
      verbatim: true,
      secret: true,
      default: TTS_SETTINGS_DEFAULT.providerConfig,
      see: SEE.tts,
    })
    .optional(),
});

// ---- speech-to-text -------------------------------------------------------------------------------

/** `sttSettings.endpointing`: when silence ends the caller's turn. */
export const sttEndpointingSchema = z.strictObject({
  silenceThreshold: intAtLeast(0, " ms")
    .meta({ description: "Silence that ends an utterance (Deepgram `endpointing`).", unit: "milliseconds", default: STT_ENDPOINTING_DEFAULT.silenceThreshold, see: SEE.stt })
    .optional(),
  minSilenceDuration: intAtLeast(0, " ms")
    .meta({ description: "Silence after which the caller's turn is considered finished.", unit: "milliseconds", default: STT_ENDPOINTING_DEFAULT.minSilenceDuration, see: SEE.stt })
    .optional(),
});

/** A word to boost in `sttSettings.keywords` (Deepgram nova-2 and older). */
export const sttKeywordSchema = z.strictObject({
  keyword: nonEmpty.meta({ description: "The word or phrase, e.g. `Burki`." }),
  intensifier: z.number({ error: "must be a number" }).meta({ description: "Boost factor; negative values suppress the word.", default: 1.0 }).optional(),
});

/** `sttSettings`: speech recognition (Deepgram). */
export const sttSettingsSchema = z.strictObject({
  model: nonEmpty
    .meta({ description: "Deepgram model: `nova-3`, `nova-2`, `nova`, `enhanced`, `base`. Unknown names are accepted.", default: STT_SETTINGS_DEFAULT.model, see: SEE.stt })
    .optional(),
  language: nonEmpty.meta({ description: "Language code, e.g. `en-US`, `es`, `multi`.", default: STT_SETTINGS_DEFAULT.language, see: SEE.stt }).optional(),
  punctuate: z.boolean().meta({ description: "Add punctuation to transcripts.", default: STT_SETTINGS_DEFAULT.punctuate }).optional(),
  interimResults: z.boolean().meta({ description: "Stream partial transcripts while the caller speaks.", default: STT_SETTINGS_DEFAULT.interimResults }).optional(),
  endpointing: sttEndpointingSchema
    .meta({ description: "When silence ends the caller's turn `{silenceThreshold, minSilenceDuration}`, in milliseconds.", default: STT_ENDPOINTING_DEFAULT, see: SEE.stt })
    .optional(),
  utteranceEndMs: intAtLeast(0, " ms")
    .meta({ description: "Gap between words after which Deepgram reports the utterance ended (Deepgram recommends 1000 or more).", unit: "milliseconds", default: STT_SETTINGS_DEFAULT.utteranceEndMs, see: SEE.stt })
    .optional(),
  vadTurnoff: intAtLeast(0, " ms")
    .meta({ description: "Silence after which voice activity detection reports the caller stopped speaking.", unit: "milliseconds", default: STT_SETTINGS_DEFAULT.vadTurnoff, see: SEE.stt })
    .optional(),
  smartFormat: z.boolean().meta({ description: "Format numbers, dates and currency in transcripts.", default: STT_SETTINGS_DEFAULT.smartFormat }).optional(),
  keywords: z
    .array(sttKeywordSchema)
    .meta({ description: "Words to boost `{keyword, intensifier}` (nova-2 and older; nova-3 uses `keyterms`).", default: STT_SETTINGS_DEFAULT.keywords, see: SEE.stt })
    .optional(),
  keyterms: z
    .array(nonEmpty)
    .meta({ description: "Terms to boost (nova-3 only), e.g. `[\"Burki\", \"refund\"]`.", default: STT_SETTINGS_DEFAULT.keyterms, see: SEE.stt })
    .optional(),
  audioDenoising: z.boolean().meta({ description: "Remove background noise from the caller's audio (RNNoise) before recognition.", default: STT_SETTINGS_DEFAULT.audioDenoising }).optional(),
});

// ---- tools ----------------------------------------------------------------------------------------

/** `toolsSettings.endCall`: the built-in tool that hangs up. */
export const endCallToolSchema = z.strictObject({
  enabled: z.boolean().meta({ description: "Let the assistant end calls.", default: END_CALL_DEFAULT.enabled, see: SEE.tools }).optional(),
  scenarios: z
    .array(nonEmpty)
    .meta({ description: "When to end the call, e.g. `[\"caller says goodbye\"]` (added to the tool's description for the LLM).", default: END_CALL_DEFAULT.scenarios, see: SEE.tools })
    .optional(),
  customMessage: text
    .meta({ description: "Said before hanging up; null uses `endCallMessage`, then \"Thank you for calling. Goodbye!\".", default: END_CALL_DEFAULT.customMessage, see: SEE.tools })
    .nullable()
    .optional(),
});

/** `toolsSettings.transferCall`: the built-in tool that transfers the call. */
export const transferCallToolSchema = z.strictObject({
  enabled: z.boolean().meta({ description: "Let the assistant transfer calls (offered only when `transferNumbers` is not empty).", default: TRANSFER_CALL_DEFAULT.enabled, see: SEE.tools }).optional(),
  scenarios: z
    .array(nonEmpty)
    .meta({ description: "When to transfer, e.g. `[\"caller asks for a human\"]` (added to the tool's description for the LLM).", default: TRANSFER_CALL_DEFAULT.scenarios, see: SEE.tools })
    .optional(),
  // The server stores any string; a number the carrier cannot dial only fails mid-call.
  transferNumbers: z
    .array(e164)
    .meta({ description: "Numbers the call can be transferred to, in E.164 form, e.g. `[\"+15555550100\"]`; the LLM picks one.", default: TRANSFER_CALL_DEFAULT.transferNumbers, see: SEE.tools })
    .optional(),
  customMessage: text
    .meta({ description: "Said before transferring; null uses `transferCallMessage`, then \"Please hold while I transfer your call.\".", default: TRANSFER_CALL_DEFAULT.customMessage, see: SEE.tools })
    .nullable()
    .optional(),
});

/** `toolsSettings`: built-in and legacy custom tools. */
export const toolsSettingsSchema = z.strictObject({
  // Computed (§3.2): ["endCall", "transferCall"] from the two `enabled` flags; whatever is sent is replaced.
  enabledTools: z
    .array(text)
    .meta({ description: "Computed: `endCall` and/or `transferCall`, from the tools' `enabled` flags. An output only.", readOnly: true, default: TOOLS_SETTINGS_DEFAULT.enabledTools })
    .optional(),
  endCall: endCallToolSchema.meta({ description: "The built-in tool that ends the call.", default: END_CALL_DEFAULT, see: SEE.tools }).optional(),
  transferCall: transferCallToolSchema.meta({ description: "The built-in tool that transfers the call.", default: TRANSFER_CALL_DEFAULT, see: SEE.tools }).optional(),
  // The server types the items as free-form dicts; the call path reads `enabled` and `definition`.
  customTools: z
    .array(freeForm().meta({ description: "A legacy custom tool `{ enabled: true, definition: { type: \"function\", function: {…} } }`, keys sent as written.", verbatim: true }))
    .meta({
      description: "Legacy custom tools stored on the assistant; items whose `enabled` is true offer their OpenAI-style `definition` to the LLM. Keys are sent as written.",
      default: TOOLS_SETTINGS_DEFAULT.customTools,
      see: SEE.tools,
    })
    .optional(),
});

// ---- knowledge base -------------------------------------------------------------------------------

/** `ragSettings`: retrieval from the assistant's uploaded documents. */
export const ragSettingsSchema = z
  .strictObject({
    // B13: false when the block is sent without it; the call path reads the stored JSON and treats a
    // missing key as true, so declare it.
    enabled: z
      .boolean()
      .meta({ description: "Search the assistant's documents during calls. Omitted, it is true, as for an assistant without `ragSettings` (the provider sends it: the raw API would store false for a block sent without it, B13).", default: true, see: SEE.rag })
      .optional(),
    searchLimit: intAtLeast(1, " chunks")
      .meta({ description: "Document chunks retrieved per question.", unit: "chunks", default: RAG_SETTINGS_DEFAULT.searchLimit, see: SEE.rag })
      .optional(),
    similarityThreshold: between(0, 1)
      .meta({ description: "Minimum similarity of a chunk to the question, 0–1: higher is stricter.", unit: "0–1", default: RAG_SETTINGS_DEFAULT.similarityThreshold, see: SEE.rag })
      .optional(),
    embeddingModel: nonEmpty
      .meta({
        description: "OpenAI embedding model, e.g. `text-embedding-3-small`; the vector column holds 1536 dimensions. Unknown names are accepted.",
        default: RAG_SETTINGS_DEFAULT.embeddingModel,
        see: SEE.rag,
      })
      .optional(),
    chunkingStrategy: nonEmpty
      .meta({ description: "How new documents are split: `recursive`, `character`, `semantic`. Unknown names are accepted.", default: RAG_SETTINGS_DEFAULT.chunkingStrategy, see: SEE.rag })
      .optional(),
    chunkSize: intAtLeast(1, " characters")
      .meta({ description: "Target size of a chunk of a new document.", unit: "characters", default: RAG_SETTINGS_DEFAULT.chunkSize, see: SEE.rag })
      .optional(),
    chunkOverlap: intAtLeast(0, " characters")
      .meta({ description: "Characters shared by consecutive chunks; at most `chunkSize`.", unit: "characters", default: RAG_SETTINGS_DEFAULT.chunkOverlap, see: SEE.rag })
      .optional(),
    autoProcess: z.boolean().meta({ description: "Process uploaded documents automatically.", default: RAG_SETTINGS_DEFAULT.autoProcess, see: SEE.rag }).optional(),
    includeMetadata: z.boolean().meta({ description: "Include document metadata with retrieved chunks.", default: RAG_SETTINGS_DEFAULT.includeMetadata, see: SEE.rag }).optional(),
    contextWindowTokens: intAtLeast(1, " tokens")
      .meta({ description: "Maximum tokens of document context added to the prompt.", unit: "tokens", default: RAG_SETTINGS_DEFAULT.contextWindowTokens, see: SEE.rag })
      .optional(),
  })
  // LangChain's text splitters refuse an overlap larger than the chunk size (document processing fails).
  .superRefine((v, ctx) => {
    if (v.chunkSize !== undefined && v.chunkOverlap !== undefined && v.chunkOverlap > v.chunkSize) {
      ctx.addIssue({ code: "custom", path: ["chunkOverlap"], message: `must be at most chunkSize (${v.chunkSize})` });
    }
  });

// ---- custom settings ------------------------------------------------------------------------------

// The server parses a JSON string in `structured_data_schema` and stores the object, so a string would
// read back as an object and show as a change on every refresh.
const customSettings = freeForm().superRefine((v, ctx) => {
  if (typeof v.structured_data_schema === "string") {
    ctx.addIssue({ code: "custom", path: ["structured_data_schema"], message: "must be an object (a JSON Schema), not a JSON string" });
  }
});

// ---- the assistant --------------------------------------------------------------------------------

/** Inputs of `burki.Assistant` (camelCase; the API's snake_case names are derived). */
export const assistantSchema = z.strictObject({
  // B8: the server answers 500 above 100 (varchar(100)). Blank would become null and fail as missing.
  name: nonBlank
    .max(100, atMost(100))
    .meta({
      description: "Display name, at most 100 characters; not unique. If omitted, the SDK names the assistant after the resource with a suffix, e.g. `support-1a2b3c4`.",
      see: SEE.create,
    })
    .optional(),
  description: nonBlank.meta({ description: "What the assistant is for (free text).", default: null, see: SEE.create }).optional(),
  llmProvider: nonBlank
    .max(50, atMost(50))
    .meta({
      description: "LLM vendor: `openai`, `anthropic`, `gemini`, `xai`, `groq`, or `custom` (an OpenAI-compatible `llmProviderConfig.baseUrl`). Other names are accepted by the API but fail when a call starts.",
      default: "openai",
      see: SEE.llm,
    })
    .optional(),
  llmProviderConfig: llmProviderConfigSchema
    .meta({ description: "Credentials and model of `llmProvider` `{apiKey, baseUrl, model, customConfig}`; `apiKey` is a Pulumi secret.", default: LLM_PROVIDER_CONFIG_DEFAULT, see: SEE.llm })
    .optional(),
  llmSettings: llmSettingsSchema
    .meta({ description: "Prompt, greeting and generation parameters of the LLM.", default: LLM_SETTINGS_DEFAULT, see: SEE.create })
    .optional(),
  webhookUrl: httpUrl
    .max(255, atMost(255))
    .meta({ description: "URL that receives this assistant's call events (status updates, end-of-call report).", default: null, see: SEE.create })
    .optional(),
  smsWebhookUrl: httpUrl
    .max(255, atMost(255))
    .meta({ description: "URL that receives this assistant's SMS events.", default: null, see: SEE.create })
    .optional(),
  messagingServiceSid: nonBlank
    .max(255, atMost(255))
    .meta({ description: "Twilio Messaging Service SID (`MG…`) used to send SMS.", default: null, see: SEE.create })
    .optional(),
  interruptionSettings: interruptionSettingsSchema
    .meta({ description: "When the caller's speech interrupts the assistant.", default: INTERRUPTION_SETTINGS_DEFAULT, see: SEE.calls })
    .optional(),
  ttsSettings: ttsSettingsSchema
    .meta({ description: "The voice (text-to-speech); `providerConfig` is a Pulumi secret.", default: TTS_SETTINGS_DEFAULT, see: SEE.tts })
    .optional(),
  sttSettings: sttSettingsSchema
    .meta({ description: "Speech recognition (Deepgram).", default: STT_SETTINGS_DEFAULT, see: SEE.stt })
    .optional(),
  endCallMessage: nonBlank
    .max(255, atMost(255))
    .meta({ description: "Said before the assistant hangs up, unless `toolsSettings.endCall.customMessage` is set.", default: null, see: SEE.calls })
    .optional(),
  transferCallMessage: nonBlank
    .max(255, atMost(255))
    .meta({ description: "Said before a transfer, unless `toolsSettings.transferCall.customMessage` is set.", default: null, see: SEE.calls })
    .optional(),
  idleMessage: nonBlank
    .max(255, atMost(255))
    .meta({ description: "Said after `idleTimeout` seconds of silence from the caller.", default: IDLE_MESSAGE_DEFAULT, see: SEE.calls })
    .optional(),
  maxIdleMessages: pgInt(0)
    .meta({ description: "Idle messages after which the call ends; 0 or unset never ends the call.", default: null, see: SEE.calls })
    .optional(),
  idleTimeout: pgInt(0, " seconds")
    .meta({ description: "Caller silence before `idleMessage` is said; 0 or unset turns idle prompts off.", unit: "seconds", default: null, see: SEE.calls })
    .optional(),
  toolsSettings: toolsSettingsSchema
    .meta({ description: "Built-in tools (end call, transfer call) and legacy custom tools.", default: TOOLS_SETTINGS_DEFAULT, see: SEE.tools })
    .optional(),
  ragSettings: ragSettingsSchema
    .meta({ description: "Retrieval from the assistant's documents (knowledge base).", default: RAG_SETTINGS_DEFAULT, see: SEE.rag })
    .optional(),
  llmFallbackProviders: llmFallbackProvidersSchema
    .meta({ description: "Backup LLMs tried in order when the primary fails; their `apiKey`s are Pulumi secrets.", default: LLM_FALLBACK_PROVIDERS_DEFAULT, see: SEE.llm })
    .optional(),
  customSettings: customSettings
    .meta({
      description:
        "Free-form settings, keys sent as written; post-call extraction reads `structured_data_prompt` (instructions) and `structured_data_schema` (a JSON Schema object).",
      verbatim: true,
      default: null,
      see: SEE.create,
    })
    .optional(),
  isActive: z.boolean().meta({ description: "Whether the assistant answers calls.", default: true, see: SEE.create }).optional(),
});

export type AssistantInputs = z.input<typeof assistantSchema>;

// ---- phone numbers --------------------------------------------------------------------------------

/** Inputs of `burki.PhoneNumber`: the assignment of a number the organization already has to an assistant. */
export const phoneNumberSchema = z.strictObject({
  phoneNumber: e164.meta({
    description: "The number in E.164 form, e.g. `+15555550100`; it must already be in the organization (synced from Twilio/Telnyx). Changing it replaces the assignment.",
    replaceOnChanges: true,
    see: SEE.assign,
  }),
  assistantId: z
    .string({ error: "must be the id of a burki.Assistant (a string of digits)" })
    .regex(/^\d+$/, { error: "must be the id of a burki.Assistant (a string of digits)" })
    .meta({ description: "Id of the `burki.Assistant` that answers the number (e.g. `support.id`). Reassigning it to another assistant is an update.", see: SEE.assign }),
  // 1–100 as the server checks it (blank would be ignored, above 100 refused).
  friendlyName: nonBlank
    .max(100, atMost(100))
    .meta({
      description: "Display name of the number, at most 100 characters. Written on assignment; the API cannot read it back, so a refresh does not see it change.",
      see: SEE.assign,
    })
    .optional(),
});

export type PhoneNumberInputs = z.input<typeof phoneNumberSchema>;
