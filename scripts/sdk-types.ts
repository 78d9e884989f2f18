/**
 * Generates `sdk/hms/<resource>-args.ts` from the zod schemas (`npm run sdk-types`): the public
 * argument and output types of every resource as plain interfaces, with the schema's JSDoc on every
 * property, the way Pulumi's own provider SDKs are written.
 *
 * Why not derive them with `z.input<...>` (as the provider does internally): a Pulumi project without
 * a `typescript` of its own compiles its program with the TypeScript 3.8 that `@pulumi/pulumi`
 * vendors, and there zod's types collapse (`'adoptId' does not exist in type 'SipTrunkArgs'`). Plain
 * interfaces, `pulumi.Input` and string-literal unions mean the same on every TypeScript Pulumi supports.
 *
 * Structure comes from the runtime schemas, docs from their JSDoc (read like scripts/reference-docs.ts
 * does). `test/sdk-types.test.ts` fails when the checked-in files differ from this output.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import * as assistant from "../provider/hms/assistant";
import * as phoneNumber from "../provider/hms/phone-number";
import * as sipTrunk from "../provider/hms/sip-trunk";
import { metaInputsShape, type ResourceSpec } from "../provider/lifecycle";
import { REPO_ROOT as ROOT } from "./pulumi-cli";
import { readDocs, unwrap, type Doc, type Docs } from "./reference-docs";

const RESOURCES: { file: string; module: Record<string, unknown>; spec: ResourceSpec }[] = [
  { file: "assistant", module: assistant, spec: assistant.assistantSpec },
  { file: "phone-number", module: phoneNumber, spec: phoneNumber.phoneNumberSpec },
  { file: "sip-trunk", module: sipTrunk, spec: sipTrunk.sipTrunkSpec },
];

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
function renderResource({ file, module, spec }: (typeof RESOURCES)[number], metaDocs: Docs): string {
  const docs = readDocs(`provider/hms/${file}.ts`);
  const names = new Map<unknown, string>(Object.entries(module).map(([k, v]) => [v, k]));
  /** Nested types, in the order first met: `[name, source]`. */
  const emitted = new Map<string, string>();

  /**
   * The TypeScript type of a (peeled) schema: `input` gives the argument form (`pulumi.Input` at every
   * level, as Pulumi resolves nested Outputs), otherwise the plain value an output holds.
   */
  function typeOf(schema: z.ZodType, input: boolean, at: string): string {
    const { s, nullable } = unwrap(schema);
    const d = s.def;
    const wrap = (t: string) => (input ? `pulumi.Input<${t}>` : t);
    const orNull = (t: string) => (nullable ? `${t} | null` : t);
    switch (d.type) {
      case "string":
        return wrap(orNull("string"));
      case "number":
        return wrap(orNull("number"));
      case "boolean":
        return wrap(orNull("boolean"));
      case "enum":
        return wrap(orNull(Object.values(d.entries as Record<string, string>).map((v) => JSON.stringify(v)).join(" | ")));
      case "literal":
        // A discriminator (`type: "function"`): a plain literal, so that unions narrow on every TypeScript.
        return orNull((d.values as unknown[]).map((v) => (v === undefined ? "undefined" : JSON.stringify(v))).join(" | "));
      case "record":
        return wrap(orNull(FREE_FORM));
      case "array": {
        const element = typeOf(d.element, input, `${at}[]`);
        return wrap(orNull(`Array<${element}>`));
      }
      case "object":
        return wrap(orNull(named(s as unknown as z.ZodObject, input, at)));
      case "union": {
        const constName = names.get(s);
        if (!constName) throw new Error(`${at}: a union that is not an exported schema const`);
        const base = typeName(constName);
        if (!emitted.has(base)) {
          emitted.set(base, ""); // reserve the slot: variants come after the union in the file
          const variants = (d.options as z.ZodObject[]).map((o) => named(o, false, at));
          const inputs = (d.options as z.ZodObject[]).map((o) => named(o, true, at));
          const doc = docs.get(constName)?.doc;
          emitted.set(
            base,
            [
              ...jsdoc(doc, ""),
              `export type ${base}Args = ${inputs.join(" | ")};`,
              "",
              ...jsdoc(doc, ""),
              `export type ${base} = ${variants.join(" | ")};`,
            ].join("\n"),
          );
        }
        return wrap(orNull(input ? `${base}Args` : base));
      }
      default:
        throw new Error(`${at}: no TypeScript type for zod type ${d.type}`);
    }
  }

  /** The name of an exported object schema's interface (`XArgs` or `X`), emitting both on first use. */
  function named(obj: z.ZodObject, input: boolean, at: string): string {
    const constName = names.get(obj);
    if (!constName) throw new Error(`${spec.kind}: ${at} is not an exported schema const, so it has no docs`);
    const base = typeName(constName);
    if (!emitted.has(base)) {
      emitted.set(base, "");
      const own = docs.get(constName);
      const members = (flavour: boolean) =>
        Object.entries(obj.shape).flatMap(([key, value]) => {
          const { optional } = unwrap(value as z.ZodType);
          return [...jsdoc(own?.props.get(key), "  "), `  ${key}${optional ? "?" : ""}: ${typeOf(value as z.ZodType, flavour, `${at}.${key}`)};`];
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

  const schema = spec.schema;
  const topDoc = docs.get(names.get(schema)!)?.doc;
  const props = Object.entries(schema.shape).map(([key, value]) => ({ key, value: value as z.ZodType, doc: docs.get(names.get(schema)!)?.props.get(key) }));
  const meta = Object.entries(metaInputsShape).map(([key, value]) => ({ key, value: value as z.ZodType, doc: metaDocs.get("metaInputsShape")?.props.get(key) }));
  const all = [...props, ...meta];
  const argLines = all.flatMap(({ key, value, doc }) => {
    const optional = unwrap(value).optional || key === spec.autoNamed;
    return [...jsdoc(doc, "  "), `  ${key}${optional ? "?" : ""}: ${typeOf(value, true, key)};`];
  });
  const outputLines = all.flatMap(({ key, value, doc }) => {
    // An auto-named property always has a value; other optional ones are undefined when not declared.
    const maybe = unwrap(value).optional && key !== spec.autoNamed ? " | undefined" : "";
    return [...jsdoc(doc, "  "), `  readonly ${key}: pulumi.Output<${typeOf(value, false, key)}${maybe}>;`];
  });
  const required = all.filter(({ key, value }) => !unwrap(value).optional && key !== spec.autoNamed).map(({ key }) => `\`${key}\``);
  const intro = [
    `Arguments of \`hms.${spec.kind}\`: the API's fields in camelCase (the API's snake_case names are derived), plus \`adoptId\` and \`additionalFields\`.`,
    required.length ? `${required.join(", ")} ${required.length === 1 ? "is" : "are"} required; omitted fields keep the server's defaults.` : "All optional; omitted fields keep the server's defaults.",
    `Every value may be an Output or a Promise. Full table: \`docs/reference/${file}.md\`.`,
  ].join(" ");

  return [
    `// Generated by \`npm run sdk-types\` (scripts/sdk-types.ts) from provider/hms/${file}.ts and provider/lifecycle.ts. Do not edit by hand.`,
    "// Plain interfaces, so that they mean the same on every TypeScript Pulumi supports (3.8 and later).",
    'import type * as pulumi from "@pulumi/pulumi";',
    "",
    ...jsdoc({ text: intro, tags: topDoc?.tags ?? {} }, ""),
    `export interface ${spec.kind}Args {`,
    ...argLines,
    "}",
    "",
    `/** The outputs of \`hms.${spec.kind}\`: the declared properties with their live values (every live field for a \`get\`). */`,
    `export interface ${spec.kind}Outputs {`,
    ...outputLines,
    "}",
    ...[...emitted.values()].flatMap((source) => ["", source]),
  ].join("\n") + "\n";
}

/** `{ "sdk/hms/<file>-args.ts": content }` for every resource. */
export function renderSdkTypes(): Record<string, string> {
  const metaDocs = readDocs("provider/lifecycle.ts");
  return Object.fromEntries(RESOURCES.map((r) => [`sdk/hms/${r.file}-args.ts`, renderResource(r, metaDocs)]));
}

if (require.main === module) {
  for (const [file, content] of Object.entries(renderSdkTypes())) {
    fs.writeFileSync(path.join(ROOT, file), content);
    console.log(`wrote ${file}`);
  }
}
