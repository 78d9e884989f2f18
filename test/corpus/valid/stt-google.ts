// Google speech-to-text (Node SDK provider).
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("stt-google", { sttConfig: { provider: "google", model: "chirp_2", language: "es" } });
