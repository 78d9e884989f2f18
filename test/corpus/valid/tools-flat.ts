// Flat custom tools (the vendor's Custom Tools format), with every optional field on one of them.
// The camelCase keys inside `parameters` are data and must reach the API verbatim.
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("tools-flat", {
  webhookUrl: "https://hooks.acme.example/tools",
  llmConfig: {
    provider: "openai",
    model: "gpt-4o-mini",
    tools: [
      {
        name: "lookupOrder",
        description: "Look up an order by its number",
        parameters: {
          type: "object",
          properties: { orderNumber: { type: "string", description: "e.g. A-1234" }, includeItems: { type: "boolean" } },
          required: ["orderNumber"],
        },
        url: "https://api.acme.example/hms/lookup-order",
        async: false,
      },
      {
        name: "log_callback-request",
        description: "Queue a callback request",
        async: true,
        asyncResponse: "Ik heb het doorgegeven, u wordt teruggebeld.",
      },
    ],
  },
});
