// Privacy settings: recording consent without a message, GDPR mode off, five notification emails
// (the maximum) and explicit nulls for the optional fields that allow them.
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("privacy", {
  recordingConsent: { enabled: false },
  gdprMode: false,
  notificationEmails: ["a@acme.example", "b@acme.example", "c@acme.example", "d@acme.example", "e@acme.example"],
  notificationEmail: null,
  businessName: null,
  maxDurationSeconds: null,
  webhookUrl: null,
});
