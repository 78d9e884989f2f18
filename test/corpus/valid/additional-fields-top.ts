// The escape hatch: top-level API fields this package does not model yet (a scalar and an object).
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("additional-fields-top", {
  firstMessage: "Goedemiddag.",
  additionalFields: { voicemail_beep_timeout_ms: 1500, call_summary: { enabled: true, language: "nl" } },
});
