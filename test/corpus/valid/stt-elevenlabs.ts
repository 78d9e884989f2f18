// ElevenLabs speech-to-text (Node SDK provider).
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("stt-elevenlabs", { sttConfig: { provider: "elevenlabs", model: "scribe_v1", language: "en" } });
