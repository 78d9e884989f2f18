/**
 * What the real Burki server (a74512a) holds for an omitted field or settings block (burki.md §3.1),
 * in its wire form: the expected values of the Burki tests, written here independently of the
 * provider's schema and of the emulator.
 */
export const DEFAULT_LLM_PROVIDER_CONFIG = { api_key: null, base_url: null, model: "gpt-4o-mini", custom_config: {} };
export const DEFAULT_LLM_SETTINGS = {
  temperature: 0.5,
  max_tokens: 1000,
  system_prompt: "You are a helpful assistant that can answer questions and help with tasks.",
  welcome_message: null,
  top_p: 1,
  frequency_penalty: 0,
  presence_penalty: 0,
  stop_sequences: [],
};
export const DEFAULT_INTERRUPTION = { interruption_threshold: 3, min_speaking_time: 0.5, interruption_cooldown: 2 };
export const DEFAULT_TTS = {
  provider: "elevenlabs",
  voice_id: "rachel",
  model_id: "turbo",
  latency: 1,
  stability: 0.5,
  similarity_boost: 0.75,
  style: 0,
  use_speaker_boost: true,
  provider_config: {},
};
export const DEFAULT_STT = {
  model: "nova-2",
  language: "en-US",
  punctuate: true,
  interim_results: true,
  endpointing: { silence_threshold: 500, min_silence_duration: 500 },
  utterance_end_ms: 1000,
  vad_turnoff: 500,
  smart_format: true,
  keywords: [],
  keyterms: [],
  audio_denoising: false,
};
export const DEFAULT_TOOLS = {
  enabled_tools: [],
  end_call: { enabled: false, scenarios: [], custom_message: null },
  transfer_call: { enabled: false, scenarios: [], transfer_numbers: [], custom_message: null },
  custom_tools: [],
};
/** rag_settings when it is omitted on create (the ORM default: enabled true, B13). */
export const DEFAULT_RAG = {
  enabled: true,
  search_limit: 3,
  similarity_threshold: 0.7,
  embedding_model: "text-embedding-3-small",
  chunking_strategy: "recursive",
  chunk_size: 1000,
  chunk_overlap: 200,
  auto_process: true,
  include_metadata: true,
  context_window_tokens: 4000,
};
export const DEFAULT_FALLBACKS = { enabled: false, fallbacks: [] };
export const IDLE_MESSAGE = "Are you still there? I'm here to help if you need anything.";
