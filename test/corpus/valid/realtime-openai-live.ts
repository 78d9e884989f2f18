// Speech-to-speech OpenAI with ttsConfig explicitly null (allowed: "omitted or null").
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("realtime-openai-live", {
  llmConfig: { provider: "openai_live", model: "gpt-realtime", voice: "alloy", temperature: 0.8 },
  ttsConfig: null,
});
