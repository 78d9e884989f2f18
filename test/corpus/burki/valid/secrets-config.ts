// The provider keys come from secret stack config (`pulumi config set --secret …`), as a real program keeps them.
import * as pulumi from "@pulumi/pulumi";
import * as burki from "pulumi-voiceai/burki";

const config = new pulumi.Config();

new burki.Assistant("secrets-config", {
  llmProvider: "openai",
  llmProviderConfig: { apiKey: config.requireSecret("openaiApiKey"), model: "gpt-4o-mini" },
  ttsSettings: { provider: "deepgram", voiceId: "asteria", providerConfig: { api_key: config.requireSecret("deepgramApiKey") } },
  llmFallbackProviders: { enabled: true, fallbacks: [{ provider: "anthropic", apiKey: config.requireSecret("anthropicApiKey"), model: "claude-3-5-sonnet-latest" }] },
});
