// The SDK's public argument and output types (sdk/<platform>/*-args.ts) are generated from the schemas
// (`npm run sdk-types`), and mean the same on the TypeScript 3.8.3 that @pulumi/pulumi compiles a
// program with when the project has no TypeScript of its own, as on TypeScript 5: every property is
// there, correct programs compile, and wrong ones fail (types that collapse to `any` would not).
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { jsonSchemaOf, rulesOf } from "../provider/fields";
import { metaInputsShape } from "../provider/lifecycle";
import { isRest, PAGES } from "../scripts/reference-docs";
import { renderSdkTypes } from "../scripts/sdk-types";

const ROOT = path.resolve(__dirname, "..");
const workDirs: string[] = [];
afterAll(() => {
  for (const dir of workDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** The members of `export interface <name> { ... }` in a generated file. */
function members(source: string, name: string): string[] {
  const body = source.match(new RegExp(`^export interface ${name} \\{\\n([\\s\\S]*?)^\\}`, "m"))?.[1];
  if (body === undefined) return [];
  return [...body.matchAll(/^ {2}(?:readonly )?(\w+)\??:/gm)].map((m) => m[1]);
}

/**
 * Diagnostics of each program (`name` → source) as ts-node reports them when it runs a Pulumi
 * program: the program file's own, from the given TypeScript. The programs live under test/.work and
 * resolve `pulumi-voiceai` from the repository's node_modules link, i.e. the built dist/.
 */
function diagnostics(typescript: string, programs: Record<string, string>): Record<string, string[]> {
  const root = path.join(ROOT, "test", ".work");
  fs.mkdirSync(root, { recursive: true });
  const dir = fs.mkdtempSync(path.join(root, "sdk-types-"));
  workDirs.push(dir);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require(typescript);
  const files = Object.entries(programs).map(([name, source]) => {
    const file = path.join(dir, `${name}.ts`);
    fs.writeFileSync(file, source);
    return [name, file] as const;
  });
  const program = ts.createProgram(
    files.map(([, f]) => f),
    { strict: true, target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.NodeJs, noEmit: true, types: [] },
  );
  return Object.fromEntries(
    files.map(([name, file]) => {
      const sf = program.getSourceFile(file);
      const all = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
      return [name, all.map((d: { messageText: unknown }) => ts.flattenDiagnosticMessageText(d.messageText, " "))];
    }),
  );
}

const TS38 = path.join(ROOT, "node_modules", "@pulumi", "pulumi", "vendor", "typescript@3.8.3", "typescript.js");
const TS5 = path.join(ROOT, "node_modules", "typescript");

const header = 'import * as pulumi from "@pulumi/pulumi";\nimport * as hms from "pulumi-voiceai/hms";\nconst config = new pulumi.Config();\n';
const PROGRAMS: Record<string, string> = {
  good:
    header +
    `
const prompt = pulumi.output("Wees kort.");
export const support = new hms.Assistant("support", {
  adoptId: "17a0cb75-fa09-4bdd-9a44-92a70d829c88",
  name: "Support",
  maxDurationSeconds: 600,
  webhookSecret: config.requireSecret("webhookSecret"),
  webhookEvents: ["tool-calls", "end-of-call-report"],
  sttConfig: { provider: "deepgram", model: "nova-3-general", language: "nl", keyterms: ["ja", "nee"] },
  llmConfig: {
    provider: "openai",
    model: "gpt-4o-mini",
    temperature: 0.7,
    messages: [{ role: "system", content: prompt }],
    tools: [
      { name: "lookup", description: "Find an order", parameters: { type: "object" } },
      { type: "function", function: { name: "book" }, server: { url: "https://tools.example.com", secret: config.requireSecret("toolSecret") } },
      { type: "transfer_call", destinations: [{ type: "number", number: "+31201234567" }] },
      { type: "end_call" },
    ],
  },
  ttsConfig: null,
  analysisPlan: { structuredDataPlan: { enabled: true, schema: { type: "object" } }, minMessagesThreshold: 2 },
  recordingConsent: { enabled: true, message: null },
  speechConfig: { turnTaking: { mode: "smart" } },
  additionalFields: { brand_new_field: { token: config.requireSecret("extra") } },
});
export const pbx = new hms.SipTrunk("pbx", { adoptId: "t", host: "pbx.example.com", port: 5060, password: config.requireSecret("pbxPassword") });
export const line = new hms.PhoneNumber("line", { adoptId: "n", phoneNumber: "+31850835037", assistantId: support.id, transferTrunkId: pbx.id });
export const model = support.llmConfig.apply((c) => (c ? c.model : "none"));
export const firstTool = support.llmConfig.apply((c) => (c && c.tools && c.tools[0].type === "function" ? c.tools[0].function.name : ""));
export const name: pulumi.Output<string> = support.name;
const args: hms.AssistantArgs = { llmConfig: { provider: "mistral", model: "mistral-small" } };
const tools: hms.ToolArgs[] = [{ type: "end_call" }];
export const other = new hms.Assistant("other", { ...args, llmConfig: { provider: "groq", model: "m", tools } });
export const read = hms.SipTrunk.get("read", "id").host;
`,
  badAdoptId: header + 'new hms.SipTrunk("t", { host: "h", adoptId: 3 });\n',
  missingHost: header + 'new hms.SipTrunk("t", { port: 5060 });\n',
  misspelt: header + 'new hms.Assistant("a", { llmConfig: { provider: "openai", model: "m", temprature: 0.7 } });\n',
  wrongEnum: header + 'new hms.Assistant("a", { sttConfig: { provider: "whisper", model: "m", language: "nl" } });\n',
  wrongTool: header + 'new hms.Assistant("a", { llmConfig: { provider: "openai", model: "m", tools: [{ type: "transfer_call" }] } });\n',
  wrongNumber: header + 'new hms.PhoneNumber("n", { phoneNumber: 31850835037 });\n',
  wrongOutput: header + 'const a = new hms.Assistant("a", {});\nexport const n: pulumi.Output<number> = a.name;\n',
};

const burkiHeader = 'import * as pulumi from "@pulumi/pulumi";\nimport * as burki from "pulumi-voiceai/burki";\nconst config = new pulumi.Config();\n';
const BURKI_PROGRAMS: Record<string, string> = {
  good:
    burkiHeader +
    `
const prompt = pulumi.output("You are Acme's support line.");
export const support = new burki.Assistant("support", {
  adoptId: "42",
  name: "Support",
  llmProvider: "openai",
  llmProviderConfig: { apiKey: config.requireSecret("openaiKey"), baseUrl: null, model: "gpt-4o-mini", customConfig: { timeout: 30 } },
  llmSettings: { temperature: 0.5, systemPrompt: prompt, welcomeMessage: "Hi, Acme support.", stopSequences: ["bye"] },
  ttsSettings: { provider: "elevenlabs", voiceId: "rachel", stability: 0.5, providerConfig: { api_key: config.requireSecret("elevenlabsKey") } },
  sttSettings: { model: "nova-3", endpointing: { silenceThreshold: 500 }, keywords: [{ keyword: "Burki", intensifier: 2 }], keyterms: ["refund"] },
  toolsSettings: { endCall: { enabled: true, scenarios: ["caller says goodbye"] }, transferCall: { enabled: true, transferNumbers: ["+15555550100"] }, customTools: [{ enabled: true }] },
  ragSettings: { enabled: true, chunkSize: 1000, chunkOverlap: 200 },
  llmFallbackProviders: { enabled: true, fallbacks: [{ provider: "anthropic", apiKey: config.requireSecret("anthropicKey"), model: null }] },
  customSettings: { structured_data_prompt: "Extract the order number." },
  idleTimeout: 10,
  isActive: true,
  additionalFields: { tts_settings: { new_vendor_option: 3 } },
});
export const line = new burki.PhoneNumber("line", { phoneNumber: "+15555550100", assistantId: support.id, friendlyName: "Main line" });
export const model = support.llmProviderConfig.apply((c) => (c && c.model ? c.model : "none"));
export const enabledTools = support.toolsSettings.apply((t) => (t && t.enabledTools ? t.enabledTools.join(",") : ""));
export const name: pulumi.Output<string> = support.name;
export const routedTo: pulumi.Output<string> = line.assistantId;
const voice: burki.TtsSettingsArgs = { provider: "deepgram", voiceId: "asteria" };
const llm: burki.LlmSettingsArgs = { maxTokens: 200 };
export const other = new burki.Assistant("other", { ttsSettings: voice, llmSettings: llm });
`,
  computedInput: burkiHeader + 'new burki.Assistant("a", { toolsSettings: { enabledTools: ["endCall"] } });\n',
  numberAdoptId: burkiHeader + 'new burki.PhoneNumber("n", { phoneNumber: "+15555550100", assistantId: "1", adoptId: "7" });\n',
  missingAssistant: burkiHeader + 'new burki.PhoneNumber("n", { phoneNumber: "+15555550100" });\n',
  misspelt: burkiHeader + 'new burki.Assistant("a", { llmSettings: { temprature: 0.5 } });\n',
  wrongType: burkiHeader + 'new burki.Assistant("a", { ttsSettings: { stability: "high" } });\n',
  wrongOutput: burkiHeader + 'const a = new burki.Assistant("a", {});\nexport const n: pulumi.Output<number> = a.name;\n',
};

describe("generated SDK types", () => {
  const generated = renderSdkTypes();

  it("are up to date with the schemas", () => {
    for (const [file, content] of Object.entries(generated)) {
      const onDisk = fs.existsSync(path.join(ROOT, file)) ? fs.readFileSync(path.join(ROOT, file), "utf8") : "";
      expect(onDisk, `${file} is stale: run \`npm run sdk-types\` and commit the result`).toBe(content);
    }
  });

  it("cover every resource of every platform", () => {
    expect(Object.keys(generated).sort()).toEqual([
      "sdk/burki/assistant-args.ts",
      "sdk/burki/phone-number-args.ts",
      "sdk/hms/assistant-args.ts",
      "sdk/hms/phone-number-args.ts",
      "sdk/hms/sip-trunk-args.ts",
      "sdk/revox/assistant-args.ts",
      "sdk/revox/phone-number-args.ts",
    ]);
  });

  it("have every property of every schema, documented, in both the argument and the value form", () => {
    const fileOf = (page: (typeof PAGES)[number]) => `sdk/${page.platform}/${page.file}-args.ts`;
    for (const platform of new Set(PAGES.map((p) => p.platform))) {
      const pages = PAGES.filter((p) => p.platform === platform);
      const consts = new Map(pages.flatMap((p) => Object.entries(p.module)));
      for (const [constName, schema] of consts) {
        if (!(schema instanceof z.ZodType) || !constName.endsWith("Schema")) continue;
        const node = jsonSchemaOf(schema);
        if (!node.properties) continue;
        const keys = Object.keys(node.properties);
        // What the server computes is an output only: in the value form, not in the argument form.
        const inputs = keys.filter((k) => !rulesOf(node.properties![k], node).readOnly);
        const top = pages.find((p) => p.spec.schema === schema);
        if (top) {
          const source = generated[fileOf(top)];
          const meta = isRest(top.spec) ? Object.keys(metaInputsShape) : [];
          expect(members(source, `${top.spec.kind}Args`), `${top.spec.kind}Args in ${fileOf(top)}`).toEqual([...inputs, ...meta]);
          expect(members(source, `${top.spec.kind}Outputs`), `${top.spec.kind}Outputs in ${fileOf(top)}`).toEqual([...keys, ...meta]);
          continue;
        }
        // A nested schema is a pair of interfaces in exactly one file of its platform (`export *` would clash).
        const base = constName.replace(/Schema$/, "").replace(/^./, (c) => c.toUpperCase());
        const files = pages.map(fileOf).filter((f) => members(generated[f], `${base}Args`).length > 0);
        expect(files, `${base}Args in sdk/${platform}`).toHaveLength(1);
        expect(members(generated[files[0]], `${base}Args`), `${base}Args in ${files[0]}`).toEqual(inputs);
        expect(members(generated[files[0]], base), `${base} in ${files[0]}`).toEqual(keys);
      }
    }
    for (const [file, source] of Object.entries(generated)) {
      // Every member carries a doc comment.
      const undocumented = [...source.matchAll(/^(.*)\n {2}(?:readonly )?(\w+)\??:/gm)].filter((m) => !m[1].trim().endsWith("*/")).map((m) => m[2]);
      expect(undocumented, `undocumented members in ${file}`).toEqual([]);
    }
    // Secrets are documented as such wherever they appear (the comment right above each member).
    const burki = generated["sdk/burki/assistant-args.ts"];
    const secrets = [...burki.matchAll(/\/\*\*((?:(?!\/\*\*)[\s\S])*?)\*\/\n {2}(?:readonly )?(apiKey|providerConfig)\??:/g)];
    expect(secrets.length, "apiKey and providerConfig members in sdk/burki/assistant-args.ts").toBeGreaterThanOrEqual(6);
    for (const m of secrets) expect(m[1], m[2]).toMatch(/Pulumi secret/);
  });

  for (const [label, typescript] of [["TypeScript 3.8.3 (what Pulumi uses without a project TypeScript)", TS38], ["the repository's TypeScript", TS5]] as const) {
    it(`accept correct programs and reject wrong ones on ${label}`, () => {
      const found = diagnostics(typescript, PROGRAMS);
      expect(found.good).toEqual([]);
      expect(found.badAdoptId.join("\n")).toMatch(/'number' is not assignable to type '.*string/);
      expect(found.missingHost.join("\n")).toMatch(/Property 'host' is missing/);
      expect(found.misspelt.join("\n")).toMatch(/temprature/);
      expect(found.wrongEnum.join("\n")).toMatch(/"whisper"/);
      expect(found.wrongTool.length, "a transfer_call tool without destinations").toBeGreaterThan(0);
      expect(found.wrongNumber.join("\n")).toMatch(/'number' is not assignable to type '.*string/);
      expect(found.wrongOutput.join("\n")).toMatch(/not assignable to type '(Output|OutputInstance)<number>'/);
    });

    it(`accept a correct Burki program and reject wrong ones on ${label}`, () => {
      const found = diagnostics(typescript, BURKI_PROGRAMS);
      expect(found.good).toEqual([]);
      expect(found.computedInput.join("\n"), "a server-computed field is an output only").toMatch(/enabledTools/);
      expect(found.numberAdoptId.join("\n"), "burki.PhoneNumber has no adoptId").toMatch(/adoptId/);
      expect(found.missingAssistant.join("\n")).toMatch(/Property 'assistantId' is missing/);
      expect(found.misspelt.join("\n")).toMatch(/temprature/);
      expect(found.wrongType.join("\n")).toMatch(/'string' is not assignable to type '.*number/);
      expect(found.wrongOutput.join("\n")).toMatch(/not assignable to type '(Output|OutputInstance)<number>'/);
    });
  }
});
