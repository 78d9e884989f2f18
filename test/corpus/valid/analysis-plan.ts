// Post-call analysis: a structured-data schema whose camelCase keys must stay exactly as written,
// extraction instructions and a message threshold.
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("analysis-plan", {
  analysisPlan: {
    structuredDataPlan: {
      enabled: true,
      schema: {
        type: "object",
        properties: {
          customerName: { type: "string" },
          callbackPhoneNumber: { type: "string", pattern: "^\\+[1-9]\\d{1,14}$" },
          appointmentRequested: { type: "boolean" },
          preferredTimeSlots: { type: "array", items: { type: "string" }, maxItems: 3 },
        },
        required: ["customerName"],
        additionalProperties: false,
      },
      messages: [{ role: "system", content: "Extract the caller's details from the transcript." }],
    },
    minMessagesThreshold: 0,
  },
});
