// Google LLM (Node SDK provider) with a completion-token limit (google supports maxCompletionTokens).
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("llm-google", { llmConfig: { provider: "google", model: "gemini-2.5-flash", maxCompletionTokens: 1 } });
