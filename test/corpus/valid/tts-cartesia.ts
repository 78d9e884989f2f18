// Cartesia text-to-speech.
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("tts-cartesia", { ttsConfig: { provider: "cartesia", voiceId: "a0e99841-438c-4a64-b679-ae501e7d6091", model: "sonic-2" } });
