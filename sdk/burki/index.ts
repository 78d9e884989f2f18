/** Burki resources: `import * as burki from "pulumi-voiceai/burki"`. */
export { Assistant } from "./assistant";
export { PhoneNumber } from "./phone-number";
// The argument and output types (`burki.AssistantArgs`, `burki.TtsSettingsArgs`, `burki.AssistantOutputs`, …),
// generated from the schemas by `npm run sdk-types`.
export * from "./assistant-args";
export * from "./phone-number-args";
