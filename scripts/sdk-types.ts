/**
 * Generates `sdk/<platform>/<resource>-args.ts` for every resource of every platform (`npm run
 * sdk-types`; the list is `PAGES` in ./reference-docs.ts): the public argument and output types as
 * plain interfaces, with the fields' docs on every property, the way Pulumi's own provider SDKs are
 * written.
 *
 * Why not derive them with `z.input<...>` (as the provider does internally): a Pulumi project without
 * a `typescript` of its own compiles its program with the TypeScript 3.8 that `@pulumi/pulumi`
 * vendors, and there zod's types collapse (`'adoptId' does not exist in type 'SipTrunkArgs'`). Plain
 * interfaces, `pulumi.Input` and string-literal unions mean the same on every TypeScript Pulumi supports.
 *
 * Structure comes from the schemas' JSON Schema and the field rules, docs from `.meta()` or the JSDoc,
 * read exactly as scripts/reference-docs.ts reads them. `readOnly` fields (computed by the server)
 * are in the value form only. `test/sdk-types.test.ts` fails when the checked-in files differ from
 * this output.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { rulesOf, type SchemaNode } from "../provider/fields";
import { REPO_ROOT as ROOT } from "./pulumi-cli";
import { isRequired, isRest, PAGES, pageView, peel, readDocs, unionOf, type Doc, type Docs, type Page } from "./reference-docs";

/** The free-form object type (`additionalFields`, `speechConfig`, JSON Schema documents). */
const FREE_FORM = "{ [key: string]: unknown }";

/** `sttConfigSchema` → `SttConfig`. */
const typeName = (constName: string) => constName.replace(/Schema$/, "").replace(/^./, (c) => c.toUpperCase());

/** A JSDoc block (indented), wrapped at 100 columns; nothing when there is no text. */
function jsdoc(doc: Doc | undefined, indent: string, extra: string[] = []): string[] {
  const tags = Object.entries(doc?.tags ?? {}).map(([tag, value]) => `@${tag} ${value}`.trim());
  const paragraphs = [doc?.text ?? "", ...extra].filter(Boolean);
  if (!paragraphs.length && !tags.length) return [];
  const lines: string[] = [];
  const wrap = (text: string) => {
    let line = "";
    for (const word of text.replace(/\*\//g, "*\\/").split(" ")) {
      if (line && indent.length + 3 + line.length + 1 + word.length > 100) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) lines.push(line);
  };
  paragraphs.forEach((p, i) => {
    if (i) lines.push("");
    wrap(p);
  });
  for (const tag of tags) wrap(tag);
  if (lines.length === 1) return [`${indent}/** ${lines[0]} */`];
  return [`${indent}/**`, ...lines.map((l) => (l ? `${indent} * ${l}` : `${indent} *`)), `${indent} */`];
}

/** Generates one resource's file. */
function renderResource(page: Page, metaDocs: Docs): string {
  const view = pageView(page, metaDocs);
  const { spec, root, nameOf } = view;
  const title = `${page.platform}.${spec.kind}`;
  /** Nested types, in the order first met: `[name, source]`. */
  const emitted = new Map<string, string>();

  /** A field's doc; a secret says so wherever its description does not. */
  function docOf(constName: string | undefined, key: string, node: SchemaNode): Doc {
    const doc = view.fieldDoc(constName, key, node, root);
    return rulesOf(node, root).secret && !/Pulumi secret/.test(doc.text) ? { ...doc, text: `${doc.text} A Pulumi secret.`.trim() } : doc;
  }

  /**
   * The TypeScript type of a node: `input` gives the argument form (`pulumi.Input` at every level, as
   * Pulumi resolves nested Outputs), otherwise the plain value an output holds.
   */
  function typeOf(node: SchemaNode, input: boolean, at: string): string {
    const { node: n, nullable } = peel(node, root);
    const wrap = (t: string) => (input ? `pulumi.Input<${t}>` : t);
    const orNull = (t: string) => (nullable ? `${t} | null` : t);
    const union = unionOf(n);
    if (union) {
      const constName = nameOf(n);
      if (!constName) throw new Error(`${title}: ${at} is a union that is not an exported schema const`);
      const base = typeName(constName);
      if (!emitted.has(base)) {
        emitted.set(base, ""); // reserve the slot: variants come after the union in the file
        const absent = (tag: unknown) => (tag === undefined ? union.key : undefined);
        const variants = union.variants.map((v) => named(v.node, false, at, absent(v.tag)));
        const inputs = union.variants.map((v) => named(v.node, true, at, absent(v.tag)));
        const doc = view.docs.get(constName)?.doc;
        emitted.set(
          base,
          [...jsdoc(doc, ""), `export type ${base}Args = ${inputs.join(" | ")};`, "", ...jsdoc(doc, ""), `export type ${base} = ${variants.join(" | ")};`].join("\n"),
        );
      }
      return wrap(orNull(input ? `${base}Args` : base));
    }
    // A discriminator (`type: "function"`): a plain literal, so that unions narrow on every TypeScript.
    if (n.const !== undefined) return orNull(JSON.stringify(n.const));
    if (n.enum) return wrap(orNull(n.enum.map((v) => JSON.stringify(v)).join(" | ")));
    switch (n.type) {
      case "string":
        return wrap(orNull("string"));
      case "integer":
      case "number":
        return wrap(orNull("number"));
      case "boolean":
        return wrap(orNull("boolean"));
      case "array":
        return wrap(orNull(`Array<${typeOf(n.items ?? {}, input, `${at}[]`)}>`));
      case "object":
        return wrap(orNull(n.properties ? named(n, input, at) : FREE_FORM));
      default:
        throw new Error(`${title}: ${at}: no TypeScript type for JSON Schema ${JSON.stringify(n).slice(0, 120)}`);
    }
  }

  /**
   * The name of an exported object schema's interface (`XArgs` or `X`), emitting both on first use;
   * `absent` is a discriminator this variant of a union leaves out (`type?: undefined`).
   */
  function named(obj: SchemaNode, input: boolean, at: string, absent?: string): string {
    const constName = nameOf(obj);
    if (!constName) throw new Error(`${title}: ${at} is not an exported schema const, so it has no docs`);
    const base = typeName(constName);
    if (!emitted.has(base)) {
      emitted.set(base, "");
      const own = view.docs.get(constName);
      // The argument form leaves out what the server computes.
      const members = (flavour: boolean) =>
        Object.entries(obj.properties ?? {})
          .filter(([, node]) => !flavour || !rulesOf(node, root).readOnly)
          .flatMap(([key, node]) => {
            const type = key === absent ? "undefined" : typeOf(node, flavour, `${at}.${key}`);
            return [...jsdoc(docOf(constName, key, node), "  "), `  ${key}${isRequired(obj, key) ? "" : "?"}: ${type};`];
          });
      emitted.set(
        base,
        [
          ...jsdoc(own?.doc, "", ["The argument form: every value may also be an Output or a Promise."]),
          `export interface ${base}Args {`,
          ...members(true),
          "}",
          "",
          ...jsdoc(own?.doc, "", ["The value form, as outputs hold it."]),
          `export interface ${base} {`,
          ...members(false),
          "}",
        ].join("\n"),
      );
    }
    return input ? `${base}Args` : base;
  }

  const topName = nameOf(root);
  const field = (parent: SchemaNode, constName: string | undefined) =>
    Object.entries(parent.properties ?? {}).map(([key, node]) => ({
      key,
      node,
      doc: docOf(constName, key, node),
      optional: !isRequired(parent, key) || key === spec.autoNamed,
      readOnly: rulesOf(node, root).readOnly === true,
    }));
  const all = [...field(root, topName), ...(view.meta ? field(view.meta, "metaInputsShape") : [])];
  const argLines = all
    .filter((f) => !f.readOnly)
    .flatMap(({ key, node, doc, optional }) => [...jsdoc(doc, "  "), `  ${key}${optional ? "?" : ""}: ${typeOf(node, true, key)};`]);
  const outputLines = all.flatMap(({ key, node, doc, optional }) => {
    // An auto-named property always has a value; other optional ones are undefined when not declared.
    const maybe = optional && key !== spec.autoNamed ? " | undefined" : "";
    return [...jsdoc(doc, "  "), `  readonly ${key}: pulumi.Output<${typeOf(node, false, key)}${maybe}>;`];
  });
  const required = all.filter((f) => !f.optional && !f.readOnly).map(({ key }) => `\`${key}\``);
  const rest = isRest(spec);
  const intro = [
    `Arguments of \`${title}\`: the API's fields in camelCase (the API's snake_case names are derived)${rest ? ", plus `adoptId` and `additionalFields`" : ""}.`,
    required.length ? `${required.join(", ")} ${required.length === 1 ? "is" : "are"} required; omitted fields keep the server's defaults.` : "All optional; omitted fields keep the server's defaults.",
    `Every value may be an Output or a Promise. Full table: \`${page.doc}\`.`,
  ].join(" ");
  // Only the core lifecycle's resources can be read by id (`Resource.get`).
  const outputs = `The outputs of \`${title}\`: the declared properties with their live values${rest ? " (every live field for a `get`)" : ""}.`;
  const sources = [page.schemas, ...(rest ? ["provider/lifecycle.ts"] : [])].join(" and ");

  return [
    `// Generated by \`npm run sdk-types\` (scripts/sdk-types.ts) from ${sources}. Do not edit by hand.`,
    "// Plain interfaces, so that they mean the same on every TypeScript Pulumi supports (3.8 and later).",
    'import type * as pulumi from "@pulumi/pulumi";',
    "",
    ...jsdoc({ text: intro, tags: (topName && view.docs.get(topName)?.doc?.tags) || {} }, ""),
    `export interface ${spec.kind}Args {`,
    ...argLines,
    "}",
    "",
    `/** ${outputs} */`,
    `export interface ${spec.kind}Outputs {`,
    ...outputLines,
    "}",
    ...[...emitted.values()].flatMap((source) => ["", source]),
  ].join("\n") + "\n";
}

/** `{ "sdk/<platform>/<file>-args.ts": content }` for every resource. */
export function renderSdkTypes(): Record<string, string> {
  const metaDocs = readDocs("provider/lifecycle.ts");
  return Object.fromEntries(PAGES.map((p) => [`sdk/${p.platform}/${p.file}-args.ts`, renderResource(p, metaDocs)]));
}

if (require.main === module) {
  for (const [file, content] of Object.entries(renderSdkTypes())) {
    fs.mkdirSync(path.dirname(path.join(ROOT, file)), { recursive: true });
    fs.writeFileSync(path.join(ROOT, file), content);
    console.log(`wrote ${file}`);
  }
}
