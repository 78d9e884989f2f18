// Groq LLM (API reference provider).
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("llm-groq", { llmConfig: { provider: "groq", model: "llama-3.3-70b-versatile", temperature: 1.2 } });
