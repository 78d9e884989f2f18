// One assistant answering two numbers; one number is registered but unanswered (assistantId null).
import * as hms from "pulumi-voiceai/hms";

const assistant = new hms.Assistant("phone-numbers", { firstMessage: "Hallo, met Acme." });

new hms.PhoneNumber("phone-numbers-main", { phoneNumber: "+31850835037", name: "phone-numbers main line", assistantId: assistant.id });
new hms.PhoneNumber("phone-numbers-spare", { phoneNumber: "+31850835038", name: "phone-numbers spare line", assistantId: null });
