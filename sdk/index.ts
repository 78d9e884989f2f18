/**
 * pulumi-voiceai: Pulumi resources for voice-AI assistant platforms.
 *
 * Each platform is a namespace: `import { hms } from "pulumi-voiceai"` or
 * `import * as hms from "pulumi-voiceai/hms"`.
 */
export * as hms from "./hms";
export type { DeepInput, InputsOf } from "./types";
/** The root of every error this package throws: `catch (e) { if (e instanceof VoiceAiError) … }`. */
export { VoiceAiError } from "../provider/errors";
