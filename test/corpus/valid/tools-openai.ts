// OpenAI-style function tools: one with a server (url + secret, so the tools list is a Pulumi
// secret), one with only a name.
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("tools-openai", {
  llmConfig: {
    provider: "openai",
    model: "gpt-4o-mini",
    tools: [
      {
        type: "function",
        function: {
          name: "book_appointment",
          description: "Book an appointment",
          parameters: { type: "object", properties: { startTime: { type: "string", format: "date-time" } }, required: ["startTime"] },
        },
        server: { url: "https://api.acme.example/hms/book", secret: "tool-secret-corpus" },
        async: false,
      },
      { type: "function", function: { name: "_ping" } },
    ],
  },
});
