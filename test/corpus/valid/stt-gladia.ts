// Gladia speech-to-text (Node SDK provider).
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("stt-gladia", { sttConfig: { provider: "gladia", model: "solaria-1", language: "fr" } });
