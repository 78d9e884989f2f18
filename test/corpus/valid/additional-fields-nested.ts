// The escape hatch: a vendor option this package does not model yet, merged into tts_config.
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("additional-fields-nested", {
  ttsConfig: { provider: "elevenlabs", voiceId: "21m00Tcm4TlvDq8ikWAM" },
  additionalFields: { tts_config: { some_new_option: 3 } },
});
