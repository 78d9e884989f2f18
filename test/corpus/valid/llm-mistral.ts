// Mistral LLM.
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("llm-mistral", {
  llmConfig: { provider: "mistral", model: "mistral-medium-latest", temperature: 2, messages: [{ role: "system", content: "Tu es un assistant." }] },
});
