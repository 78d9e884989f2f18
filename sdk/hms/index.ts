/** HMS Sovereign resources: `import * as hms from "pulumi-voiceai/hms"`. */
export { Assistant, type AssistantArgs } from "./assistant";
export { PhoneNumber, type PhoneNumberArgs } from "./phone-number";
export { SipTrunk, type SipTrunkArgs } from "./sip-trunk";
