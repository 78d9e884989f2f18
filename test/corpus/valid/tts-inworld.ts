// Inworld text-to-speech (EU-based), Dutch voice with a speed.
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("tts-inworld", { ttsConfig: { provider: "inworld", voiceId: "Katrien", language: "nl", speed: 2 } });
