/** Revox resources: `import * as revox from "pulumi-voiceai/revox"`. */
export { Assistant } from "./assistant";
export { PhoneNumber } from "./phone-number";
// The argument and output types (`revox.AssistantArgs`, `revox.VoiceArgs`, `revox.AssistantOutputs`, …),
// generated from the schemas by `npm run sdk-types`.
export * from "./assistant-args";
export * from "./phone-number-args";
