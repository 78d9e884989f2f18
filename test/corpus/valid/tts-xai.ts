// xAI text-to-speech (Node SDK provider).
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("tts-xai", { ttsConfig: { provider: "xai", voiceId: "eve" } });
