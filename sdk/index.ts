/**
 * pulumi-voiceai: Pulumi resources for voice-AI assistant platforms.
 *
 * Each platform is a namespace: `import { hms, burki } from "pulumi-voiceai"`, or
 * `import * as hms from "pulumi-voiceai/hms"` / `import * as burki from "pulumi-voiceai/burki"`.
 */
export * as hms from "./hms";
export * as burki from "./burki";
export type { DeepInput, InputsOf } from "./types";
/** The root of every error this package throws: `catch (e) { if (e instanceof VoiceAiError) … }`. */
export { VoiceAiError } from "../provider/errors";
