/** HMS Sovereign resources: `import * as hms from "pulumi-voiceai/hms"`. */
export { Assistant } from "./assistant";
export { PhoneNumber } from "./phone-number";
export { SipTrunk } from "./sip-trunk";
// The argument and output types (`hms.AssistantArgs`, `hms.LlmConfigArgs`, `hms.AssistantOutputs`, …),
// generated from the schemas by `npm run sdk-types`.
export * from "./assistant-args";
export * from "./phone-number-args";
export * from "./sip-trunk-args";
