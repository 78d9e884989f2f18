/** The end-to-end tests' harness: a scratch Pulumi stack against an emulator (see scripts/scratch-stack.ts). */
export { ScratchStack as TestStack, type PreviewStep, type StackOptions } from "../scripts/scratch-stack";
export { usesFallbackLanguageHost } from "../scripts/pulumi-cli";
