// A corpus of valid and invalid Burki programs through the real Pulumi CLI and engine, against the
// Burki emulator over real HTTP (the real server gets test/burki.e2e.test.ts). Like test/corpus.test.ts
// for HMS, kept small:
//
// - Valid programs (test/corpus/burki/valid/<entry>.ts, each a complete Pulumi program) all run in ONE
//   stack: preview accepts them without a request, up creates them, then preview, preview --refresh
//   and refresh report no changes. Every resource and display name in an entry starts with the entry's
//   file name, which is how a failure names the entry.
// - Invalid programs (the INVALID table) are swapped one after another into ONE other stack (with an
//   emulator of its own, so its request log is its own): each preview must fail naming the property
//   path and the rule, before any request.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BurkiStore } from "../emulator/burki/store";
import { startEmulator, type Emulator } from "../emulator/server";
import { newBurkiKey, SEEDED_NUMBERS } from "./burki-targets";
import { TestStack } from "./harness";

const VALID_DIR = path.join(__dirname, "corpus", "burki", "valid");
const ENTRIES = fs
  .readdirSync(VALID_DIR)
  .filter((f) => f.endsWith(".ts"))
  .map((f) => f.slice(0, -3))
  .sort();

/** Objects each entry makes on the API; entries not listed make exactly one assistant. */
const OBJECTS: Record<string, { assistants: number; numbers: number }> = {
  "phone-numbers": { assistants: 1, numbers: 2 },
};
const expectedObjects = (entry: string) => OBJECTS[entry] ?? { assistants: 1, numbers: 0 };

/** The corpus entry a resource or display name belongs to (names start with the entry's file name). */
const entryOf = (name: string) => ENTRIES.find((e) => name.startsWith(e)) ?? `(no entry) ${name}`;

/** Secret values of the corpus (literals in full.ts, stack config of secrets-config.ts): none may be in the state in plain text. */
const CONFIG_SECRETS = { openaiApiKey: "sk-corpus-burki-config-llm", deepgramApiKey: "dg-corpus-burki-config-tts", anthropicApiKey: "sk-ant-corpus-burki-config" };
const CORPUS_SECRETS = ["sk-corpus-burki-full-llm", "el-corpus-burki-full-tts", "sk-ant-corpus-burki-full", ...Object.values(CONFIG_SECRETS)];

type BurkiEmulator = Emulator<BurkiStore>;

describe("valid Burki corpus: preview accepts, up creates, then preview, preview --refresh and refresh report no changes", () => {
  const key = newBurkiKey();
  let emulator: BurkiEmulator;
  let stack: TestStack;
  const org = () => emulator.store.organization(key).id;
  const assistants = () => emulator.store.listAssistants(org(), { skip: 0, limit: 1000, activeOnly: false, userId: null }) as Array<Record<string, any>>;

  beforeAll(async () => {
    emulator = await startEmulator({ platform: "burki", phoneNumbers: { [key]: [...SEEDED_NUMBERS] } });
    // One program importing every entry; the entries are copied next to it. Pulumi type-checks it,
    // so the corpus also checks that valid programs compile against the SDK's types.
    stack = await TestStack.create({
      name: "burki-corpus-valid",
      program: ENTRIES.map((e) => `import "./valid/${e}";\n`).join(""),
      emulator,
      platform: "burki",
      apiKey: key,
      secrets: CONFIG_SECRETS,
    });
    fs.cpSync(VALID_DIR, path.join(stack.dir, "valid"), { recursive: true });
  });

  afterAll(async () => {
    await stack?.dispose();
    await emulator?.close();
  });

  it("has the entries minimal, full, secrets-config and phone-numbers, none a prefix of another", () => {
    expect(ENTRIES).toEqual(expect.arrayContaining(["full", "minimal", "phone-numbers", "secrets-config"]));
    const ambiguous = ENTRIES.flatMap((a) => ENTRIES.filter((b) => a !== b && b.startsWith(a)).map((b) => `${a} / ${b}`));
    expect(ambiguous).toEqual([]);
    expect(Object.keys(OBJECTS).filter((e) => !ENTRIES.includes(e))).toEqual([]);
  });

  it("pulumi preview plans every entry's resources without a request", async () => {
    const requests = stack.recordRequests();
    const steps = await stack.previewChanges();
    const planned = (type: string) => steps.filter((s) => s.op === "create" && s.urn.includes(`burki:${type}`)).map((s) => entryOf(s.name));
    const count = (names: string[]) => Object.fromEntries(ENTRIES.map((e) => [e, names.filter((n) => n === e).length]));
    expect({ assistants: count(planned("Assistant")), numbers: count(planned("PhoneNumber")) }).toEqual({
      assistants: Object.fromEntries(ENTRIES.map((e) => [e, expectedObjects(e).assistants])),
      numbers: Object.fromEntries(ENTRIES.map((e) => [e, expectedObjects(e).numbers])),
    });
    expect(steps.filter((s) => s.op !== "create")).toEqual([]);
    expect(requests().map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it("pulumi up creates every entry's objects", async () => {
    await stack.up();
    const names = assistants().map((a) => a.name as string);
    const ofEntry = (entry: string) => names.filter((n) => entryOf(n) === entry).length;
    expect(Object.fromEntries(ENTRIES.map((e) => [e, ofEntry(e)]))).toEqual(Object.fromEntries(ENTRIES.map((e) => [e, expectedObjects(e).assistants])));
    const total = ENTRIES.reduce((sum, e) => sum + expectedObjects(e).assistants, 0);
    expect(names).toHaveLength(total);
    // Both numbers answer the phone-numbers entry's assistant.
    const router = assistants().find((a) => a.name.startsWith("phone-numbers"));
    expect(SEEDED_NUMBERS.map((n) => emulator.store.assistantByPhone(org(), n)?.id)).toEqual([router?.id, router?.id]);
  });

  it("the API holds what the programs declare: every block of full in snake_case, verbatim keys kept, secrets in plaintext", () => {
    const byEntry = (entry: string) => {
      const found = assistants().filter((a) => a.name.startsWith(entry));
      expect(found, entry).toHaveLength(1);
      return found[0];
    };
    const full = byEntry("full");
    expect(full).toMatchObject({
      name: "full: Acme customer support",
      description: "First line of Acme's customer support, every property declared.",
      llm_provider: "openai",
      llm_provider_config: { api_key: "sk-corpus-burki-full-llm", base_url: "https://llm.acme.example/v1", model: "gpt-4o-mini", custom_config: { timeout: 30, max_retries: 2 } },
      webhook_url: "https://hooks.acme.example/burki/calls",
      sms_webhook_url: "https://hooks.acme.example/burki/sms",
      messaging_service_sid: "MG0123456789abcdef0123456789abcdef",
      interruption_settings: { interruption_threshold: 2, min_speaking_time: 0.8, interruption_cooldown: 1.5 },
      end_call_message: "Thanks for calling Acme. Goodbye!",
      transfer_call_message: "Please hold while I transfer you.",
      idle_message: "Are you still there?",
      max_idle_messages: 2,
      idle_timeout: 20,
      is_active: false,
    });
    expect(full.llm_settings).toEqual({
      temperature: 0.3,
      max_tokens: 300,
      system_prompt: "You are Acme's support line. Answer briefly and politely.",
      welcome_message: "Hi, this is Acme support. How can I help?",
      top_p: 0.9,
      frequency_penalty: 0.1,
      presence_penalty: 0.2,
      stop_sequences: ["Goodbye."],
    });
    expect(full.tts_settings).toEqual({
      provider: "elevenlabs",
      voice_id: "rachel",
      model_id: "eleven_flash_v2_5",
      latency: 2,
      stability: 0.6,
      similarity_boost: 0.8,
      style: 0.1,
      use_speaker_boost: false,
      provider_config: { api_key: "el-corpus-burki-full-tts", language: "en" },
    });
    expect(full.stt_settings).toMatchObject({
      model: "nova-2",
      punctuate: false,
      interim_results: false,
      endpointing: { silence_threshold: 400, min_silence_duration: 600 },
      utterance_end_ms: 1200,
      vad_turnoff: 400,
      smart_format: false,
      keyterms: ["refund", "invoice"],
      audio_denoising: true,
    });
    expect(full.stt_settings.keywords.map((k: { keyword: string }) => k.keyword)).toEqual(["Acme", "Burki"]);
    expect(full.tools_settings.end_call).toEqual({ enabled: true, scenarios: ["The caller says goodbye"], custom_message: "Goodbye from Acme." });
    expect(full.tools_settings.transfer_call.transfer_numbers).toEqual(["+15555550123", "+15555550124"]);
    // A JSON Schema is data: its camelCase keys stay camelCase (the engine sorts keys, so compare sorted).
    expect(Object.keys(full.tools_settings.custom_tools[0].definition.function.parameters.properties).sort()).toEqual(["includeItems", "orderNumber"]);
    expect(Object.keys(full.custom_settings.structured_data_schema.properties).sort()).toEqual(["customerName", "wantsCallback"]);
    expect(full.rag_settings).toEqual({
      enabled: false,
      search_limit: 4,
      similarity_threshold: 0.75,
      embedding_model: "text-embedding-3-small",
      chunking_strategy: "character",
      chunk_size: 800,
      chunk_overlap: 100,
      auto_process: false,
      include_metadata: false,
      context_window_tokens: 3000,
    });
    expect(full.llm_fallback_providers.fallbacks.map((f: Record<string, unknown>) => [f.provider, f.api_key ?? null])).toEqual([
      ["anthropic", "sk-ant-corpus-burki-full"],
      ["groq", null],
    ]);

    const fromConfig = byEntry("secrets-config");
    expect(fromConfig.llm_provider_config.api_key).toBe(CONFIG_SECRETS.openaiApiKey);
    expect(fromConfig.tts_settings.provider_config).toEqual({ api_key: CONFIG_SECRETS.deepgramApiKey });
    expect(fromConfig.llm_fallback_providers.fallbacks[0].api_key).toBe(CONFIG_SECRETS.anthropicApiKey);

    // minimal: only its auto-name was sent, so the row holds the column defaults.
    expect(byEntry("minimal").name).toMatch(/^minimal-[0-9a-f]{7}$/);
  });

  it("the corpus secrets are encrypted in the state (and did reach the API)", async () => {
    const state = (await stack.run("stack", "export")).stdout;
    expect(state).toContain("pulumi-nodejs:dynamic/burki:Assistant");
    expect(CORPUS_SECRETS.filter((s) => state.includes(s))).toEqual([]);
    const live = JSON.stringify(emulator.store.dump());
    expect(CORPUS_SECRETS.filter((s) => !live.includes(s))).toEqual([]);
  });

  // A step other than `same` names the entry whose program does not round-trip.
  const changes = async (...extra: string[]) => (await stack.previewChanges(...extra)).map((s) => `${entryOf(s.name)}: ${s.op} ${s.name}`);

  it("pulumi preview after up: no changes", async () => {
    expect(await changes()).toEqual([]);
  });

  it("pulumi preview --refresh: no changes", async () => {
    expect(await changes("--refresh")).toEqual([]);
  });

  it("pulumi refresh: no changes, and preview is still clean after it", async () => {
    const refresh = await stack.tryRun("refresh", "--yes", "--expect-no-changes");
    const changed = refresh.stdout.split("\n").filter((l) => l.includes("[diff:"));
    expect(refresh.code, changed.join("\n") || refresh.stdout + refresh.stderr).toBe(0);
    expect(await changes()).toEqual([]);
  });
});

// ---- invalid programs ---------------------------------------------------------------------------

interface InvalidCase {
  /** What is wrong, as the test title. */
  title: string;
  /** The program, after `import * as burki from "pulumi-voiceai/burki";` (run without type checking). */
  program: string;
  /** The property path the check failure must name. */
  property: string;
  /** A distinctive part of the rule the failure must state. */
  rule: string;
}

const INVALID: InvalidCase[] = [
  {
    title: "name longer than 100 characters",
    program: `new burki.Assistant("bad", { name: "${"n".repeat(101)}" });`,
    property: "name",
    rule: "must be at most 100 characters",
  },
  {
    title: "description of only spaces",
    program: `new burki.Assistant("bad", { description: "   " });`,
    property: "description",
    rule: "must not be empty or only spaces",
  },
  {
    title: "temperature above 2",
    program: `new burki.Assistant("bad", { llmSettings: { temperature: 2.5 } });`,
    property: "llmSettings.temperature",
    rule: "must be between 0 and 2",
  },
  {
    title: "snake_case key in ttsSettings",
    program: `new burki.Assistant("bad", { ttsSettings: { voice_id: "rachel" } });`,
    property: "ttsSettings.voice_id",
    rule: "is not a property of ttsSettings; for an API field this package does not model yet, use additionalFields",
  },
  {
    title: "a settings block that is not an object",
    program: `new burki.Assistant("bad", { ttsSettings: "elevenlabs" });`,
    property: "ttsSettings",
    rule: "must be an object",
  },
  {
    title: "the computed toolsSettings.enabledTools declared",
    program: `new burki.Assistant("bad", { toolsSettings: { enabledTools: ["endCall"], endCall: { enabled: true } } });`,
    property: "toolsSettings.enabledTools",
    rule: "is computed by the server: an output, not an input; remove it",
  },
  {
    title: "transfer number not in E.164",
    program: `new burki.Assistant("bad", { toolsSettings: { transferCall: { enabled: true, transferNumbers: ["+15555550123", "020 123 4567"] } } });`,
    property: "toolsSettings.transferCall.transferNumbers[1]",
    rule: "must be in E.164 format (+ then 7 to 15 digits)",
  },
  {
    title: "chunkOverlap above chunkSize",
    program: `new burki.Assistant("bad", { ragSettings: { enabled: true, chunkSize: 500, chunkOverlap: 600 } });`,
    property: "ragSettings.chunkOverlap",
    rule: "must be at most chunkSize (500)",
  },
  {
    title: "structured_data_schema as a JSON string",
    program: `new burki.Assistant("bad", { customSettings: { structured_data_schema: '{"type":"object"}' } });`,
    property: "customSettings.structured_data_schema",
    rule: "must be an object (a JSON Schema), not a JSON string",
  },
  {
    title: "webhook URL that is not http(s)",
    program: `new burki.Assistant("bad", { webhookUrl: "ftp://hooks.acme.example/burki" });`,
    property: "webhookUrl",
    rule: "must be an http(s) URL",
  },
  {
    title: "additionalFields setting a server-owned column",
    program: `new burki.Assistant("bad", { additionalFields: { organization_id: 2 } });`,
    property: "additionalFields.organization_id",
    rule: "is a field the server owns (organization_id); it is never sent",
  },
  {
    title: "additionalFields with an unknown top-level key",
    program: `new burki.Assistant("bad", { additionalFields: { max_call_length: 600 } });`,
    property: "additionalFields.max_call_length",
    rule: "is not a field of a Burki assistant: this server answers 500 for an unknown top-level field",
  },
  {
    title: "additionalFields fighting a modelled property",
    program: `new burki.Assistant("bad", { ttsSettings: { voiceId: "rachel" }, additionalFields: { tts_settings: { voice_id: "adam" } } });`,
    property: "additionalFields.tts_settings.voice_id",
    rule: "declare it in one place",
  },
  {
    title: "phone number not in E.164",
    program: `new burki.PhoneNumber("bad", { phoneNumber: "5555550100", assistantId: "1" });`,
    property: "phoneNumber",
    rule: "must be in E.164 format (+ then 7 to 15 digits), e.g. +15555550100",
  },
  {
    title: "invalid number in a program whose assistant is valid (nothing may be created)",
    program: `const a = new burki.Assistant("ok");\nnew burki.PhoneNumber("bad", { phoneNumber: "+1555", assistantId: a.id });`,
    property: "phoneNumber",
    rule: "must be in E.164 format",
  },
  {
    title: "phone number assistantId that is not an id",
    program: `new burki.PhoneNumber("bad", { phoneNumber: "+15555550100", assistantId: "support" });`,
    property: "assistantId",
    rule: "must be the id of a burki.Assistant (a string of digits)",
  },
];

const PRELUDE = `import * as burki from "pulumi-voiceai/burki";\n`;

describe("invalid Burki programs fail at preview, naming the property and the rule, before any request", () => {
  const key = newBurkiKey();
  let emulator: BurkiEmulator;
  let stack: TestStack;

  beforeAll(async () => {
    emulator = await startEmulator({ platform: "burki", phoneNumbers: { [key]: [...SEEDED_NUMBERS] } });
    stack = await TestStack.create({ name: "burki-corpus-invalid", program: PRELUDE, emulator, platform: "burki", apiKey: key });
    // The provider must reject what TypeScript cannot see (JavaScript programs, values read from JSON
    // or config), so these programs skip type checking; that also halves a preview's time.
    fs.writeFileSync(path.join(stack.dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { noCheck: true } }));
  });

  afterAll(async () => {
    await stack?.dispose();
    await emulator?.close();
  });

  /** Runs `program` through `pulumi preview`: the output, and the requests the emulator saw meanwhile. */
  async function preview(program: string) {
    stack.setProgram(PRELUDE + program + "\n");
    const requests = stack.recordRequests();
    const result = await stack.tryRun("preview");
    return { code: result.code, output: result.stdout + result.stderr, requests: requests().map((r) => `${r.method} ${r.path} ${r.status}`) };
  }

  for (const c of INVALID) {
    it(`${c.title}: ${c.property}`, async () => {
      const { code, output, requests } = await preview(c.program);
      expect(code, output).not.toBe(0);
      // The engine's form: `<type> resource '<name>' has a problem: <path>: <rule>`.
      const line = output.split("\n").find((l) => l.includes(`has a problem: ${c.property}: `)) ?? "";
      expect(line, output).toContain(c.rule);
      expect(requests).toEqual([]);
    });
  }

  it("a secret of the wrong type fails without its value being printed", async () => {
    const { code, output, requests } = await preview(`new burki.Assistant("bad", { llmProviderConfig: { apiKey: 98765432 as unknown as string } });`);
    expect(code, output).not.toBe(0);
    expect(output).toContain("has a problem: llmProviderConfig.apiKey: must be a string");
    expect(output).not.toMatch(/98765432|9\.8765432e\+07/);
    expect(requests).toEqual([]);
  });

  it("adoptId naming an assistant that does not exist: fails at preview after only a GET", async () => {
    const { code, output, requests } = await preview(`new burki.Assistant("adopted", { adoptId: "2147480000", description: "Adopted" });`);
    expect(code, output).not.toBe(0);
    expect(output).toContain("has a problem: adoptId: no Assistant with id 2147480000 exists for this API key");
    expect(requests).toEqual(["GET /api/v1/assistants/2147480000 404"]);
  });
});
