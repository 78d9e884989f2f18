// Webhook URL (plain http on a port), secret and a subset of the events.
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("webhook", {
  webhookUrl: "http://localhost:8787/hms/events?source=corpus",
  webhookSecret: "whsec-corpus-webhook",
  webhookEvents: ["tool-calls"],
});
