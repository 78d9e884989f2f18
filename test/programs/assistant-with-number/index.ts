import * as pulumi from "@pulumi/pulumi";
import * as hms from "pulumi-voiceai/hms";

const config = new pulumi.Config();

const assistant = new hms.Assistant("support", {
  firstMessage: "Hallo, welkom bij Acme. Waarmee kan ik u helpen?",
  maxDurationSeconds: 600,
  autonomousSilenceHandling: true,
  webhookUrl: "https://hooks.example.com/hms",
  webhookSecret: config.requireSecret("webhookSecret"),
  sttConfig: { provider: "deepgram", model: "nova-3-general", language: "nl", keyterms: ["ja", "nee", "oké"] },
  llmConfig: {
    provider: "openai",
    model: "gpt-4o-mini",
    temperature: 0.7,
    messages: [{ role: "system", content: config.require("systemPrompt") }],
  },
  ttsConfig: { provider: "elevenlabs", model: "eleven_flash_v2_5", voiceId: "21m00Tcm4TlvDq8ikWAM", stability: 0.5, similarityBoost: 0.75, useSpeakerBoost: true },
});

const number = new hms.PhoneNumber("main-line", { phoneNumber: "+31850835037", assistantId: assistant.id });

export const assistantId = assistant.id;
export const phoneNumberId = number.id;
export const assignedAssistantId = number.assistantId;
