/**
 * What every resource class of this package does the same way, driven by the resource's
 * `ResourceSpec`: output slots for each property, auto-naming, secrets, and the two inputs every
 * resource has besides its API fields (`adoptId`, `additionalFields`; see `provider/lifecycle.ts`).
 */
import * as pulumi from "@pulumi/pulumi";
// `import type` statements, not `import { type X }`: the declaration files must parse on TypeScript 3.8.
import type { ResourceSpec } from "../provider/lifecycle";
import { AUTO_NAMED_KEY, metaInputsShape } from "../provider/lifecycle";
import { isPlainObject } from "../provider/canonical";
import { autoNameFor } from "../provider/naming";

/**
 * `<resource name>-<7 hex>`, like Pulumi's auto-names. The suffix is derived from what makes the
 * resource's URN: project, stack, type and name, and for a child of a component its parent's URN
 * (so `Assistant("support")` in two components gets two names). Preview and up agree, two stacks never
 * share a name, and the name belongs to exactly one resource: the provider relies on that to
 * recognise an object a crashed run made (see `provider/lifecycle.ts`). Top-level resources keep the
 * names earlier versions gave them; a resource already in the state keeps its name in any case.
 */
function autoName(type: string, resourceName: string, parent: pulumi.Resource | undefined): pulumi.Input<string> {
  if (!parent) return autoNameFor(resourceName, [pulumi.getProject(), pulumi.getStack(), type, resourceName].join("/"));
  return parent.urn.apply((urn) => autoNameFor(resourceName, [urn, type, resourceName].join("/")));
}

/**
 * The props a resource registers: every property as an output slot (Pulumi registers outputs from
 * the keys it is given), then the args with the spec's auto-name and secrets applied, then
 * `overrides`. A read of an existing object (`opts.id`) registers only the slots.
 */
export function resourceProps(
  spec: ResourceSpec,
  resourceName: string,
  args: object,
  opts: pulumi.CustomResourceOptions | undefined,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const slots = Object.fromEntries([...Object.keys(spec.schema.shape), ...Object.keys(metaInputsShape)].map((k) => [k, undefined]));
  if (opts?.id) return slots;
  const given = args as Record<string, unknown>;
  const props: Record<string, unknown> = { ...slots, ...given, ...overrides };
  if (spec.autoNamed && given[spec.autoNamed] === undefined) {
    props[spec.autoNamed] = autoName(`hms:${spec.kind}`, resourceName, opts?.parent);
    props[AUTO_NAMED_KEY] = true;
  }
  for (const key of spec.secrets ?? []) props[key] = given[key] === undefined ? undefined : pulumi.secret(given[key]);
  return props;
}

/** The options with the spec's secrets added to `additionalSecretOutputs`. */
export function resourceOptions(spec: ResourceSpec, opts: pulumi.CustomResourceOptions | undefined): pulumi.CustomResourceOptions {
  return { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...(spec.secrets ?? [])] };
}

/** True for an object literal in a program (not an Output or a Promise), whose members can be rewritten one by one. */
export function isLiteralObject(value: unknown): value is Record<string, unknown> {
  return isPlainObject(value) && !pulumi.Output.isInstance(value) && !(value instanceof Promise);
}
