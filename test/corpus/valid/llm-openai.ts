// OpenAI LLM with a prompt and a completion-token limit (openai supports maxCompletionTokens).
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("llm-openai", {
  llmConfig: {
    provider: "openai",
    model: "gpt-4o",
    temperature: 0,
    maxCompletionTokens: 32768,
    messages: [{ role: "system", content: "You are a helpful receptionist." }],
  },
});
