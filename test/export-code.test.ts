// pulumi-voiceai-export: objects built in the dashboard (here: created straight in the emulator's
// store) become a program that adopts them; through the real engine, its first `up` writes nothing
// and the next preview is clean. Every program it prints compiles (tsc, and the TypeScript 3.8 that
// @pulumi/pulumi falls back to), whatever the objects are called, and holds no secret value.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../emulator/server";
import { HmsClient } from "../provider/hms/client";
import { exportProgram, looksSecret } from "../scripts/export-code";
import { TestStack } from "./harness";

const KEY = "fl_test_export";
const NAMES_KEY = "fl_test_export_names";
const EMPTY_KEY = "fl_test_export_empty";
const ENVELOPE_KEY = "fl_test_export_envelope";
const WEBHOOK_SECRET = "whsec-export-not-in-code";
const TOOL_SECRET = "tool-secret-not-in-code";
const EXTRA_SECRET = "extra-api-key-not-in-code";
const ROOT = path.resolve(__dirname, "..");
let emulator: Emulator;
let stack: TestStack | undefined;
const workDirs: string[] = [];

const clientFor = (apiKey: string) => new HmsClient({ apiKey, baseUrl: emulator.url, requestTimeoutMs: 5000, maxRetries: 0 });

/** The config keys a program reads (`config.requireSecret("k")`, …) and those its header says to set. */
function secretKeys(source: string): { read: string[]; listed: string[] } {
  const code = source.split("\n").filter((line) => !line.trimStart().startsWith("//")).join("\n");
  const read = [...code.matchAll(/config\.requireSecret\w*\("([^"]+)"\)/g)].map((m) => m[1]);
  const listed = [...source.matchAll(/^\/\/\s+pulumi config set --secret (\S+) <value>$/gm)].map((m) => m[1]);
  return { read: [...new Set(read)].sort(), listed: [...listed].sort() };
}

/**
 * Type-checks programs the way a user's project does: each one an `index.ts`-like module in a project
 * under test/.work that resolves `pulumi-voiceai` from the repository (its node_modules link), first
 * with the repository's `tsc`, then with the TypeScript 3.8.3 @pulumi/pulumi vendors (used when a
 * project has none of its own; like ts-node, only the program's own diagnostics count there).
 * Returns the diagnostics of both.
 */
async function compile(programs: Record<string, string>): Promise<{ tsc: string; ts38: string[] }> {
  const root = path.join(ROOT, "test", ".work");
  fs.mkdirSync(root, { recursive: true });
  const dir = fs.mkdtempSync(path.join(root, "export-tsc-"));
  workDirs.push(dir);
  for (const [name, source] of Object.entries(programs)) fs.writeFileSync(path.join(dir, `${name}.ts`), source);
  // The tsconfig.json of `pulumi new typescript`, without emitting. skipLibCheck: hms.Assistant's
  // declarations still reach zod's (through sdk/resource.d.ts), whose locale files need esModuleInterop.
  const compilerOptions = { skipLibCheck: true, strict: true, target: "es2020", module: "commonjs", moduleResolution: "node", noEmit: true, noImplicitReturns: true, forceConsistentCasingInFileNames: true, types: ["node"] };
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["*.ts"] }));
  const tscBin = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const tsc = await promisify(execFile)(process.execPath, [tscBin, "-p", dir, "--pretty", "false"], { cwd: dir }).then(
    (r) => r.stdout,
    (err: { stdout?: string; stderr?: string; message: string }) => err.stdout || err.stderr || err.message,
  );

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts38 = require(path.join(ROOT, "node_modules", "@pulumi", "pulumi", "vendor", "typescript@3.8.3", "typescript.js"));
  const files = Object.keys(programs).map((name) => path.join(dir, `${name}.ts`));
  const program = ts38.createProgram(files, { strict: true, target: ts38.ScriptTarget.ES2020, module: ts38.ModuleKind.CommonJS, moduleResolution: ts38.ModuleResolutionKind.NodeJs, noEmit: true, types: [] });
  const old: string[] = files.flatMap((file) => {
    const sf = program.getSourceFile(file);
    return [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)].map(
      (d: { start?: number; messageText: unknown }) => `${path.basename(file)}:${sf.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ${ts38.flattenDiagnosticMessageText(d.messageText, "\n")}`,
    );
  });
  return { tsc: tsc.trim(), ts38: old };
}

beforeAll(async () => {
  emulator = await startEmulator({ apiKeys: [KEY, NAMES_KEY, EMPTY_KEY, ENVELOPE_KEY] });
});
afterAll(async () => {
  await stack?.dispose();
  await emulator?.close();
  for (const dir of workDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe("export as code, then adopt", () => {
  it("adopts an existing account without writing anything, and previews clean afterwards", async () => {
    const { store } = emulator;
    const trunk = store.createSipTrunk(KEY, { name: "Office PBX", host: "pbx.example.com", username: "hms", password: "pw" });
    const support = store.createAssistant(KEY, {
      name: "Acme klantenservice",
      first_message: "Hallo!",
      webhook_url: "https://hooks.example.com/hms",
      webhook_secret: WEBHOOK_SECRET,
      llm_config: {
        provider: "openai",
        model: "gpt-4o-mini",
        messages: [{ role: "system", content: "Wees kort." }],
        tools: [{ type: "function", function: { name: "lookup", parameters: { type: "object", properties: { orderId: { type: "string" } } } }, server: { url: "https://tools.example.com", secret: TOOL_SECRET } }],
      },
      // A field this package does not model, holding a credential: read from config, like the modelled secrets.
      brand_new_field: { enabled: true, api_key: EXTRA_SECRET },
    });
    store.createAssistant(KEY, { name: "Sales" });
    const number = store.createNumber(KEY, { phone_number: "+31850835037", assistant_id: support.id, transfer_trunk_id: trunk.id });

    const source = await exportProgram(clientFor(KEY));
    for (const secret of [WEBHOOK_SECRET, TOOL_SECRET, EXTRA_SECRET]) expect(source).not.toContain(secret);
    expect(source).toContain(`adoptId: "${support.id}"`);
    expect(source).toContain("assistantId: acmeKlantenservice.id");
    expect(source).toContain("additionalFields");
    expect(source).toContain("brand_new_field");
    const secrets = { acmeKlantenserviceWebhookSecret: WEBHOOK_SECRET, acmeKlantenserviceTool0Secret: TOOL_SECRET, acmeKlantenserviceBrandNewFieldApiKey: EXTRA_SECRET };
    expect(secretKeys(source)).toEqual({ read: Object.keys(secrets).sort(), listed: Object.keys(secrets).sort() });

    stack = await TestStack.create({ name: "export", program: source, emulator, apiKey: KEY, secrets });
    const requests = stack.recordRequests();
    await stack.up();
    // Adoption of an identical configuration reads, and never writes.
    expect(requests().filter((r) => r.method !== "GET")).toEqual([]);
    expect(store.listAssistants(KEY)).toHaveLength(2);
    expect(store.listNumbers(KEY)).toHaveLength(1);
    expect(store.listSipTrunks(KEY)).toHaveLength(1);
    const outputs = await stack.outputs();
    expect((outputs.acmeKlantenservice as { id: string }).id).toBe(support.id);
    expect((outputs.acmeKlantenservice as { id: string }).id).toBe(store.getNumber(KEY, number.id).assistant_id);

    expect(await stack.previewChanges()).toEqual([]);
    expect(await stack.previewChanges("--refresh")).toEqual([]);
    // The secrets read from config stay secret in the state, the unmodelled one included.
    const state = (await stack.run("stack", "export")).stdout;
    for (const secret of [WEBHOOK_SECRET, TOOL_SECRET, EXTRA_SECRET]) expect(state).not.toContain(secret);
  });
});

describe("printed programs compile and hold no secret", () => {
  // Values that must never appear in a printed program.
  const S = {
    webhook: "whsec-names-webhook",
    tool0: "tool-secret-names-0",
    tool1: "tool-secret-names-1",
    toolHeader: "Bearer tool-header-names",
    trunkPassword: "trunk-password-names",
    topApiKey: "top-level-api-key-names",
    ttsApiKey: "tts-nested-api-key-names",
    credPassword: "credentials-password-names",
    credUser: "credentials-user-names",
    authorization: "Bearer authorization-names",
    refreshToken: "refresh-token-names",
    privateKey: "-----BEGIN PRIVATE KEY-----names",
    camelApiKey: "camel-api-key-names",
    listToken: "token-in-a-list-names",
    speechToken: "speech-config-token-names",
    numberPassword: "number-sip-password-names",
    pin: 918273,
  };

  it("for awkward names and secret-bearing fields, modelled and not, at any depth", async () => {
    const { store } = emulator;
    const assistant = (name: string, fields: Record<string, unknown> = {}) => {
      const created = store.createAssistant(NAMES_KEY, { name: "placeholder" });
      // Out of band, as the dashboard could: names the API's own validation might refuse, fields it does not know.
      return store.forcePatchAssistant(NAMES_KEY, created.id, { name, ...fields });
    };
    const names = ["Config", "HMS", "hms", "pulumi", "class", "123 Support", "Ünïcode ✓", "Support", "support", "", "   ", "!!!", 'Say "hi" \\ back', "await", "require", "a 1", "a1", "Line\nbreak */ end", "Sep\u2028arator", "__proto__"];
    const created = names.map((n) => assistant(n));
    const secretive = assistant("Secretive", {
      webhook_url: "https://hooks.example.com/hms",
      webhook_secret: S.webhook,
      llm_config: {
        provider: "openai",
        model: "gpt-4o-mini",
        tools: [
          // `parameters` is a JSON Schema: its `password` names an argument and stays as it is.
          { type: "function", function: { name: "login", parameters: { type: "object", properties: { password: { type: "string" } } } }, server: { url: "https://tools.example.com", secret: S.tool0, headers: { authorization: S.toolHeader } } },
          { type: "function", function: { name: "lookup" }, server: { url: "https://tools.example.com/2", secret: S.tool1 } },
        ],
      },
      tts_config: { provider: "elevenlabs", voice_id: "21m00Tcm4TlvDq8ikWAM", api_key: S.ttsApiKey },
      speech_config: { api_token: S.speechToken, turn_taking: { mode: "smart" } },
      api_key: S.topApiKey,
      integration: {
        enabled: true,
        max_tokens: 300,
        credentials: { username: S.credUser, password: S.credPassword },
        authorization: S.authorization,
        refresh_token: S.refreshToken,
        private_key: S.privateKey,
        nested: { apiKey: S.camelApiKey, list: [{ token: S.listToken, label: "kept" }], pin: S.pin },
      },
      // An own property named __proto__, as JSON can carry it (a literal key would set the prototype).
      ...JSON.parse('{"__proto__": {"note": "an own property, not a prototype"}}'),
    });
    store.createSipTrunk(NAMES_KEY, { name: "HMS", host: "pbx.example.com", username: "hms", password: S.trunkPassword });
    store.createSipTrunk(NAMES_KEY, { name: "pulumi", host: "pbx2.example.com" });
    store.createNumber(NAMES_KEY, { phone_number: "+31850835037", name: "Config", assistant_id: created[0].id });
    const unnamed = store.createNumber(NAMES_KEY, { phone_number: "+31850835038", assistant_id: secretive.id });
    store.forcePatchNumber(NAMES_KEY, unnamed.id, { name: null, sip_auth: { password: S.numberPassword } });

    const source = await exportProgram(clientFor(NAMES_KEY));
    if (process.env.SHOW_EXPORT) console.log(source);
    for (const [what, value] of Object.entries(S)) expect(source, `${what} printed`).not.toContain(String(value));

    // Every secret the program reads is in the header's list, and the other way round.
    const keys = secretKeys(source);
    expect(keys.read).toEqual(keys.listed);
    expect(keys.read.length).toBeGreaterThanOrEqual(13);
    expect(source).toContain('password: config.requireSecret("secretiveIntegrationCredentialsPassword")');
    expect(source).toContain('pin: config.requireSecretNumber("secretiveIntegrationNestedPin")');
    expect(source).toContain('secret: config.requireSecret("secretiveTool0Secret")');
    expect(source).toMatch(/max_tokens: 300/); // a count, not a credential
    expect(source).toMatch(/password: \{\n\s*type: "string"/); // the JSON Schema of an argument
    expect(source).toContain("// Not exported: llmConfig.tools[0].server.headers");
    expect(source).toContain('["__proto__"]: {');

    // Variables: one per object, distinct (also ignoring case), none of the program's own names or a reserved word.
    const variables = [...source.matchAll(/^export const (\S+) = new hms\.(\w+)\(/gm)].map((m) => m[1]);
    expect(variables).toHaveLength(names.length + 1 + 2 + 2);
    expect(new Set(variables.map((v) => v.toLowerCase())).size).toBe(variables.length);
    for (const v of variables) {
      expect(v).toMatch(/^[a-z][A-Za-z0-9]*$/);
      expect(["pulumi", "hms", "config", "class", "await", "require"]).not.toContain(v);
    }
    expect(variables).toEqual(expect.arrayContaining(["assistantConfig", "assistantHms", "assistantPulumi", "assistantClass", "assistant123Support", "unicode", "support", "support2", "assistant", "assistantAwait", "assistantRequire", "a1", "a12", "trunkHms", "trunkPulumi", "number31850835038"]));

    const empty = await exportProgram(clientFor(EMPTY_KEY));
    const { tsc, ts38 } = await compile({ names: source, empty });
    expect(tsc, `tsc found errors in the printed programs:\n${source}`).toBe("");
    expect(ts38).toEqual([]);
  });

  it("names secret-looking fields by their words, in every casing", () => {
    for (const key of ["secret", "webhook_secret", "password", "passwd", "token", "refresh_token", "api_key", "apiKey", "APIKey", "x-api-key", "authorization", "private_key", "privateKey", "credentials", "client_secret", "auth"]) {
      expect(looksSecret(key), key).toBe(true);
    }
    for (const key of ["max_tokens", "maxCompletionTokens", "keyterms", "key", "auth_type", "voice_id", "name", "turn_taking"]) {
      expect(looksSecret(key), key).toBe(false);
    }
  });
});

describe("listing envelopes", () => {
  const fault = (spec: Record<string, unknown>) =>
    fetch(`${emulator.origin}/__control/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ apiKey: ENVELOPE_KEY, method: "GET", status: 200, ...spec }) });

  it("fails naming the endpoint and the envelope when a listing lacks it", async () => {
    await fault({ path: "/numbers", body: { items: [] } });
    await expect(exportProgram(clientFor(ENVELOPE_KEY))).rejects.toThrow(/^GET \/numbers answered an object with the keys "items", expected \{"numbers": \[\.\.\.\]\}/);
    await fault({ path: "/assistants", body: [] });
    await expect(exportProgram(clientFor(ENVELOPE_KEY))).rejects.toThrow(/^GET \/assistants answered a bare array, expected \{"assistants": \[\.\.\.\]\}/);
    await fault({ path: "/sip-trunks", body: { sip_trunks: [{ name: "no id" }] } });
    await expect(exportProgram(clientFor(ENVELOPE_KEY))).rejects.toThrow(/^GET \/sip-trunks: item 0 of "sip_trunks" is not an object with a string id/);
    // And the same account with proper envelopes exports.
    await expect(exportProgram(clientFor(ENVELOPE_KEY))).resolves.toContain("const config = new pulumi.Config();");
  });
});
