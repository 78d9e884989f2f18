/**
 * What every resource class of this package does the same way, driven by the resource's
 * `ResourceSpec`: output slots for each property, auto-naming, secrets, and the two inputs every
 * resource has besides its API fields (`adoptId`, `additionalFields`; see `provider/lifecycle.ts`).
 */
import * as pulumi from "@pulumi/pulumi";
// `import type` statements, not `import { type X }`: the declaration files must parse on TypeScript 3.8.
import type { ResourceSpec } from "../provider/lifecycle";
import { AUTO_NAMED_KEY, metaInputsShape, specRules } from "../provider/lifecycle";
import { isPlainObject } from "../provider/canonical";
import { pathSegments } from "../provider/fields";
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
/**
 * What the SDK needs of a resource: a core `ResourceSpec`, or the same few fields for a resource with
 * a provider of its own (`metaInputs: false`: no `adoptId` / `additionalFields`).
 */
export type SdkSpec = Pick<ResourceSpec, "kind" | "schema" | "autoNamed"> & { platform: { name: string }; metaInputs?: boolean };

export function resourceProps(
  spec: SdkSpec,
  resourceName: string,
  args: object,
  opts: pulumi.CustomResourceOptions | undefined,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const meta = spec.metaInputs === false ? [] : Object.keys(metaInputsShape);
  const slots = Object.fromEntries([...Object.keys(spec.schema.shape), ...meta].map((k) => [k, undefined]));
  if (opts?.id) return slots;
  const given = args as Record<string, unknown>;
  const props: Record<string, unknown> = { ...slots, ...given };
  const rules = specRules(spec as ResourceSpec);
  // Nested secrets (`llmProviderConfig.apiKey`): only that value is wrapped, the rest stays readable in previews.
  for (const p of rules.secretPaths.filter((p) => /[.[]/.test(p))) {
    const [head, ...rest] = pathSegments(p);
    if (given[head] !== undefined) props[head] = secretAt(props[head], rest);
  }
  Object.assign(props, overrides);
  if (spec.autoNamed && given[spec.autoNamed] === undefined) {
    props[spec.autoNamed] = autoName(`${spec.platform.name}:${spec.kind}`, resourceName, opts?.parent);
    props[AUTO_NAMED_KEY] = true;
  }
  for (const key of rules.secrets) props[key] = given[key] === undefined ? undefined : pulumi.secret(given[key]);
  return props;
}

/**
 * `value` with what lies at `path` (`[]` for each item of a list) wrapped in `pulumi.secret`. Where
 * the program passes an Output or a Promise instead of a literal, its members cannot be reached one
 * by one before it resolves: the whole value becomes secret when it holds such a member.
 */
function secretAt(value: unknown, path: string[]): unknown {
  if (value === undefined || value === null) return value;
  if (path.length === 0) return pulumi.secret(value as pulumi.Input<unknown>);
  const [head, ...rest] = path;
  if (pulumi.Output.isInstance(value) || value instanceof Promise) {
    return pulumi.output(value).apply((v: unknown) => (holds(v, path) ? pulumi.secret(v) : v));
  }
  if (head === "[]") return Array.isArray(value) ? value.map((item) => secretAt(item, rest)) : value;
  if (!isPlainObject(value) || value[head] === undefined) return value;
  return { ...value, [head]: secretAt(value[head], rest) };
}

/** Whether a resolved value has something at `path`. */
function holds(value: unknown, path: string[]): boolean {
  if (path.length === 0) return value !== undefined && value !== null;
  const [head, ...rest] = path;
  if (head === "[]") return Array.isArray(value) && value.some((item) => holds(item, rest));
  return isPlainObject(value) && holds(value[head], rest);
}

/** The options with the spec's secrets added to `additionalSecretOutputs`. */
export function resourceOptions(spec: SdkSpec, opts: pulumi.CustomResourceOptions | undefined): pulumi.CustomResourceOptions {
  return { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...specRules(spec as ResourceSpec).secrets] };
}

/** True for an object literal in a program (not an Output or a Promise), whose members can be rewritten one by one. */
export function isLiteralObject(value: unknown): value is Record<string, unknown> {
  return isPlainObject(value) && !pulumi.Output.isInstance(value) && !(value instanceof Promise);
}
