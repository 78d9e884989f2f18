/**
 * What every resource class of this package does the same way: output slots for each schema
 * property, auto-naming, secret outputs and the two inputs every resource has besides its API
 * fields (`adoptId`, `additionalFields`; see `provider/lifecycle.ts`).
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";

/** Inputs every resource accepts besides the API's own fields. */
export interface MetaArgs {
  /**
   * Id of an existing object to bring under management instead of creating one (`pulumi import` does
   * not work for dynamic resources). The first `pulumi up` reads it and PATCHes only the declared
   * properties that differ, so adopting an identical configuration sends no change; a missing id
   * fails at preview. After adoption, removing `adoptId` changes nothing. `pulumi destroy` deletes
   * the object unless the `retainOnDelete` resource option is set.
   */
  adoptId?: pulumi.Input<string>;
  /**
   * API fields this package does not model yet, in the API's snake_case: deep-merged into every
   * create and update body as written (objects merge key by key; setting a value a modelled
   * property also sets fails `pulumi preview`), compared and refreshed like any declared property,
   * not validated. Example: `{ tts_config: { new_vendor_option: 3 } }`.
   */
  additionalFields?: pulumi.Input<Record<string, unknown>>;
}

/** Outputs of the two {@link MetaArgs}. */
export interface MetaOutputs {
  readonly adoptId: pulumi.Output<string | undefined>;
  readonly additionalFields: pulumi.Output<Record<string, unknown> | undefined>;
}

/**
 * `<resource name>-<7 hex>`, like Pulumi's auto-names. The suffix is derived from the project,
 * stack, type and resource name, so preview and up agree and two stacks never share a name.
 */
export function autoName(type: string, resourceName: string): string {
  const seed = [pulumi.getProject(), pulumi.getStack(), type, resourceName].join("/");
  return `${resourceName}-${createHash("sha256").update(seed).digest("hex").slice(0, 7)}`;
}

/** The props a resource registers: every schema property as an output slot, then the args. */
export function resourceProps(schema: z.ZodObject, args: object, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const slots = Object.fromEntries([...Object.keys(schema.shape), "adoptId", "additionalFields"].map((k) => [k, undefined]));
  return { ...slots, ...args, ...overrides };
}

/** `value` as a Pulumi secret, or undefined when it is not set. */
export function secretOrUndefined(value: pulumi.Input<unknown> | undefined): pulumi.Output<unknown> | undefined {
  return value === undefined ? undefined : pulumi.secret(value);
}

/** The options with `secrets` added to `additionalSecretOutputs`. */
export function withSecretOutputs(opts: pulumi.CustomResourceOptions | undefined, secrets: string[]): pulumi.CustomResourceOptions {
  return { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secrets] };
}

/** True for a plain object literal (not an Output or a Promise), whose members can be rewritten one by one. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !pulumi.Output.isInstance(value) && !(value instanceof Promise) && !Array.isArray(value);
}
