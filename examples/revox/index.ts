// An appointment-setting assistant on Revox: a static first sentence, a Cartesia voice, outbound calls
// on weekdays inside one calling window, the booking details extracted after each call, FAQ items, a
// calendar tool whose token is a secret, and a number of the account routed to it for inbound calls.
// Credentials come from `revox:apiKey` / `revox:baseUrl` stack config (or the REVOX_API_KEY /
// REVOX_BASE_URL environment variables, as for Revox's own SDKs); the number must already be in the
// Revox account (bought or imported in the dashboard).
import * as pulumi from "@pulumi/pulumi";
import * as revox from "pulumi-voiceai/revox";

const config = new pulumi.Config();

const booking = new revox.Assistant("booking", {
  name: "Acme Dental bookings",
  prompt:
    config.get("prompt") ??
    [
      "You are the booking assistant of Acme Dental.",
      "You call patients who asked to be called back, and answer patients who call in.",
      "Offer the next free slot first; confirm the date, the time and the patient's name before you end the call.",
      "If the patient wants a human, say that a colleague will call back within the day.",
    ].join("\n"),
  firstSentenceMode: "static",
  firstSentence: "Hello, this is Acme Dental's booking line. Is now a good time to find you an appointment?",
  endOfCallSentence: "Thank you, see you at Acme Dental. Goodbye!",
  voice: { provider: "cartesia", id: "a0e99841-438c-4a64-b679-ae501e7d6091", model: "sonic-3", speed: config.getNumber("voiceSpeed") ?? 1.0 },
  llmModel: { type: "dedicated-instance", name: "gpt-4.1" },
  maxCallDurationSecs: 600,
  callRetryConfig: {
    allowedDays: ["monday", "tuesday", "wednesday", "thursday", "friday"],
    callTwiceInARow: false,
    callingWindows: [{ callingWindowStartTime: "09:00", callingWindowEndTime: "17:30", retryDelaySeconds: 3600 }],
    maxRetryAttempts: 3,
    timezone: "Europe/Paris",
  },
  structuredOutputConfig: [
    { name: "appointment_date", type: "date", required: true, description: "The booked date" },
    { name: "appointment_time", type: "string", required: true, description: "The booked time, HH:mm" },
    { name: "reason", type: "enum", required: false, enumOptions: ["check-up", "cleaning", "pain", "other"] },
  ],
  faqItems: [
    { question: "Where are you?", answer: "12 Rue de la Paix, Paris, on the second floor." },
    { question: "When are you open?", answer: "Monday to Friday, 9 am to 6 pm." },
  ],
  // The clinic's calendar API: the token is a secret in the stack config, and the provider keeps every
  // header value secret in the state and in previews.
  customTools: [
    {
      name: "check_availability",
      description: "Lists the free appointment slots of a day. Call it before offering a slot.",
      url: "https://calendar.acme-dental.example/api/slots?date={{date}}",
      method: "GET",
      headers: [{ key: "Authorization", value: pulumi.interpolate`Bearer ${config.requireSecret("calendarApiToken")}` }],
      queryParams: [],
      bodyTemplate: null,
      inputSchema: [{ name: "date", type: "date", required: true, description: "The day to look at" }],
    },
  ],
  voicemailMessage: "Hello, this is Acme Dental calling about your appointment. We will call you back.",
});

const mainLine = new revox.PhoneNumber("main-line", {
  phoneNumber: config.require("phoneNumber"),
  assistantId: booking.id,
  label: "Acme Dental bookings",
});

export const assistantId = booking.id;
export const assistantName = booking.name;
export const routedNumber = mainLine.phoneNumber;
