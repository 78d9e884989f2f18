// ElevenLabs text-to-speech with the expressive model and every voice setting.
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("tts-elevenlabs", {
  ttsConfig: {
    provider: "elevenlabs",
    voiceId: "pNInz6obpgDQGcFmaJgB",
    model: "eleven_v3",
    stability: 0,
    similarityBoost: 1,
    style: 1,
    useSpeakerBoost: false,
    speed: 0.5,
  },
});
