// Anthropic LLM (API reference provider); the conversation seed has all three roles.
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("llm-anthropic", {
  llmConfig: {
    provider: "anthropic",
    model: "claude-sonnet-4-5",
    messages: [
      { role: "system", content: "You answer questions about opening hours." },
      { role: "user", content: "Are you open on Sunday?" },
      { role: "assistant", content: "No, we are closed on Sundays." },
    ],
  },
});
