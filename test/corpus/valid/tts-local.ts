// Local (low-cost robotic) text-to-speech for transactional calls.
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("tts-local", { ttsConfig: { provider: "local", voiceId: "nl-robot-1" } });
