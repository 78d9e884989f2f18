// Google text-to-speech (Node SDK provider).
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("tts-google", { ttsConfig: { provider: "google", voiceId: "nl-NL-Chirp3-HD-Aoede", language: "nl" } });
