// VoiceDock text-to-speech (Node SDK provider).
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("tts-voicedock", { ttsConfig: { provider: "voicedock", voiceId: "emma" } });
