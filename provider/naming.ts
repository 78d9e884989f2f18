/**
 * Auto-names: `<resource name>-<7 hex>`, like Pulumi's own. The SDK fills the name of an assistant,
 * SIP trunk or phone number that the program leaves out; the suffix is a hash of what makes the
 * resource's URN (sdk/resource.ts), so preview and up agree, two stacks never share a name, and the
 * name belongs to exactly one resource of one stack. That last property is what lets the provider
 * adopt a leftover object with that name after a crash (see the lifecycle's create).
 */
import { createHash } from "node:crypto";

/** The auto-name of `resourceName`, given a seed that names one resource (see sdk/resource.ts). */
export function autoNameFor(resourceName: string, seed: string): string {
  return `${resourceName}-${createHash("sha256").update(seed).digest("hex").slice(0, 7)}`;
}

/** True for a name in the auto-name format (a name ending in `-` and 7 lowercase hex digits). */
export function isAutoName(name: unknown): boolean {
  return typeof name === "string" && /.-[0-9a-f]{7}$/.test(name);
}
