// Speech-to-speech Google: no ttsConfig, the voice is set in llmConfig.voice.
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("realtime-google", { llmConfig: { provider: "google_realtime", model: "gemini-live-2.5-flash", voice: "Puck" } });
