// Speech-to-speech xAI: no ttsConfig, the voice is set in llmConfig.voice.
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("realtime-xai", {
  firstMessage: "Hoi, met Ara.",
  llmConfig: { provider: "xai_realtime", model: "grok-4-1-fast-non-reasoning", voice: "ara", messages: [{ role: "system", content: "Je bent Ara." }] },
});
