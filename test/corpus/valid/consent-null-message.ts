// Recording consent with an explicit null message, and an empty list of notification emails.
import * as hms from "pulumi-voiceai/hms";

new hms.Assistant("consent-null-message", {
  recordingConsent: { enabled: true, message: null },
  notificationEmails: [],
  gdprMode: null,
});
