// xAI text LLM: needs separate speech-to-text and text-to-speech.
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("llm-xai", {
  sttConfig: { provider: "deepgram", model: "nova-3-general", language: "nl" },
  llmConfig: { provider: "xai", model: "grok-4-1-fast-non-reasoning", temperature: 0.7 },
  ttsConfig: { provider: "elevenlabs", voiceId: "21m00Tcm4TlvDq8ikWAM" },
});
