/**
 * pulumi-voiceai: Pulumi resources for voice-AI assistant platforms.
 *
 * Each platform is a namespace: `import { hms, burki, revox } from "pulumi-voiceai"`, or
 * `import * as hms from "pulumi-voiceai/hms"` (likewise `/burki`, `/revox`).
 */
export * as hms from "./hms";
export * as burki from "./burki";
export * as revox from "./revox";
export type { DeepInput, InputsOf } from "./types";
/** The root of every error this package throws: `catch (e) { if (e instanceof VoiceAiError) … }`. */
export { VoiceAiError } from "../provider/errors";
