// A Dutch customer-support assistant, as in the HMS Sovereign quickstart, and the phone number that
// routes calls to it. Credentials come from `hms:apiKey` / `hms:baseUrl` stack config (or the
// HMS_SOVEREIGN_API_KEY / HMS_SOVEREIGN_BASE_URL environment variables).
import * as hms from "pulumi-voiceai/hms";

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
});

export const assistantId = support.id;
export const phoneNumberId = mainLine.id;
