// A corpus of valid and invalid Revox programs through the real Pulumi CLI and engine, against the
// Revox emulator over real HTTP, in strict mode: a request key the API does not know (a wrongly named
// wire key, a field removed in 0.4.0) is a 400, so a create that succeeds sent only real fields. Like
// test/burki-corpus.test.ts for Burki, kept small:
//
// - Valid programs (test/corpus/revox/valid/<entry>.ts, each a complete Pulumi program) all run in ONE
//   stack: preview accepts them without a request, up creates them, then preview, preview --refresh
//   and refresh report no changes; no corpus secret is in the state or in anything the CLI printed.
//   Every resource and display name in an entry starts with the entry's file name, which is how a
//   failure names the entry.
// - Invalid programs (the INVALID table) are swapped one after another into ONE other stack (with an
//   emulator of its own, so its request log is its own): each preview must fail naming the property
//   path and the rule, before any request.
// - Removing properties from a deployed program (a third stack): one the API cannot clear fails the
//   preview, a nullable one is PATCHed back to null, `faqItems` to an empty list.
import * as fs from "node:fs";
import * as path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDefaults, INPUT_FIELDS } from "../emulator/revox/schema";
import type { RevoxStore } from "../emulator/revox/store";
import { startEmulator, type Emulator } from "../emulator/server";
import { assistantSchema } from "../provider/revox/schema";
import { TestStack, type PreviewStep } from "./harness";

const VALID_DIR = path.join(__dirname, "corpus", "revox", "valid");
const ENTRIES = fs
  .readdirSync(VALID_DIR)
  .filter((f) => f.endsWith(".ts"))
  .map((f) => f.slice(0, -3))
  .sort();

/** Objects each entry makes on the API; entries not listed make exactly one assistant. */
const OBJECTS: Record<string, { assistants: number; numbers: number }> = {
  // The one with every property, and one assistant per other kind of llmModel (realtime twice: OpenAI and Google).
  full: { assistants: 5, numbers: 0 },
  "phone-numbers": { assistants: 1, numbers: 2 },
};
const expectedObjects = (entry: string) => OBJECTS[entry] ?? { assistants: 1, numbers: 0 };

/** The corpus entry a resource or display name belongs to (names start with the entry's file name). */
const entryOf = (name: string) => ENTRIES.find((e) => name.startsWith(e)) ?? `(no entry) ${name}`;

/** Seeded into the account: phone-numbers routes the first two; full's fromPhoneNumber is the third (it must be the account's). */
const NUMBERS = ["+15555550200", "+15555550201", "+15555550202"];

/** Secret values of the corpus (literals in full.ts, stack config of secrets-config.ts): none may be in the state or the CLI's output in plain text. */
const CONFIG_SECRETS = { llmApiKey: "sk-corpus-revox-config-llm", toolToken: "tool-token-corpus-revox-config", calendlyConnectionId: "calendly-conn-corpus-revox-config" };
const CORPUS_SECRETS = [
  "sk-corpus-revox-full-llm",
  "tool-header-corpus-revox-full",
  "tool-query-corpus-revox-full",
  "calendly-conn-corpus-revox-full",
  "slack-conn-corpus-revox-full",
  "zoho-conn-corpus-revox-full",
  ...Object.values(CONFIG_SECRETS),
];

type RevoxEmulator = Emulator<RevoxStore>;
type Row = Record<string, any>;

/** The steps of `pulumi preview --json` output that change something (as ScratchStack.previewChanges filters them). */
function changesOf(stdout: string): PreviewStep[] {
  const out = JSON.parse(stdout) as { steps?: { op: string; urn: string }[] };
  return (out.steps ?? [])
    .filter((s) => s.op !== "same" && s.op !== "refresh" && !s.urn.includes("pulumi:pulumi:Stack"))
    .map((s) => ({ op: s.op, urn: s.urn, name: s.urn.split("::").pop() ?? "" }));
}

describe("valid Revox corpus: preview accepts, up creates, then preview, preview --refresh and refresh report no changes", () => {
  const key = "sk_test_revox_corpus_valid";
  let emulator: RevoxEmulator;
  let stack: TestStack;
  /** Everything the CLI printed, to check no secret ever shows. */
  const printed: string[] = [];
  const run = async (...args: string[]) => {
    const result = await stack.run(...args);
    printed.push(result.stdout, result.stderr);
    return result;
  };
  const previewChanges = async (...extra: string[]) => changesOf((await run("preview", "--json", ...extra)).stdout);
  const assistants = () => emulator.store.listAssistants(key) as Row[];
  const numbers = () => emulator.store.listNumbers(key) as Row[];

  beforeAll(async () => {
    emulator = await startEmulator({ platform: "revox", strict: true, apiKeys: [key], phoneNumbers: { [key]: NUMBERS } });
    // One program importing every entry; the entries are copied next to it. Pulumi type-checks it,
    // so the corpus also checks that valid programs compile against the SDK's types.
    stack = await TestStack.create({
      name: "revox-corpus-valid",
      program: ENTRIES.map((e) => `import "./valid/${e}";\n`).join(""),
      emulator,
      platform: "revox",
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
    // full declares every property of the schema (the API test below checks each one arrived).
    expect(Object.keys(assistantSchema.shape)).toHaveLength(45);
    expect(INPUT_FIELDS).toHaveLength(45);
  });

  it("pulumi preview plans every entry's resources without a request", async () => {
    const requests = stack.recordRequests();
    const steps = await previewChanges();
    const planned = (type: string) => steps.filter((s) => s.op === "create" && s.urn.includes(`revox:${type}`)).map((s) => entryOf(s.name));
    const count = (names: string[]) => Object.fromEntries(ENTRIES.map((e) => [e, names.filter((n) => n === e).length]));
    expect({ assistants: count(planned("Assistant")), numbers: count(planned("PhoneNumber")) }).toEqual({
      assistants: Object.fromEntries(ENTRIES.map((e) => [e, expectedObjects(e).assistants])),
      numbers: Object.fromEntries(ENTRIES.map((e) => [e, expectedObjects(e).numbers])),
    });
    expect(steps.filter((s) => s.op !== "create")).toEqual([]);
    expect(requests().map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it("pulumi up creates every entry's objects", async () => {
    await run("up", "--yes", "--skip-preview");
    const names = assistants().map((a) => a.name as string);
    const ofEntry = (entry: string) => names.filter((n) => entryOf(n) === entry).length;
    expect(Object.fromEntries(ENTRIES.map((e) => [e, ofEntry(e)]))).toEqual(Object.fromEntries(ENTRIES.map((e) => [e, expectedObjects(e).assistants])));
    const total = ENTRIES.reduce((sum, e) => sum + expectedObjects(e).assistants, 0);
    expect(names).toHaveLength(total);
    // Both numbers answer the phone-numbers entry's assistant, the first with its label; the third stays unrouted.
    const router = assistants().find((a) => a.name.startsWith("phone-numbers"));
    const byNumber = new Map(numbers().map((n) => [n.phone_number as string, n]));
    expect(NUMBERS.map((n) => byNumber.get(n)?.inbound_assistant?.id ?? null)).toEqual([router?.id, router?.id, null]);
    expect(NUMBERS.map((n) => byNumber.get(n)?.label)).toEqual(["phone-numbers main line", null, null]);
  });

  it("the API holds what the programs declare: all 45 fields of full in snake_case, every nested shape, secrets in plaintext", () => {
    const byEntry = (prefix: string) => {
      const found = assistants().filter((a) => a.name.startsWith(`${prefix}:`) || (prefix === "minimal" && a.name.startsWith("minimal-")));
      expect(found, prefix).toHaveLength(1);
      return found[0];
    };
    const full = byEntry("full");
    // Every field was sent: none is still null, none holds what create stores for a field it was not sent.
    const defaults = createDefaults() as Row;
    expect(INPUT_FIELDS.filter((f) => full[f] === null || isDeepStrictEqual(full[f], defaults[f]))).toEqual([]);
    expect(full).toMatchObject({
      name: "full: Acme customer support",
      prompt: "You are Acme's support line. Answer briefly and politely. The caller is {{customer_name}}.",
      first_sentence: "Hi, this is Acme support. How can I help?",
      first_sentence_mode: "static",
      first_sentence_delay_ms: 250,
      end_of_call_sentence: "Thanks for calling Acme. Goodbye!",
      webhook_url: "https://hooks.acme.example/revox/calls",
      max_call_duration_secs: 900,
      max_duration_end_message: "We have reached the time limit of this call. Goodbye!",
      structured_output_prompt: "Extract from {{transcript}} ({{call_direction}} call) what the caller said.",
      background_sound: "audio/office.ogg",
      background_sound_volume: 0.2,
      thinking_sound: "keyboard-typing.ogg",
      thinking_sound_probability: 0.7,
      thinking_sound_volume: 0.4,
      voicemail_message: "Hello, this is Acme support returning your call. We will try again later.",
      voicemail_sms_prompt: "Tell {{customer_name}} we tried to call about their order.",
      ivr_navigation_enabled: true,
      human_transfer_mode: "warm",
      warm_transfer_summary_instructions: "Tell the agent the caller's name, order number and what they need.",
      from_phone_number: "+15555550202",
      after_call_sms_prompt: "Thank {{customer_name}} for calling and recap the next step.",
      after_call_sms_outcomes: ["completed", "requested_callback_later"],
      sms_enabled: true,
      sms_template: "Acme: your case number is {{case_number}}.",
      email_notification_address: "support-lead@acme.example, ops@acme.example",
      email_notification_outcomes: ["interested", "not_interested", "none"],
      precall_lookup_url: "https://crm.acme.example/lookup?phone={{phone}}",
      stt_model: "stt-rt-v4",
      cartesia_dictionary_pronunciation_id: "pdict_corpus_full",
      type: "multi-step",
      logo_url: "https://cdn.acme.example/logo.png",
    });
    expect(full.voice).toEqual({ provider: "cartesia", id: "a0e99841-438c-4a64-b679-ae501e7d6091", model: "sonic-3.5", speed: 1.1, volume: 1.3 });
    expect(full.llm_model).toEqual({ type: "custom", api_url: "https://llm.acme.example/v1", model_name: "acme-support-70b", api_key: "sk-corpus-revox-full-llm" });
    expect(full.call_retry_config).toEqual({
      allowed_days: ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday"],
      call_twice_in_a_row: true,
      calling_windows: [
        { calling_window_start_time: "09:00", calling_window_end_time: "12:30", retry_delay_seconds: 1800 },
        { calling_window_start_time: "2pm", calling_window_end_time: "6:30pm", retry_delay_seconds: 0 },
      ],
      max_retry_attempts: 4,
      timezone: "America/New_York",
    });
    expect(full.structured_output_config.map((f: Row) => [f.name, f.type, f.required])).toEqual([
      ["customer_name", "string", true],
      ["order_total", "number", false],
      ["wants_callback", "boolean", true],
      ["reason", "enum", true],
      ["delivery_date", "date", false],
      ["callback_at", "datetime", false],
    ]);
    expect(full.structured_output_config[3]).toEqual({ name: "reason", type: "enum", required: true, description: "Why they called", enum_options: ["billing", "delivery", "returns", "other"] });
    expect(full.faq_items.map(({ question, answer, source }: Row) => ({ question, answer, source }))).toEqual([
      { question: "Where is my order?", answer: "Give me your order number and I will look it up.", source: "human" },
      { question: "What are your hours?", answer: "Monday to Saturday, 9 am to 6:30 pm Eastern.", source: "human" },
    ]);
    expect(full.calendly).toEqual({ connection_id: "calendly-conn-corpus-revox-full", event_type_id: "https://api.calendly.com/event_types/ACME-FULL" });
    expect(full.transfer_destinations).toEqual([
      { label: "Billing", phone_number: "+15555550123" },
      { label: "Returns desk", phone_number: "+15555550124" },
    ]);
    expect(full.custom_tools[0]).toEqual({
      name: "lookup_order",
      description: "Looks an order up by its number. Call it before answering about an order.",
      url: "https://orders.acme.example/api/orders/{{order_number}}",
      method: "GET",
      headers: [
        { key: "Authorization", value: "Bearer tool-header-corpus-revox-full" },
        { key: "X-Acme-Client", value: "revox" },
      ],
      query_params: [{ key: "api_key", value: "tool-query-corpus-revox-full" }],
      body_template: null,
      input_schema: [{ name: "order_number", type: "string", required: true, description: "The order number, e.g. A-1234" }],
    });
    expect(full.custom_tools[1]).toMatchObject({
      name: "open_ticket",
      method: "POST",
      headers: [],
      query_params: [],
      body_template: '{"subject": "{{subject}}", "priority": "{{priority}}"}',
      input_schema: [
        { name: "subject", type: "string", required: true },
        { name: "priority", type: "enum", required: false, enum_options: ["low", "high"] },
      ],
    });
    expect(full.stt_context).toEqual({ general: [{ key: "domain", value: "retail support" }], terms: ["Acme", "order number"] });
    expect(full.position).toEqual({ x: 120, y: -40.5 });
    expect(full.prompt_flow).toEqual({
      nodes: [
        { id: "greet", type: "promptBlock", data: { title: "Greeting", body: "Greet the caller." }, position: { x: 0, y: 0 } },
        { id: "help", type: "promptBlock", data: { title: "Help", body: "Find out what they need." }, position: { x: 0, y: 160 } },
      ],
      edges: [{ id: "greet-help", source: "greet", target: "help" }],
    });
    expect(full.slack).toEqual({
      connection_id: "slack-conn-corpus-revox-full",
      channels: [{ id: "C01234567", name: "support-calls" }, { id: "C07654321" }],
      outcomes: ["interested", "requested_callback_later"],
      template: "{{outcome}} call from {{phone}}: {{summary}}",
    });
    expect(full.zoho).toEqual({
      connection_id: "zoho-conn-corpus-revox-full",
      module: "Leads",
      field_mapping: [
        { source: "customer_name", zoho_field: "Last_Name" },
        { source: "reason", zoho_field: "Description" },
      ],
      log_call_activity: true,
      outcomes: ["interested"],
      template: null,
    });

    // The other kinds of llmModel and voice vendors.
    expect(byEntry("full-dedicated")).toMatchObject({
      llm_model: { type: "dedicated-instance", name: "ministral-3-8b-instruct" },
      voice: { provider: "elevenlabs", id: "21m00Tcm4TlvDq8ikWAM", speed: 0.9 },
      human_transfer_mode: "cold",
      transfer_destinations: [{ label: "On-call manager", phone_number: "+15555550125" }],
    });
    expect(byEntry("full-openrouter")).toMatchObject({
      llm_model: { type: "openrouter", openrouter_model_id: "openai/gpt-4.1", openrouter_provider: "azure" },
      voice: { provider: "gradium", id: "gradium-emma", speed: 1.4 },
      first_sentence_mode: "none",
    });
    expect(byEntry("full-realtime").llm_model).toEqual({ type: "realtime", provider: "openai", realtime_model_id: "gpt-realtime", realtime_voice_id: "marin" });
    expect(byEntry("full-realtime-google").llm_model).toEqual({ type: "realtime", provider: "google", realtime_model_id: "gemini-live-2.5-flash" });

    const fromConfig = byEntry("secrets-config");
    expect(fromConfig.llm_model.api_key).toBe(CONFIG_SECRETS.llmApiKey);
    expect(fromConfig.custom_tools[0].headers).toEqual([{ key: "Authorization", value: `Bearer ${CONFIG_SECRETS.toolToken}` }]);
    expect(fromConfig.calendly.connection_id).toBe(CONFIG_SECRETS.calendlyConnectionId);

    // minimal: only its prompt and auto-name were sent, so the record holds create's defaults.
    const minimal = byEntry("minimal");
    expect(minimal.name).toMatch(/^minimal-[0-9a-f]{7}$/);
    expect(minimal).toMatchObject({ ...defaults, prompt: "You answer Acme's phone. Be brief.", voice: null, webhook_url: null, faq_items: [] });
  });

  it("the corpus secrets are encrypted in the state (and did reach the API)", async () => {
    const state = (await run("stack", "export")).stdout;
    expect(state).toContain("pulumi-nodejs:dynamic/revox:Assistant");
    expect(state).toContain("pulumi-nodejs:dynamic/revox:PhoneNumber");
    expect(CORPUS_SECRETS.filter((s) => state.includes(s))).toEqual([]);
    expect(state).toContain("ciphertext");
    expect(state).not.toContain(key);
    const live = JSON.stringify(emulator.store.dump());
    expect(CORPUS_SECRETS.filter((s) => !live.includes(s))).toEqual([]);
  });

  // A step other than `same` names the entry whose program does not round-trip.
  const changes = async (...extra: string[]) => (await previewChanges(...extra)).map((s) => `${entryOf(s.name)}: ${s.op} ${s.name}`);

  it("pulumi preview after up: no changes", async () => {
    expect(await changes()).toEqual([]);
  });

  it("pulumi preview --refresh: no changes", async () => {
    expect(await changes("--refresh")).toEqual([]);
  });

  it("pulumi refresh: no changes, and preview is still clean after it", async () => {
    const refresh = await stack.tryRun("refresh", "--yes", "--expect-no-changes");
    printed.push(refresh.stdout, refresh.stderr);
    const changed = refresh.stdout.split("\n").filter((l) => l.includes("[diff:"));
    expect(refresh.code, changed.join("\n") || refresh.stdout + refresh.stderr).toBe(0);
    expect(await changes()).toEqual([]);
    await run("preview", "--expect-no-changes", "--diff");
  });

  it("nothing the CLI printed holds a corpus secret", () => {
    // preview --json (every step's inputs and outputs), up, refresh, preview --diff and the state export.
    expect(printed.length).toBeGreaterThanOrEqual(14);
    const all = printed.join("\n");
    expect(all).toContain("full: Acme customer support");
    expect(CORPUS_SECRETS.filter((s) => all.includes(s))).toEqual([]);
  });
});

// ---- invalid programs ---------------------------------------------------------------------------

interface InvalidCase {
  /** What is wrong, as the test title. */
  title: string;
  /** The program, after `import * as revox from "pulumi-voiceai/revox";` (run without type checking). */
  program: string;
  /** The property path the check failure must name. */
  property: string;
  /** A distinctive part of the rule the failure must state. */
  rule: string;
}

/** A valid retry policy; each case below breaks one thing of it. */
const RETRY = `{ allowedDays: ["monday", "friday"], callTwiceInARow: false, callingWindows: [{ callingWindowStartTime: "09:00", callingWindowEndTime: "17:00", retryDelaySeconds: 600 }], maxRetryAttempts: 2 }`;
/** A valid custom tool named `name`. */
const tool = (name: string) =>
  `{ name: "${name}", description: "Checks the stock of an item.", url: "https://stock.acme.example/{{sku}}", method: "GET", headers: [], queryParams: [], bodyTemplate: null, inputSchema: [] }`;
const P = `prompt: "Be brief."`;

const INVALID: InvalidCase[] = [
  {
    title: "no prompt",
    program: `new revox.Assistant("bad", { name: "No prompt" });`,
    property: "prompt",
    rule: "is required",
  },
  {
    title: "an empty prompt",
    program: `new revox.Assistant("bad", { prompt: "" });`,
    property: "prompt",
    rule: "must not be empty",
  },
  {
    title: "voice speed 2",
    program: `new revox.Assistant("bad", { ${P}, voice: { provider: "cartesia", id: "a0e99841", speed: 2 } });`,
    property: "voice.speed",
    rule: "must be between 0.6 and 1.5",
  },
  {
    title: "an ElevenLabs voice at speed 1.3 (inside Cartesia's range)",
    program: `new revox.Assistant("bad", { ${P}, voice: { provider: "elevenlabs", id: "21m00Tcm4TlvDq8ikWAM", speed: 1.3 } });`,
    property: "voice.speed",
    rule: "must be between 0.7 and 1.2 for an ElevenLabs voice",
  },
  {
    title: "a Cartesia voice model on an ElevenLabs voice",
    program: `new revox.Assistant("bad", { ${P}, voice: { provider: "elevenlabs", id: "21m00Tcm4TlvDq8ikWAM", model: "sonic-3" } });`,
    property: "voice.model",
    rule: "applies to Cartesia voices only (provider is elevenlabs)",
  },
  {
    title: "voice volume above 2",
    program: `new revox.Assistant("bad", { ${P}, voice: { provider: "cartesia", id: "a0e99841", volume: 3 } });`,
    property: "voice.volume",
    rule: "must be between 0.5 and 2",
  },
  {
    title: "a snake_case key in voice",
    program: `new revox.Assistant("bad", { ${P}, voice: { provider: "cartesia", id: "a0e99841", voice_id: "a0e99841" } });`,
    property: "voice.voice_id",
    rule: "is not a property of voice; for an API field this package does not model yet, use additionalFields",
  },
  {
    title: "an llmModel type that does not exist",
    program: `new revox.Assistant("bad", { ${P}, llmModel: { type: "anthropic", name: "claude" } });`,
    property: "llmModel.type",
    rule: "must be an object whose type is dedicated-instance, openrouter, custom or realtime",
  },
  {
    title: "a custom llmModel without apiKey",
    program: `new revox.Assistant("bad", { ${P}, llmModel: { type: "custom", apiUrl: "https://llm.acme.example/v1", modelName: "acme-8b" } });`,
    property: "llmModel.apiKey",
    rule: "is required",
  },
  {
    title: "a dedicated instance Revox does not host",
    program: `new revox.Assistant("bad", { ${P}, llmModel: { type: "dedicated-instance", name: "gpt-5" } });`,
    property: "llmModel.name",
    rule: "must be one of gpt-4.1, ministral-3-8b-instruct",
  },
  {
    title: "callRetryConfig without allowedDays",
    program: `new revox.Assistant("bad", { ${P}, callRetryConfig: { callTwiceInARow: false, callingWindows: [{ callingWindowStartTime: "09:00", callingWindowEndTime: "17:00", retryDelaySeconds: 600 }], maxRetryAttempts: 2 } });`,
    property: "callRetryConfig.allowedDays",
    rule: "is required",
  },
  {
    title: "an abbreviated day",
    program: `new revox.Assistant("bad", { ${P}, callRetryConfig: { ...${RETRY}, allowedDays: ["mon"] } });`,
    property: "callRetryConfig.allowedDays[0]",
    rule: "must be one of monday, tuesday, wednesday, thursday, friday, saturday, sunday",
  },
  {
    title: "a calling window starting at 25:00",
    program: `new revox.Assistant("bad", { ${P}, callRetryConfig: { ...${RETRY}, callingWindows: [{ callingWindowStartTime: "25:00", callingWindowEndTime: "17:00", retryDelaySeconds: 600 }] } });`,
    property: "callRetryConfig.callingWindows[0].callingWindowStartTime",
    rule: "must be a time such as 09:00 (24 h) or 6pm / 6:30pm (12 h)",
  },
  {
    title: "a negative retry delay (second window)",
    program: `new revox.Assistant("bad", { ${P}, callRetryConfig: { ...${RETRY}, callingWindows: [{ callingWindowStartTime: "09:00", callingWindowEndTime: "12:00", retryDelaySeconds: 600 }, { callingWindowStartTime: "2pm", callingWindowEndTime: "6pm", retryDelaySeconds: -1 }] } });`,
    property: "callRetryConfig.callingWindows[1].retryDelaySeconds",
    rule: "must be a whole number of at least 0 seconds",
  },
  {
    title: "no calling window",
    program: `new revox.Assistant("bad", { ${P}, callRetryConfig: { ...${RETRY}, callingWindows: [] } });`,
    property: "callRetryConfig.callingWindows",
    rule: "must hold at least one window",
  },
  {
    title: "zero attempts",
    program: `new revox.Assistant("bad", { ${P}, callRetryConfig: { ...${RETRY}, maxRetryAttempts: 0 } });`,
    property: "callRetryConfig.maxRetryAttempts",
    rule: "must be a whole number of at least 1",
  },
  {
    title: "a timezone that does not exist",
    program: `new revox.Assistant("bad", { ${P}, callRetryConfig: { ...${RETRY}, timezone: "Mars/Olympus" } });`,
    property: "callRetryConfig.timezone",
    rule: "must be an IANA timezone such as Europe/Paris",
  },
  {
    title: "background sound volume 1.5",
    program: `new revox.Assistant("bad", { ${P}, backgroundSound: "audio/office.ogg", backgroundSoundVolume: 1.5 });`,
    property: "backgroundSoundVolume",
    rule: "must be between 0 and 1",
  },
  {
    title: "a thinking sound Revox does not have",
    program: `new revox.Assistant("bad", { ${P}, thinkingSound: "bell.ogg" });`,
    property: "thinkingSound",
    rule: "must be one of city-ambience.ogg, forest-ambience.ogg, office-ambience.ogg, crowded-room.ogg, keyboard-typing.ogg, keyboard-typing2.ogg, hold_music.ogg",
  },
  {
    title: "a negative thinking sound probability",
    program: `new revox.Assistant("bad", { ${P}, thinkingSoundProbability: -0.1 });`,
    property: "thinkingSoundProbability",
    rule: "must be between 0 and 1",
  },
  {
    title: "a first-sentence delay of 1.5 ms",
    program: `new revox.Assistant("bad", { ${P}, firstSentenceDelayMs: 1.5 });`,
    property: "firstSentenceDelayMs",
    rule: "must be a whole number of at least 0 ms",
  },
  {
    title: "a custom tool named in CamelCase",
    program: `new revox.Assistant("bad", { ${P}, customTools: [${tool("CheckInventory")}] });`,
    property: "customTools[0].name",
    rule: "must be lower-case snake_case, e.g. check_inventory",
  },
  {
    title: "two custom tools of the same name",
    program: `new revox.Assistant("bad", { ${P}, customTools: [${tool("check_inventory")}, ${tool("check_inventory")}] });`,
    property: "customTools[1]",
    rule: 'repeats the tool name "check_inventory"',
  },
  {
    title: "a transfer destination not in E.164",
    program: `new revox.Assistant("bad", { ${P}, transferDestinations: [{ label: "Billing", phoneNumber: "0612345678" }] });`,
    property: "transferDestinations[0].phoneNumber",
    rule: "must be an E.164 number such as +15555550100",
  },
  {
    title: "two transfer destinations with the same number",
    program: `new revox.Assistant("bad", { ${P}, transferDestinations: [{ label: "Billing", phoneNumber: "+15555550123" }, { label: "Accounts", phoneNumber: "+15555550123" }] });`,
    property: "transferDestinations[1]",
    rule: 'repeats the number "+15555550123"',
  },
  {
    title: "humanTransferMode without transferDestinations",
    program: `new revox.Assistant("bad", { ${P}, humanTransferMode: "warm" });`,
    property: "humanTransferMode",
    rule: "needs transferDestinations to transfer to",
  },
  {
    title: "firstSentenceMode static without firstSentence",
    program: `new revox.Assistant("bad", { ${P}, firstSentenceMode: "static" });`,
    property: "firstSentence",
    rule: "is required with firstSentenceMode static (it is spoken verbatim)",
  },
  {
    title: "a precall lookup URL without {{phone}}",
    program: `new revox.Assistant("bad", { ${P}, precallLookupUrl: "https://crm.acme.example/lookup" });`,
    property: "precallLookupUrl",
    rule: "must contain {{phone}} (replaced by the caller's number)",
  },
  {
    title: "a webhook URL that is not http(s)",
    program: `new revox.Assistant("bad", { ${P}, webhookUrl: "ftp://hooks.acme.example/revox" });`,
    property: "webhookUrl",
    rule: "must be an http(s) URL",
  },
  {
    title: "an email notification address that is not one",
    program: `new revox.Assistant("bad", { ${P}, emailNotificationAddress: "not-an-email" });`,
    property: "emailNotificationAddress",
    rule: "must be an email address or a comma-separated list of them",
  },
  {
    title: "fromPhoneNumber not in E.164",
    program: `new revox.Assistant("bad", { ${P}, fromPhoneNumber: "0612345678" });`,
    property: "fromPhoneNumber",
    rule: "must be an E.164 number such as +15555550100",
  },
  {
    title: "transferPhoneNumber (removed in the API's 0.4.0)",
    program: `new revox.Assistant("bad", { ${P}, transferPhoneNumber: "+15555550123" });`,
    property: "transferPhoneNumber",
    rule: "is not a property of Assistant; for an API field this package does not model yet, use additionalFields",
  },
  {
    title: "the outcome ai_averse (dropped in 0.4.0)",
    program: `new revox.Assistant("bad", { ${P}, afterCallSmsPrompt: "Thanks!", afterCallSmsOutcomes: ["completed", "ai_averse"] });`,
    property: "afterCallSmsOutcomes[1]",
    rule: "must be one of not_interested, interested, completed, requested_callback_later, none",
  },
  {
    title: "an enum field without enumOptions",
    program: `new revox.Assistant("bad", { ${P}, structuredOutputConfig: [{ name: "reason", type: "enum", required: true }] });`,
    property: "structuredOutputConfig[0].enumOptions",
    rule: "must list the values of an enum field",
  },
  {
    title: "enumOptions on a string field",
    program: `new revox.Assistant("bad", { ${P}, structuredOutputConfig: [{ name: "reason", type: "string", required: true, enumOptions: ["a", "b"] }] });`,
    property: "structuredOutputConfig[0].enumOptions",
    rule: "applies to type enum only (type is string)",
  },
  {
    title: "a Slack integration with no channel",
    program: `new revox.Assistant("bad", { ${P}, slack: { connectionId: "conn-1", channels: [], outcomes: ["interested"] } });`,
    property: "slack.channels",
    rule: "must name at least one channel",
  },
  {
    title: "additionalFields setting a server-owned field",
    program: `new revox.Assistant("bad", { ${P}, additionalFields: { organization_id: "00000000-0000-0000-0000-000000000000" } });`,
    property: "additionalFields.organization_id",
    rule: "is a field the server owns (organization_id); it is never sent",
  },
  {
    title: "additionalFields fighting a modelled property",
    program: `new revox.Assistant("bad", { ${P}, voicemailMessage: "Call us back.", additionalFields: { voicemail_message: "Bye." } });`,
    property: "additionalFields.voicemail_message",
    rule: "declare it in one place",
  },
  {
    title: "phone number not in E.164",
    program: `new revox.PhoneNumber("bad", { phoneNumber: "5555550200", assistantId: "4f9a0c3e-0000-4000-8000-000000000000" });`,
    property: "phoneNumber",
    rule: "must be an E.164 number such as +15555550100",
  },
  {
    title: "invalid number in a program whose assistant is valid (nothing may be created)",
    program: `const a = new revox.Assistant("ok", { ${P} });\nnew revox.PhoneNumber("bad", { phoneNumber: "+1 555 555 0200", assistantId: a.id });`,
    property: "phoneNumber",
    rule: "must be an E.164 number",
  },
  {
    title: "phone number with an empty assistantId",
    program: `new revox.PhoneNumber("bad", { phoneNumber: "+15555550200", assistantId: "" });`,
    property: "assistantId",
    rule: "must not be empty",
  },
  {
    title: "phone number with an unknown property",
    program: `new revox.PhoneNumber("bad", { phoneNumber: "+15555550200", assistantId: "4f9a0c3e-0000-4000-8000-000000000000", inboundSipUri: "sip:x@example.com" });`,
    property: "inboundSipUri",
    rule: "is not a property of PhoneNumber",
  },
];

const PRELUDE = `import * as revox from "pulumi-voiceai/revox";\n`;

describe("invalid Revox programs fail at preview, naming the property and the rule, before any request", () => {
  const key = "sk_test_revox_corpus_invalid";
  let emulator: RevoxEmulator;
  let stack: TestStack;

  beforeAll(async () => {
    emulator = await startEmulator({ platform: "revox", strict: true, apiKeys: [key], phoneNumbers: { [key]: NUMBERS } });
    stack = await TestStack.create({ name: "revox-corpus-invalid", program: PRELUDE, emulator, platform: "revox", apiKey: key });
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

  it("the table has at least 25 cases, each with a title of its own", () => {
    expect(INVALID.length).toBeGreaterThanOrEqual(25);
    expect(new Set(INVALID.map((c) => c.title)).size).toBe(INVALID.length);
  });

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
    const { code, output, requests } = await preview(
      `new revox.Assistant("bad", { ${P}, llmModel: { type: "custom", apiUrl: "https://llm.acme.example/v1", modelName: "acme-8b", apiKey: 98765432 as unknown as string } });`,
    );
    expect(code, output).not.toBe(0);
    expect(output).toContain("has a problem: llmModel.apiKey: must be a string");
    expect(output).not.toMatch(/98765432|9\.8765432e\+07/);
    expect(requests).toEqual([]);
  });

  it("a valid program after them previews with no request (the stack is not stuck)", async () => {
    const { code, output, requests } = await preview(`new revox.Assistant("ok", { ${P} });`);
    expect(code, output).toBe(0);
    expect(requests).toEqual([]);
  });
});

// ---- removing properties --------------------------------------------------------------------------

describe("removing properties from a deployed Revox program", () => {
  const key = "sk_test_revox_corpus_removal";
  let emulator: RevoxEmulator;
  let stack: TestStack;
  let id: string;
  const live = () => emulator.store.getAssistant(key, id) as Row;

  /** The program declaring `fields` (property lines) besides the prompt. */
  const program = (...fields: string[]) =>
    `${PRELUDE}export const id = new revox.Assistant("removal", {\n  prompt: "You answer Acme's phone.",\n${fields.map((f) => `  ${f},\n`).join("")}}).id;\n`;
  const WEBHOOK = `webhookUrl: "https://hooks.acme.example/revox"`;
  const VOICEMAIL = `voicemailMessage: "Acme here, we will call you back."`;
  const FAQ = `faqItems: [{ question: "Where are you?", answer: "Main Street 1." }]`;
  const DELAY = `firstSentenceDelayMs: 900`;

  beforeAll(async () => {
    emulator = await startEmulator({ platform: "revox", strict: true, apiKeys: [key] });
    stack = await TestStack.create({ name: "revox-corpus-removal", program: program(WEBHOOK, VOICEMAIL, FAQ, DELAY), emulator, platform: "revox", apiKey: key });
    await stack.up();
    id = (await stack.outputs()).id as string;
  });

  afterAll(async () => {
    await stack?.dispose();
    await emulator?.close();
  });

  it("up created the assistant with every field declared", () => {
    expect(live()).toMatchObject({ webhook_url: "https://hooks.acme.example/revox", voicemail_message: "Acme here, we will call you back.", first_sentence_delay_ms: 900 });
    expect(live().faq_items.map((f: Row) => f.question)).toEqual(["Where are you?"]);
  });

  it("removing webhookUrl (the API cannot clear it) fails the preview naming it, before any request", async () => {
    stack.setProgram(program(VOICEMAIL, FAQ, DELAY));
    const requests = stack.recordRequests();
    const result = await stack.tryRun("preview");
    const output = result.stdout + result.stderr;
    expect(result.code, output).not.toBe(0);
    const line = output.split("\n").find((l) => l.includes("has a problem: webhookUrl: ")) ?? "";
    expect(line, output).toContain("cannot be removed: the Revox API cannot clear it once set");
    expect(requests()).toEqual([]);
    expect(live().webhook_url).toBe("https://hooks.acme.example/revox");
  });

  it("removing voicemailMessage, faqItems and firstSentenceDelayMs: one PATCH sets null, [] and the default 400; then no changes", async () => {
    stack.setProgram(program(WEBHOOK));
    expect((await stack.previewChanges()).map((s) => [s.op, s.name])).toEqual([["update", "removal"]]);
    const requests = stack.recordRequests();
    await stack.up();
    expect(requests().filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`)).toEqual([`PATCH /api/assistants/${id}`]);
    expect(live()).toMatchObject({ voicemail_message: null, faq_items: [], first_sentence_delay_ms: 400, webhook_url: "https://hooks.acme.example/revox" });
    await stack.run("preview", "--expect-no-changes");
    await stack.run("refresh", "--yes", "--expect-no-changes");
    await stack.run("preview", "--expect-no-changes");
    expect((await stack.outputs()).id).toBe(id);
  });
});
