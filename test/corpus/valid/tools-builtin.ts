// Built-in tools: transfer the call (two destinations, optional fields on one) and end the call.
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("tools-builtin", {
  llmConfig: {
    provider: "mistral",
    model: "mistral-small-latest",
    tools: [
      {
        type: "transfer_call",
        destinations: [
          { type: "number", number: "+31201234567", description: "Sales, for new orders", message: "Ik verbind u door met verkoop." },
          { type: "number", number: "+3185083503" },
        ],
      },
      { type: "end_call" },
    ],
  },
});
