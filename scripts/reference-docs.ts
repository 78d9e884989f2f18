/**
 * Generates the reference page of every resource of every platform (`npm run docs`), listed once in
 * {@link PAGES} (which `scripts/sdk-types.ts` shares).
 *
 * Structure, types, enums, ranges, nullability and optionality come from the resource schema's JSON
 * Schema (`jsonSchemaOf` in provider/fields.ts, i.e. `z.toJSONSchema`), never from zod internals;
 * the per-field rules (secret, readOnly, replaceOnChanges, default, unit, see, description) from the
 * fields' `.meta()`. Where `.meta()` has no description (HMS), the JSDoc of the schema consts is
 * read from the source with the TypeScript compiler API, matched by (exported schema const, property
 * name), with its `@default`, `@unit` and `@see` tags. A nested node is mapped back to its const by
 * comparing JSON Schemas (see {@link schemaNamer}). `test/reference-docs.test.ts` fails when the
 * checked-in pages differ from this output.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { z } from "zod";
import * as hmsAssistant from "../provider/hms/assistant";
import * as hmsPhoneNumber from "../provider/hms/phone-number";
import * as hmsSipTrunk from "../provider/hms/sip-trunk";
import * as burkiAssistant from "../provider/burki/assistant";
import * as burkiSchema from "../provider/burki/schema";
import * as revoxAssistant from "../provider/revox/assistant";
import * as revoxSchema from "../provider/revox/schema";
import { camelToSnake } from "../provider/casing";
import { jsonSchemaOf, rulesOf, type FieldRules, type SchemaNode } from "../provider/fields";
import { metaInputsShape, specRules, type ResourceSpec, type SpecRules } from "../provider/lifecycle";
import { REPO_ROOT as ROOT } from "./pulumi-cli";

/**
 * What the pages need of a resource that has a provider of its own instead of the core lifecycle
 * (`burki.PhoneNumber`): no collection, no `adoptId` / `additionalFields`.
 */
export type OwnSpec = Pick<ResourceSpec, "kind" | "schema" | "deleteBeforeReplace" | "autoNamed">;

/** One resource: its reference page and its SDK types file. */
export interface Page {
  /** SDK module and type-token namespace: `hms` → `hms.Assistant`, `pulumi-nodejs:dynamic/hms:Assistant`. */
  platform: string;
  /** The SDK types file is `sdk/<platform>/<file>-args.ts`. */
  file: string;
  /** The reference page. */
  doc: string;
  /** The module exporting the schema consts; nested types are named after them (`llmConfigSchema` → `LlmConfig`). */
  module: Record<string, unknown>;
  /** The source of those consts, whose JSDoc documents what `.meta()` does not. */
  schemas: string;
  /** The resource's own file, whose header comment leads the page (default: `schemas`). */
  provider?: string;
  spec: ResourceSpec | OwnSpec;
  /** Secret-column notes for rows no `secret` rule covers: `[path prefix, note]`. */
  secretNotes?: [prefix: string, note: string][];
}

/**
 * HMS's nested-secret note, mirroring `withSecretTools` in sdk/hms/assistant.ts: the tools list is
 * the smallest unit the engine can keep secret, so a tool's `server.secret` makes the whole list secret.
 */
const NESTED_SECRETS: [prefix: string, note: string][] = [["llmConfig.tools", "if a tool has `server.secret`"]];

/** Every resource of every platform. A new platform is a few entries here. */
export const PAGES: Page[] = [
  { platform: "hms", file: "assistant", doc: "docs/reference/assistant.md", module: hmsAssistant, schemas: "provider/hms/assistant.ts", spec: hmsAssistant.assistantSpec, secretNotes: NESTED_SECRETS },
  { platform: "hms", file: "phone-number", doc: "docs/reference/phone-number.md", module: hmsPhoneNumber, schemas: "provider/hms/phone-number.ts", spec: hmsPhoneNumber.phoneNumberSpec },
  { platform: "hms", file: "sip-trunk", doc: "docs/reference/sip-trunk.md", module: hmsSipTrunk, schemas: "provider/hms/sip-trunk.ts", spec: hmsSipTrunk.sipTrunkSpec },
  {
    platform: "burki",
    file: "assistant",
    doc: "docs/reference/burki/assistant.md",
    module: burkiSchema,
    schemas: "provider/burki/schema.ts",
    provider: "provider/burki/assistant.ts",
    spec: burkiAssistant.assistantSpec,
  },
  {
    platform: "burki",
    file: "phone-number",
    doc: "docs/reference/burki/phone-number.md",
    module: burkiSchema,
    schemas: "provider/burki/schema.ts",
    provider: "provider/burki/phone-number.ts",
    // Its provider's diff replaces on `phoneNumber` (the field's rule) and creates the new one first.
    spec: { kind: "PhoneNumber", schema: burkiSchema.phoneNumberSchema, deleteBeforeReplace: false },
  },
  {
    platform: "revox",
    file: "assistant",
    doc: "docs/reference/revox/assistant.md",
    module: revoxSchema,
    schemas: "provider/revox/schema.ts",
    provider: "provider/revox/assistant.ts",
    spec: revoxAssistant.assistantSpec,
  },
  {
    platform: "revox",
    file: "phone-number",
    doc: "docs/reference/revox/phone-number.md",
    module: revoxSchema,
    schemas: "provider/revox/schema.ts",
    provider: "provider/revox/phone-number.ts",
    // Its provider's diff replaces on `phoneNumber` (the field's rule) and routes the new one first.
    spec: { kind: "PhoneNumber", schema: revoxSchema.phoneNumberSchema, deleteBeforeReplace: false },
  },
];

/** A core REST resource (collection, `adoptId` / `additionalFields`), as opposed to one with a provider of its own. */
export const isRest = (spec: ResourceSpec | OwnSpec): spec is ResourceSpec => "collection" in spec;

// ---- JSDoc ----------------------------------------------------------------------------------------

export interface Doc { text: string; tags: Record<string, string> }
export type Docs = Map<string, { doc?: Doc; props: Map<string, Doc> }>;

/** JSDoc of every top-level const in `file` whose value is (or wraps) an object literal, and of its properties. */
export function readDocs(file: string): Docs {
  const src = ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), "utf8"), ts.ScriptTarget.Latest, true);
  const docOf = (node: ts.Node): Doc | undefined => {
    const jsdoc = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc).at(-1);
    if (!jsdoc) return undefined;
    const tags: Record<string, string> = {};
    for (const tag of jsdoc.tags ?? []) {
      // `@see https://…` parses as a name reference `https` plus the comment `://…`: glue them back.
      const name = ts.isJSDocSeeTag(tag) && tag.name ? tag.name.getText() : "";
      tags[tag.tagName.text] = oneLine(name + (ts.getTextOfJSDocComment(tag.comment) ?? ""));
    }
    return { text: oneLine(ts.getTextOfJSDocComment(jsdoc.comment) ?? ""), tags };
  };
  const docs: Docs = new Map();
  for (const stmt of src.statements.filter(ts.isVariableStatement)) {
    for (const decl of stmt.declarationList.declarations) {
      const init = decl.initializer;
      const literal = init && ts.isCallExpression(init) ? init.arguments.find(ts.isObjectLiteralExpression) : init;
      const props = new Map<string, Doc>();
      if (literal && ts.isObjectLiteralExpression(literal)) {
        for (const p of literal.properties) if (p.name && ts.isIdentifier(p.name)) props.set(p.name.text, docOf(p) ?? { text: "", tags: {} });
      }
      docs.set(decl.name.getText(), { doc: docOf(decl), props });
    }
  }
  return docs;
}

const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();

// ---- the JSON Schema, as both generators read it ------------------------------------------------

const isNull = (n: SchemaNode) => n.type === "null";

/**
 * Peels nullability off a node: `anyOf: [X, {type: "null"}]` or `type: [t, "null"]` is X, nullable.
 * The field's rules (written on the outer node or on X) stay on the result.
 */
export function peel(node: SchemaNode, root: SchemaNode): { node: SchemaNode; nullable: boolean } {
  if (Array.isArray(node.type) && node.type.includes("null")) {
    const rest = node.type.filter((t) => t !== "null");
    return { node: { ...node, type: rest.length === 1 ? rest[0] : rest }, nullable: true };
  }
  const alts = node.anyOf;
  if (alts?.some(isNull)) {
    const others = alts.filter((a) => !isNull(a));
    const { anyOf: _alts, ...outer } = node;
    return { node: others.length === 1 ? { ...rulesOf(node, root), ...others[0] } : { ...outer, anyOf: others }, nullable: true };
  }
  return { node, nullable: false };
}

/** The variants of a union node and the property that tells them apart (`type`), or undefined for a non-union. */
export function unionOf(node: SchemaNode): { key: string; variants: { tag: unknown; node: SchemaNode }[] } | undefined {
  const alts = node.oneOf ?? node.anyOf;
  if (!alts) return undefined;
  // The discriminator: a property some variant pins with `const` (a variant without it has it absent).
  const key = Object.keys(alts.find((a) => a.properties)?.properties ?? {}).find((k) => alts.some((a) => a.properties?.[k]?.const !== undefined));
  if (!key) throw new Error(`a union without a discriminator: ${JSON.stringify(node).slice(0, 200)}`);
  return { key, variants: alts.map((a) => ({ tag: a.properties?.[key]?.const, node: a })) };
}

/** Whether `key` is required in the object `node`. */
export const isRequired = (node: SchemaNode, key: string) => node.required?.includes(key) ?? false;

/** A JSON Schema puts no bound on an int but these (zod's safe-integer range): they say nothing. */
const unbounded = (n: unknown) => n === Number.MAX_SAFE_INTEGER || n === Number.MIN_SAFE_INTEGER;

const RULE_KEYS: (keyof FieldRules)[] = ["secret", "writeOnly", "readOnly", "replaceOnChanges", "default", "clearable", "wireName", "verbatim", "unit", "see", "description"];

/** JSON with sorted keys: equal for equal values. */
const canonical = (v: unknown): string => {
  const sorted = (x: unknown): unknown =>
    Array.isArray(x) ? x.map(sorted) : x && typeof x === "object" ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, y]) => [k, sorted(y)])) : x;
  return JSON.stringify(sorted(v));
};

/** A node's shape without the field-level keys (its description, default… are the field's), to compare nodes. */
const shapeKey = (node: SchemaNode) => canonical(Object.fromEntries(Object.entries(node).filter(([k]) => k !== "$schema" && !(RULE_KEYS as string[]).includes(k))));

/**
 * The exported schema const a node comes from (`llmConfigSchema`). The JSON Schema carries no names,
 * so each exported schema's own JSON Schema is compared with the node's shape.
 */
export function schemaNamer(module: Record<string, unknown>): (node: SchemaNode) => string | undefined {
  const byShape = new Map<string, string[]>();
  for (const [name, value] of Object.entries(module)) {
    if (!(value instanceof z.ZodType)) continue;
    const key = shapeKey(jsonSchemaOf(value));
    byShape.set(key, [...(byShape.get(key) ?? []), name]);
  }
  return (node) => {
    const names = byShape.get(shapeKey(node));
    if (names && names.length > 1) throw new Error(`${names.join(" and ")} have the same JSON Schema: the generated names would be ambiguous`);
    return names?.[0];
  };
}

/** Everything a page's generators read, computed once per page. */
export interface PageView {
  page: Page;
  spec: ResourceSpec | OwnSpec;
  /** The resource schema's JSON Schema. */
  root: SchemaNode;
  /** The JSON Schema of `adoptId` / `additionalFields`, for a core REST resource. */
  meta?: SchemaNode;
  docs: Docs;
  nameOf: (node: SchemaNode) => string | undefined;
  /** The per-field rules (only the schema is read, so a resource with its own provider works too). */
  rules: SpecRules;
  /** A field's doc: the `.meta()` description, else the JSDoc; meta tags where the JSDoc has none. */
  fieldDoc: (constName: string | undefined, key: string, node: SchemaNode, root: SchemaNode) => Doc;
}

export function pageView(page: Page, metaDocs: Docs): PageView {
  const docs = readDocs(page.schemas);
  for (const [k, v] of metaDocs) docs.set(k, v);
  const nameOf = schemaNamer(page.module);
  const meta = isRest(page.spec) ? jsonSchemaOf(z.object(metaInputsShape)) : undefined;
  return {
    page,
    spec: page.spec,
    root: jsonSchemaOf(page.spec.schema),
    meta,
    docs,
    nameOf: (node) => (node === meta ? "metaInputsShape" : nameOf(node)),
    rules: specRules(page.spec as ResourceSpec),
    fieldDoc(constName, key, node, root) {
      const jsdoc = (constName && docs.get(constName)?.props.get(key)) || { text: "", tags: {} };
      const r = rulesOf(node, root);
      const tags = { ...jsdoc.tags };
      // The JSDoc's wording wins where both give one (HMS's `@default all four` over the list itself).
      if (r.default !== undefined && tags.default === undefined) tags.default = ownDefaults(node, r.default, root) ? "its properties' defaults" : json(r.default);
      if (r.unit !== undefined && tags.unit === undefined) tags.unit = r.unit;
      if (r.see !== undefined && tags.see === undefined) tags.see = r.see;
      return { text: r.description !== undefined ? oneLine(r.description) : jsdoc.text, tags };
    },
  };
}

/**
 * Whether an object's default is just its properties' own defaults (Burki's settings blocks), which
 * its section lists one by one: the page then says so instead of repeating them as one long JSON.
 */
function ownDefaults(node: SchemaNode, value: unknown, root: SchemaNode): boolean {
  const { node: n } = peel(node, root);
  if (!n.properties || !value || typeof value !== "object" || Array.isArray(value)) return false;
  const own = Object.entries(n.properties).flatMap(([k, child]) => {
    const d = rulesOf(child, root).default;
    return d === undefined ? [] : [[k, d] as const];
  });
  return canonical(Object.fromEntries(own)) === canonical(value);
}

/** JSON with a space after each `,` and `:` between members, so that a long default wraps in a docstring. */
function json(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(json).join(", ")}]`;
  if (v && typeof v === "object") return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${json(x)}`).join(", ")}}`;
  return JSON.stringify(v);
}

/** Whether `at` is secret by a field rule: it, or an object it lies in (a secret record is secret whole). */
export const isSecretPath = (rules: SpecRules, at: string) => rules.secretPaths.some((p) => at === p || at.startsWith(p + ".") || at.startsWith(p + "["));
/** Whether `at` is computed by the server (an output only). */
export const isReadOnlyPath = (rules: SpecRules, at: string) => rules.readOnlyPaths.some((p) => at === p || at.startsWith(p + ".") || at.startsWith(p + "["));

// ---- the page -------------------------------------------------------------------------------------

const code = (s: unknown) => "`" + String(s) + "`";
const cell = (s: string) => s.replace(/\|/g, "\\|");
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
const link = (url: string | undefined) => (url ? `[${url.replace(/^https?:\/\/[^/]+\/(docs\/)?/, "")}](${url})` : "—");
/** JSON Schema format names → the names the pages used (zod's). */
const FORMATS: Record<string, string> = { uri: "url" };
/** Unit text without the range already shown: Burki's `unit: "0–2"` next to the range `0–2`. */
const sameRange = (a: string, b: string) => a.replace(/−/g, "-") === b.replace(/−/g, "-");

/** Ranges and patterns of a (peeled) node, e.g. `0–5000`, `length ≤ 64`, `≥ 1 item`. */
function range(n: SchemaNode): string[] {
  const out: string[] = [];
  const num = (k: string) => (typeof n[k] === "number" && !unbounded(n[k]) ? (n[k] as number) : undefined);
  const [lo, hi, xlo, xhi] = [num("minimum"), num("maximum"), num("exclusiveMinimum"), num("exclusiveMaximum")];
  if (lo !== undefined && hi !== undefined) out.push(`${lo}–${hi}`);
  else {
    if (lo !== undefined) out.push(`≥ ${lo}`);
    else if (xlo !== undefined) out.push(`> ${xlo}`);
    if (hi !== undefined) out.push(`≤ ${hi}`);
    else if (xhi !== undefined) out.push(`< ${xhi}`);
  }
  const items = (op: string, k: number) => `${op} ${k} item${k === 1 ? "" : "s"}`;
  if (num("minItems") !== undefined) out.push(items("≥", num("minItems")!));
  if (num("maxItems") !== undefined) out.push(items("≤", num("maxItems")!));
  if (num("minLength") !== undefined) out.push(`length ≥ ${num("minLength")}`);
  if (num("maxLength") !== undefined) out.push(`length ≤ ${num("maxLength")}`);
  // A format (email) comes with its own pattern; only a pattern of ours is worth showing.
  if (typeof n.pattern === "string" && !n.format) out.push(`pattern ${code(n.pattern)}`);
  return out;
}

interface Section { id: string; title: string; intro: string; rows: string[][] }

/** Renders one page; `metaDocs` is the JSDoc of lifecycle.ts; `warn` hears about undocumented properties. */
function renderPage(page: Page, metaDocs: Docs, noMetaInputs: string[], warn: (msg: string) => void): string {
  const view = pageView(page, metaDocs);
  const { spec, root, rules, nameOf } = view;
  const title = `${page.platform}.${spec.kind}`;
  const sections: Section[] = [];

  /** Adds a section for an object node (and, depth first, for the objects inside it); returns its anchor. */
  function section(obj: SchemaNode, prefix: string, api: string, heading: string, label = "", absent?: string): string {
    const constName = nameOf(obj);
    const own = constName ? view.docs.get(constName) : undefined;
    if (!constName) warn(`${title}: ${heading} is not an exported schema const, so it has no JSDoc`);
    // Variants get `-type-` in their anchor so `tools[]` (function) and `tools[].function` differ.
    const id = slug(label ? `${heading} type ${label}` : heading);
    if (sections.some((x) => x.id === id)) throw new Error(`duplicate anchor #${id} in ${title}`);
    const intro = `${own?.doc?.text ?? ""} Schema: ${code(constName)}.`.trim();
    const s: Section = { id, title: label ? `${code(heading)} (${label})` : code(heading), intro, rows: [] };
    sections.push(s);
    s.rows.push(...rowsOf(obj, prefix, api, absent));
    return id;
  }

  /** The rows of an object's properties; `absent` is a discriminator this variant leaves out. */
  function rowsOf(obj: SchemaNode, prefix: string, api: string, absent?: string): string[][] {
    const constName = nameOf(obj);
    const see = constName ? view.docs.get(constName)?.doc?.tags.see : undefined;
    return Object.entries(obj.properties ?? {}).map(([key, node]) => row(key, node, obj, prefix, api, constName, see, key === absent));
  }

  /** The type column; objects and unions get their own sections and a link to them. */
  function typeOf(node: SchemaNode, at: string, api: string): string {
    const { node: n } = peel(node, root);
    const union = unionOf(n);
    if (union) {
      // A discriminated union: one section per variant, labelled by its discriminator value.
      const variants = union.variants.map(({ tag, node: v }) => {
        const label = tag === undefined ? "flat" : String(tag);
        return `[${label}](#${section(v, at + ".", api + ".", at, label, tag === undefined ? union.key : undefined)})`;
      });
      return "one of " + variants.join(", ");
    }
    if (n.const !== undefined) return code(JSON.stringify(n.const));
    if (n.enum) return "one of " + n.enum.map(code).join(", ");
    switch (n.type) {
      case "string": return typeof n.format === "string" ? `string (${FORMATS[n.format] ?? n.format})` : "string";
      case "integer": return "integer";
      case "number": return "number";
      case "boolean": return "boolean";
      case "object": return n.properties ? `[object](#${section(n, at + ".", api + ".", at)})` : "object (free-form, keys as written)";
      case "array": {
        const el = typeOf(n.items ?? {}, at + "[]", api + "[]");
        return /^\w+$/.test(el) ? `${el}[]` : `array of ${el}`;
      }
      default: return n.type === undefined ? "unknown" : String(n.type);
    }
  }

  function row(key: string, node: SchemaNode, parent: SchemaNode, prefix: string, apiPrefix: string, constName: string | undefined, fallbackSee: string | undefined, absent: boolean): string[] {
    const at = prefix + key;
    const top = at.split(/\.|\[/)[0];
    const { node: n, nullable } = peel(node, root);
    const r = rulesOf(node, root);
    const doc = view.fieldDoc(constName, key, node, root);
    let text = doc.text;
    if (!text) {
      warn(`${title}: ${at} (${constName}.${key}) has no description (meta) or JSDoc`);
      if (n.const !== undefined) text = `Always ${code(JSON.stringify(n.const))}.`;
    }
    const isMeta = constName === "metaInputsShape";
    const wire = apiPrefix + (r.wireName ?? camelToSnake(key));
    const api = isMeta ? (key === "adoptId" ? "— (not sent)" : "— (merged into the body)") : code(wire);
    const required = spec.autoNamed === at ? "no (auto-named)" : isRequired(parent, key) ? "yes" : "no";
    const dflt = doc.tags.default;
    const literalDefault = dflt !== undefined && /^(null|true|false|-?[\d.]+|".*"|\[.*\]|\{.*\})$/.test(dflt);
    const span = range(n).join(", ");
    const unit = doc.tags.unit && !sameRange(doc.tags.unit, span) ? doc.tags.unit : undefined;
    const units = [span, unit].filter(Boolean).join(" ");
    const replaces = (isRest(spec) && spec.replaceOnChanges === "all") || rules.replaceOnChanges.includes(top);
    const change =
      key === "adoptId" && isMeta ? "none (read at create only)"
      : isReadOnlyPath(rules, at) ? "output only"
      : replaces ? (spec.deleteBeforeReplace ? "replace (delete first)" : "replace")
      : "in place";
    const secret = !isMeta && isSecretPath(rules, at) ? "yes" : (page.secretNotes?.find(([p]) => at.startsWith(p))?.[1] ?? "no");
    // Catch a description promising a secret that no `secret` rule backs.
    if (/(^|[.:] )(A|The whole \w+ is a) Pulumi secret/.test(text) && secret === "no") warn(`${title}: ${at} says it is a Pulumi secret, but its field has no \`secret\` rule`);
    const type = absent ? "absent" : typeOf(node, at, wire) + (nullable ? ", nullable" : "");
    return [code(at), api, type, required, dflt === undefined ? "—" : literalDefault ? code(dflt) : dflt, units || "—", change, secret, text, link(doc.tags.see ?? fallbackSee)];
  }

  // The top-level table: the API's fields, then the meta inputs (pushed first so nested sections follow it).
  const main: Section = { id: "properties", title: "Properties", intro: "", rows: [] };
  sections.push(main);
  main.rows.push(...rowsOf(root, "", ""), ...(view.meta ? rowsOf(view.meta, "", "") : []));

  const head = ["Property", "API field", "Type", "Required", "Default", "Unit / range", "Change", "Secret", "Description", "Vendor doc"];
  const table = (rows: string[][]) => [head, head.map(() => "---"), ...rows].map((r) => `| ${r.map(cell).join(" | ")} |`).join("\n");
  const others = noMetaInputs.map(code);
  const but = others.length ? ` but ${others.length > 1 ? `${others.slice(0, -1).join(", ")} and ${others.at(-1)}` : others[0]}` : "";
  const metaNote = view.meta ? ` \`adoptId\` and \`additionalFields\` exist on every resource${but}.` : "";
  const body = sections.map((s, i) =>
    i === 0
      ? `## Properties\n\nRequired: must be set in the program.${metaNote}\n\n${table(s.rows)}`
      : `<a id="${s.id}"></a>\n\n### ${s.title}\n\n${s.intro} Required: must be set when the parent is set.\n\n${table(s.rows)}`,
  );
  const sources = [...new Set([page.schemas, page.provider ?? page.schemas])].join(" and ");
  const generated = `<!-- Generated by \`npm run docs\` (scripts/reference-docs.ts) from ${sources}. Do not edit by hand. -->`;
  return [`# ${title}`, generated, summary(view), ...body].join("\n\n") + "\n";
}

/** The paragraph under the title: what it is, where it lives, and what a change does. */
function summary({ page, spec, rules, docs, nameOf, root }: PageView): string {
  // The first paragraph of the resource file's header comment says what the resource is.
  const header = fs.readFileSync(path.join(ROOT, page.provider ?? page.schemas), "utf8").match(/^\/\*\*([\s\S]*?)\*\//)![1];
  const lead = oneLine(header.split(/\n\s*\*\s*\n/)[0].replace(/^\s*\* ?/gm, ""));
  const see = docs.get(nameOf(root)!)?.doc?.tags.see ?? rulesOf(root, root).see ?? oneLine(header.replace(/^\s*\* ?/gm, "")).match(/vendor docs: (https?:\/\/[^\s);,]+)/)?.[1];
  const list = (keys: string[]) => keys.map(code).join(", ");
  const dbr = spec.deleteBeforeReplace ? " (the old one is deleted first)" : " (the replacement is created before the old one is deleted)";
  const rest = isRest(spec) ? spec : undefined;
  const verb = rest ? ` (${rest.platform.rest.updateMethod})` : "";
  const behaviour =
    rest?.replaceOnChanges === "all"
      ? `The API has no ${rest.platform.rest.updateMethod} for this collection, so **every change replaces the resource**${dbr}.`
      : rules.replaceOnChanges.length
        ? `Changing ${list(rules.replaceOnChanges)} **replaces the resource**${dbr}; every other property updates in place${verb}.`
        : `Every property updates in place${verb}; the id never changes on an edit.`;
  const writeOnly = rules.writeOnly.length ? `${list(rules.writeOnly)} is write-only: the state keeps the declared value, and refresh does not compare it with the API's.` : "";
  const where = [`Type token ${code(`pulumi-nodejs:dynamic/${page.platform}:${spec.kind}`)}`, rest && `API path ${code(rest.collection)}`, see && `vendor docs: <${see}>`].filter(Boolean).join("; ") + ".";
  return [lead, where, behaviour, writeOnly, rest && removal(rest, rules)].filter(Boolean).join(" ");
}

/** What removing a property from the program does (the core lifecycle's rules: `uncleared` there). */
function removal(spec: ResourceSpec, rules: SpecRules): string {
  if (spec.replaceOnChanges === "all") return "";
  const list = (keys: string[]) => keys.map(code).join(", ");
  // A field's own `clearable` rule, else the platform's: an API that ignores null cannot go back to a
  // null default either, and such a removal fails the preview.
  const clearable = (k: string) => rules.clearable.get(k) ?? spec.platform.rest.acceptsNull;
  const defaults = Object.keys(rules.defaults).filter((k) => clearable(k) || rules.defaults[k] !== null);
  const optional = Object.keys(spec.schema.shape).filter((k) => k !== spec.autoNamed && spec.schema.shape[k].safeParse(undefined).success);
  const stuck = optional.filter((k) => !defaults.includes(k) && !clearable(k));
  const kept = optional.filter((k) => !defaults.includes(k) && clearable(k));
  const named = spec.autoNamed ? ` (\`${spec.autoNamed}\` keeps its value)` : "";
  const why = spec.platform.rest.acceptsNull ? "it has no empty value for it" : "it ignores null";
  const cannot = `fails the preview${named}: the ${spec.platform.title} API cannot clear it (${why}).`;
  const others = !stuck.length
    ? "any other removed property keeps its live value."
    : !kept.length
      ? `removing any other property once set ${cannot}`
      : `removing ${list(stuck)} once set ${cannot} Any other removed property keeps its live value.`;
  const out = defaults.length
    ? `A property removed from the program goes back to its default for ${list(defaults)}; ${others}`
    : !stuck.length ? "A property removed from the program keeps its live value." : `Removing a property once set ${cannot}`;
  // An API that replaces nested objects whole is sent them complete, the undeclared sub-keys at their defaults.
  return spec.platform.rest.completeUpdate ? `${out} A nested property removed from the program goes back to its default (nested objects are sent whole).` : out;
}

/** `{ "<page.doc>": content }` for every resource. */
export function renderReference(warn: (msg: string) => void = () => {}): Record<string, string> {
  const metaDocs = readDocs("provider/lifecycle.ts");
  const noMetaInputs = PAGES.filter((p) => !isRest(p.spec)).map((p) => `${p.platform}.${p.spec.kind}`);
  return Object.fromEntries(PAGES.map((p) => [p.doc, renderPage(p, metaDocs, noMetaInputs, warn)]));
}

if (require.main === module) {
  for (const [file, content] of Object.entries(renderReference((msg) => console.warn(`warning: ${msg}`)))) {
    fs.mkdirSync(path.dirname(path.join(ROOT, file)), { recursive: true });
    fs.writeFileSync(path.join(ROOT, file), content);
    console.log(`wrote ${file}`);
  }
}
