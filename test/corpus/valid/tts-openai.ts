// OpenAI text-to-speech.
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("tts-openai", { ttsConfig: { provider: "openai", voiceId: "alloy", model: "gpt-4o-mini-tts" } });
