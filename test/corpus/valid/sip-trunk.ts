// A SIP trunk for transfers, referenced by a number routed to an assistant; a second trunk with
// only the required host (port and credentials take their defaults).
import * as hms from "pulumi-voiceai/hms";

const assistant = new hms.Assistant("sip-trunk", {
  llmConfig: {
    provider: "openai",
    model: "gpt-4o-mini",
    tools: [{ type: "transfer_call", destinations: [{ type: "number", number: "+31201234568", description: "Reception" }] }],
  },
});
const pbx = new hms.SipTrunk("sip-trunk-pbx", { host: "pbx.acme.example", port: 5061, username: "hms", password: "pbx-password-corpus" });
new hms.SipTrunk("sip-trunk-bare", { host: "10.0.0.12" });

new hms.PhoneNumber("sip-trunk-line", {
  phoneNumber: "+31850835039",
  name: "sip-trunk line",
  assistantId: assistant.id,
  transferTrunkId: pbx.id,
});
