// The secrets come from secret stack config (`pulumi config set --secret …`), as a real program keeps them:
// a custom LLM's key, a tool's header value and a Calendly connection id.
import * as pulumi from "@pulumi/pulumi";
import * as revox from "pulumi-voiceai/revox";

const config = new pulumi.Config();

new revox.Assistant("secrets-config", {
  name: "secrets-config: Acme bookings",
  prompt: "You book Acme's appointments.",
  llmModel: { type: "custom", apiUrl: "https://llm.acme.example/v1", modelName: "acme-llm-8b", apiKey: config.requireSecret("llmApiKey") },
  customTools: [
    {
      name: "find_slot",
      description: "Finds a free slot on a day.",
      url: "https://calendar.acme.example/slots?date={{date}}",
      method: "GET",
      headers: [{ key: "Authorization", value: pulumi.interpolate`Bearer ${config.requireSecret("toolToken")}` }],
      queryParams: [],
      bodyTemplate: null,
      inputSchema: [{ name: "date", type: "date", required: true }],
    },
  ],
  calendly: { connectionId: config.requireSecret("calendlyConnectionId"), eventTypeId: "https://api.calendly.com/event_types/ACME-CONFIG" },
});
