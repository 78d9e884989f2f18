// One assistant answering both numbers of the organization; the id reaches the numbers as an output.
import * as burki from "pulumi-voiceai/burki";

const assistant = new burki.Assistant("phone-numbers", { llmSettings: { systemPrompt: "You route Acme's calls.", welcomeMessage: "Acme, hello." } });

new burki.PhoneNumber("phone-numbers-main", { phoneNumber: "+15555550100", assistantId: assistant.id, friendlyName: "phone-numbers main line" });
new burki.PhoneNumber("phone-numbers-second", { phoneNumber: "+15555550101", assistantId: assistant.id });
