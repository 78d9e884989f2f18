// The package's policy pack (policy/, see policy/index.ts) through the real Pulumi CLI and engine,
// started by the engine through the language host's RunPlugin (the fallback host here). ONE stack
// with emulators of HMS, Burki and Revox; programs are swapped into it one after another:
//
// - a compliant program on all three platforms passes `preview` (with a policy config allowing the
//   vendors Burki and Revox cannot avoid), and an HMS-only one with the default allow-list;
// - a program with one violation of every rule, each on a resource of its own, fails `preview`: every
//   rule reports its message naming the resource, as mandatory, and no request reaches an emulator;
//   one violation also fails `up` before any request;
// - a `--policy-pack-config` file turns a rule advisory (the preview then passes, still warning);
// - a value unknown at preview is reported as checked at `up`, not silently passed.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../emulator/server";
import { REPO_ROOT } from "../scripts/pulumi-cli";
import { TestStack } from "./harness";

const PACK = path.join(REPO_ROOT, "policy");
const KEYS = { hms: "fl_test_policy", burki: "burki_test_policy", revox: "sk_test_policy" };

const HEADER = `
import * as pulumi from "@pulumi/pulumi";
import * as hms from "pulumi-voiceai/hms";
const config = new pulumi.Config();
`;

/** Compliant resources of all three platforms (Burki's and Revox's fixed speech vendors need the allow-list config below). */
const COMPLIANT = `
import * as pulumi from "@pulumi/pulumi";
import * as hms from "pulumi-voiceai/hms";
import * as burki from "pulumi-voiceai/burki";
import * as revox from "pulumi-voiceai/revox";
const config = new pulumi.Config();

const eu = new hms.Assistant("eu-support", {
  firstMessage: "Hallo, welkom bij Acme.",
  maxDurationSeconds: 600,
  webhookUrl: "https://hooks.example.com/hms",
  webhookSecret: config.requireSecret("webhookSecret"),
  sttConfig: { provider: "mistral", model: "voxtral-mini", language: "nl" },
  llmConfig: { provider: "mistral", model: "mistral-small-latest", messages: [{ role: "system", content: "Wees kort." }] },
  ttsConfig: { provider: "local", voiceId: "nl-female-1" },
});
new hms.PhoneNumber("eu-line", { phoneNumber: "+31850000001", assistantId: eu.id });
`;
const COMPLIANT_ALL =
  COMPLIANT +
  `
const b = new burki.Assistant("b-support", {
  llmProvider: "mistral",
  llmProviderConfig: { apiKey: config.requireSecret("llmKey"), model: "mistral-small-latest" },
  llmSettings: { systemPrompt: "You answer Acme's phone." },
  ttsSettings: { provider: "elevenlabs", voiceId: "21m00Tcm4TlvDq8ikWAM" },
  webhookUrl: "https://hooks.example.com/burki",
});
new burki.PhoneNumber("b-line", { phoneNumber: "+15555550100", assistantId: b.id });
const r = new revox.Assistant("r-support", {
  prompt: "You answer Acme's phone.",
  maxCallDurationSecs: 900,
  llmModel: { type: "openrouter", openrouterModelId: "mistralai/mistral-small", openrouterProvider: "mistral" },
  voice: { provider: "cartesia", id: "voice-1" },
  webhookUrl: "https://hooks.example.com/revox",
});
new revox.PhoneNumber("r-line", { phoneNumber: "+15555550200", assistantId: r.id });
`;
/** Allows the vendors the compliant Burki and Revox assistants use (their speech-to-text is fixed). */
const ALLOW_ALL = {
  "voiceai-data-residency": {
    allowedProviders: { stt: ["mistral", "gladia", "deepgram", "soniox"], llm: ["mistral", "openrouter:mistral"], tts: ["local", "elevenlabs", "cartesia"] },
  },
};

/** One violation per rule, each on a resource of its own: [rule, resource name, message fragment]. */
const VIOLATIONS: [string, string, string][] = [
  ["voiceai-webhook-https", "v-http", "`webhookUrl` must be an https:// URL"],
  ["voiceai-webhook-https", "v-revox-http", "`customTools[0].url` must be an https:// URL"],
  ["voiceai-webhook-secret", "v-nosecret", "has a `webhookUrl` but no `webhookSecret`"],
  ["voiceai-credentials-secret", "v-plainkey", "`llmProviderConfig.apiKey` is a credential in plain text"],
  ["voiceai-credentials-secret", "v-extra", "`additionalFields.llm_config.api_key` is a credential in plain text"],
  ["voiceai-data-residency", "v-openai", "LLM provider `openai` at `llmConfig.provider` is not on the data-residency allow-list"],
  ["voiceai-max-call-duration", "v-long", "`maxDurationSeconds` is 7200: it must be between 1 and 1800 seconds"],
  ["voiceai-max-call-duration", "v-revox-unbounded", "`maxCallDurationSecs` is not set"],
  ["voiceai-prompt-or-first-message", "v-silent", "has no prompt and no first message"],
  ["voiceai-phone-number-routed-in-stack", "v-foreign-line", '`assistantId` "asst_elsewhere" is not the id of a hms.Assistant declared in this stack'],
];
const EU = `sttConfig: { provider: "mistral", model: "voxtral-mini", language: "nl" }, llmConfig: { provider: "mistral", model: "mistral-small-latest" }, ttsConfig: { provider: "local", voiceId: "nl-1" }`;
const VIOLATING =
  COMPLIANT_ALL +
  `
new hms.Assistant("v-http", { firstMessage: "Hi", maxDurationSeconds: 60, webhookUrl: "http://hooks.example.com/plain", webhookSecret: config.requireSecret("webhookSecret"), ${EU} });
new revox.Assistant("v-revox-http", { prompt: "Hi", maxCallDurationSecs: 60, llmModel: { type: "openrouter", openrouterModelId: "m", openrouterProvider: "mistral" }, voice: { provider: "cartesia", id: "v" },
  customTools: [{ name: "lookup", description: "Looks up", url: "http://tools.example.com/lookup", method: "GET", headers: [], queryParams: [], bodyTemplate: null, inputSchema: [] }] });
new hms.Assistant("v-nosecret", { firstMessage: "Hi", maxDurationSeconds: 60, webhookUrl: "https://hooks.example.com/x", ${EU} });
// Bypasses the SDK's secret wrapping: a hand-written dynamic resource of the same type.
new (pulumi.dynamic.Resource as any)({}, "v-plainkey", { llmProvider: "mistral", llmProviderConfig: { apiKey: "sk-plain-in-program" }, llmSettings: { systemPrompt: "Hi" } }, {}, "burki", "Assistant");
new hms.Assistant("v-extra", { firstMessage: "Hi", maxDurationSeconds: 60, ${EU}, additionalFields: { llm_config: { api_key: "sk-plain-extra" } } });
new hms.Assistant("v-openai", { firstMessage: "Hi", maxDurationSeconds: 60, ${EU.replace('llmConfig: { provider: "mistral"', 'llmConfig: { provider: "openai"')} });
new hms.Assistant("v-long", { firstMessage: "Hi", maxDurationSeconds: 7200, ${EU} });
new revox.Assistant("v-revox-unbounded", { prompt: "Hi", llmModel: { type: "openrouter", openrouterModelId: "m", openrouterProvider: "mistral" }, voice: { provider: "cartesia", id: "v" } });
new hms.Assistant("v-silent", { firstMessage: "  ", maxDurationSeconds: 60, ${EU} });
new hms.PhoneNumber("v-foreign-line", { phoneNumber: "+31850000009", assistantId: "asst_elsewhere" });
`;

describe("the pulumi-voiceai policy pack through the real engine", () => {
  let hmsEmu: Emulator<any>;
  let burkiEmu: Emulator<any>;
  let revoxEmu: Emulator<any>;
  let stack: TestStack;
  const configFile = (name: string, content: object) => {
    const file = path.join(stack.dir, name);
    fs.writeFileSync(file, JSON.stringify(content));
    return file;
  };
  const requests = () => [hmsEmu, burkiEmu, revoxEmu].reduce((n, e) => n + e.requests.length, 0);
  const preview = (...extra: string[]) => stack.tryRun("preview", "--policy-pack", PACK, ...extra);

  beforeAll(async () => {
    hmsEmu = await startEmulator({ apiKeys: [KEYS.hms] });
    burkiEmu = await startEmulator({ platform: "burki", apiKeys: [KEYS.burki] });
    revoxEmu = await startEmulator({ platform: "revox", apiKeys: [KEYS.revox] });
    stack = await TestStack.create({ name: "policy", program: COMPLIANT, emulator: hmsEmu, apiKey: KEYS.hms, secrets: { webhookSecret: "whsec-policy", llmKey: "sk-policy-config" } });
    await stack.setConfig({ "burki:baseUrl": burkiEmu.url, "revox:baseUrl": revoxEmu.url }, { "burki:apiKey": KEYS.burki, "revox:apiKey": KEYS.revox });
  }, 120_000);

  afterAll(async () => {
    await stack?.dispose({ destroy: false });
    await Promise.all([hmsEmu?.close(), burkiEmu?.close(), revoxEmu?.close()]);
  });

  it("passes a compliant HMS program with the default allow-list", async () => {
    const result = await preview();
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/✅ pulumi-voiceai@v0\.1\.0/);
  }, 120_000);

  it("passes a compliant program of all three platforms with the allow-list of a policy config", async () => {
    stack.setProgram(COMPLIANT_ALL);
    const result = await preview("--policy-pack-config", configFile("allow.json", ALLOW_ALL));
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(/\[(mandatory|advisory)\]/);
  }, 120_000);

  it("fails preview with every rule's message naming the resource, before any request", async () => {
    stack.setProgram(VIOLATING);
    const before = requests();
    const result = await preview("--policy-pack-config", configFile("allow.json", ALLOW_ALL));
    const out = result.stdout + result.stderr;
    expect(result.code, out).not.toBe(0);
    for (const [rule, name, message] of VIOLATIONS) {
      expect(out, `${rule} on ${name}`).toMatch(new RegExp(`\\[mandatory\\]\\s+${rule}\\s+\\([^)]*: ${name}\\)`));
      expect(out, `${rule} on ${name}`).toContain(`"${name}": ${message}`);
    }
    // Compliant resources are not reported, and nothing printed shows a plaintext credential of the SDK's resources.
    expect(out).not.toMatch(/: (eu-support|b-support|r-support|eu-line|b-line|r-line)\)/);
    expect(out).not.toContain("sk-policy-config");
    expect(requests()).toBe(before);
  }, 180_000);

  it("fails up on a violation before any request", async () => {
    // Only the violating resource: a compliant one could be created meanwhile (steps run in parallel).
    stack.setProgram(HEADER + `new hms.Assistant("up-http", { firstMessage: "Hi", maxDurationSeconds: 60, webhookUrl: "http://hooks.example.com/up", webhookSecret: config.requireSecret("webhookSecret"), ${EU} });\n`);
    const before = requests();
    const result = await stack.tryRun("up", "--yes", "--skip-preview", "--policy-pack", PACK);
    expect(result.code, result.stdout + result.stderr).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('hms.Assistant "up-http": `webhookUrl` must be an https:// URL');
    expect(requests()).toBe(before);
  }, 180_000);

  it("turns a rule advisory with --policy-pack-config, and reports a value unknown at preview as checked at up", async () => {
    // up-http again, and a webhook URL built from the id of an assistant not created yet.
    stack.setProgram(
      COMPLIANT +
        `new hms.Assistant("up-http", { firstMessage: "Hi", maxDurationSeconds: 60, webhookUrl: "http://hooks.example.com/up", webhookSecret: config.requireSecret("webhookSecret"), ${EU} });
new hms.Assistant("later-hook", { firstMessage: "Hi", maxDurationSeconds: 60, webhookUrl: eu.id.apply((id) => "https://hooks.example.com/" + id), webhookSecret: config.requireSecret("webhookSecret"), ${EU} });\n`,
    );
    const before = requests();
    const result = await preview("--policy-pack-config", configFile("advisory.json", { "voiceai-webhook-https": "advisory" }));
    const out = result.stdout + result.stderr;
    expect(result.code, out).toBe(0);
    expect(out).toMatch(/\[advisory\]\s+voiceai-webhook-https\s+\([^)]*: up-http\)/);
    expect(out).toMatch(/can't run policy 'voiceai-webhook-https'[^\n]*during preview: hms\.Assistant "later-hook": string value at \.webhookUrl can't be known during preview; it is checked at pulumi up/);
    expect(requests()).toBe(before);
  }, 180_000);

  it("leaves no process behind (CLI, language host, policy pack, providers)", async () => {
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(stack.processes()).toEqual([]);
  });
});
