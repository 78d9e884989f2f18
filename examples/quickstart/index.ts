// A Dutch customer-support assistant, as in the HMS Sovereign quickstart, the phone number that
// routes calls to it, and the office PBX it can transfer callers to. Credentials come from
// `hms:apiKey` / `hms:baseUrl` stack config (or the HMS_SOVEREIGN_API_KEY / HMS_SOVEREIGN_BASE_URL
// environment variables); the PBX password from the secret stack config `pbxPassword`.
import * as pulumi from "@pulumi/pulumi";
import * as hms from "pulumi-voiceai/hms";

const config = new pulumi.Config();

// No PATCH exists for trunks: any change here replaces the trunk (the number follows the new id).
const pbx = new hms.SipTrunk("office-pbx", {
  host: "pbx.acme.example",
  port: 5060,
  username: "hms-sovereign",
  password: config.requireSecret("pbxPassword"),
});

const support = new hms.Assistant("support", {
  name: "Acme klantenservice",
  businessName: "Acme",
  firstMessage: "Hallo, welkom bij Acme. Waarmee kan ik u helpen?",
  maxDurationSeconds: 600,
  autonomousSilenceHandling: true,
  sttConfig: {
    provider: "deepgram",
    model: "nova-3-general",
    language: "nl",
    keyterms: ["ja", "nee", "oké"],
  },
  llmConfig: {
    provider: "openai",
    model: "gpt-4o-mini",
    temperature: 0.7,
    messages: [
      {
        role: "system",
        content:
          "Je bent de vriendelijke klantenservice-assistent van Acme. Beantwoord vragen kort en duidelijk in het Nederlands. " +
          "Weet je iets niet zeker, bied dan aan de klant door te verbinden met een medewerker.",
      },
    ],
    tools: [
      {
        type: "transfer_call",
        destinations: [{ type: "number", number: "+31201234567", description: "Een medewerker van Acme", message: "Ik verbind u door." }],
      },
      { type: "end_call" },
    ],
  },
  ttsConfig: {
    provider: "elevenlabs",
    model: "eleven_flash_v2_5",
    voiceId: "21m00Tcm4TlvDq8ikWAM",
    stability: 0.5,
    similarityBoost: 0.75,
    useSpeakerBoost: true,
  },
});

const mainLine = new hms.PhoneNumber("main-line", {
  phoneNumber: "+31850835037",
  name: "Acme hoofdnummer",
  assistantId: support.id,
  transferTrunkId: pbx.id,
});

export const assistantId = support.id;
export const assistantName = support.name;
export const phoneNumberId = mainLine.id;
export const sipTrunkId = pbx.id;
