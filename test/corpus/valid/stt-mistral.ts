// Mistral speech-to-text (Node SDK provider).
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("stt-mistral", { sttConfig: { provider: "mistral", model: "voxtral-mini-latest", language: "de" } });
