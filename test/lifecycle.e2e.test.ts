// Resource lifecycle through the real Pulumi CLI and engine against the in-process emulator:
// drift (refresh + revert), secrets, in-place updates, replacements, adoption and auto-naming.
// Each describe owns one emulator and one stack; the tests inside a describe run in order and build
// on each other's state.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { startEmulator, type Emulator } from "../emulator/server";
import type { PulumiResult } from "../scripts/pulumi-cli";
import { TestStack, type PreviewStep } from "./harness";

const KEY = "fl_test_lifecycle";
const ASSISTANT = "pulumi-nodejs:dynamic/hms:Assistant";
const NUMBER = "pulumi-nodejs:dynamic/hms:PhoneNumber";
const TRUNK = "pulumi-nodejs:dynamic/hms:SipTrunk";

// ---- helpers ----------------------------------------------------------------------------------------

interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/** The resources of `pulumi stack export`; secrets stay encrypted unless `--show-secrets` is passed. */
async function exportState(stack: TestStack, ...flags: string[]): Promise<{ text: string; resources: StateResource[] }> {
  const text = (await stack.run("stack", "export", ...flags)).stdout;
  const parsed = JSON.parse(text) as { deployment: { resources?: StateResource[] } };
  return { text, resources: parsed.deployment.resources ?? [] };
}

/** The state entry of resource `name` of `type`, or undefined when it is not in the state. */
function inState(resources: StateResource[], type: string, name: string): StateResource | undefined {
  return resources.find((r) => r.type === type && r.urn.endsWith(`::${name}`));
}

/** The property names in the `[diff: ~a,b]` suffix of the line where `refresh` reports `<type> <name> updated`. */
function refreshedProps(result: PulumiResult, type: string, name: string): string[] {
  const line = result.stdout.split("\n").find((l) => l.includes(`${type} ${name} updated`));
  const diff = /\[diff: ([^\]]*)\]/.exec(line ?? "")?.[1] ?? "";
  return diff.split(/[+\-~,]/).filter(Boolean).sort();
}

/** `name:op` of each previewed change, sorted, for order-independent comparison. */
const summary = (steps: PreviewStep[]) => steps.map((s) => `${s.name}:${s.op}`).sort();

/** Only the listed keys of an object (to compare one field group of a live object). */
function pick(obj: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, obj[k]]));
}

/** Method and path of recorded requests, e.g. `DELETE /numbers/<id>` (without the /api/v1 prefix). */
const calls = (records: { method: string; path: string }[]) => records.map((r) => `${r.method} ${r.path.replace(/^\/api\/v1/, "")}`);

/**
 * Out-of-band edit of a SIP trunk. The store has edit methods for assistants and numbers only (trunks
 * have no PATCH), so rewrite the trunk the way a hand-edited emulator state file would.
 */
function forcePatchTrunk(emulator: Emulator, id: string, patch: Record<string, unknown>): void {
  const state = emulator.store.dump();
  const trunk = state.tenants[KEY].sip_trunks.find((t) => t.id === id);
  if (!trunk) throw new Error(`no trunk ${id}`);
  Object.assign(trunk, patch);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "trunk-edit-")), "state.json");
  fs.writeFileSync(file, JSON.stringify(state));
  emulator.store.load(file);
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

// ---- 1. drift ---------------------------------------------------------------------------------------

// One assistant declaring every field group. Its values are repeated below in the API's snake_case
// (DRIFT_GROUPS[*].declared): what the emulator must hold after `up`.
const DRIFT_PROGRAM = `
import * as hms from "pulumi-voiceai/hms";

const pbx = new hms.SipTrunk("pbx", { host: "pbx.example.com", port: 5060, password: "trunk-pw-drift" });

const support = new hms.Assistant("support", {
  name: "Drift support",
  firstMessage: "Hallo, met Acme.",
  isActive: true,
  maxDurationSeconds: 600,
  webhookUrl: "https://hooks.example.com/hms",
  webhookSecret: "whsec-drift-declared",
  webhookEvents: ["status-update", "end-of-call-report"],
  sttConfig: { provider: "deepgram", model: "nova-3-general", language: "nl", keyterms: ["ja", "nee"], smartFormat: true },
  llmConfig: {
    provider: "openai",
    model: "gpt-4o-mini",
    temperature: 0.7,
    messages: [{ role: "system", content: "Je bent de klantenservice van Acme." }],
    tools: [{
      type: "function",
      function: { name: "lookup_order", description: "Zoek een bestelling op", parameters: { type: "object", properties: { orderId: { type: "string" } } } },
      server: { url: "https://tools.example.com/lookup", secret: "toolsec-drift-declared" },
    }],
  },
  ttsConfig: { provider: "elevenlabs", voiceId: "21m00Tcm4TlvDq8ikWAM", model: "eleven_flash_v2_5", stability: 0.5 },
  analysisPlan: { structuredDataPlan: { enabled: true, schema: { type: "object", properties: { callReason: { type: "string" } } } }, minMessagesThreshold: 2 },
  recordingConsent: { enabled: true, message: "Dit gesprek wordt opgenomen." },
  gdprMode: true,
  notificationEmails: ["ops@example.com"],
  speechConfig: { turnTaking: { waitSeconds: 0.4 } },
  additionalFields: { beta_options: { barge_in: true } },
});

// The number's name is deliberately not declared (an undeclared field must never show as drift).
const line = new hms.PhoneNumber("line", { phoneNumber: "+31850835037", assistantId: support.id, transferTrunkId: pbx.id });

export const assistantId = support.id;
export const numberId = line.id;
export const trunkId = pbx.id;
`;

const LLM_CONFIG = {
  provider: "openai",
  model: "gpt-4o-mini",
  temperature: 0.7,
  messages: [{ role: "system", content: "Je bent de klantenservice van Acme." }],
  tools: [
    {
      type: "function",
      function: { name: "lookup_order", description: "Zoek een bestelling op", parameters: { type: "object", properties: { orderId: { type: "string" } } } },
      server: { url: "https://tools.example.com/lookup", secret: "toolsec-drift-declared" },
    },
  ],
};

/** Per field group: the SDK properties, their declared wire values, and an out-of-band edit of them. */
const DRIFT_GROUPS: Record<string, { props: string[]; declared: Record<string, unknown>; drift: Record<string, unknown> }> = {
  scalars: {
    props: ["firstMessage", "isActive", "maxDurationSeconds"],
    declared: { first_message: "Hallo, met Acme.", is_active: true, max_duration_seconds: 600 },
    drift: { first_message: "Gewijzigd in het dashboard", is_active: false, max_duration_seconds: 60 },
  },
  webhook: {
    // Not webhookSecret: the engine never names a changed secret in a diff (the test reads the state instead).
    props: ["webhookEvents", "webhookUrl"],
    declared: { webhook_url: "https://hooks.example.com/hms", webhook_secret: "whsec-drift-declared", webhook_events: ["status-update", "end-of-call-report"] },
    drift: { webhook_url: "https://elsewhere.example.com/hook", webhook_secret: "whsec-dashboard", webhook_events: ["tool-calls"] },
  },
  stt: {
    props: ["sttConfig"],
    declared: { stt_config: { provider: "deepgram", model: "nova-3-general", language: "nl", keyterms: ["ja", "nee"], smart_format: true } },
    drift: { stt_config: { provider: "deepgram", model: "nova-3", language: "en", keyterms: ["yes"], smart_format: false } },
  },
  llm: {
    props: ["llmConfig"],
    declared: { llm_config: LLM_CONFIG },
    drift: { llm_config: { ...LLM_CONFIG, model: "gpt-4o", messages: [{ role: "system", content: "Prompt uit het dashboard." }] } },
  },
  tts: {
    props: ["ttsConfig"],
    declared: { tts_config: { provider: "elevenlabs", voice_id: "21m00Tcm4TlvDq8ikWAM", model: "eleven_flash_v2_5", stability: 0.5 } },
    drift: { tts_config: { provider: "openai", voice_id: "alloy" } },
  },
  analysis: {
    props: ["analysisPlan"],
    declared: {
      analysis_plan: { structured_data_plan: { enabled: true, schema: { type: "object", properties: { callReason: { type: "string" } } } }, min_messages_threshold: 2 },
    },
    drift: { analysis_plan: { structured_data_plan: { enabled: false, schema: {} }, min_messages_threshold: 9 } },
  },
  privacy: {
    props: ["gdprMode", "notificationEmails", "recordingConsent", "speechConfig"],
    declared: {
      recording_consent: { enabled: true, message: "Dit gesprek wordt opgenomen." },
      gdpr_mode: true,
      notification_emails: ["ops@example.com"],
      speech_config: { turn_taking: { wait_seconds: 0.4 } },
    },
    drift: {
      recording_consent: { enabled: false, message: null },
      gdpr_mode: false,
      notification_emails: ["someone@example.com", "else@example.com"],
      speech_config: { turn_taking: { wait_seconds: 2 } },
    },
  },
  additionalFields: {
    props: ["additionalFields"],
    declared: { beta_options: { barge_in: true } },
    drift: { beta_options: { barge_in: false } },
  },
};

describe("drift: refresh shows out-of-band changes per field group, up reverts them", () => {
  let emulator: Emulator;
  let stack: TestStack;
  let ids: { assistantId: string; numberId: string; trunkId: string };

  beforeAll(async () => {
    emulator = await startEmulator({ apiKeys: [KEY] });
    stack = await TestStack.create({ name: "drift", program: DRIFT_PROGRAM, emulator, apiKey: KEY });
    await stack.up();
    ids = (await stack.outputs()) as typeof ids;
  });

  afterAll(async () => {
    await stack?.dispose();
    await emulator?.close();
  });

  it("a change to fields the program does not declare is not drift", async () => {
    const live = emulator.store.getAssistant(KEY, ids.assistantId);
    emulator.store.forcePatchAssistant(KEY, ids.assistantId, {
      voicemail_message: "Spreek een bericht in.",
      business_name: "Acme BV",
      // a key inside a declared object that the program does not set
      llm_config: { ...live.llm_config, max_completion_tokens: 512 },
    });
    // (Every field of the number is declared: without a name of its own it is auto-named.)
    forcePatchTrunk(emulator, ids.trunkId, { username: "dashboard-user" });

    // --expect-no-changes makes the command fail if refresh finds any difference.
    await stack.run("refresh", "--yes", "--expect-no-changes");
  });

  it("refresh shows each field group's out-of-band change; up puts every declared value back", async () => {
    // Every group at once; each group is checked on its own below.
    emulator.store.forcePatchAssistant(KEY, ids.assistantId, Object.assign({}, ...Object.values(DRIFT_GROUPS).map((g) => g.drift)));
    emulator.store.forcePatchNumber(KEY, ids.numberId, { assistant_id: null, transfer_trunk_id: null });
    forcePatchTrunk(emulator, ids.trunkId, { port: 5070 });

    // Drift found by `preview --refresh` shows as update/replace steps (the harness drops the
    // per-resource refresh steps), which is what the clean `--refresh` previews elsewhere rely on.
    expect(summary(await stack.previewChanges("--refresh"))).toEqual(expect.arrayContaining(["line:update", "support:update"]));

    const refresh = await stack.run("refresh", "--yes");
    const assistantDiff = refreshedProps(refresh, ASSISTANT, "support");
    for (const [group, { props }] of Object.entries(DRIFT_GROUPS)) {
      expect(assistantDiff, `refresh should show the ${group} drift`).toEqual(expect.arrayContaining(props));
    }
    expect(refreshedProps(refresh, NUMBER, "line")).toEqual(["assistantId", "transferTrunkId"]);
    expect(refreshedProps(refresh, TRUNK, "pbx")).toEqual(["port"]);

    // The refreshed state holds the live (drifted) values, the secret one included.
    const { resources } = await exportState(stack, "--show-secrets");
    const state = inState(resources, ASSISTANT, "support")!.outputs!;
    expect(state.webhookSecret).toMatchObject({ plaintext: JSON.stringify("whsec-dashboard") });
    expect(state.firstMessage).toBe("Gewijzigd in het dashboard");
    expect(state.sttConfig).toMatchObject({ model: "nova-3", language: "en" });
    expect(state.ttsConfig).toEqual({ provider: "openai", voiceId: "alloy", model: null, stability: null });
    expect(state.additionalFields).toEqual({ beta_options: { barge_in: false } });
    expect(inState(resources, TRUNK, "pbx")!.outputs!.port).toBe(5070);

    await stack.up();

    const live = emulator.store.getAssistant(KEY, ids.assistantId);
    for (const [group, { declared }] of Object.entries(DRIFT_GROUPS)) {
      expect(pick(live, Object.keys(declared)), `${group} after up`).toEqual(declared);
    }
    // up sends only what differs: the undeclared fields edited out of band are left alone.
    expect(live).toMatchObject({ voicemail_message: "Spreek een bericht in.", business_name: "Acme BV" });

    // A trunk cannot be patched: the drifted trunk was replaced by one with the declared port, and
    // the number points at it again.
    const trunks = emulator.store.listSipTrunks(KEY);
    expect(trunks).toHaveLength(1);
    expect(trunks[0]).toMatchObject({ host: "pbx.example.com", port: 5060 });
    expect(trunks[0].id).not.toBe(ids.trunkId);
    expect(emulator.store.getNumber(KEY, ids.numberId)).toMatchObject({
      assistant_id: ids.assistantId,
      transfer_trunk_id: trunks[0].id,
      name: expect.stringMatching(/^line-[0-9a-f]{7}$/), // auto-named, so declared
    });
    ids.trunkId = trunks[0].id;

    await stack.run("preview", "--expect-no-changes");
  });

  it("an assistant deleted out of band leaves the state on refresh and is recreated by up", async () => {
    emulator.store.deleteAssistant(KEY, ids.assistantId);

    await stack.run("refresh", "--yes");
    const { resources } = await exportState(stack);
    expect(inState(resources, ASSISTANT, "support")).toBeUndefined();
    // The API unassigns the number of a deleted assistant; refresh sees that too.
    expect(inState(resources, NUMBER, "line")!.outputs!.assistantId).toBeNull();

    await stack.up();
    const out = (await stack.outputs()) as typeof ids;
    expect(out.assistantId).not.toBe(ids.assistantId);
    expect(emulator.store.listAssistants(KEY).map((a) => a.id)).toEqual([out.assistantId]);
    expect(pick(emulator.store.getAssistant(KEY, out.assistantId), ["llm_config", "tts_config"])).toEqual({
      ...DRIFT_GROUPS.llm.declared,
      ...DRIFT_GROUPS.tts.declared,
    });
    // Same number registration, re-pointed at the new assistant.
    expect(out.numberId).toBe(ids.numberId);
    expect(emulator.store.getNumber(KEY, ids.numberId).assistant_id).toBe(out.assistantId);
    ids = out;
  });

  it("a number deleted out of band leaves the state on refresh and is recreated by up", async () => {
    emulator.store.deleteNumber(KEY, ids.numberId);

    await stack.run("refresh", "--yes");
    expect(inState((await exportState(stack)).resources, NUMBER, "line")).toBeUndefined();

    await stack.up();
    const out = (await stack.outputs()) as typeof ids;
    expect(out.numberId).not.toBe(ids.numberId);
    expect(emulator.store.listNumbers(KEY)).toEqual([
      expect.objectContaining({ id: out.numberId, phone_number: "+31850835037", assistant_id: ids.assistantId, transfer_trunk_id: ids.trunkId }),
    ]);
    expect(out.assistantId).toBe(ids.assistantId);
  });
});

// ---- 2. secrets -------------------------------------------------------------------------------------

// The same three secrets (webhook secret, tool server secret, trunk password) twice: as plain strings
// in the program, and from secret stack config. `version` is part of every value so a rotation
// changes all six.
const secretsProgram = (version: string) => `
import * as pulumi from "@pulumi/pulumi";
import * as hms from "pulumi-voiceai/hms";

const config = new pulumi.Config();
const tool = (secret: pulumi.Input<string>) => ({
  type: "function" as const,
  function: { name: "lookup_order", description: "Zoek een bestelling op" },
  server: { url: "https://tools.example.com/lookup", secret },
});

const plain = new hms.Assistant("plain", {
  name: "Plain secrets",
  webhookUrl: "https://hooks.example.com/hms",
  webhookSecret: "whsec-plain-${version}",
  llmConfig: { provider: "openai", model: "gpt-4o-mini", tools: [tool("toolsec-plain-${version}")] },
});
const plainPbx = new hms.SipTrunk("plain-pbx", { host: "pbx.example.com", username: "hms", password: "trunkpw-plain-${version}" });

const fromConfig = new hms.Assistant("from-config", {
  name: "Config secrets",
  webhookUrl: "https://hooks.example.com/hms",
  webhookSecret: config.requireSecret("webhookSecret"),
  llmConfig: { provider: "openai", model: "gpt-4o-mini", tools: [tool(config.requireSecret("toolSecret"))] },
});
new hms.SipTrunk("config-pbx", { host: "pbx2.example.com", username: "hms", password: config.requireSecret("trunkPassword") });

// Outputs carrying secrets: the engine prints them as [secret].
export const plainWebhookSecret = plain.webhookSecret;
export const plainPassword = plainPbx.password;
export const configLlm = fromConfig.llmConfig;
`;

const secretConfig = (version: string) => ({
  webhookSecret: `whsec-config-${version}`,
  toolSecret: `toolsec-config-${version}`,
  trunkPassword: `trunkpw-config-${version}`,
});

/** Every plaintext secret of one version, the API key included. */
const plaintexts = (version: string) => [
  KEY,
  `whsec-plain-${version}`,
  `toolsec-plain-${version}`,
  `trunkpw-plain-${version}`,
  ...Object.values(secretConfig(version)),
];

/** The plaintext secrets that occur in `text` (expected: none). */
const leaked = (text: string, secrets: string[]) => secrets.filter((s) => text.includes(s));

/** Pulumi's marker of a secret value in an exported state. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

describe("secrets reach the API but never the output or the state", () => {
  let emulator: Emulator;
  let stack: TestStack;

  beforeAll(async () => {
    emulator = await startEmulator({ apiKeys: [KEY] });
    stack = await TestStack.create({ name: "secrets", program: secretsProgram("v1"), emulator, apiKey: KEY, secrets: secretConfig("v1") });
  });

  afterAll(async () => {
    await stack?.dispose();
    await emulator?.close();
  });

  /** The secrets as the emulator stored them, per object name (trunk passwords from the store's dump). */
  function storedSecrets(): Record<string, unknown> {
    const tenant = emulator.store.dump().tenants[KEY];
    return Object.fromEntries([
      ...tenant.assistants.map((a) => [a.name, [a.webhook_secret, (a.llm_config.tools as { server: { secret: string } }[])[0].server.secret]]),
      ...tenant.sip_trunks.map((t) => [t.host, t.password]),
    ]);
  }

  /** Checks the exported state: no plaintext, the secret properties encrypted, `__provider` holds only a require. */
  async function checkState(secrets: string[]): Promise<void> {
    const { text, resources } = await exportState(stack);
    expect(leaked(text, secrets)).toEqual([]);
    for (const name of ["plain", "from-config"]) {
      const outputs = inState(resources, ASSISTANT, name)!.outputs!;
      expect(outputs.webhookSecret, `${name}.webhookSecret`).toHaveProperty(SECRET_SIG);
      expect((outputs.llmConfig as Record<string, unknown>).tools, `${name}.llmConfig.tools`).toHaveProperty(SECRET_SIG);
    }
    for (const name of ["plain-pbx", "config-pbx"]) {
      expect(inState(resources, TRUNK, name)!.outputs!.password, `${name}.password`).toHaveProperty(SECRET_SIG);
    }
    for (const r of resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"))) {
      const provider = String(r.inputs?.__provider);
      expect(provider).toContain("require(moduleId)");
      expect(leaked(provider, secrets)).toEqual([]);
    }
  }

  it("up: the secrets are stored by the API, encrypted in the state, absent from preview, up, refresh and stack output", async () => {
    // `up --yes` (without --skip-preview) prints the preview and the update.
    const up = await stack.run("up", "--yes");
    expect(up.stdout).toMatch(/\+ 5 created/);
    expect(up.stdout).toMatch(/plainWebhookSecret\s*: \[secret\]/);
    expect(leaked(up.stdout + up.stderr, plaintexts("v1"))).toEqual([]);
    const refresh = await stack.run("refresh", "--yes");
    expect(leaked(refresh.stdout + refresh.stderr, plaintexts("v1"))).toEqual([]);
    const outputs = (await stack.run("stack", "output", "--json")).stdout;
    // In the program, an Output holding a secret anywhere is secret as a whole: all of llmConfig is masked.
    expect(JSON.parse(outputs)).toEqual({ plainWebhookSecret: "[secret]", plainPassword: "[secret]", configLlm: "[secret]" });

    expect(storedSecrets()).toEqual({
      "Plain secrets": ["whsec-plain-v1", "toolsec-plain-v1"],
      "Config secrets": ["whsec-config-v1", "toolsec-config-v1"],
      "pbx.example.com": "trunkpw-plain-v1",
      "pbx2.example.com": "trunkpw-config-v1",
    });
    await checkState(plaintexts("v1"));

    // The API key is stack config, stored encrypted in the stack's settings file.
    const settings = fs.readFileSync(path.join(stack.dir, "Pulumi.test.yaml"), "utf8");
    expect(settings).toContain("hms:apiKey");
    expect(leaked(settings, plaintexts("v1"))).toEqual([]);
  });

  it("rotation: preview --diff, up --diff and refresh --diff show changes but no value, old or new", async () => {
    stack.setProgram(secretsProgram("v2"));
    await stack.setConfig({}, secretConfig("v2"));
    const everySecret = [...plaintexts("v1"), ...plaintexts("v2")];

    const preview = await stack.run("preview", "--diff");
    // Every resource changes (the trunks are replaced: no PATCH for trunks).
    expect(preview.stdout).toMatch(/~ 2 to update/);
    expect(preview.stdout).toMatch(/\+-2 to replace/);
    expect(leaked(preview.stdout + preview.stderr, everySecret)).toEqual([]);

    const up = await stack.run("up", "--yes", "--diff");
    expect(up.stdout).toMatch(/~ 2 updated/);
    expect(leaked(up.stdout + up.stderr, everySecret)).toEqual([]);

    // The new values did reach the API.
    expect(storedSecrets()).toEqual({
      "Plain secrets": ["whsec-plain-v2", "toolsec-plain-v2"],
      "Config secrets": ["whsec-config-v2", "toolsec-config-v2"],
      "pbx.example.com": "trunkpw-plain-v2",
      "pbx2.example.com": "trunkpw-config-v2",
    });

    // refresh reads the secrets back from the API (it echoes webhook and tool secrets): change them out
    // of band, with a visible field next to them so that refresh --diff prints both resources whole.
    const dashboardSecrets = ["whsec-dashboard", "toolsec-dashboard"];
    const [plain, fromConfig] = ["Plain secrets", "Config secrets"].map((n) => emulator.store.listAssistants(KEY).find((a) => a.name === n)!);
    emulator.store.forcePatchAssistant(KEY, plain.id, { webhook_url: "https://elsewhere.example.com/hook", webhook_secret: "whsec-dashboard" });
    const tools = fromConfig.llm_config.tools as { server: { secret: string } }[];
    emulator.store.forcePatchAssistant(KEY, fromConfig.id, {
      llm_config: { ...fromConfig.llm_config, model: "gpt-4o", tools: [{ ...tools[0], server: { ...tools[0].server, secret: "toolsec-dashboard" } }] },
    });
    const refresh = await stack.run("refresh", "--yes", "--diff");
    expect(refresh.stdout).toMatch(/webhookSecret\s*: \[secret\]/);
    expect(refresh.stdout).toMatch(/tools\s*: \[secret\]/);
    expect(leaked(refresh.stdout + refresh.stderr, [...everySecret, ...dashboardSecrets])).toEqual([]);
    await checkState([...everySecret, ...dashboardSecrets]);
  });
});

// ---- 3–6. updates and replacements ------------------------------------------------------------------

/** The knobs the update and replacement tests turn, one program per combination. */
interface EditArgs {
  prompt: string;
  voiceId: string;
  webhookEvents: string[];
  /** Declare firstMessage and isActive (removing them must reset them to their defaults). */
  greeting: boolean;
  numberName: string;
  numberAssistant: "support" | "backup";
  /** Declare transferTrunkId: pbx.id (removing it must reset it to null). */
  numberTrunk: boolean;
  phoneNumber: string;
  trunkPort: number;
}

const editProgram = (a: EditArgs) => `
import * as hms from "pulumi-voiceai/hms";

const support = new hms.Assistant("support", {
  name: "Support",
  ${a.greeting ? `firstMessage: "Goedemorgen!", isActive: false,` : ""}
  webhookUrl: "https://hooks.example.com/hms",
  webhookEvents: ${JSON.stringify(a.webhookEvents)},
  llmConfig: { provider: "openai", model: "gpt-4o-mini", messages: [{ role: "system", content: ${JSON.stringify(a.prompt)} }] },
  ttsConfig: { provider: "elevenlabs", voiceId: ${JSON.stringify(a.voiceId)} },
});
const backup = new hms.Assistant("backup", { name: "Backup" });
const pbx = new hms.SipTrunk("pbx", { host: "pbx.example.com", port: ${a.trunkPort} });

const line = new hms.PhoneNumber("line", {
  phoneNumber: ${JSON.stringify(a.phoneNumber)},
  name: ${JSON.stringify(a.numberName)},
  assistantId: ${a.numberAssistant}.id,
  ${a.numberTrunk ? "transferTrunkId: pbx.id," : ""}
});

export const supportId = support.id;
export const backupId = backup.id;
export const trunkId = pbx.id;
export const numberId = line.id;
`;

describe("updates keep the id; replacements keep references intact", () => {
  let emulator: Emulator;
  let stack: TestStack;
  let args: EditArgs = {
    prompt: "Prompt 1",
    voiceId: "21m00Tcm4TlvDq8ikWAM",
    webhookEvents: ["status-update", "end-of-call-report"],
    greeting: true,
    numberName: "Main line",
    numberAssistant: "support",
    numberTrunk: true,
    phoneNumber: "+31850835037",
    trunkPort: 5060,
  };
  let ids: { supportId: string; backupId: string; trunkId: string; numberId: string };

  beforeAll(async () => {
    emulator = await startEmulator({ apiKeys: [KEY] });
    stack = await TestStack.create({ name: "edits", program: editProgram(args), emulator, apiKey: KEY });
    await stack.up();
    ids = (await stack.outputs()) as typeof ids;
  });

  afterAll(async () => {
    await stack?.dispose();
    await emulator?.close();
  });

  /** Applies an edit: the preview's changes, then `up`; returns the previewed `name:op` list and the new outputs. */
  async function edit(change: Partial<EditArgs>): Promise<{ previewed: string[]; out: typeof ids }> {
    args = { ...args, ...change };
    stack.setProgram(editProgram(args));
    const previewed = summary(await stack.previewChanges());
    await stack.up();
    return { previewed, out: (await stack.outputs()) as typeof ids };
  }

  it("3a. prompt change and number rename: in-place updates", async () => {
    const { previewed, out } = await edit({ prompt: "Prompt 2", numberName: "Hoofdlijn" });
    expect(previewed).toEqual(["line:update", "support:update"]);
    expect(out).toEqual(ids);
    expect(emulator.store.getAssistant(KEY, ids.supportId).llm_config.messages).toEqual([{ role: "system", content: "Prompt 2" }]);
    expect(emulator.store.getNumber(KEY, ids.numberId).name).toBe("Hoofdlijn");
  });

  it("3b. ttsConfig change and number reassigned to another assistant: in-place updates", async () => {
    const { previewed, out } = await edit({ voiceId: "pNInz6obpgDQGcFmaJgB", numberAssistant: "backup" });
    expect(previewed).toEqual(["line:update", "support:update"]);
    expect(out).toEqual(ids);
    expect(emulator.store.getAssistant(KEY, ids.supportId).tts_config).toEqual({ provider: "elevenlabs", voice_id: "pNInz6obpgDQGcFmaJgB" });
    expect(emulator.store.getNumber(KEY, ids.numberId).assistant_id).toBe(ids.backupId);
  });

  it("3c. webhookEvents change and transferTrunkId removed (back to null): in-place updates", async () => {
    const { previewed, out } = await edit({ webhookEvents: ["end-of-call-report"], numberTrunk: false });
    expect(previewed).toEqual(["line:update", "support:update"]);
    expect(out).toEqual(ids);
    expect(emulator.store.getAssistant(KEY, ids.supportId).webhook_events).toEqual(["end-of-call-report"]);
    expect(emulator.store.getNumber(KEY, ids.numberId).transfer_trunk_id).toBeNull();
  });

  it("3d. removed firstMessage/isActive go back to their defaults; transferTrunkId set again: in-place updates", async () => {
    expect(emulator.store.getAssistant(KEY, ids.supportId)).toMatchObject({ first_message: "Goedemorgen!", is_active: false });
    const { previewed, out } = await edit({ greeting: false, numberTrunk: true });
    expect(previewed).toEqual(["line:update", "support:update"]);
    expect(out).toEqual(ids);
    expect(emulator.store.getAssistant(KEY, ids.supportId)).toMatchObject({ first_message: null, is_active: true });
    expect(emulator.store.getNumber(KEY, ids.numberId).transfer_trunk_id).toBe(ids.trunkId);
  });

  it("5. a trunk change replaces the trunk (create first); the number moves to the new trunk in place", async () => {
    const requests = stack.recordRequests();
    const { previewed, out } = await edit({ trunkPort: 5070 });
    expect(previewed).toEqual(["line:update", "pbx:replace"]);

    expect(out.trunkId).not.toBe(ids.trunkId);
    expect(out.numberId).toBe(ids.numberId);
    expect(emulator.store.listSipTrunks(KEY)).toEqual([expect.objectContaining({ id: out.trunkId, port: 5070 })]);
    expect(emulator.store.getNumber(KEY, ids.numberId).transfer_trunk_id).toBe(out.trunkId);
    // Create the new trunk, move the number, then delete the old trunk.
    expect(calls(requests()).filter((c) => !c.startsWith("GET"))).toEqual([
      "POST /sip-trunks",
      `PATCH /numbers/${ids.numberId}`,
      `DELETE /sip-trunks/${ids.trunkId}`,
    ]);
    ids = out;
  });

  it("4. a new phoneNumber replaces the registration, deleting the old one first", async () => {
    const requests = stack.recordRequests();
    const { previewed, out } = await edit({ phoneNumber: "+31850835038" });
    expect(previewed).toEqual(["line:replace"]);

    // The E.164 number is unique per account: the old registration must go before the new one is made.
    expect(calls(requests()).filter((c) => !c.startsWith("GET"))).toEqual([`DELETE /numbers/${ids.numberId}`, "POST /numbers"]);
    expect(out.numberId).not.toBe(ids.numberId);
    expect(emulator.store.listNumbers(KEY)).toEqual([
      expect.objectContaining({ id: out.numberId, phone_number: "+31850835038", name: "Hoofdlijn", assistant_id: ids.backupId, transfer_trunk_id: ids.trunkId }),
    ]);
    const numbers = (await exportState(stack)).resources.filter((r) => r.type === NUMBER);
    expect(numbers.map((r) => [r.id, r.outputs?.phoneNumber])).toEqual([[out.numberId, "+31850835038"]]);
    ids = out;
  });

  it("6. up --replace of the number's assistant: the number ends up on the new assistant", async () => {
    const urn = inState((await exportState(stack)).resources, ASSISTANT, "backup")!.urn;
    await stack.up("--replace", urn);
    const out = (await stack.outputs()) as typeof ids;

    expect(out.backupId).not.toBe(ids.backupId);
    expect(emulator.store.listAssistants(KEY).filter((a) => a.name === "Backup").map((a) => a.id)).toEqual([out.backupId]);
    expect(emulator.store.listAssistants(KEY)).toHaveLength(2);
    // Every number points at an assistant that exists: the new one, not the deleted one (nor null).
    expect(emulator.store.listNumbers(KEY).map((n) => [n.id, n.assistant_id])).toEqual([[ids.numberId, out.backupId]]);
    await stack.run("preview", "--expect-no-changes");
  });
});

// ---- 7. adoption ------------------------------------------------------------------------------------

const ADOPTED_LLM = { provider: "openai", model: "gpt-4o-mini", messages: [{ role: "system", content: "Adopted prompt" }] };

/** Adopts `assistantId`/`numberId` when given; `second` adds an adopted assistant with a different prompt. */
const adoptProgram = (o: { assistantId?: string; numberId?: string; second?: { id: string; prompt: string } }) => `
import * as hms from "pulumi-voiceai/hms";

const support = new hms.Assistant("support", {
  ${o.assistantId ? `adoptId: ${JSON.stringify(o.assistantId)},` : ""}
  name: "Adopted support",
  firstMessage: "Goedemiddag",
  llmConfig: ${JSON.stringify(ADOPTED_LLM)},
});
const line = new hms.PhoneNumber("line", {
  ${o.numberId ? `adoptId: ${JSON.stringify(o.numberId)},` : ""}
  phoneNumber: "+31850835040",
  name: "Adopted line",
  assistantId: support.id,
});
${
  o.second
    ? `new hms.Assistant("second", {
  adoptId: ${JSON.stringify(o.second.id)},
  name: "Second",
  llmConfig: ${JSON.stringify({ ...ADOPTED_LLM, messages: [{ role: "system", content: o.second.prompt }] })},
});`
    : ""
}
export const assistantId = support.id;
export const numberId = line.id;
`;

describe("adoption of objects created outside Pulumi", () => {
  let emulator: Emulator;
  let stack: TestStack;
  let assistantId: string;
  let numberId: string;

  beforeAll(async () => {
    emulator = await startEmulator({ apiKeys: [KEY] });
    // Created out of band, with exactly the configuration the program declares.
    assistantId = emulator.store.createAssistant(KEY, { name: "Adopted support", first_message: "Goedemiddag", llm_config: ADOPTED_LLM }).id;
    numberId = emulator.store.createNumber(KEY, { phone_number: "+31850835040", name: "Adopted line", assistant_id: assistantId }).id;
    stack = await TestStack.create({ name: "adopt", program: adoptProgram({ assistantId, numberId }), emulator, apiKey: KEY });
  });

  afterAll(async () => {
    await stack?.dispose();
    await emulator?.close();
  });

  it("up with an identical configuration only reads; the state holds the adopted ids; preview is clean", async () => {
    const before = emulator.store.dump();
    const requests = stack.recordRequests();
    await stack.up();

    const made = calls(requests());
    expect(made.filter((c) => !c.startsWith("GET"))).toEqual([]);
    expect(made).toEqual(expect.arrayContaining([`GET /assistants/${assistantId}`, `GET /numbers/${numberId}`]));
    expect(await stack.outputs()).toEqual({ assistantId, numberId });
    expect(emulator.store.dump()).toEqual(before);

    await stack.run("preview", "--expect-no-changes");
  });

  it("removing adoptId afterwards changes nothing", async () => {
    stack.setProgram(adoptProgram({}));
    await stack.run("preview", "--expect-no-changes");
  });

  it("adopting with a different prompt PATCHes only llm_config", async () => {
    const second = emulator.store.createAssistant(KEY, { name: "Second", llm_config: { ...ADOPTED_LLM, messages: [{ role: "system", content: "Old prompt" }] } });
    stack.setProgram(adoptProgram({ second: { id: second.id, prompt: "New prompt" } }));
    // The request log has no bodies: watch the store to see what the PATCH carried.
    const patches = vi.spyOn(emulator.store, "patchAssistant");
    onTestFinished(() => patches.mockRestore());
    const requests = stack.recordRequests();
    await stack.up();

    expect(calls(requests()).filter((c) => !c.startsWith("GET"))).toEqual([`PATCH /assistants/${second.id}`]);
    expect(patches).toHaveBeenCalledTimes(1);
    const body = patches.mock.calls[0][2] as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(["llm_config"]);
    expect(emulator.store.getAssistant(KEY, second.id)).toMatchObject({
      name: "Second",
      llm_config: { ...ADOPTED_LLM, messages: [{ role: "system", content: "New prompt" }] },
    });
    const state = inState((await exportState(stack)).resources, ASSISTANT, "second")!;
    expect(state.id).toBe(second.id);
    expect(emulator.store.listAssistants(KEY)).toHaveLength(2);
  });
});

// ---- 8. auto-naming ---------------------------------------------------------------------------------

const AUTONAME_PROGRAM = `
import * as hms from "pulumi-voiceai/hms";

const greeter = new hms.Assistant("greeter", { firstMessage: "Hoi!" });
const pbx = new hms.SipTrunk("pbx", { host: "pbx.example.com" });

export const greeterName = greeter.name;
export const pbxName = pbx.name;
`;

describe("auto-naming", () => {
  let emulator: Emulator;
  let stack: TestStack;

  beforeAll(async () => {
    emulator = await startEmulator({ apiKeys: [KEY] });
    stack = await TestStack.create({ name: "autoname", program: AUTONAME_PROGRAM, emulator, apiKey: KEY });
  });

  afterAll(async () => {
    await stack?.dispose();
    await emulator?.close();
  });

  it("an unnamed assistant (and trunk) is named <resource name>-<7 hex>, the same in preview, up and the next up", async () => {
    const preview = JSON.parse((await stack.run("preview", "--json")).stdout) as { steps: { op: string; urn: string; newState?: { inputs?: { name?: string } } }[] };
    const previewed = (name: string) => preview.steps.find((s) => s.op === "create" && s.urn.endsWith(`::${name}`))?.newState?.inputs?.name;
    const greeterName = previewed("greeter");
    const pbxName = previewed("pbx");
    expect(greeterName).toMatch(/^greeter-[0-9a-f]{7}$/);
    expect(pbxName).toMatch(/^pbx-[0-9a-f]{7}$/);

    await stack.up();
    expect(await stack.outputs()).toEqual({ greeterName, pbxName });
    expect(emulator.store.listAssistants(KEY).map((a) => a.name)).toEqual([greeterName]);
    expect(emulator.store.listSipTrunks(KEY).map((t) => t.name)).toEqual([pbxName]);

    // A second run of the program derives the same names: nothing to change.
    await stack.up("--expect-no-changes");
    expect(emulator.store.listAssistants(KEY).map((a) => a.name)).toEqual([greeterName]);
  });
});
