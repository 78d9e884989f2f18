// Speech config (passed through as written, camelCase keys become snake_case) and a silence timeout.
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("speech-config", {
  autonomousSilenceHandling: true,
  silenceTimeoutSeconds: 15,
  speechConfig: {
    turnTaking: { interruptionThresholdMs: 250, allowBackchannels: true },
    pronunciation: [{ word: "Acme", phoneme: "ˈæk.mi" }],
    backgroundAudio: { preset: "office", volume: 0.2 },
    silenceMessages: ["Bent u er nog?", "Ik hoor u niet."],
  },
});
