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
import { burkiPlatform } from "../provider/burki/platform";
import { ApiClient } from "../provider/client";
import { HmsClient } from "../provider/hms/client";
import { revoxPlatform } from "../provider/revox/platform";
import { revoxExporter } from "../scripts/export/revox";
import { chooseExporter, exportProgram, looksSecret, main } from "../scripts/export-code";
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

// ---- Burki ---------------------------------------------------------------------------------------

describe("export as code, then adopt: Burki", () => {
  const BURKI_KEY = "burki_" + "exportcodetest000000000000000000".slice(0, 32);
  const PAGED_KEY = "burki_" + "exportcodepaged00000000000000000".slice(0, 32);
  const EMPTY_BURKI_KEY = "burki_" + "exportcodeempty00000000000000000".slice(0, 32);
  const SHAPE_KEY = "burki_" + "exportcodeshape00000000000000000".slice(0, 32);
  // Values that must never appear in a printed program.
  const B = {
    llm: "sk-burki-llm-not-in-code",
    tts: "dg-burki-tts-not-in-code",
    ttsProject: "resemble-project-not-in-code",
    fallback: "sk-burki-fallback-not-in-code",
    crm: "crm-token-not-in-code",
    customConfig: "Bearer custom-config-not-in-code",
  };
  let burki: Emulator<any>;
  let burkiStack: TestStack | undefined;
  const burkiClient = (apiKey: string) => new ApiClient(burkiPlatform, { apiKey, baseUrl: burki.url, requestTimeoutMs: 5000, maxRetries: 0 });
  /** A create through the API, as the dashboard does; resolves with the assistant the server answered. */
  const create = async (apiKey: string, body: Record<string, unknown>): Promise<Record<string, any>> => {
    const res = await fetch(`${burki.url}/api/v1/assistants`, { method: "POST", headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    const answer = await res.json();
    expect(res.status, JSON.stringify(answer)).toBe(201);
    return answer;
  };

  beforeAll(async () => {
    burki = await startEmulator({ platform: "burki", apiKeys: [BURKI_KEY, PAGED_KEY, EMPTY_BURKI_KEY, SHAPE_KEY], phoneNumbers: ["+15555550100"] });
  });
  afterAll(async () => {
    await burkiStack?.dispose();
    await burki?.close();
  });

  it("adopts every assistant without writing anything, previews clean afterwards, and prints no secret", async () => {
    const minimal = await create(BURKI_KEY, { name: "Minimal" });
    const secretive = await create(BURKI_KEY, {
      name: "Acme support",
      llm_provider_config: { api_key: B.llm, model: "gpt-4o" },
      tts_settings: { provider: "resemble", voice_id: "ava", provider_config: { api_key: B.tts, project_uuid: B.ttsProject } },
      llm_fallback_providers: { enabled: true, fallbacks: [{ provider: "anthropic", api_key: B.fallback, model: "claude-3-5-sonnet-latest" }] },
      // Free-form: a secret-looking key is read from config; the JSON Schema's `password` names an argument.
      custom_settings: {
        crm: { api_token: B.crm, region: "eu" },
        structured_data_prompt: "Extract the order number.",
        structured_data_schema: { type: "object", properties: { password: { type: "string" }, order: { type: "string" } } },
      },
    });
    const everything = await create(BURKI_KEY, {
      name: "Everything",
      description: "Every settings block, none at its defaults",
      llm_provider: "custom",
      llm_provider_config: { base_url: "https://llm.example.com/v1", model: "llama-3.3-70b", custom_config: { timeout: 30, default_headers: { Authorization: B.customConfig } } },
      llm_settings: { temperature: 0.2, max_tokens: 300, system_prompt: "Be brief.", welcome_message: "Hello!", top_p: 0.9, frequency_penalty: 0.1, presence_penalty: 0.2, stop_sequences: ["END"] },
      webhook_url: "https://hooks.example.com/burki",
      sms_webhook_url: "https://hooks.example.com/sms",
      messaging_service_sid: "MG0123456789",
      interruption_settings: { interruption_threshold: 5, min_speaking_time: 1, interruption_cooldown: 3 },
      tts_settings: { provider: "elevenlabs", voice_id: "bella", model_id: "eleven_flash_v2_5", latency: 2, stability: 0.7, similarity_boost: 0.8, style: 0.1, use_speaker_boost: false, provider_config: {} },
      stt_settings: {
        model: "nova-3",
        language: "nl",
        punctuate: false,
        interim_results: false,
        endpointing: { silence_threshold: 300, min_silence_duration: 500 },
        utterance_end_ms: 1500,
        vad_turnoff: 600,
        smart_format: false,
        keywords: [{ keyword: "Burki", intensifier: 1 }, { keyword: "Acme", intensifier: 2 }],
        keyterms: ["refund"],
        audio_denoising: true,
      },
      end_call_message: "Goodbye!",
      transfer_call_message: "Transferring you now.",
      idle_message: "Are you still there?",
      max_idle_messages: 2,
      idle_timeout: 10,
      tools_settings: {
        end_call: { enabled: true, scenarios: ["caller says goodbye"], custom_message: "Bye!" },
        transfer_call: { enabled: true, scenarios: ["caller asks for a human"], transfer_numbers: ["+15555550199"] },
        custom_tools: [{ enabled: true, definition: { type: "function", function: { name: "lookup_order", parameters: { type: "object", properties: { order_id: { type: "string" } } } } } }],
      },
      rag_settings: { enabled: false, search_limit: 5, similarity_threshold: 0.8, chunk_size: 800, chunk_overlap: 100 },
      llm_fallback_providers: { enabled: true, fallbacks: [{ provider: "groq", model: "llama-3.3-70b-versatile" }] },
      custom_settings: { structured_data_prompt: "Summarise the call." },
      is_active: false,
    });
    expect(everything.tools_settings.enabled_tools.sort()).toEqual(["endCall", "transferCall"]);
    // A name no identifier can hold, and a value the server took without checking it (this package refuses it).
    const awkward = await create(BURKI_KEY, { name: 'burki "Ünïcode" \\ line\nbreak */ \u2028', webhook_url: "not a url" });
    const config = await create(BURKI_KEY, { name: "config" });

    const source = await exportProgram(burkiClient(BURKI_KEY));
    if (process.env.SHOW_EXPORT) console.log(source);
    for (const [what, value] of Object.entries(B)) expect(source, `${what} printed`).not.toContain(value);
    const variables = [...source.matchAll(/^export const (\S+) = new burki\.Assistant\("([^"]+)", \{\n  adoptId: "(\d+)",/gm)].map((m) => ({ variable: m[1], resource: m[2], id: m[3] }));
    expect(variables.map((v) => v.id)).toEqual([minimal, secretive, everything, awkward, config].map((a) => String(a.id)));
    // Identifiers whatever the name: `burki` and `config` are the program's own.
    expect(variables.map((v) => v.variable)).toEqual(["minimal", "acmeSupport", "everything", "burkiUnicodeLineBreak", "assistantConfig"]);
    // Defaults are left out: an assistant created with a name only is declared with its name only.
    expect(source).toContain('export const minimal = new burki.Assistant("minimal", {\n  adoptId: "' + minimal.id + '",\n  name: "Minimal",\n});');
    expect(source).not.toMatch(/enabledTools:/);
    expect(source).toContain("ragSettings: {\n    enabled: false,"); // kept even where it is a default: omitted, the API would say false (B13)
    expect(source).toMatch(/password: \{\n\s*type: "string"/); // the JSON Schema of an extraction argument
    expect(source).toContain("order_id: {"); // free-form keys as the API has them
    expect(source).toContain("// Not exported: webhookUrl (must be an http(s) URL");
    expect(source).toContain("// Phone numbers are not exported: this Burki server cannot list them");
    expect(source).toContain("new burki.PhoneNumber(");

    const secrets = {
      acmeSupportLlmApiKey: B.llm,
      acmeSupportTtsApiKey: B.tts,
      acmeSupportTtsProjectUuid: B.ttsProject,
      acmeSupportFallback0ApiKey: B.fallback,
      acmeSupportCustomSettingsCrmApiToken: B.crm,
      everythingLlmProviderConfigCustomConfigDefaultHeadersAuthorization: B.customConfig,
    };
    expect(secretKeys(source)).toEqual({ read: Object.keys(secrets).sort(), listed: Object.keys(secrets).sort() });

    burkiStack = await TestStack.create({ name: "export-burki", program: source, emulator: burki, platform: "burki", apiKey: BURKI_KEY, secrets });
    const requests = burkiStack.recordRequests();
    await burkiStack.up();
    // Adoption of an identical configuration reads, and never writes.
    expect(requests().filter((r) => r.method !== "GET")).toEqual([]);
    const outputs = await burkiStack.outputs();
    for (const v of variables) expect((outputs[v.variable] as { id: string }).id).toBe(v.id);
    expect(await burkiStack.previewChanges()).toEqual([]);
    await burkiStack.run("preview", "--expect-no-changes");
    expect(await burkiStack.previewChanges("--refresh")).toEqual([]);
    expect(requests().filter((r) => r.method === "PUT" || r.method === "POST")).toEqual([]);
    const state = (await burkiStack.run("stack", "export")).stdout;
    for (const [what, value] of Object.entries(B)) expect(state, `${what} in the state`).not.toContain(value);

    const empty = await exportProgram(burkiClient(EMPTY_BURKI_KEY));
    expect(empty).not.toContain("new burki.Assistant(");
    const { tsc, ts38 } = await compile({ burki: source, burkiEmpty: empty });
    expect(tsc, `tsc found errors in the printed programs:\n${source}`).toBe("");
    expect(ts38).toEqual([]);
  });

  it("reads every page of the listing, oldest first", async () => {
    const { store } = burki;
    const org = store.organization(PAGED_KEY);
    for (let i = 0; i < 1003; i++) store.insertAssistant(org, { name: `Bulk ${i}` });
    const before = burki.requests.length;
    const source = await exportProgram(burkiClient(PAGED_KEY));
    const ids = [...source.matchAll(/adoptId: "(\d+)"/g)].map((m) => Number(m[1]));
    expect(ids).toHaveLength(1003);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(source).toContain('export const bulk0 = new burki.Assistant("bulk-0"');
    expect(burki.requests.slice(before).filter((r) => r.path === "/api/v1/assistants")).toHaveLength(2);
  });

  it("fails naming the endpoint when the listing is not a list", async () => {
    await fetch(`${burki.origin}/__control/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ apiKey: SHAPE_KEY, method: "GET", path: "/assistants", status: 200, body: { detail: "Not Found" } }),
    });
    await expect(exportProgram(burkiClient(SHAPE_KEY))).rejects.toThrow(
      /^GET \/api\/v1\/assistants\?skip=0&limit=1000 answered an object with the keys "detail", expected a JSON array of assistants: is BURKI_BASE_URL the Burki server's origin/,
    );
    await expect(exportProgram(burkiClient(SHAPE_KEY))).resolves.toContain('import * as burki from "pulumi-voiceai/burki";');
  });

  it("picks the platform from --platform, else from the only API key set", async () => {
    expect(chooseExporter([], {}).platform.name).toBe("hms");
    expect(chooseExporter([], { BURKI_API_KEY: BURKI_KEY }).platform.name).toBe("burki");
    expect(chooseExporter([], { BURKI_API_KEY: BURKI_KEY, HMS_SOVEREIGN_API_KEY: KEY }).platform.name).toBe("hms");
    expect(chooseExporter(["--platform", "burki"], { HMS_SOVEREIGN_API_KEY: KEY }).platform.name).toBe("burki");
    expect(chooseExporter(["--platform=hms"], { BURKI_API_KEY: BURKI_KEY }).platform.name).toBe("hms");
    expect(chooseExporter([], { REVOX_API_KEY: "sk_test_x" }).platform.name).toBe("revox");
    expect(chooseExporter(["--platform", "revox"], { HMS_SOVEREIGN_API_KEY: KEY }).platform.name).toBe("revox");
    expect(() => chooseExporter(["--platform", "vapi"], {})).toThrow(/--platform must be one of hms, burki, revox, got "vapi"/);
    expect(() => chooseExporter(["--verbose"], {})).toThrow(/unknown argument "--verbose"/);
    await expect(main(["--platform", "burki"], {})).rejects.toThrow(/No Burki API key: .*BURKI_API_KEY/);
    // The built bin, configured through the environment only (BURKI_BASE_URL: the emulator's origin).
    const bin = path.join(ROOT, "dist", "scripts", "export-code.js");
    const { stdout } = await promisify(execFile)(process.execPath, [bin], { env: { PATH: process.env.PATH, BURKI_API_KEY: BURKI_KEY, BURKI_BASE_URL: burki.url } });
    expect(stdout).toContain('import * as burki from "pulumi-voiceai/burki";');
    expect(stdout).toContain('name: "Acme support"');
    expect(stdout).not.toContain(B.llm);
  });
});

describe("export as code, then adopt: Revox", () => {
  const REVOX_KEY = "sk_test_export_revox";
  const R = { llm: "sk-revox-llm-not-in-code", header: "Bearer revox-tool-not-in-code", query: "revox-query-not-in-code", calendly: "nango-revox-not-in-code" };
  const NUMBERS = ["+15555550400", "+15555550401"];
  let revox: Emulator<any>;
  let revoxStack: TestStack | undefined;
  const revoxClient = () => new ApiClient(revoxPlatform, { apiKey: REVOX_KEY, baseUrl: revox.url, requestTimeoutMs: 5000, maxRetries: 0 });
  const api = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${revox.url}${route}`, { method, headers: { authorization: `Bearer ${REVOX_KEY}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    expect(res.status, `${method} ${route}`).toBe(200);
    return (await res.json()) as any;
  };

  beforeAll(async () => {
    revox = await startEmulator({ platform: "revox", strict: true, apiKeys: [REVOX_KEY], phoneNumbers: NUMBERS });
  });
  afterAll(async () => {
    await revoxStack?.dispose();
    await revox?.close();
  });

  it("adopts every assistant and routes its numbers without writing anything, previews clean afterwards, and prints no secret", async () => {
    const minimal = (await api("POST", "/assistants", { name: "Minimal", prompt: "Be brief." })).assistant;
    const booking = (
      await api("POST", "/assistants", {
        name: "Acme bookings",
        prompt: "You book appointments.",
        first_sentence_mode: "static",
        first_sentence: "Hello!",
        voice: { provider: "cartesia", id: "a0e99841-438c-4a64-b679-ae501e7d6091", model: "sonic-3.5", speed: 1.1 },
        llm_model: { type: "custom", api_url: "https://llm.example/v1", model_name: "m-1", api_key: R.llm },
        call_retry_config: { allowed_days: ["monday"], call_twice_in_a_row: false, calling_windows: [{ calling_window_start_time: "09:00", calling_window_end_time: "17:00", retry_delay_seconds: 60 }], max_retry_attempts: 2, timezone: "Europe/Paris" },
        faq_items: [{ question: "Where?", answer: "Paris." }],
        custom_tools: [{ name: "check_slots", description: "Slots.", url: "https://cal.example/slots", method: "GET", headers: [{ key: "Authorization", value: R.header }], query_params: [{ key: "key", value: R.query }], body_template: null, input_schema: [] }],
        calendly: { connection_id: R.calendly, event_type_id: "https://api.calendly.com/event_types/1" },
      })
    ).assistant;
    // An FAQ item the platform added itself is not configuration.
    const stored = await api("GET", `/assistants/${booking.id}`);
    await fetch(`${revox.origin}/__control/tenants/${REVOX_KEY}/assistants/${booking.id}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ faq_items: [...stored.faq_items, { question: "Parking?", answer: "Yes.", source: "ai" }] }),
    });
    const numbers = (await api("GET", "/phone-numbers")).phone_numbers as any[];
    await api("PATCH", `/phone-numbers/${numbers.find((n) => n.phone_number === NUMBERS[0]).id}`, { inbound_assistant_id: booking.id, label: "Bookings" });

    const source = await exportProgram(revoxClient(), revoxExporter);
    if (process.env.SHOW_EXPORT) console.log(source);
    for (const [what, value] of Object.entries(R)) expect(source, `${what} printed`).not.toContain(value);
    const variables = [...source.matchAll(/^export const (\S+) = new revox\.Assistant\("([^"]+)", \{\n  adoptId: "([^"]+)",/gm)].map((m) => ({ variable: m[1], id: m[3] }));
    expect(variables).toEqual([
      { variable: "minimal", id: minimal.id },
      { variable: "acmeBookings", id: booking.id },
    ]);
    // Defaults and the server's own fields are left out; FAQ items as declared.
    expect(source).not.toMatch(/firstSentenceDelayMs|pendingFaqCount|createdBy|isInboundReceptionist|needsHumanAnswer|Parking/);
    expect(source).toContain('faqItems: [\n    {\n      question: "Where?",\n      answer: "Paris.",\n    },\n  ],');
    expect(source).toContain('new revox.PhoneNumber("number-15555550400", {\n  phoneNumber: "+15555550400",\n  assistantId: acmeBookings.id,\n  label: "Bookings",\n});');
    expect(source).toContain("// Not routed to an exported assistant (declaring one would route it): +15555550401.");
    const secrets = { acmeBookingsLlmApiKey: R.llm, acmeBookingsTool0Header0: R.header, acmeBookingsTool0Query0: R.query, acmeBookingsCalendlyConnectionId: R.calendly };
    expect(secretKeys(source)).toEqual({ read: Object.keys(secrets).sort(), listed: Object.keys(secrets).sort() });

    revoxStack = await TestStack.create({ name: "export-revox", program: source, emulator: revox, platform: "revox", apiKey: REVOX_KEY, secrets });
    const requests = revoxStack.recordRequests();
    await revoxStack.up();
    // Adoption of an identical configuration, and routing a number to the assistant that answers it: no write but that PATCH.
    expect(requests().filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/, "<id>")}`)).toEqual(["PATCH /api/phone-numbers/<id>"]);
    expect(await revoxStack.previewChanges()).toEqual([]);
    expect(await revoxStack.previewChanges("--refresh")).toEqual([]);
    const state = (await revoxStack.run("stack", "export")).stdout;
    for (const [what, value] of Object.entries(R)) expect(state, `${what} in the state`).not.toContain(value);
    const { tsc, ts38 } = await compile({ revox: source });
    expect(tsc, `tsc found errors in the printed program:\n${source}`).toBe("");
    expect(ts38).toEqual([]);
  });
});
