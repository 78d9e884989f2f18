// Two numbers of the account (seeded into the emulator) routed to one assistant; its id reaches them as an output.
import * as revox from "pulumi-voiceai/revox";

const assistant = new revox.Assistant("phone-numbers", { prompt: "You route Acme's calls.", firstSentenceMode: "static", firstSentence: "Acme, hello." });

new revox.PhoneNumber("phone-numbers-main", { phoneNumber: "+15555550200", assistantId: assistant.id, label: "phone-numbers main line" });
new revox.PhoneNumber("phone-numbers-second", { phoneNumber: "+15555550201", assistantId: assistant.id });
