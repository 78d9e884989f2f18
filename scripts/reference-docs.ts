/**
 * Generates `docs/reference/<resource>.md` from the code (`npm run docs`).
 *
 * Structure and types come from the runtime zod schemas; descriptions and the `@default`, `@unit` and
 * `@see` tags come from their JSDoc, read from the source files with the TypeScript compiler API and
 * matched by (exported schema const, property name). A nested schema is mapped back to its const by
 * identity with the module's exports. `test/reference-docs.test.ts` fails when the checked-in pages
 * differ from this output.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { z } from "zod";
import * as assistant from "../provider/hms/assistant";
import * as phoneNumber from "../provider/hms/phone-number";
import * as sipTrunk from "../provider/hms/sip-trunk";
import { camelToSnake } from "../provider/casing";
import { metaInputsShape, type ResourceSpec } from "../provider/lifecycle";
import { REPO_ROOT as ROOT } from "./pulumi-cli";

const PAGES: { file: string; module: Record<string, unknown>; spec: ResourceSpec }[] = [
  { file: "assistant", module: assistant, spec: assistant.assistantSpec },
  { file: "phone-number", module: phoneNumber, spec: phoneNumber.phoneNumberSpec },
  { file: "sip-trunk", module: sipTrunk, spec: sipTrunk.sipTrunkSpec },
];

/**
 * Secrets below the top level, mirroring `withSecretTools` in sdk/hms/assistant.ts: the tools list is
 * the smallest unit the engine can keep secret, so a tool's `server.secret` makes the whole list secret.
 */
const NESTED_SECRETS: [prefix: string, secret: string][] = [
  ["llmConfig.tools[].server.secret", "yes"],
  ["llmConfig.tools", "if a tool has `server.secret`"],
];

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
const code = (s: unknown) => "`" + String(s) + "`";
const cell = (s: string) => s.replace(/\|/g, "\\|");
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
const link = (url: string | undefined) => (url ? `[${url.replace(/^https?:\/\/[^/]+\/(docs\/)?/, "")}](${url})` : "—");

/** Peels `.optional()` / `.nullable()` off a schema. */
export function unwrap(schema: z.ZodType) {
  let s = schema as z.ZodType & { def: any }, optional = false, nullable = false;
  for (;;) {
    if (s.def.type === "optional") optional = true;
    else if (s.def.type === "nullable") nullable = true;
    else return { s, optional, nullable };
    s = s.def.innerType;
  }
}

/** Ranges and patterns from the schema's zod checks, e.g. `0–5000`, `length ≤ 64`, `≥ 1 item`. */
function range(s: { def: any }): string[] {
  const c = Object.fromEntries((s.def.checks ?? []).map((k: any) => [k._zod.def.check, k._zod.def]));
  const out: string[] = [];
  const lo = c.greater_than, hi = c.less_than;
  if (lo?.inclusive && hi?.inclusive) out.push(`${lo.value}–${hi.value}`);
  else {
    if (lo) out.push(`${lo.inclusive ? "≥" : ">"} ${lo.value}`);
    if (hi) out.push(`${hi.inclusive ? "≤" : "<"} ${hi.value}`);
  }
  const size = (op: string, n: number) => (s.def.type === "array" ? `${op} ${n} item${n === 1 ? "" : "s"}` : `length ${op} ${n}`);
  if (c.min_length) out.push(size("≥", c.min_length.minimum));
  if (c.max_length) out.push(size("≤", c.max_length.maximum));
  if (c.string_format?.format === "regex") out.push(`pattern ${code(c.string_format.pattern.source)}`);
  return out;
}

interface Section { id: string; title: string; intro: string; rows: string[][] }

/** Renders one page; `metaDocs` is the JSDoc of lifecycle.ts; `warn` hears about undocumented properties. */
function renderPage({ file, module, spec }: (typeof PAGES)[number], metaDocs: Docs, warn: (msg: string) => void): string {
  const docs = readDocs(`provider/hms/${file}.ts`);
  for (const [k, v] of metaDocs) docs.set(k, v);
  // Exported schema object → its const name, to find the JSDoc of nested schemas.
  const names = new Map<unknown, string>(Object.entries(module).map(([k, v]) => [v, k]));
  const meta = z.object(metaInputsShape);
  names.set(meta, "metaInputsShape");
  const secrets = spec.secrets ?? [];
  const autoNamed = spec.autoNamed ? [spec.autoNamed] : [];
  const sections: Section[] = [];

  /** Adds a section for an object schema (and, depth first, for the objects inside it); returns its anchor. */
  function section(obj: z.ZodObject, prefix: string, title: string, label = ""): string {
    const constName = names.get(obj);
    const own = constName ? docs.get(constName) : undefined;
    if (!constName) warn(`${spec.kind}: ${title} is not an exported schema const, so it has no JSDoc`);
    // Variants get `-type-` in their anchor so `tools[]` (function) and `tools[].function` differ.
    const id = slug(label ? `${title} type ${label}` : title);
    if (sections.some((x) => x.id === id)) throw new Error(`duplicate anchor #${id} in ${spec.kind}`);
    const intro = `${own?.doc?.text ?? ""} Schema: ${code(constName)}.`.trim();
    const s: Section = { id, title: label ? `${code(title)} (${label})` : code(title), intro, rows: [] };
    sections.push(s);
    s.rows.push(...rowsOf(obj, prefix));
    return id;
  }

  function rowsOf(obj: z.ZodObject, prefix: string): string[][] {
    const constName = names.get(obj);
    const see = constName ? docs.get(constName)?.doc?.tags.see : undefined;
    return Object.entries(obj.shape).map(([key, value]) => row(key, value as z.ZodType, prefix, constName, see));
  }

  /** The type column; objects and unions get their own sections and a link to them. */
  function typeOf(schema: z.ZodType, at: string): string {
    const { s } = unwrap(schema);
    const d = s.def;
    switch (d.type) {
      case "string": return d.format && d.format !== "regex" ? `string (${d.format})` : "string";
      case "number": return d.format?.includes("int") ? "integer" : "number";
      case "enum": return "one of " + Object.values(d.entries).map(code).join(", ");
      case "literal": return d.values[0] === undefined ? "absent" : code(JSON.stringify(d.values[0]));
      case "record": return "object (free-form, keys as written)";
      case "object": return `[object](#${section(s as unknown as z.ZodObject, at + ".", at)})`;
      case "array": {
        const el = typeOf(d.element, at + "[]");
        return /^\w+$/.test(el) ? `${el}[]` : `array of ${el}`;
      }
      case "union": {
        // A discriminated union: one section per variant, labelled by its discriminator value.
        const variants = d.options.map((o: z.ZodObject) => {
          const tag = unwrap((o.shape as any)[d.discriminator]).s.def.values?.[0];
          const label = tag === undefined ? "flat" : tag;
          return `[${label}](#${section(o, at + ".", at, label)})`;
        });
        return "one of " + variants.join(", ");
      }
      default: return d.type;
    }
  }

  function row(key: string, schema: z.ZodType, prefix: string, constName: string | undefined, fallbackSee: string | undefined): string[] {
    const at = prefix + key;
    const top = at.split(/\.|\[/)[0];
    const { s, optional, nullable } = unwrap(schema);
    const doc = (constName && docs.get(constName)?.props.get(key)) || { text: "", tags: {} as Record<string, string> };
    let text = doc.text;
    if (!text) {
      warn(`${spec.kind}: ${at} (${constName}.${key}) has no JSDoc description`);
      if (s.def.type === "literal") text = `Always ${code(JSON.stringify(s.def.values[0]))}.`;
    }
    const isMeta = constName === "metaInputsShape";
    const api = isMeta ? (key === "adoptId" ? "— (not sent)" : "— (merged into the body)") : code(camelToSnake(at));
    const required = optional ? "no" : autoNamed.includes(at) ? "no (auto-named)" : "yes";
    const tagged = doc.tags.default;
    const fallback = !prefix && key in spec.defaults ? JSON.stringify(spec.defaults[key]) : undefined;
    const dflt = tagged ?? fallback;
    const literalDefault = dflt !== undefined && /^(null|true|false|-?[\d.]+|".*"|\[.*\])$/.test(dflt);
    const units = [range(s).join(", "), doc.tags.unit].filter(Boolean).join(" ");
    const replaces = spec.replaceOnChanges === "all" || spec.replaceOnChanges.includes(top);
    const change = key === "adoptId" && isMeta ? "none (read at create only)" : replaces ? (spec.deleteBeforeReplace ? "replace (delete first)" : "replace") : "in place";
    const secret = !prefix && secrets.includes(key) ? "yes" : (NESTED_SECRETS.find(([p]) => at.startsWith(p))?.[1] ?? "no");
    // Catch a JSDoc promising a secret that the spec does not mark.
    if (/Pulumi secret\./.test(text) && secret === "no") warn(`${spec.kind}: ${at} says it is a Pulumi secret, but ${spec.kind}'s spec does not list it in \`secrets\``);
    const type = typeOf(schema, at) + (nullable ? ", nullable" : "");
    return [code(at), api, type, required, dflt === undefined ? "—" : literalDefault ? code(dflt) : dflt, units || "—", change, secret, text, link(doc.tags.see ?? fallbackSee)];
  }

  // The top-level table: the API's fields, then the meta inputs (pushed first so nested sections follow it).
  const main: Section = { id: "properties", title: "Properties", intro: "", rows: [] };
  sections.push(main);
  main.rows.push(...rowsOf(spec.schema, ""), ...rowsOf(meta, ""));

  const head = ["Property", "API field", "Type", "Required", "Default", "Unit / range", "Change", "Secret", "Description", "Vendor doc"];
  const table = (rows: string[][]) => [head, head.map(() => "---"), ...rows].map((r) => `| ${r.map(cell).join(" | ")} |`).join("\n");
  const body = sections.map((s, i) =>
    i === 0
      ? `## Properties\n\nRequired: must be set in the program. \`adoptId\` and \`additionalFields\` exist on every resource.\n\n${table(s.rows)}`
      : `<a id="${s.id}"></a>\n\n### ${s.title}\n\n${s.intro} Required: must be set when the parent is set.\n\n${table(s.rows)}`,
  );
  const generated = `<!-- Generated by \`npm run docs\` (scripts/reference-docs.ts) from provider/hms/${file}.ts. Do not edit by hand. -->`;
  return [`# hms.${spec.kind}`, generated, summary(file, spec, docs.get(names.get(spec.schema)!)?.doc?.tags.see), ...body].join("\n\n") + "\n";
}

/** The paragraph under the title: what it is, where it lives, and what a change does. */
function summary(file: string, spec: ResourceSpec, see: string | undefined): string {
  // The first paragraph of the resource file's header comment says what the resource is.
  const header = fs.readFileSync(path.join(ROOT, `provider/hms/${file}.ts`), "utf8").match(/^\/\*\*([\s\S]*?)\*\//)![1];
  const lead = oneLine(header.split(/\n\s*\*\s*\n/)[0].replace(/^\s*\* ?/gm, ""));
  const list = (keys: string[]) => keys.map(code).join(", ");
  const dbr = spec.deleteBeforeReplace ? " (the old one is deleted first)" : " (the replacement is created before the old one is deleted)";
  const behaviour =
    spec.replaceOnChanges === "all"
      ? `The API has no PATCH for this collection, so **every change replaces the resource**${dbr}.`
      : spec.replaceOnChanges.length
        ? `Changing ${list(spec.replaceOnChanges)} **replaces the resource**${dbr}; every other property updates in place (PATCH).`
        : "Every property updates in place (PATCH); the id never changes on an edit.";
  const defaults = Object.keys(spec.defaults);
  // Removing a property is a change like any other; what it leaves behind depends on `spec.defaults`.
  const removal =
    spec.replaceOnChanges === "all" ? "" : defaults.length
      ? `A property removed from the program goes back to its default for ${list(defaults)}; any other removed property keeps its live value.`
      : "A property removed from the program keeps its live value.";
  const writeOnly = spec.writeOnly?.length ? `${list(spec.writeOnly)} is write-only: the API never returns it, so refresh cannot see it change outside Pulumi.` : "";
  const where = `Type token ${code(`pulumi-nodejs:dynamic/hms:${spec.kind}`)}; API path ${code(spec.collection)}; vendor docs: <${see}>.`;
  return [lead, where, behaviour, writeOnly, removal].filter(Boolean).join(" ");
}

/** `{ "docs/reference/<file>.md": content }` for every resource. */
export function renderReference(warn: (msg: string) => void = () => {}): Record<string, string> {
  const metaDocs = readDocs("provider/lifecycle.ts");
  return Object.fromEntries(PAGES.map((p) => [`docs/reference/${p.file}.md`, renderPage(p, metaDocs, warn)]));
}

if (require.main === module) {
  for (const [file, content] of Object.entries(renderReference((msg) => console.warn(`warning: ${msg}`)))) {
    fs.mkdirSync(path.dirname(path.join(ROOT, file)), { recursive: true });
    fs.writeFileSync(path.join(ROOT, file), content);
    console.log(`wrote ${file}`);
  }
}
