/**
 * The vendor-free part of `pulumi-voiceai-export`: from the live objects a platform module lists
 * (see {@link PlatformExporter}) to the source of a Pulumi program that adopts them.
 *
 * - {@link declared}: a live object as declared properties of its resource's schema (server-owned and
 *   computed fields left out, defaults left out, fields this package does not model moved to
 *   `additionalFields` or left out with a note, never with their value).
 * - {@link Secrets}: every secret (by the schema's `secret` rule, or by a field name that looks
 *   secret, at any depth) becomes a `config.requireSecret(...)` call; the header lists the
 *   `pulumi config set --secret` commands.
 * - {@link Names}: resource names and variable names that are ASCII identifiers, never a reserved
 *   word, never one of the program's own names and never the same for two objects.
 * - {@link literal}: TypeScript literals that compile on TypeScript 3.8 and 5.
 *
 * It never names a vendor: what to list, in which order, how objects reference each other and what
 * to say about fields left out comes from the platform's module (`./hms`, `./burki`, listed in
 * `./platforms`).
 */
import { isDeepStrictEqual } from "node:util";
import { camelToSnake, fromWire, toSnake } from "../../provider/casing";
import type { ApiClient } from "../../provider/client";
import { childNode, itemNode, jsonSchemaOf, pathSegments, rulesOf, type SchemaNode } from "../../provider/fields";
import { serverOwned, specRules, type ResourceSpec } from "../../provider/lifecycle";
import type { Platform } from "../../provider/platform";

export type Props = Record<string, unknown>;

/** Source code standing in for a value in the printed program (`config.requireSecret("k")`, `support.id`). */
export class Code {
  constructor(readonly source: string) {}
}

// ---- what a platform module supplies -------------------------------------------------------------

/** How one collection of a platform is exported. */
export interface CollectionExport {
  /** The resource's spec: kind (the SDK class), schema and per-field rules. */
  spec: ResourceSpec;
  /** Variable and resource name when the object's display name gives none (`assistant`, `trunk`). */
  noun: string;
  /** Every object of the collection, as the API has it (all pages). Fails naming the endpoint on an answer of another shape. */
  list(client: ApiClient): Promise<Props[]>;
  /** What the object's names derive from (default: its `name`). */
  displayName?(live: Props): unknown;
  /**
   * Whether fields equal to their documented default are left out (default true). Off for
   * collections whose programs always printed every field.
   */
  omitDefaults?: boolean;
  /**
   * Properties holding the id of another exported object, and that object's kind: the program
   * references it by variable (`assistantId: support.id`), so the routing survives a replacement.
   * The referenced collection must be printed first.
   */
  references?: Record<string, string>;
  /** Comments printed above the resource, after the projection's notes (a field the API never returns, …). */
  comments?(props: Props, variable: string): string[];
}

/** Everything the exporter knows about one platform: one module per platform, one entry in `./platforms`. */
export interface PlatformExporter {
  /** The platform: its `name` is the `--platform` value and the SDK namespace (`import * as hms`). */
  platform: Platform;
  /** The SDK module the program imports (`pulumi-voiceai/hms`). */
  sdkModule: string;
  /** The collections, in the order they are listed. */
  collections: CollectionExport[];
  /** The order they are printed in (kinds; default the listing order): referenced objects first. */
  printOrder?: string[];
  /**
   * Leave out nested fields equal to their default too (inside settings blocks and list items), for
   * an API that answers every nested object complete. A field whose own default differs from its
   * block's (what the server holds depends on how it was omitted) is always kept.
   */
  omitNestedDefaults?: boolean;
  /** Fields holding a JSON Schema document, whose keys name arguments, not credentials (default `parameters`, `schema`). */
  schemaDocKeys?: string[];
  /**
   * The words of the config key of a secret at `path` (property path, `additionalFields` removed,
   * list indexes as numbers) when it has a familiar name; undefined for the default (every segment).
   */
  secretKeyWords?(path: (string | number)[]): string[] | undefined;
  /** Header comments after the first line (what the program leaves out on purpose). */
  notes?: string[];
  /**
   * Lines printed after the resources (what cannot be exported, and how to declare it; resources of
   * its own providers, which have no adoptId), given what was printed (kind, variable, live id) and the client.
   */
  epilogue?(printed: Printed[], client: ApiClient): string[] | Promise<string[]>;
}

/** A resource the program declares: its kind, its variable and the id of the object it adopts. */
export interface Printed {
  kind: string;
  variable: string;
  id: string;
}

// ---- the program ---------------------------------------------------------------------------------

/** The program source for everything the client's account holds on `exporter`'s platform. */
export async function renderProgram(client: ApiClient, exporter: PlatformExporter): Promise<string> {
  const listed = new Map<CollectionExport, Props[]>();
  for (const collection of exporter.collections) listed.set(collection, await collection.list(client));
  const order = exporter.printOrder ?? exporter.collections.map((c) => c.spec.kind);
  const ns = exporter.platform.name;
  const names = new Names([ns]);
  const secrets = new Secrets(exporter);
  const lines: string[] = [];
  const varOf = new Map<string, Map<string, string>>();
  const printed: Printed[] = [];

  for (const kind of order) {
    const collection = exporter.collections.find((c) => c.spec.kind === kind);
    if (!collection) throw new Error(`export: printOrder names ${kind}, which no collection of ${ns} exports`);
    const { spec } = collection;
    const ids = new Map<string, string>();
    varOf.set(kind, ids);
    for (const live of listed.get(collection)!) {
      const name = names.take(collection.displayName ? collection.displayName(live) : live.name, collection.noun);
      ids.set(String(live.id), name.variable);
      const notes: string[] = [];
      const props = secrets.hide(declared(spec, live, notes, { defaults: collection.omitDefaults ?? true, nested: exporter.omitNestedDefaults ?? false }), name.variable, spec);
      lines.push(...notes, ...(collection.comments?.(props, name.variable) ?? []));
      for (const [key, target] of Object.entries(collection.references ?? {})) {
        const variable = varOf.get(target)?.get(String(props[key]));
        if (variable) props[key] = new Code(`${variable}.id`);
      }
      lines.push(resource(ns, kind, name, live.id, props));
      printed.push({ kind, variable: name.variable, id: String(live.id) });
    }
  }
  const epilogue = (await exporter.epilogue?.(printed, client)) ?? [];

  const header = [
    "// Generated by pulumi-voiceai-export: adopts the existing objects by id (adoptId).",
    ...(exporter.notes ?? []),
    ...(secrets.keys.length
      ? [
          "// Set the secrets first (the values are not exported; they are those of the fields the config keys are named after):",
          ...secrets.keys.map((s) => `//   pulumi config set --secret ${s} <value>`),
        ]
      : []),
    'import * as pulumi from "@pulumi/pulumi";',
    `import * as ${ns} from ${str(exporter.sdkModule)};`,
    "",
    "const config = new pulumi.Config();",
    "void config; // used only when an object has secrets",
    "",
  ];
  return [...header, ...lines, ...epilogue].join("\n") + "\n";
}

/** What a listing answered instead of what was expected, without any value (it may hold secrets): `an object with the keys "items"`. */
export function describeShape(page: unknown): string {
  const keys = isObject(page) ? Object.keys(page) : [];
  const keyList = keys.slice(0, 5).map((k) => JSON.stringify(k)).join(", ") + (keys.length > 5 ? ", …" : "");
  return isObject(page) ? (keys.length ? `an object with the keys ${keyList}` : "an empty object") : Array.isArray(page) ? "a bare array" : typeof page === "string" ? "a string" : String(page);
}

export const isObject = (v: unknown): v is Props => v !== null && typeof v === "object" && !Array.isArray(v);

/** `obj[key] = value` as an own property, also for the key `__proto__` (which an assignment would turn into a prototype). */
function put(obj: Props, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

// ---- projection ----------------------------------------------------------------------------------

/** A property path as the notes print it: `llmConfig.tools[0].server["x-y"]`. */
function pathText(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(String(p)) ? `${i ? "." : ""}${String(p)}` : `[${str(String(p))}]`)).join("");
}

/**
 * The live object as declared properties: the schema's fields (camelCase, by the schema's casing
 * rules), without server-owned and computed fields, nulls, and documented defaults (omitting them
 * changes nothing: adoption compares only what is declared). Fields the schema does not model go to
 * `additionalFields` as the API wrote them, so the adopted configuration stays identical, unless the
 * resource refuses them there (then they are left out with a note). A live value the schema refuses
 * (an API that validates less than this package) is left out with a note too: declared, it would
 * fail the preview; omitted, the object keeps it. Notes never show a value.
 */
export function declared(spec: ResourceSpec, live: Props, notes: string[], options: { defaults: boolean; nested: boolean }): Props {
  const { schema } = spec;
  const root = jsonSchemaOf(schema);
  const rules = specRules(spec);
  const defaults = options.defaults ? rules.defaults : {};
  const owned = serverOwned(spec.platform);
  const props: Props = {};
  const extra: Props = {};
  for (const [wireKey, value] of Object.entries(live)) {
    if (owned.includes(wireKey) || value === null) continue;
    const [[camel, converted]] = Object.entries(fromWire(schema, { [wireKey]: value }) as Props);
    if (!Object.hasOwn(schema.shape, camel)) {
      put(extra, wireKey, value);
      continue;
    }
    const node = childNode(root, camel, root);
    const kept = withoutComputed(converted, [camel], rules.readOnlyPaths);
    if (camel in defaults && isDeepStrictEqual(kept, defaults[camel])) continue;
    const short = options.nested ? withoutDefaults(kept, node, root, defaults[camel]) : kept;
    if (short !== undefined) props[camel] = short;
  }
  // Nested fields the schema does not know (a newer server) move to additionalFields too; inside a
  // list, where additionalFields cannot reach, they are left out (with a note, never their value).
  const parsed = schema.safeParse(props);
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    if (issue.code !== "unrecognized_keys") continue;
    let holder = props as Props;
    for (const p of issue.path) holder = holder[p as string] as Props;
    if (issue.path.some((p) => typeof p === "number")) {
      for (const k of issue.keys) {
        notes.push(`// Not exported: ${pathText([...issue.path, k])}, a field this package does not model inside a list (additionalFields cannot reach it); a change of ${String(issue.path[0])} sends the list without it.`);
        delete holder[k];
      }
      continue;
    }
    let target = extra;
    for (const p of issue.path) target = (target[camelToSnake(p as string)] ??= {}) as Props;
    for (const k of issue.keys) {
      target[camelToSnake(k)] = toSnake(holder[k]);
      delete holder[k];
    }
  }
  // Live values this package's rules refuse: the field that holds them is left out (a whole list for
  // a bad item: a shorter list would be a change). The auto-named property stays: without it the
  // SDK would name the object anew.
  for (let pass = 0; pass < 3; pass++) {
    const check = schema.safeParse(props);
    const bad = check.success ? [] : check.error.issues.filter((i) => i.code !== "unrecognized_keys" && i.path.length > 0 && i.path[0] !== spec.autoNamed);
    if (!bad.length) break;
    for (const issue of bad) {
      const cut = issue.path.findIndex((p) => typeof p === "number");
      const at = (cut < 0 ? issue.path : issue.path.slice(0, cut)) as string[];
      if (!at.length || !removeAt(props, at)) continue;
      notes.push(`// Not exported: ${pathText(at)} (${issue.message}): its live value does not pass this package's check, so it is not declared; the ${spec.kind} keeps it.`);
    }
  }
  if (Object.keys(extra).length) props.additionalFields = extra;
  // Fields the resource itself refuses in additionalFields (a column the API cannot take back): left out.
  for (const problem of Object.keys(extra).length ? (spec.refine?.(props, {}) ?? []) : []) {
    const m = /^additionalFields\.(.+)$/.exec(problem.path);
    if (!m || !Object.hasOwn(extra, m[1])) continue;
    delete extra[m[1]];
    notes.push(`// Not exported: ${m[1]}, a field this package does not model: additionalFields cannot set it (${problem.rule}).`);
  }
  if (props.additionalFields && !Object.keys(extra).length) delete props.additionalFields;
  return props;
}

/** Deletes the value at `path`; whether there was one. */
function removeAt(value: Props, path: string[]): boolean {
  const [head, ...rest] = path;
  if (!isObject(value) || !Object.hasOwn(value, head)) return false;
  if (!rest.length) return delete value[head];
  return removeAt(value[head] as Props, rest);
}

/** `value` (the property `at`) without the fields the server computes (`toolsSettings.enabledTools`): outputs, never inputs. */
function withoutComputed(value: unknown, at: string[], readOnlyPaths: string[]): unknown {
  let out = value;
  for (const p of readOnlyPaths) {
    const segs = pathSegments(p);
    if (segs[0] !== at[0]) continue;
    out = dropPath(out, segs.slice(1));
  }
  return out;
}

function dropPath(value: unknown, path: string[]): unknown {
  if (!path.length) return undefined;
  const [head, ...rest] = path;
  if (head === "[]") return Array.isArray(value) ? value.map((v) => dropPath(v, rest)) : value;
  if (!isObject(value) || !Object.hasOwn(value, head)) return value;
  const out: Props = {};
  for (const [k, v] of Object.entries(value)) {
    if (k !== head) put(out, k, v);
    else if (rest.length) put(out, k, dropPath(v, rest));
  }
  return out;
}

/**
 * `value` without the nested fields equal to what the server holds when they are omitted: the
 * enclosing block's default where it has one, else the field's own documented default. Undefined
 * when the whole value is such a default. Free-form (`verbatim`) objects are kept whole; a field
 * whose own default differs from its block's is kept (omitted, its value would depend on how).
 */
function withoutDefaults(value: unknown, node: SchemaNode | undefined, root: SchemaNode, fallback: unknown): unknown {
  if (fallback !== undefined && isDeepStrictEqual(value, fallback)) return undefined;
  if (!node || rulesOf(node, root).verbatim) return value;
  if (Array.isArray(value)) {
    const item = itemNode(node, root);
    return value.map((v) => withoutDefaults(v, item, root, undefined) ?? (isObject(v) ? {} : v));
  }
  if (!isObject(value)) return value;
  const out: Props = {};
  for (const [k, v] of Object.entries(value)) {
    const child = childNode(node, k, root);
    const own = rulesOf(child, root).default;
    const inherited = isObject(fallback) ? fallback[k] : undefined;
    const ambiguous = inherited !== undefined && own !== undefined && !isDeepStrictEqual(inherited, own);
    const kept = ambiguous ? v : withoutDefaults(v, child, root, inherited !== undefined ? inherited : own);
    if (kept !== undefined) put(out, k, kept);
  }
  return Object.keys(out).length || !Object.keys(value).length ? out : undefined;
}

// ---- secrets -------------------------------------------------------------------------------------

/** Words that make a field secret wherever they appear in its name (`webhook_secret`, `refresh_token`). */
const SECRET_WORDS = new Set([
  "secret", "secrets", "password", "passwords", "passwd", "passphrase", "token", "credential", "credentials",
  "authorization", "bearer", "apikey", "apikeys", "privatekey", "accesskey", "secretkey", "accesstoken",
  "refreshtoken", "authtoken", "cookie",
]);
/** `<qualifier> key(s)`: `api_key`, `privateKey`, `signing-keys`. */
const KEY_QUALIFIERS = new Set(["api", "private", "access", "secret", "signing", "session", "encryption", "auth", "license", "client", "master", "shared", "webhook"]);
/** Names that are secret only on their own (`auth: {...}`, but not `auth_type`). */
const SECRET_NAMES = new Set(["auth", "pwd", "pass", "pin", "otp"]);

/** The words of a field name: `api_key`, `apiKey`, `API-Key` and `x-api-key` all contain `api`, `key`. */
export function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Whether a field's name says it holds a credential. */
export function looksSecret(key: string): boolean {
  const w = words(key);
  if (SECRET_NAMES.has(w.join(""))) return true;
  return w.some((word, i) => SECRET_WORDS.has(word) || ((word === "key" || word === "keys") && i > 0 && KEY_QUALIFIERS.has(w[i - 1])));
}

/** The words of a property path, for a config key: `["ttsSettings", "providerConfig", "api_key"]` → `tts settings provider config api key`. */
export const pathWords = (path: (string | number)[]): string[] => path.flatMap((p) => (typeof p === "number" ? [String(p)] : words(ascii(p))));

/** `llmConfig.tools.0.server.secret` → `llmConfig.tools[].server.secret`, the form of `specRules().secretPaths`. */
const rulePath = (path: (string | number)[]): string => path.reduce<string>((s, p) => (typeof p === "number" ? `${s}[]` : s ? `${s}.${p}` : p), "");

/** Config keys of the secrets a program reads, unique and made of letters and digits. */
export class Secrets {
  readonly keys: string[] = [];

  constructor(private readonly exporter: Pick<PlatformExporter, "schemaDocKeys" | "secretKeyWords"> = {}) {}

  /** The config key for the value at `path` of the object printed as `variable`. */
  keyFor(variable: string, path: (string | number)[]): string {
    const parts = path[0] === "additionalFields" ? path.slice(1) : path;
    // The platform's familiar names (`<var>WebhookSecret`, `<var>Tool0Secret`), else every segment's words.
    const suffix = this.exporter.secretKeyWords?.(parts) ?? pathWords(parts);
    const base = variable + (suffix.map((w) => w[0].toUpperCase() + w.slice(1)).join("") || "Secret");
    let key = base;
    for (let i = 2; this.keys.includes(key); i++) key = `${base}${i}`;
    this.keys.push(key);
    return key;
  }

  /**
   * `props` with every secret replaced by a config read: the spec's secrets (at any depth, by its
   * `secret` rule), and any string or number at any depth under a field whose name looks secret.
   * JSON Schema documents of modelled fields (`parameters`, `schema`) are kept: their keys name
   * arguments, not credentials.
   */
  hide(props: Props, variable: string, spec: ResourceSpec): Props {
    const secretPaths = specRules(spec).secretPaths;
    const docKeys = this.exporter.schemaDocKeys ?? ["parameters", "schema"];
    const walk = (value: unknown, path: (string | number)[], secret: boolean, modelled: boolean): unknown => {
      if (typeof value === "string" && secret) return new Code(`config.requireSecret(${JSON.stringify(this.keyFor(variable, path))})`);
      if (typeof value === "number" && secret) return new Code(`config.requireSecretNumber(${JSON.stringify(this.keyFor(variable, path))})`);
      if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, i], secret, modelled));
      if (!isObject(value)) return value;
      const out: Props = {};
      for (const [k, v] of Object.entries(value)) {
        const inModel = modelled && !(path.length === 0 && k === "additionalFields");
        const schemaDoc = inModel && docKeys.includes(k);
        const isSecret = secret || looksSecret(k) || (inModel && secretPaths.includes(rulePath([...path, k])));
        put(out, k, schemaDoc ? v : walk(v, [...path, k], isSecret, inModel));
      }
      return out;
    };
    return walk(props, [], false, true) as Props;
  }
}

// ---- printing ------------------------------------------------------------------------------------

function resource(ns: string, kind: string, name: { resource: string; variable: string }, id: unknown, props: Props): string {
  return `export const ${name.variable} = new ${ns}.${kind}(${str(name.resource)}, ${literal({ adoptId: String(id), ...props }, "")});\n`;
}

/** A string literal; also escapes the two line separators that older parsers reject inside strings. */
export const str = (s: string) => JSON.stringify(s).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");

/** A TypeScript expression for a JSON value (with {@link Code} stand-ins), two-space indented. */
export function literal(value: unknown, indent: string): string {
  if (value instanceof Code) return value.source;
  if (typeof value === "string") return str(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "null";
  if (typeof value === "boolean" || value === null) return String(value);
  const inner = indent + "  ";
  if (Array.isArray(value)) {
    return value.length ? `[\n${value.map((v) => inner + literal(v, inner)).join(",\n")},\n${indent}]` : "[]";
  }
  if (isObject(value)) {
    const entries = Object.entries(value);
    if (!entries.length) return "{}";
    // `__proto__: x` in a literal sets the prototype; a computed key makes it an ordinary property.
    const key = (k: string) => (k === "__proto__" ? `[${str(k)}]` : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : str(k));
    return `{\n${entries.map(([k, v]) => `${inner}${key(k)}: ${literal(v, inner)}`).join(",\n")},\n${indent}}`;
  }
  return "undefined";
}

// ---- names ---------------------------------------------------------------------------------------

/**
 * Identifiers a variable must not take: the program's own (`pulumi`, `config`, and the platform's
 * namespace), the reserved words of a module (strict mode), and the parameters of the CommonJS
 * wrapper a compiled program runs in (`const require = …` would redeclare one). Compared in lower
 * case (`NaN` → `nan`).
 */
const RESERVED = [
  "pulumi", "config",
  "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum",
  "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "new", "null",
  "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with", "yield",
  "let", "static", "implements", "interface", "package", "private", "protected", "public", "await", "arguments", "eval",
  "require", "exports", "module", "__filename", "__dirname",
  "undefined", "nan", "infinity", "globalthis",
];

/** ASCII letters and digits of a display name: accents dropped (`Ünïcode` → `Unicode`), anything else a separator. */
const ascii = (s: string) => s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");

/**
 * Unique resource names (kebab-case) and variable names (camelCase identifiers) derived from display
 * names. A variable never starts with a digit, is never empty, never taken (see {@link RESERVED}), and
 * never the same as another one (`Support` and `support` become `support` and `support2`); then the
 * kind goes in front (`Config` → `assistantConfig`, `123 Support` → `assistant123Support`).
 */
export class Names {
  private readonly taken: Set<string>;
  private readonly resources = new Set<string>();
  private readonly variables = new Set<string>();

  /** `own`: the program's other names (the SDK namespace, `hms`). */
  constructor(own: string[] = []) {
    this.taken = new Set([...RESERVED, ...own.map((n) => n.toLowerCase())]);
  }

  take(display: unknown, kind: string): { resource: string; variable: string } {
    const slug = ascii(typeof display === "string" ? display : "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    const camel = (s: string) => s.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    let variable = camel(slug);
    if (!/^[a-z]/.test(variable) || this.taken.has(variable.toLowerCase())) variable = camel(slug ? `${kind}-${slug}` : kind);
    return { resource: unique(slug || kind, this.resources, "-"), variable: unique(variable, this.variables, "") };
  }
}

/** `base`, else `base<sep>2`, `base<sep>3`, … : the first not in `used` (compared in lower case), which it joins. */
function unique(base: string, used: Set<string>, sep: string): string {
  let name = base;
  for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base}${sep}${i}`;
  used.add(name.toLowerCase());
  return name;
}
