// A customer-support assistant on Burki with its LLM key from secret stack config, the end-call and
// transfer tools, and a number of the organization routed to it. Credentials come from `burki:apiKey`
// / `burki:baseUrl` stack config (or the BURKI_API_KEY / BURKI_BASE_URL environment variables); the
// number must already be in the Burki organization (numbers come from a Twilio or Telnyx sync).
import * as pulumi from "@pulumi/pulumi";
import * as burki from "pulumi-voiceai/burki";

const config = new pulumi.Config();

const support = new burki.Assistant("support", {
  name: "Acme support",
  description: "First line of Acme's customer support.",
  llmProvider: "openai",
  llmProviderConfig: {
    apiKey: config.requireSecret("openaiApiKey"),
    model: "gpt-4o-mini",
  },
  llmSettings: {
    systemPrompt: config.get("systemPrompt") ?? "You are Acme's support line. Answer briefly and politely; transfer billing questions.",
    welcomeMessage: "Hi, this is Acme support. How can I help?",
    temperature: 0.3,
    maxTokens: 300,
  },
  ttsSettings: {
    provider: "elevenlabs",
    voiceId: "rachel",
    stability: config.getNumber("stability") ?? 0.5,
    similarityBoost: 0.8,
  },
  sttSettings: { model: "nova-2", language: "en-US", keyterms: ["Acme"] },
  toolsSettings: {
    endCall: { enabled: true, scenarios: ["The caller says goodbye", "The question is answered"] },
    transferCall: {
      enabled: true,
      scenarios: ["The caller asks about billing", "The caller asks for a human"],
      transferNumbers: ["+15555550123"],
      customMessage: "One moment, I am transferring you to a colleague.",
    },
  },
  endCallMessage: "Thanks for calling Acme. Goodbye!",
  idleTimeout: 20,
  maxIdleMessages: 2,
});

const mainLine = new burki.PhoneNumber("main-line", {
  phoneNumber: config.require("phoneNumber"),
  assistantId: support.id,
  friendlyName: "Acme support line",
});

export const assistantId = support.id;
export const assistantName = support.name;
export const routedNumber = mainLine.phoneNumber;
