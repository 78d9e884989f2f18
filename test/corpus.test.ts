// A corpus of valid and invalid programs through the real Pulumi CLI and engine, against the
// emulator over real HTTP.
//
// Valid programs (test/corpus/valid/<entry>.ts, each a complete Pulumi program) all run in ONE stack,
// so that up/preview/refresh cost a few CLI runs instead of a few per entry. Every resource and
// display name in an entry starts with the entry's file name, which is how a failure names the entry.
//
// Invalid programs (the INVALID table) each need their own preview: two stacks, each with its own
// emulator (so each has a request log of its own), take turns running them.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../emulator/server";
import { TestStack } from "./harness";

const KEY = "fl_test_corpus";
const VALID_DIR = path.join(__dirname, "corpus", "valid");
const ENTRIES = fs
  .readdirSync(VALID_DIR)
  .filter((f) => f.endsWith(".ts"))
  .map((f) => f.slice(0, -3))
  .sort();

// Objects each entry creates on the API; entries not listed create exactly one assistant.
const OBJECTS: Record<string, { assistants: number; numbers: number; trunks: number }> = {
  "phone-numbers": { assistants: 1, numbers: 2, trunks: 0 },
  "sip-trunk": { assistants: 1, numbers: 1, trunks: 2 },
  "nested-outputs": { assistants: 2, numbers: 0, trunks: 0 },
};
const expectedObjects = (entry: string) => OBJECTS[entry] ?? { assistants: 1, numbers: 0, trunks: 0 };

/** The corpus entry a resource or display name belongs to (names start with the entry's file name). */
const entryOf = (name: string) => ENTRIES.find((e) => name.startsWith(e)) ?? `(no entry) ${name}`;

// Secret values written in the corpus programs: none may appear in the state in plain text.
const CORPUS_SECRETS = ["whsec-corpus-full", "whsec-corpus-webhook", "tool-secret-corpus", "pbx-password-corpus"];

describe("valid corpus: up, then preview, preview --refresh and refresh report no changes", () => {
  let emulator: Emulator;
  let stack: TestStack;

  beforeAll(async () => {
    emulator = await startEmulator({ apiKeys: [KEY] });
    // One program importing every entry; the entries are copied next to it. Pulumi type-checks it,
    // so the corpus also checks that valid programs compile against the SDK's types.
    stack = await TestStack.create({
      name: "corpus-valid",
      program: ENTRIES.map((e) => `import "./valid/${e}";\n`).join(""),
      emulator,
      apiKey: KEY,
    });
    fs.cpSync(VALID_DIR, path.join(stack.dir, "valid"), { recursive: true });
  });

  afterAll(async () => {
    await stack?.dispose();
    await emulator?.close();
  });

  it("has at least 20 entries, none named as a prefix of another (names map to one entry)", () => {
    expect(ENTRIES.length).toBeGreaterThanOrEqual(20);
    const ambiguous = ENTRIES.flatMap((a) => ENTRIES.filter((b) => a !== b && b.startsWith(a)).map((b) => `${a} / ${b}`));
    expect(ambiguous).toEqual([]);
    expect(Object.keys(OBJECTS).filter((e) => !ENTRIES.includes(e))).toEqual([]);
  });

  it("pulumi up creates every entry's objects", async () => {
    await stack.up();

    const assistants = emulator.store.listAssistants(KEY).map((a) => a.name);
    const numbers = emulator.store.listNumbers(KEY).map((n) => n.name);
    const trunks = emulator.store.listSipTrunks(KEY).map((t) => t.name);
    const ofEntry = (entry: string, names: string[]) => names.filter((n) => entryOf(n) === entry).length;
    const actual = Object.fromEntries(
      ENTRIES.map((e) => [e, { assistants: ofEntry(e, assistants), numbers: ofEntry(e, numbers), trunks: ofEntry(e, trunks) }]),
    );
    expect(actual).toEqual(Object.fromEntries(ENTRIES.map((e) => [e, expectedObjects(e)])));
    // Nothing outside the entries (a name that maps to no entry would be missed above).
    const total = (k: "assistants" | "numbers" | "trunks") => ENTRIES.reduce((sum, e) => sum + expectedObjects(e)[k], 0);
    expect([assistants.length, numbers.length, trunks.length]).toEqual([total("assistants"), total("numbers"), total("trunks")]);
  });

  it("the API holds what the programs declare: verbatim JSON Schemas, escape hatch, no TTS for realtime, references", () => {
    const assistants = emulator.store.listAssistants(KEY);
    const byEntry = (entry: string) => {
      const found = assistants.filter((a) => a.name.startsWith(entry));
      expect(found, entry).toHaveLength(1);
      return found[0] as Record<string, any>;
    };

    // JSON Schema keys are data: camelCase stays camelCase.
    const schema = byEntry("analysis-plan").analysis_plan.structured_data_plan.schema;
    // (Key order is not kept: the engine passes inputs as protobuf Structs, which sort keys.)
    expect(Object.keys(schema.properties).sort()).toEqual(["appointmentRequested", "callbackPhoneNumber", "customerName", "preferredTimeSlots"]);
    expect(schema).toMatchObject({ required: ["customerName"], additionalProperties: false });
    expect(schema.properties.preferredTimeSlots).toEqual({ type: "array", items: { type: "string" }, maxItems: 3 });
    expect(byEntry("analysis-plan").analysis_plan.min_messages_threshold).toBe(0);
    const flat = byEntry("tools-flat").llm_config.tools;
    expect(Object.keys(flat[0].parameters.properties).sort()).toEqual(["includeItems", "orderNumber"]);
    expect(flat[1]).toEqual({
      name: "log_callback-request",
      description: "Queue a callback request",
      async: true,
      async_response: "Ik heb het doorgegeven, u wordt teruggebeld.",
    });
    expect(byEntry("tools-openai").llm_config.tools[0].function.parameters.properties).toHaveProperty("startTime");
    expect(byEntry("tools-openai").llm_config.tools[0].server).toEqual({ url: "https://api.acme.example/hms/book", secret: "tool-secret-corpus" });

    // Speech config: camelCase keys become snake_case at every level.
    expect(byEntry("speech-config").speech_config).toMatchObject({
      turn_taking: { interruption_threshold_ms: 250, allow_backchannels: true },
      background_audio: { preset: "office", volume: 0.2 },
    });

    // The escape hatch reaches the request body as written, merged with modelled fields.
    expect(byEntry("additional-fields-nested").tts_config).toMatchObject({ voice_id: "21m00Tcm4TlvDq8ikWAM", some_new_option: 3 });
    expect(byEntry("additional-fields-top")).toMatchObject({
      first_message: "Goedemiddag.",
      voicemail_beep_timeout_ms: 1500,
      call_summary: { enabled: true, language: "nl" },
    });

    // Speech-to-speech providers speak themselves: no TTS config on the platform.
    for (const entry of ["realtime-xai", "realtime-google", "realtime-openai-live", "tools-mixed"]) {
      expect(byEntry(entry).tts_config, entry).toBeNull();
    }
    expect(byEntry("realtime-xai").llm_config.voice).toBe("ara");

    // Outputs nested in inputs were resolved before the request.
    const router = byEntry("nested-outputs-router");
    const nested = assistants.find((a) => a.name.startsWith("nested-outputs-") && a.id !== router.id) as Record<string, any>;
    expect(nested.business_name).toBe("Acme (NL)");
    expect(nested.llm_config.messages[0].content).toMatch(/^Route calls for nested-outputs-router-[0-9a-f]{7}\.$/);
    expect(nested.tts_config).toMatchObject({ provider: "openai", voice_id: "nova" });

    // Numbers point at their entry's assistant and trunk.
    const numbers = emulator.store.listNumbers(KEY);
    const trunk = emulator.store.listSipTrunks(KEY).find((t) => t.name.startsWith("sip-trunk-pbx"));
    expect(trunk).toMatchObject({ host: "pbx.acme.example", port: 5061, username: "hms" });
    expect(emulator.store.listSipTrunks(KEY).find((t) => t.name.startsWith("sip-trunk-bare"))).toMatchObject({ port: 5060, username: null });
    expect(numbers.find((n) => n.phone_number === "+31850835039")).toMatchObject({
      assistant_id: byEntry("sip-trunk").id,
      transfer_trunk_id: trunk?.id,
    });
    expect(numbers.find((n) => n.phone_number === "+31850835037")?.assistant_id).toBe(byEntry("phone-numbers").id);
    expect(numbers.find((n) => n.phone_number === "+31850835038")?.assistant_id).toBeNull();
  });

  it("secrets of the corpus are encrypted in the state", async () => {
    const state = (await stack.run("stack", "export")).stdout;
    expect(state).toContain("hms:Assistant");
    expect(CORPUS_SECRETS.filter((s) => state.includes(s))).toEqual([]);
    // …and each of them did reach the API, so the check above is about values the corpus really sends.
    const live = JSON.stringify(emulator.store.dump());
    expect(CORPUS_SECRETS.filter((s) => !live.includes(s))).toEqual([]);
  });

  // A step other than `same` names the entry whose program does not round-trip.
  const changes = async (...extra: string[]) =>
    (await stack.previewChanges(...extra)).map((s) => `${entryOf(s.name)}: ${s.op} ${s.name}`);

  it("pulumi preview after up: no changes", async () => {
    expect(await changes()).toEqual([]);
  });

  it("pulumi preview --refresh: no changes", async () => {
    expect(await changes("--refresh")).toEqual([]);
  });

  it("pulumi refresh: no changes, and preview is still clean after it", async () => {
    const refresh = await stack.tryRun("refresh", "--yes", "--expect-no-changes");
    // On failure, show the resources that changed (their names start with the entry's name).
    const changed = refresh.stdout.split("\n").filter((l) => l.includes("[diff:"));
    expect(refresh.code, changed.join("\n") || refresh.stdout + refresh.stderr).toBe(0);
    expect(await changes()).toEqual([]);
  });
});

// ---- invalid programs ---------------------------------------------------------------------------

interface InvalidCase {
  /** What is wrong, as the test title. */
  title: string;
  /** The program, after `import * as hms from "pulumi-voiceai/hms";` (run without type checking, see beforeAll below). */
  program: string;
  /** The property path the check failure must name. */
  property: string;
  /** A distinctive part of the rule the failure must state. */
  rule: string;
}

const INVALID: InvalidCase[] = [
  {
    title: "snake_case key in speechConfig",
    program: `new hms.Assistant("bad", { speechConfig: { background_audio: "office" } });`,
    property: "speechConfig.background_audio",
    rule: "must be written in camelCase (backgroundAudio)",
  },
  {
    title: "additionalFields fighting a modelled property",
    program: `new hms.Assistant("bad", { firstMessage: "Hallo", additionalFields: { first_message: "Hoi" } });`,
    property: "additionalFields.first_message",
    rule: "declare it in one place",
  },
  {
    title: "temperature above 2",
    program: `new hms.Assistant("bad", { llmConfig: { provider: "openai", model: "gpt-4o-mini", temperature: 2.5 } });`,
    property: "llmConfig.temperature",
    rule: "must be between 0 and 2",
  },
  {
    title: "ElevenLabs stability above 1",
    program: `new hms.Assistant("bad", { ttsConfig: { provider: "elevenlabs", voiceId: "21m00Tcm4TlvDq8ikWAM", stability: 1.5 } });`,
    property: "ttsConfig.stability",
    rule: "must be between 0 and 1",
  },
  {
    title: "TTS speed below 0.5",
    program: `new hms.Assistant("bad", { ttsConfig: { provider: "inworld", voiceId: "Erik", speed: 0.25 } });`,
    property: "ttsConfig.speed",
    rule: "must be between 0.5 and 2",
  },
  {
    title: "OpenAI-style tool name with a space",
    program: `new hms.Assistant("bad", { llmConfig: { provider: "openai", model: "gpt-4o-mini", tools: [{ type: "function", function: { name: "look up order" } }] } });`,
    property: "llmConfig.tools[0].function.name",
    rule: "must start with a letter or _ and contain only letters, digits, _ and -",
  },
  {
    title: "flat tool name longer than 64 characters",
    program: `new hms.Assistant("bad", { llmConfig: { provider: "openai", model: "gpt-4o-mini", tools: [{ type: "end_call" }, { name: "${"x".repeat(65)}", description: "too long" }] } });`,
    property: "llmConfig.tools[1].name",
    rule: "must be at most 64 characters",
  },
  {
    title: "flat tool name starting with a digit",
    program: `new hms.Assistant("bad", { llmConfig: { provider: "openai", model: "gpt-4o-mini", tools: [{ name: "1lookup", description: "digits first" }] } });`,
    property: "llmConfig.tools[0].name",
    rule: "must start with a letter or _ and contain only letters, digits, _ and - ([A-Za-z_][A-Za-z0-9_-]*)",
  },
  {
    title: "tool of an unknown type",
    program: `new hms.Assistant("bad", { llmConfig: { provider: "openai", model: "gpt-4o-mini", tools: [{ type: "hang_up" }] } });`,
    property: "llmConfig.tools[0].type",
    rule: 'one of "function", "transfer_call", "end_call"',
  },
  {
    title: "tool server URL that is not http(s)",
    program: `new hms.Assistant("bad", { llmConfig: { provider: "openai", model: "gpt-4o-mini", tools: [{ type: "function", function: { name: "book" }, server: { url: "ws://api.acme.example/book" } }] } });`,
    property: "llmConfig.tools[0].server.url",
    rule: "must be an http(s) URL",
  },
  {
    title: "transfer destination not in E.164",
    program: `new hms.Assistant("bad", { llmConfig: { provider: "openai", model: "gpt-4o-mini", tools: [{ type: "transfer_call", destinations: [{ type: "number", number: "+31201234567" }, { type: "number", number: "020 123 4567" }] }] } });`,
    property: "llmConfig.tools[0].destinations[1].number",
    rule: "must be an E.164 number",
  },
  {
    title: "transfer_call without destinations",
    program: `new hms.Assistant("bad", { llmConfig: { provider: "openai", model: "gpt-4o-mini", tools: [{ type: "transfer_call", destinations: [] }] } });`,
    property: "llmConfig.tools[0].destinations",
    rule: "must list at least one destination",
  },
  {
    title: "misspelled llmConfig key (temprature)",
    program: `new hms.Assistant("bad", { llmConfig: { provider: "openai", model: "gpt-4o-mini", temprature: 0.5 } });`,
    property: "llmConfig.temprature",
    rule: "is not a property of llmConfig; for an API field this package does not model yet, use additionalFields",
  },
  {
    title: "misspelled top-level key (firstMesage)",
    program: `new hms.Assistant("bad", { firstMesage: "Hallo" });`,
    property: "firstMesage",
    rule: "is not a property of Assistant",
  },
  {
    title: "realtime LLM with a ttsConfig",
    program: `new hms.Assistant("bad", { llmConfig: { provider: "xai_realtime", model: "grok-4-1-fast-non-reasoning", voice: "ara" }, ttsConfig: { provider: "elevenlabs", voiceId: "21m00Tcm4TlvDq8ikWAM" } });`,
    property: "ttsConfig",
    rule: 'must be omitted or null: llmConfig.provider "xai_realtime" is speech-to-speech',
  },
  {
    title: "unknown LLM provider",
    program: `new hms.Assistant("bad", { llmConfig: { provider: "azure-openai", model: "gpt-4o-mini" } });`,
    property: "llmConfig.provider",
    rule: "must be one of openai, mistral, xai, anthropic, groq, google, xai_realtime, google_realtime, openai_live",
  },
  {
    title: "unknown STT provider",
    program: `new hms.Assistant("bad", { sttConfig: { provider: "whisper", model: "large-v3", language: "nl" } });`,
    property: "sttConfig.provider",
    rule: "must be one of deepgram, elevenlabs, gladia, mistral, google",
  },
  {
    title: "unknown TTS provider",
    program: `new hms.Assistant("bad", { ttsConfig: { provider: "polly", voiceId: "Lotte" } });`,
    property: "ttsConfig.provider",
    rule: "must be one of elevenlabs, inworld, openai, cartesia, local, google, xai, voicedock",
  },
  {
    title: "unknown STT language",
    program: `new hms.Assistant("bad", { sttConfig: { provider: "deepgram", model: "nova-3", language: "nl-BE" } });`,
    property: "sttConfig.language",
    rule: "must be one of multi, nl, en",
  },
  {
    title: "Deepgram endpointing above 5000 ms",
    program: `new hms.Assistant("bad", { sttConfig: { provider: "deepgram", model: "nova-3", language: "nl", endpointing: 6000 } });`,
    property: "sttConfig.endpointing",
    rule: "must be a whole number between 0 and 5000 ms",
  },
  {
    title: "STT config without a model",
    program: `new hms.Assistant("bad", { sttConfig: { provider: "deepgram", language: "nl" } });`,
    property: "sttConfig.model",
    rule: "is required",
  },
  {
    title: "maxCompletionTokens of 0",
    program: `new hms.Assistant("bad", { llmConfig: { provider: "openai", model: "gpt-4o-mini", maxCompletionTokens: 0 } });`,
    property: "llmConfig.maxCompletionTokens",
    rule: "must be a whole number between 1 and 32768",
  },
  {
    title: "message with an unknown role",
    program: `new hms.Assistant("bad", { llmConfig: { provider: "openai", model: "gpt-4o-mini", messages: [{ role: "system", content: "x" }, { role: "tool", content: "y" }] } });`,
    property: "llmConfig.messages[1].role",
    rule: "must be one of system, user, assistant",
  },
  {
    title: "maxDurationSeconds not a whole number",
    program: `new hms.Assistant("bad", { maxDurationSeconds: 90.5 });`,
    property: "maxDurationSeconds",
    rule: "must be a whole number of seconds",
  },
  {
    title: "silenceTimeoutSeconds of 0",
    program: `new hms.Assistant("bad", { silenceTimeoutSeconds: 0 });`,
    property: "silenceTimeoutSeconds",
    rule: "must be a positive number of seconds",
  },
  {
    title: "six notification emails",
    program: `new hms.Assistant("bad", { notificationEmails: ["a@x.example", "b@x.example", "c@x.example", "d@x.example", "e@x.example", "f@x.example"] });`,
    property: "notificationEmails",
    rule: "must hold at most 5 addresses",
  },
  {
    title: "notification email that is not an address",
    program: `new hms.Assistant("bad", { notificationEmail: "calls at acme.example" });`,
    property: "notificationEmail",
    rule: "must be an email address",
  },
  {
    title: "webhook URL that is not http(s)",
    program: `new hms.Assistant("bad", { webhookUrl: "ftp://hooks.acme.example/hms" });`,
    property: "webhookUrl",
    rule: "must be an http(s) URL",
  },
  {
    title: "unknown webhook event",
    program: `new hms.Assistant("bad", { webhookEvents: ["status-update", "call-started"] });`,
    property: "webhookEvents[1]",
    rule: "must be one of assistant-request, tool-calls, status-update, end-of-call-report",
  },
  {
    title: "recordingConsent without enabled",
    program: `new hms.Assistant("bad", { recordingConsent: { message: "Dit gesprek wordt opgenomen." } });`,
    property: "recordingConsent.enabled",
    rule: "is required",
  },
  {
    title: "structured-data plan without a schema",
    program: `new hms.Assistant("bad", { analysisPlan: { structuredDataPlan: { enabled: true } } });`,
    property: "analysisPlan.structuredDataPlan.schema",
    rule: "is required",
  },
  {
    title: "empty display name",
    program: `new hms.Assistant("bad", { name: "" });`,
    property: "name",
    rule: "must not be empty",
  },
  {
    title: "phone number not in E.164",
    program: `new hms.PhoneNumber("bad", { phoneNumber: "0850835037" });`,
    property: "phoneNumber",
    rule: "must be an E.164 number such as +31850835037",
  },
  {
    title: "phone number with an empty assistantId",
    program: `new hms.PhoneNumber("bad", { phoneNumber: "+31850835037", assistantId: "" });`,
    property: "assistantId",
    rule: "must be the id of an hms.Assistant",
  },
  {
    title: "SIP trunk port out of range",
    program: `new hms.SipTrunk("bad", { host: "pbx.acme.example", port: 70000 });`,
    property: "port",
    rule: "must be a whole number between 1 and 65535",
  },
  {
    title: "SIP trunk host with a scheme and port",
    program: `new hms.SipTrunk("bad", { host: "sip://pbx.acme.example:5060" });`,
    property: "host",
    rule: "no scheme, no port",
  },
  {
    title: "invalid number in a program whose assistant is valid (nothing may be created)",
    program: `const a = new hms.Assistant("ok");\nnew hms.PhoneNumber("bad", { phoneNumber: "+0031850835037", assistantId: a.id });`,
    property: "phoneNumber",
    rule: "must be an E.164 number",
  },
];

/** A stack with an emulator of its own, for running invalid programs one after another. */
interface Slot {
  emulator: Emulator;
  stack: TestStack;
}

// Two at a time: on 2 cores, 36 previews took ~75 s this way against ~105 s one by one; more only
// queue for CPU.
const SLOTS = 2;
const PRELUDE = `import * as hms from "pulumi-voiceai/hms";\n`;

describe.concurrent("invalid programs fail at preview, naming the property and the rule, before any request", () => {
  const idle: Slot[] = [];
  const waiting: ((slot: Slot) => void)[] = [];
  const all: Slot[] = [];

  /** Runs `fn` with a slot to itself, waiting for one to be free. */
  async function withSlot<T>(fn: (slot: Slot) => Promise<T>): Promise<T> {
    const slot = idle.pop() ?? (await new Promise<Slot>((resolve) => waiting.push(resolve)));
    try {
      return await fn(slot);
    } finally {
      const next = waiting.shift();
      if (next) next(slot);
      else idle.push(slot);
    }
  }

  beforeAll(async () => {
    const slots = await Promise.all(
      Array.from({ length: SLOTS }, async (_, i) => {
        const emulator = await startEmulator({ apiKeys: [KEY] });
        const stack = await TestStack.create({ name: `corpus-invalid-${i}`, program: PRELUDE, emulator, apiKey: KEY });
        // The provider must reject what TypeScript cannot see (JavaScript programs, values read from
        // JSON or config), so these programs skip type checking; that also halves a preview's time.
        fs.writeFileSync(path.join(stack.dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { noCheck: true } }));
        return { emulator, stack };
      }),
    );
    all.push(...slots);
    idle.push(...slots);
  });

  afterAll(async () => {
    for (const { stack, emulator } of all) {
      await stack.dispose();
      await emulator.close();
    }
  });

  it("has at least 25 programs", ({ expect }) => {
    expect(INVALID.length).toBeGreaterThanOrEqual(25);
  });

  for (const c of INVALID) {
    it(`${c.title}: ${c.property}`, ({ expect }) =>
      withSlot(async ({ stack }) => {
        stack.setProgram(PRELUDE + c.program + "\n");
        const requests = stack.recordRequests();
        const result = await stack.tryRun("preview");
        const output = result.stdout + result.stderr;
        expect(result.code, output).not.toBe(0);
        // The engine's form: `<type> resource '<name>' has a problem: <path>: <rule>`.
        const line = output.split("\n").find((l) => l.includes(`has a problem: ${c.property}: `)) ?? "";
        expect(line, output).toContain(c.rule);
        expect(requests()).toEqual([]);
      }));
  }

  it("a secret of the wrong type fails without its value being printed", ({ expect }) =>
    withSlot(async ({ stack }) => {
      stack.setProgram(PRELUDE + `new hms.SipTrunk("bad", { host: "pbx.example.com", password: 98765432 as unknown as string });\n`);
      const requests = stack.recordRequests();
      const result = await stack.tryRun("preview");
      const output = result.stdout + result.stderr;
      expect(result.code, output).not.toBe(0);
      expect(output).toContain("has a problem: password: must be a string");
      expect(output).not.toMatch(/98765432|9\.8765432e\+07/);
      expect(requests()).toEqual([]);
    }));

  it("adoptId naming an object that does not exist: fails at preview after only a GET", ({ expect }) =>
    withSlot(async ({ stack }) => {
      const id = "00000000-0000-4000-8000-000000000000";
      stack.setProgram(PRELUDE + `new hms.Assistant("adopted", { adoptId: "${id}", firstMessage: "Hallo" });\n`);
      const requests = stack.recordRequests();
      const result = await stack.tryRun("preview");
      const output = result.stdout + result.stderr;
      expect(result.code, output).not.toBe(0);
      expect(output).toContain(`has a problem: adoptId: no Assistant with id ${id} exists for this API key`);
      expect(requests().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([`GET /api/v1/assistants/${id} 404`]);
    }));
});
