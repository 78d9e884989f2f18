// Deepgram speech-to-text with keyterms (the documented default vendor).
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("stt-deepgram", {
  sttConfig: { provider: "deepgram", model: "nova-3", language: "multi", keyterms: ["ja", "nee", "oké"] },
});
