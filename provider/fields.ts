/**
 * Per-field rules, written once on the field they govern with zod's `.meta()`:
 *
 * ```ts
 * apiKey: z.string().meta({ secret: true }).optional(),
 * phoneNumber: e164.meta({ replaceOnChanges: true }),
 * ```
 *
 * The lifecycle, the SDK and the reference docs read them back from `z.toJSONSchema()` of the
 * resource's schema (never from zod internals), so a rule on a nested field applies wherever that
 * field appears (in every item of a list, in both branches of a union). The keys follow JSON
 * Schema where it has a word for the rule (`writeOnly`, `readOnly`, `default`) and Pulumi where it
 * does not (`secret`, `replaceOnChanges`).
 */
import { z } from "zod";

export interface FieldRules {
  /** A Pulumi secret wherever it appears: encrypted in the state, `[secret]` in previews and outputs. */
  secret?: boolean;
  /** The API accepts it but never returns it (a password): the state keeps the declared value. */
  writeOnly?: boolean;
  /**
   * Computed by the server: an output, never an input (check refuses it; refresh and diff ignore
   * it as an input).
   */
  readOnly?: boolean;
  /** A change replaces the resource (the API cannot change it in place). Top-level fields only. */
  replaceOnChanges?: boolean;
  /**
   * The value the platform holds when the field is omitted. For a top-level field, removing it from
   * the program sends this value; a removed top-level field without one is left as it is.
   */
  default?: unknown;
  /**
   * Whether the API can set the field back to empty (null) once set; the platform's `acceptsNull`
   * when not given. A top-level field that cannot be cleared and has no non-null `default` cannot be
   * removed from a program: check says so instead of a silent no-op.
   */
  clearable?: boolean;
  /** The API's name of the field when it is not the snake_case of the property name. */
  wireName?: string;
  /** A free-form object whose keys are data (a JSON Schema, vendor options): sent and read back as written. */
  verbatim?: boolean;
  /** Reference docs: the unit of a number (`seconds`, `milliseconds`, `0–1`). */
  unit?: string;
  /** Reference docs: the vendor page the field comes from. */
  see?: string;
  /** Reference docs: what the field is. */
  description?: string;
}

/** A JSON Schema node as `z.toJSONSchema` writes it, with the {@link FieldRules} keys. */
export type SchemaNode = FieldRules & {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  allOf?: SchemaNode[];
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  $ref?: string;
  $defs?: Record<string, SchemaNode>;
  [key: string]: unknown;
};

const jsonSchemas = new WeakMap<z.ZodType, SchemaNode>();

/** The input JSON Schema of `schema` (computed once per schema object). */
export function jsonSchemaOf(schema: z.ZodType): SchemaNode {
  let node = jsonSchemas.get(schema);
  if (!node) {
    node = z.toJSONSchema(schema, { io: "input", unrepresentable: "any", cycles: "ref", reused: "inline" }) as SchemaNode;
    jsonSchemas.set(schema, node);
  }
  return node;
}

/** The alternatives a node stands for: itself, or the branches of its union (nullable included). */
export function branches(node: SchemaNode, root: SchemaNode): SchemaNode[] {
  const resolved = resolve(node, root);
  const alts = resolved.anyOf ?? resolved.oneOf ?? resolved.allOf;
  return alts ? alts.flatMap((alt) => branches(alt, root)).map((alt) => ({ ...pickRules(resolved), ...alt })) : [resolved];
}

/** The schema node of the property `key` inside `node` (any branch), if one declares it. */
export function childNode(node: SchemaNode | undefined, key: string, root: SchemaNode): SchemaNode | undefined {
  if (!node) return undefined;
  for (const alt of branches(node, root)) {
    const child = alt.properties?.[key];
    if (child) return child;
  }
  return undefined;
}

/** The schema node of each item of a list `node` (any branch). */
export function itemNode(node: SchemaNode | undefined, root: SchemaNode): SchemaNode | undefined {
  if (!node) return undefined;
  for (const alt of branches(node, root)) if (alt.items) return alt.items;
  return undefined;
}

/** The rules on a node, merged over its branches (a rule on `x.nullable()` or on `x` alike). */
export function rulesOf(node: SchemaNode | undefined, root: SchemaNode): FieldRules {
  if (!node) return {};
  const out: FieldRules = {};
  for (const alt of [resolve(node, root), ...branches(node, root)]) Object.assign(out, pickRules(alt));
  return out;
}

/**
 * Every path whose field carries `rule`, as property paths with `[]` for each item of a list:
 * `llmConfig.tools[].server.secret`. A path stops at the first field carrying the rule.
 */
export function pathsWith(schema: z.ZodType, rule: keyof FieldRules): string[] {
  const root = jsonSchemaOf(schema);
  const found = new Set<string>();
  const seen = new Set<SchemaNode>();
  const visit = (node: SchemaNode, at: string) => {
    if (seen.has(node)) return; // a recursive schema
    seen.add(node);
    if (at && rulesOf(node, root)[rule] !== undefined && rulesOf(node, root)[rule] !== false) {
      found.add(at);
      seen.delete(node);
      return;
    }
    for (const alt of branches(node, root)) {
      for (const [k, child] of Object.entries(alt.properties ?? {})) visit(child, at ? `${at}.${k}` : k);
      if (alt.items) visit(alt.items, `${at}[]`);
    }
    seen.delete(node);
  };
  visit(root, "");
  return [...found];
}

/** `llmConfig.tools[].server.secret` → `llmConfig`, `tools`, `[]`, `server`, `secret` (the form {@link pathsWith} writes). */
export function pathSegments(p: string): string[] {
  return p.replace(/\[\]/g, ".[]").split(".").filter(Boolean);
}

/** The top-level properties whose field carries `rule`, with the rule's value. */
export function topLevelWith<K extends keyof FieldRules>(schema: z.ZodType, rule: K): Map<string, NonNullable<FieldRules[K]>> {
  const root = jsonSchemaOf(schema);
  const out = new Map<string, NonNullable<FieldRules[K]>>();
  for (const [k, child] of Object.entries(root.properties ?? {})) {
    const value = rulesOf(child, root)[rule];
    // `false` means "not set" for the flag rules; for `default` and `clearable` it is a value.
    if (value !== undefined && (value !== false || rule === "default" || rule === "clearable")) out.set(k, value as NonNullable<FieldRules[K]>);
  }
  return out;
}

const RULE_KEYS: (keyof FieldRules)[] = ["secret", "writeOnly", "readOnly", "replaceOnChanges", "default", "clearable", "wireName", "verbatim", "unit", "see", "description"];

function pickRules(node: SchemaNode): FieldRules {
  const out: Record<string, unknown> = {};
  for (const k of RULE_KEYS) if (node[k] !== undefined) out[k] = node[k];
  return out as FieldRules;
}

function resolve(node: SchemaNode, root: SchemaNode): SchemaNode {
  if (!node.$ref) return node;
  const name = node.$ref.replace(/^#\/\$defs\//, "");
  const target = node.$ref === "#" ? root : root.$defs?.[name];
  return target ? { ...target, ...node, $ref: undefined } : node;
}

// Typed `.meta()` keys: a typo in a rule name fails to compile instead of silently doing nothing.
declare module "zod" {
  interface GlobalMeta extends FieldRules {}
}
