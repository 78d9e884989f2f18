// The Burki provider's hooks (check, diff, create, read, update, delete of burki.Assistant and
// burki.PhoneNumber), called directly as test/provider.test.ts does for HMS, over real HTTP (no Pulumi
// engine), against each target of test/burki-targets.ts: the Burki emulator always, the real Burki
// server when configured. The same tests for both; where they disagree, the real server is right.
//
// The provider talks to the target through a recording proxy (burki-targets.ts), so the tests see the
// bodies it really sent on either target; on the emulator they also check its own request log.
// Names start with this run's prefix; every assistant a test made (through the provider or raw) is
// deleted after it, which also unassigns its numbers. The number tests run one after another.
//
//   set -a; . ~/.cache/burki-state/8000/env; set +a; npx vitest run test/burki-provider.test.ts
import { randomBytes } from "node:crypto";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isPlainObject } from "../provider/canonical";
import { forgetRun } from "../provider/lifecycle";
import { provider as assistants } from "../provider/burki/assistant";
import { provider as numbers } from "../provider/burki/phone-number";
// What the server holds for an omitted settings block (burki.md §3.1), written independently of the provider's schema.
import { DEFAULT_LLM_SETTINGS, DEFAULT_RAG, DEFAULT_STT, DEFAULT_TTS } from "./burki-defaults";
import {
  Cleanup,
  deleteAssistantsNamed,
  emulatorTarget,
  ensureNumberFree,
  holderOf,
  realServerTarget,
  recordingProxy,
  request,
  type BurkiTarget,
  type ProxiedRequest,
  type RecordingProxy,
  type TargetSpec,
} from "./burki-targets";

const A = "/api/v1/assistants";
/** What this suite's names start with; this run's names add a random part. */
const SUITE_PREFIX = "burki-provider-";
const RUN = `${SUITE_PREFIX}${randomBytes(3).toString("hex")}-`;
const UNKNOWN_NUMBER = "+15555550142";
/** An id no assistant has (within int4: a larger one is a 500 on the real server). */
const MISSING_ID = "2147480000";

/** A value as the provider marks it secret in its outputs (Pulumi's wire form). */
const secret = (value: unknown) => ({ [specialSigKey]: specialSecretSig, value });

/** `value` with Pulumi's secret wrappers removed, as the engine hands stored outputs back to the provider. */
function plain<T>(value: T): T {
  if (Array.isArray(value)) return value.map(plain) as T;
  if (!isPlainObject(value)) return value;
  if (value[specialSigKey] === specialSecretSig) return plain(value.value) as T;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)])) as T;
}

/** The 21 properties of burki.Assistant: what `Resource.get` reports. */
const ASSISTANT_PROPERTIES = [
  "name",
  "description",
  "llmProvider",
  "llmProviderConfig",
  "llmSettings",
  "webhookUrl",
  "smsWebhookUrl",
  "messagingServiceSid",
  "interruptionSettings",
  "ttsSettings",
  "sttSettings",
  "endCallMessage",
  "transferCallMessage",
  "idleMessage",
  "maxIdleMessages",
  "idleTimeout",
  "toolsSettings",
  "ragSettings",
  "llmFallbackProviders",
  "customSettings",
  "isActive",
];

const real = realServerTarget();
const TARGETS: TargetSpec[] = [emulatorTarget(), real];

if (real.unavailable) {
  describe(`Burki provider: ${real.name}`, () => {
    it.skip(`skipped: ${real.unavailable}`, () => {});
  });
}

describe.each(TARGETS.filter((spec) => spec.unavailable === null).map((spec) => [spec.name, spec] as const))("Burki provider: %s", (_name, spec) => {
  let t: BurkiTarget;
  let proxy: RecordingProxy;
  const raw = new Cleanup();
  let serial = 0;
  /** A name the user chose (not in the auto-name format). */
  const name = (label: string) => `${RUN}${label}-${++serial}`;
  /** A name as the SDK generates it (`<resource name>-<7 hex>`), unique to this call. */
  const autoName = (label: string) => `${RUN}${label}-${randomBytes(4).toString("hex").slice(0, 7)}`;

  /** The requests the provider sent from now on (call the result to read them), as `METHOD /path status`. */
  function recordRequests(): { all: () => ProxiedRequest[]; lines: () => string[]; emulator: () => string[] } {
    const start = proxy.requests.length;
    const emulatorStart = t.emulator?.requests.length ?? 0;
    const all = () => proxy.requests.slice(start);
    return {
      all,
      lines: () => all().map((r) => `${r.method} ${r.path} ${r.status}`),
      emulator: () => (t.emulator ? t.emulator.requests.slice(emulatorStart).map((r) => `${r.method} ${r.path} ${r.status}`) : []),
    };
  }
  /** The live assistant as the API answers it. */
  const live = async (id: string) => {
    const res = await request(t, "GET", `${A}/${id}`);
    expect(res.status, res.text).toBe(200);
    return res.json;
  };
  /** The row as stored (emulator: the database row, without the defaults the answer fills in; real server: GET). */
  const storedRow = async (id: string): Promise<any> => {
    if (!t.emulator) return live(id);
    return t.emulator.store.getAssistant(t.emulator.store.organization(t.key).id, Number(id));
  };
  /** An assistant made out of band (the dashboard, another stack), deleted after the test. */
  async function rawAssistant(label: string): Promise<{ id: number; name: string }> {
    const res = await request(t, "POST", A, { body: { name: name(label) } });
    expect(res.status, res.text).toBe(201);
    raw.track(t.key, res.json.id);
    return res.json;
  }
  const rawPut = async (id: string, body: unknown) => {
    const res = await request(t, "PUT", `${A}/${id}`, { body });
    expect(res.status, res.text).toBe(200);
    return res.json;
  };

  beforeAll(async () => {
    t = await spec.start();
    proxy = await recordingProxy(t);
    process.env.BURKI_BASE_URL = proxy.url;
    process.env.BURKI_API_KEY = t.key;
  });
  beforeEach(() => {
    forgetRun(); // each test is a deployment of its own
    proxy.requests.length = 0;
  });
  afterEach(async () => {
    // Every assistant the provider created in the test (and the raw ones): deleting frees their numbers.
    const made = proxy.requests.filter((r) => r.method === "POST" && r.path === A && r.status === 201).map((r) => r.answer.id as number);
    for (const id of made) raw.track(t.key, id);
    await raw.run(t);
  });
  afterAll(async () => {
    delete process.env.BURKI_BASE_URL;
    delete process.env.BURKI_API_KEY;
    if (!t) return;
    await raw.run(t);
    await deleteAssistantsNamed(t, RUN);
    await proxy?.close();
    await spec.stop(t);
  });

  describe("secrets", () => {
    const declared = () => ({
      name: name("secrets"),
      llmProviderConfig: { apiKey: "sk-provider-test-llm", model: "gpt-4o-mini" },
      ttsSettings: { provider: "deepgram", voiceId: "asteria", providerConfig: { api_key: "dg-provider-test", language: "en" } },
      llmFallbackProviders: { enabled: true, fallbacks: [{ provider: "anthropic", apiKey: "sk-ant-provider-test", model: "claude-3-5-sonnet-latest" }, { provider: "groq" }] },
    });
    const marked = (d: ReturnType<typeof declared>) => ({
      name: d.name,
      llmProviderConfig: { apiKey: secret("sk-provider-test-llm"), model: "gpt-4o-mini" },
      ttsSettings: { provider: "deepgram", voiceId: "asteria", providerConfig: secret({ api_key: "dg-provider-test", language: "en" }) },
      llmFallbackProviders: { enabled: true, fallbacks: [{ provider: "anthropic", apiKey: secret("sk-ant-provider-test"), model: "claude-3-5-sonnet-latest" }, { provider: "groq" }] },
    });

    it("create, read and update mark llmProviderConfig.apiKey, ttsSettings.providerConfig and fallbacks[].apiKey secret; the server holds the plaintext", async () => {
      const d = declared();
      const { id, outs } = await assistants.create(d);
      expect(outs).toEqual(marked(d));
      const server = await live(id);
      expect(server.llm_provider_config.api_key).toBe("sk-provider-test-llm");
      expect(server.tts_settings.provider_config).toEqual({ api_key: "dg-provider-test", language: "en" });
      expect(server.llm_fallback_providers.fallbacks).toEqual([
        { provider: "anthropic", api_key: "sk-ant-provider-test", base_url: null, model: "claude-3-5-sonnet-latest" },
        { provider: "groq", api_key: null, base_url: null, model: null },
      ]);

      const read = await assistants.read!(id, plain(outs));
      expect(read).toEqual({ id, props: marked(d), inputs: marked(d) });

      const news = { ...d, ttsSettings: { ...d.ttsSettings, voiceId: "luna" } };
      const updated = await assistants.update!(id, plain(outs), news);
      expect(updated.outs).toEqual({ ...marked(d), ttsSettings: { ...marked(d).ttsSettings, voiceId: "luna" } });
      expect((await live(id)).tts_settings.provider_config).toEqual({ api_key: "dg-provider-test", language: "en" });
    });

    it("Resource.get (read with no declared properties) reports every property, with the three secrets marked", async () => {
      const d = declared();
      const { id } = await assistants.create(d);
      const { props, inputs } = await assistants.read!(id, {});
      expect(Object.keys(props!).sort()).toEqual([...ASSISTANT_PROPERTIES].sort());
      expect(props!.llmProviderConfig).toEqual({ apiKey: secret("sk-provider-test-llm"), baseUrl: null, model: "gpt-4o-mini", customConfig: {} });
      expect((props!.ttsSettings as Record<string, unknown>).providerConfig).toEqual(secret({ api_key: "dg-provider-test", language: "en" }));
      expect(props!.llmFallbackProviders).toEqual({
        enabled: true,
        fallbacks: [
          { provider: "anthropic", apiKey: secret("sk-ant-provider-test"), baseUrl: null, model: "claude-3-5-sonnet-latest" },
          { provider: "groq", apiKey: null, baseUrl: null, model: null },
        ],
      });
      // The computed toolsSettings.enabledTools is an output only, never an input.
      const { enabledTools, ...tools } = props!.toolsSettings as Record<string, unknown>;
      expect(enabledTools).toEqual([]);
      expect(inputs).toEqual({ ...props, toolsSettings: tools });
    });
  });

  describe("read and delete", () => {
    it("a refresh reads every assistant from one listing (the same objects as GET by id); one deleted outside Pulumi is gone with no GET", async () => {
      const made = [];
      for (let i = 0; i < 3; i++) made.push(await assistants.create({ name: name(`listed-${i}`), description: `line ${i}`, ttsSettings: { voiceId: "rachel" } }));
      forgetRun(); // the refresh is a run of its own
      let requests = recordRequests();
      const listed = await Promise.all(made.map(({ id }) => assistants.read!(id, {})));
      expect(requests.lines()).toEqual([`GET ${A} 200`]);
      // What the switch-off reads, one GET each, is the same.
      forgetRun();
      process.env.BURKI_READ_FROM_LISTINGS = "false";
      try {
        requests = recordRequests();
        expect(await Promise.all(made.map(({ id }) => assistants.read!(id, {})))).toEqual(listed);
        expect(requests.lines().sort()).toEqual(made.map(({ id }) => `GET ${A}/${id} 200`).sort());
      } finally {
        delete process.env.BURKI_READ_FROM_LISTINGS;
      }
      expect((await request(t, "DELETE", `${A}/${made[0].id}`)).status).toBe(200);
      forgetRun();
      requests = recordRequests();
      expect(await assistants.read!(made[0].id, plain(made[0].outs))).toEqual({});
      expect((await assistants.read!(made[1].id, plain(made[1].outs))).props).toEqual(plain(made[1].outs));
      expect(requests.lines()).toEqual([`GET ${A} 200`]);
    });

    it("read reports the live values of the declared properties; delete removes the assistant; a deleted one reads as gone and deletes again", async () => {
      const d = { name: name("read"), description: "v1", ttsSettings: { voiceId: "rachel" } };
      const { id, outs } = await assistants.create(d);
      const before = await live(id);
      await rawPut(id, { description: "edited in the dashboard", tts_settings: { ...before.tts_settings, voice_id: "adam", style: 0.3 } });
      const expected = { ...d, description: "edited in the dashboard", ttsSettings: { voiceId: "adam" } };
      expect(await assistants.read!(id, plain(outs))).toEqual({ id, props: expected, inputs: expected });
      const requests = recordRequests();
      await assistants.delete!(id, expected);
      expect(requests.lines()).toEqual([`DELETE /api/v1/assistants/${id} 200`]);
      expect((await request(t, "GET", `${A}/${id}`)).status).toBe(404);
      expect(await assistants.read!(id, expected)).toEqual({});
      await expect(assistants.delete!(id, expected)).resolves.toBeUndefined();
    });

    it("an update of a property edited outside Pulumi since the state saw it fails naming it and writes nothing; of a deleted assistant says to refresh", async () => {
      const d = { name: name("unseen"), description: "v1", ttsSettings: { voiceId: "rachel" } };
      const { id, outs } = await assistants.create(d);
      await rawPut(id, { description: "edited in the dashboard" });
      const requests = recordRequests();
      await expect(assistants.update!(id, plain(outs), { ...d, description: "from the program" })).rejects.toThrow(
        `Assistant ${id} was changed outside Pulumi since the state last saw it: description differs from the state`,
      );
      expect(requests.lines()).toEqual([`GET /api/v1/assistants/${id} 200`]);
      expect((await live(id)).description).toBe("edited in the dashboard");
      expect((await request(t, "DELETE", `${A}/${id}`)).status).toBe(200);
      await expect(assistants.update!(id, plain(outs), { ...d, ttsSettings: { voiceId: "adam" } })).rejects.toThrow(
        new RegExp(`^Assistant ${id} no longer exists on the platform \\(deleted outside Pulumi\\?\\)\\. Run \`pulumi refresh\``),
      );
    });
  });

  describe("additionalFields", () => {
    it("a key inside a settings block that this server drops fails the create naming it, and the object is recorded, not orphaned", async () => {
      // a74512a silently drops unknown keys inside settings blocks (burki.md §3.2), e.g. the newer docs' tts_settings.speed;
      // a newer server may keep it, so check cannot refuse it: the answer tells.
      const d = { name: name("hatch-dropped"), ttsSettings: { voiceId: "rachel" }, additionalFields: { tts_settings: { speed: 1.1 } } };
      expect((await assistants.check!({}, d)).failures).toEqual([]);
      const err = (await assistants.create(d).then(
        () => undefined,
        (e: unknown) => e,
      )) as (Error & { id?: string; properties?: Record<string, unknown> }) | undefined;
      expect(err?.message).toMatch(/did not store additionalFields\.tts_settings\.speed \(it ignores fields it does not know\)/);
      // The engine records the object from the error's id and properties.
      expect(err?.id).toMatch(/^\d+$/);
      expect((await request(t, "GET", `/api/v1/assistants/${err!.id}`)).status).toBe(200);
      expect(plain(err?.properties)).toMatchObject({ name: d.name, ttsSettings: { voiceId: "rachel" } });
      await assistants.delete!(err!.id!, plain(err!.properties));
    });

    it("a key inside a settings block is merged into the declared block and read back", async () => {
      // tts_settings.style is a key this server keeps; declared only through the hatch, it is sent and compared as written.
      const d = { name: name("hatch-kept"), ttsSettings: { voiceId: "rachel" }, additionalFields: { tts_settings: { style: 0.4 } } };
      expect((await assistants.check!({}, d)).failures).toEqual([]);
      const requests = recordRequests();
      const { id, outs } = await assistants.create(d);
      expect(requests.all().find((r) => r.method === "POST")?.body.tts_settings).toEqual({ ...DEFAULT_TTS, voice_id: "rachel", style: 0.4 });
      expect(outs).toEqual(d);
      expect(await assistants.diff!(id, plain(outs), d)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
      expect((await assistants.read!(id, plain(outs))).props).toEqual(d);
    });
  });

  describe("check refuses, before any request", () => {
    it("removing a top-level scalar with no default (description, webhookUrl) fails naming each", async () => {
      const requests = recordRequests();
      const olds = { name: "kept", description: "Front desk", webhookUrl: "https://hooks.example.com/burki", llmProvider: "openai" };
      const { failures } = await assistants.check!(olds, { name: "kept", llmProvider: "openai" });
      // The path, why, and the way out (the wording around them may change).
      const rule = (p: string) =>
        expect.stringMatching(
          new RegExp(`^${p}: cannot be removed: the Burki API cannot clear it once set\\b.*\\bthe Assistant would keep its value unseen\\. Keep declaring it .*recreate the Assistant without it by renaming the resource`),
        );
      expect(failures).toEqual([
        { property: "", reason: rule("description") },
        { property: "", reason: rule("webhookUrl") },
      ]);
      expect((failures ?? []).map((f) => f.reason).filter((r) => r.includes("${"))).toEqual([]);
      expect(requests.lines()).toEqual([]);
      expect(requests.emulator()).toEqual([]);
    });

    it("toolsSettings.enabledTools, server-owned or unknown additionalFields, a 101-character name, a non-E.164 transfer number", async () => {
      const requests = recordRequests();
      const check = async (news: Record<string, unknown>) => (await assistants.check!({}, news)).failures;
      expect(await check({ toolsSettings: { enabledTools: ["endCall"], endCall: { enabled: true } } })).toEqual([
        { property: "", reason: "toolsSettings.enabledTools: is computed by the server: an output, not an input; remove it" },
      ]);
      expect(await check({ additionalFields: { organization_id: 2 } })).toEqual([
        { property: "", reason: "additionalFields.organization_id: is a field the server owns (organization_id); it is never sent" },
      ]);
      expect(await check({ additionalFields: { id: 900001 } })).toEqual([{ property: "", reason: "additionalFields.id: is a field the server owns (id); it is never sent" }]);
      expect(await check({ additionalFields: { max_call_length: 600 } })).toEqual([
        {
          property: "",
          reason:
            "additionalFields.max_call_length: is not a field of a Burki assistant: this server answers 500 for an unknown top-level field and stores some " +
            "columns it never returns; add keys inside a settings block instead (e.g. { tts_settings: { … } })",
        },
      ]);
      // A key inside a settings block is what additionalFields is for.
      expect(await check({ additionalFields: { tts_settings: { speed: 1.1 } } })).toEqual([]);
      expect(await check({ name: "n".repeat(101) })).toEqual([{ property: "", reason: "name: must be at most 100 characters" }]);
      expect(await check({ name: "n".repeat(100) })).toEqual([]);
      expect(await check({ toolsSettings: { transferCall: { enabled: true, transferNumbers: ["+15555550123", "020 123 4567"] } } })).toEqual([
        { property: "", reason: "toolsSettings.transferCall.transferNumbers[1]: must be in E.164 format (+ then 7 to 15 digits), e.g. +15555550100" },
      ]);
      expect((await numbers.check!({}, { phoneNumber: "5555550100", assistantId: "7" })).failures).toEqual([
        { property: "", reason: "phoneNumber: must be in E.164 format (+ then 7 to 15 digits), e.g. +15555550100" },
      ]);
      expect(requests.lines()).toEqual([]);
      expect(requests.emulator()).toEqual([]);
    });
  });

  describe("removed properties with a default go back to it", () => {
    it("llmProvider, isActive and ttsSettings removed: check passes, the update sends the defaults, the server holds them", async () => {
      const d = { name: name("defaults"), description: "kept", llmProvider: "anthropic", isActive: false, ttsSettings: { voiceId: "adam", stability: 0.9 } };
      const { id, outs } = await assistants.create(d);
      expect(await live(id)).toMatchObject({ llm_provider: "anthropic", is_active: false, tts_settings: { ...DEFAULT_TTS, voice_id: "adam", stability: 0.9 } });
      const news = { name: d.name, description: "kept" };
      const requests = recordRequests();
      expect((await assistants.check!(plain(outs), news)).failures).toEqual([]);
      expect(await assistants.diff!(id, plain(outs), news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
      expect(requests.lines()).toEqual([]);
      const updated = await assistants.update!(id, plain(outs), news);
      expect(updated.outs).toEqual(news);
      const put = requests.all().filter((r) => r.method === "PUT");
      expect(put.map((r) => r.body)).toEqual([{ llm_provider: "openai", is_active: true, tts_settings: DEFAULT_TTS }]);
      expect(await live(id)).toMatchObject({ description: "kept", llm_provider: "openai", is_active: true, tts_settings: DEFAULT_TTS });
    });
  });

  describe("create sends complete settings blocks", () => {
    it("llmSettings with only systemPrompt: every other llm_settings key is the documented default (no null welcome_message); other blocks are not sent", async () => {
      const d = { name: name("complete"), llmSettings: { systemPrompt: "You are terse." } };
      const requests = recordRequests();
      const { id, outs } = await assistants.create(d);
      expect(outs).toEqual(d);
      const post = requests.all().filter((r) => r.method === "POST");
      const { welcome_message: _absent, ...sent } = { ...DEFAULT_LLM_SETTINGS, system_prompt: "You are terse." };
      expect(post.map((r) => r.body)).toEqual([{ name: d.name, llm_settings: sent }]);
      // Stored as sent (the emulator's row shows it; the real server's answer fills in the same defaults).
      const row = await storedRow(id);
      expect(row.llm_settings).toEqual(t.emulator ? sent : { ...sent, welcome_message: null });
      expect((await live(id)).llm_settings).toEqual({ ...DEFAULT_LLM_SETTINGS, system_prompt: "You are terse." });
    });

    it("ragSettings declared without enabled: retrieval stays on (enabled true, as when ragSettings is omitted), not B13's false", async () => {
      const d = { name: name("rag"), ragSettings: { searchLimit: 5 } };
      const requests = recordRequests();
      const { id } = await assistants.create(d);
      expect(requests.all().find((r) => r.method === "POST")?.body.rag_settings).toEqual({ ...DEFAULT_RAG, search_limit: 5 });
      expect((await storedRow(id)).rag_settings).toEqual({ ...DEFAULT_RAG, search_limit: 5 });
      expect((await live(id)).rag_settings).toEqual({ ...DEFAULT_RAG, search_limit: 5 });
    });
  });

  describe("update", () => {
    it("editing one sub-key leaves its siblings as they are, declared or not (also ones edited out of band)", async () => {
      const d = { name: name("sibling"), ttsSettings: { voiceId: "rachel", stability: 0.5 }, llmSettings: { systemPrompt: "P", welcomeMessage: "Hi" } };
      const { id, outs } = await assistants.create(d);
      // Keys the program never declared, set as a dashboard would (a whole block).
      const before = await live(id);
      await rawPut(id, { tts_settings: { ...before.tts_settings, model_id: "eleven_flash_v2_5", similarity_boost: 0.9 } });
      const edited = await live(id);
      const news = { ...d, ttsSettings: { voiceId: "rachel", stability: 0.72 } };
      expect(await assistants.diff!(id, plain(outs), news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
      const requests = recordRequests();
      const updated = await assistants.update!(id, plain(outs), news);
      expect(updated.outs).toEqual(news);
      expect(requests.all().filter((r) => r.method === "PUT").map((r) => r.body)).toEqual([{ tts_settings: { ...edited.tts_settings, stability: 0.72 } }]);
      const after = await live(id);
      expect(after.tts_settings).toEqual({ ...DEFAULT_TTS, model_id: "eleven_flash_v2_5", similarity_boost: 0.9, stability: 0.72 });
      const { tts_settings: _a, updated_at: _b, ...rest } = after;
      const { tts_settings: _c, updated_at: _d, ...restBefore } = edited;
      expect(rest).toEqual(restBefore);
    });

    it("removing a declared sub-key returns it to the server default (nested ones too)", async () => {
      const d = {
        name: name("removed-subkey"),
        ttsSettings: { voiceId: "adam", stability: 0.9 },
        sttSettings: { model: "nova-3", endpointing: { silenceThreshold: 300, minSilenceDuration: 800 } },
        llmSettings: { systemPrompt: "P", temperature: 0.9 },
      };
      const { id, outs } = await assistants.create(d);
      const news = { ...d, ttsSettings: { voiceId: "adam" }, sttSettings: { model: "nova-3", endpointing: { minSilenceDuration: 800 } }, llmSettings: { systemPrompt: "P" } };
      expect((await assistants.check!(plain(outs), news)).failures).toEqual([]);
      const updated = await assistants.update!(id, plain(outs), news);
      expect(updated.outs).toEqual(news);
      const after = await live(id);
      expect(after.tts_settings).toEqual({ ...DEFAULT_TTS, voice_id: "adam" });
      expect(after.stt_settings).toEqual({ ...DEFAULT_STT, model: "nova-3", endpointing: { silence_threshold: 500, min_silence_duration: 800 } });
      expect(after.llm_settings).toEqual({ ...DEFAULT_LLM_SETTINGS, system_prompt: "P" });
    });

    it("removing ragSettings.enabled returns it to what a create without it gives (true), not to B13's false", async () => {
      const d = { name: name("rag-removed"), ragSettings: { enabled: false, searchLimit: 5 } };
      const { id, outs } = await assistants.create(d);
      expect((await live(id)).rag_settings.enabled).toBe(false);
      const news = { ...d, ragSettings: { searchLimit: 5 } };
      await assistants.update!(id, plain(outs), news);
      expect((await live(id)).rag_settings).toEqual({ ...DEFAULT_RAG, search_limit: 5 });
    });

    it("llm_settings.welcome_message is never sent as null: not on create, not on an edit of a sibling, not when removed, not when the block is removed", async () => {
      const d = { name: name("greeting"), llmSettings: { systemPrompt: "P", welcomeMessage: null as string | null } };
      const requests = recordRequests();
      const created = await assistants.create(d);
      expect(created.outs).toEqual(d);
      let state = plain(created.outs);
      const step = async (news: Record<string, unknown>) => {
        state = plain((await assistants.update!(created.id, state, news)).outs!);
      };
      await step({ ...d, llmSettings: { systemPrompt: "P", temperature: 0.2 } });
      await step({ ...d, llmSettings: { systemPrompt: "P", temperature: 0.2, welcomeMessage: "Hello" } });
      expect((await live(created.id)).llm_settings.welcome_message).toBe("Hello");
      await step({ ...d, llmSettings: { systemPrompt: "P", temperature: 0.2 } });
      await step({ name: d.name });
      const writes = requests.all().filter((r) => r.method === "POST" || r.method === "PUT");
      expect(writes.map((r) => `${r.method} ${r.status}`)).toEqual(["POST 201", "PUT 200", "PUT 200", "PUT 200", "PUT 200"]);
      expect(writes.filter((r) => r.body.llm_settings === undefined)).toEqual([]);
      expect(writes.filter((r) => "welcome_message" in r.body.llm_settings && r.body.llm_settings.welcome_message !== "Hello")).toEqual([]);
      expect((await live(created.id)).llm_settings).toEqual(DEFAULT_LLM_SETTINGS);
    });
  });

  describe("crash safety", () => {
    it("a leftover carrying this resource's auto-name is adopted on create instead of a second POST", async () => {
      const d = { name: autoName("leftover"), llmSettings: { systemPrompt: "v1" } };
      const requests = recordRequests();
      await assistants.check!({}, d);
      const leftover = await assistants.create(d);
      forgetRun(); // the run that created it died before saving it; this is the next one
      const next = { ...d, llmSettings: { systemPrompt: "v2" } };
      const again = recordRequests();
      expect((await assistants.check!({}, next)).failures).toEqual([]);
      const adopted = await assistants.create(next);
      expect(adopted).toEqual({ id: leftover.id, outs: next });
      expect(again.lines()).toEqual(["GET /api/v1/assistants 200", `PUT /api/v1/assistants/${leftover.id} 200`]);
      expect(requests.all().filter((r) => r.method === "POST")).toHaveLength(1);
      if (t.emulator) expect(requests.emulator().filter((l) => l.startsWith("POST "))).toEqual(["POST /api/v1/assistants 201"]);
      expect((await live(leftover.id)).llm_settings.system_prompt).toBe("v2");
      const list = (await request(t, "GET", `${A}?limit=1000`)).json as Array<{ name: string }>;
      expect(list.filter((a) => a.name === d.name)).toHaveLength(1);
    });

    it("a name the user chose is never adopted: a second assistant of that name is created", async () => {
      const d = { name: name("chosen") };
      const requests = recordRequests();
      await assistants.check!({}, d);
      const first = await assistants.create(d);
      forgetRun();
      await assistants.check!({}, d);
      const second = await assistants.create(d);
      expect(second.id).not.toBe(first.id);
      expect(requests.all().filter((r) => r.method === "POST").map((r) => r.status)).toEqual([201, 201]);
      const list = (await request(t, "GET", `${A}?limit=1000`)).json as Array<{ id: number; name: string }>;
      expect(list.filter((a) => a.name === d.name).map((a) => String(a.id)).sort()).toEqual([first.id, second.id].sort());
    });

    it("adoptId of a missing id fails at check after one GET; an existing one is adopted without a POST", async () => {
      const requests = recordRequests();
      const { failures } = await assistants.check!({}, { name: name("adopt-missing"), adoptId: MISSING_ID });
      expect(failures).toEqual([{ property: "", reason: `adoptId: no Assistant with id ${MISSING_ID} exists for this API key` }]);
      expect(requests.lines()).toEqual([`GET /api/v1/assistants/${MISSING_ID} 404`]);

      const existing = await rawAssistant("adopt-existing");
      const adopting = recordRequests();
      const d = { name: existing.name, description: "Adopted", adoptId: String(existing.id) };
      expect((await assistants.check!({}, d)).failures).toEqual([]);
      expect(await assistants.create(d)).toEqual({ id: String(existing.id), outs: d });
      expect(adopting.lines()).toEqual([`GET /api/v1/assistants/${existing.id} 200`, `GET /api/v1/assistants/${existing.id} 200`, `PUT /api/v1/assistants/${existing.id} 200`]);
      expect((await live(String(existing.id))).description).toBe("Adopted");
    });
  });

  describe("phone numbers (one at a time; each test frees what it assigned)", () => {
    let n1: string;
    let n2: string;
    beforeEach(async ({ skip }) => {
      if (!t.numbers) skip();
      [n1, n2] = t.numbers!;
      await ensureNumberFree(t, n1, t.key, SUITE_PREFIX);
      await ensureNumberFree(t, n2, t.key, SUITE_PREFIX);
    });
    afterEach(async () => {
      // Deleting the test's assistants (the outer afterEach) frees its numbers; a number this suite
      // left routed to anything else would fail the next test's ensureNumberFree.
      if (!t.numbers) return;
      for (const n of t.numbers) {
        const holder = await holderOf(t, n);
        if (holder?.name.startsWith(RUN)) await request(t, "POST", `${A}/${holder.id}/phone-numbers/unassign-by-number`, { body: { phone_number: n } });
      }
    });

    it("create assigns, read finds the holder, update reassigns in place, delete unassigns (the number stays, unrouted)", async () => {
      const a = await rawAssistant("line-a");
      const b = await rawAssistant("line-b");
      const d = { phoneNumber: n1, assistantId: String(a.id), friendlyName: "Main line" };
      expect((await numbers.check!({}, d)).failures).toEqual([]);
      const created = await numbers.create(d);
      expect(created.id).toMatch(/^\d+$/);
      expect(created.outs).toEqual(d);
      expect((await holderOf(t, n1))?.id).toBe(a.id);
      expect(await numbers.read!(created.id, created.outs)).toEqual({ id: created.id, props: d, inputs: d });

      const moved = { ...d, assistantId: String(b.id) };
      expect(await numbers.diff!(created.id, created.outs, moved)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
      expect(await numbers.diff!(created.id, created.outs, { ...d, phoneNumber: n2 })).toEqual({ changes: true, replaces: ["phoneNumber"], deleteBeforeReplace: false });
      expect(await numbers.diff!(created.id, created.outs, d)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
      const requests = recordRequests();
      expect(await numbers.update!(created.id, created.outs, moved)).toEqual({ outs: moved });
      expect(requests.lines()).toEqual([
        `GET /api/v1/assistants/by-phone/${encodeURIComponent(n1)} 200`,
        `POST /api/v1/assistants/${a.id}/phone-numbers/unassign-by-number 200`,
        `POST /api/v1/assistants/${b.id}/phone-numbers/assign-by-number 200`,
      ]);
      expect((await holderOf(t, n1))?.id).toBe(b.id);
      expect(await numbers.read!(created.id, moved)).toEqual({ id: created.id, props: moved, inputs: moved });

      await numbers.delete!(created.id, moved);
      expect(await holderOf(t, n1)).toBeUndefined();
      expect(await numbers.read!(created.id, moved)).toEqual({});
      // Still in the organization: it can be routed again.
      expect((await numbers.create(d)).id).toBe(created.id);
      // Resource.get has only the id, and this server cannot list numbers.
      await expect(numbers.read!(created.id, {})).rejects.toThrow(`burki.PhoneNumber.get is not supported: this Burki server cannot list numbers (B1, B2)`);
    });

    it("a number routed to another assistant fails naming it, sends no assignment, and stays where it is", async () => {
      const mine = await rawAssistant("line-mine");
      const other = await rawAssistant("line-other");
      const held = await request(t, "POST", `${A}/${other.id}/phone-numbers/assign-by-number`, { body: { phone_number: n2, auto_sync: false } });
      expect(held.json.success).toBe(true);
      const requests = recordRequests();
      await expect(numbers.create({ phoneNumber: n2, assistantId: String(mine.id) })).rejects.toThrow(
        `PhoneNumber ${n2} is routed to Burki assistant ${other.id} ("${other.name}"), which this resource does not manage: another stack, ` +
          "the dashboard or another resource of this stack routed it. Nothing was changed.",
      );
      expect(requests.lines()).toEqual([`GET /api/v1/assistants/by-phone/${encodeURIComponent(n2)} 200`]);
      // An update onto it is refused the same way.
      await expect(numbers.update!("1", { phoneNumber: n2, assistantId: String(mine.id) }, { phoneNumber: n2, assistantId: String(mine.id), friendlyName: "x" })).rejects.toThrow(
        `PhoneNumber ${n2} is routed to Burki assistant ${other.id} ("${other.name}")`,
      );
      expect(requests.all().filter((r) => r.path.endsWith("/assign-by-number") || r.path.endsWith("/unassign-by-number"))).toEqual([]);
      expect((await holderOf(t, n2))?.id).toBe(other.id);
    });

    it("a number not in the organization fails saying so (an unknown one, another organization's)", async () => {
      const a = await rawAssistant("line-foreign");
      const strangers = [UNKNOWN_NUMBER, ...(t.otherNumber ? [t.otherNumber] : [])];
      for (const n of strangers) {
        await expect(numbers.create({ phoneNumber: n, assistantId: String(a.id) })).rejects.toThrow(
          `PhoneNumber ${n} is not a number of this Burki organization: numbers come from a Twilio or Telnyx sync (or a purchase in Burki), not from ` +
            `this API. Add it to the organization first. (Burki API POST /api/v1/assistants/${a.id}/phone-numbers/assign-by-number failed with 404: ` +
            `Phone number ${n} not found in local database. Try setting auto_sync=true or sync manually first`,
        );
      }
      if (t.otherNumber && t.otherKey) expect(await holderOf(t, t.otherNumber, t.otherKey)).toBeUndefined();
    });

    it("deleting an assignment that is already gone succeeds: unassigned out of band, or its assistant deleted", async () => {
      const a = await rawAssistant("line-gone");
      const d = { phoneNumber: n1, assistantId: String(a.id) };
      const { id } = await numbers.create(d);
      const freed = await request(t, "POST", `${A}/${a.id}/phone-numbers/unassign-by-number`, { body: { phone_number: n1 } });
      expect(freed.status).toBe(200);
      expect(await numbers.read!(id, d)).toEqual({});
      await expect(numbers.delete!(id, d)).resolves.toBeUndefined();
      await numbers.create(d);
      expect((await request(t, "DELETE", `${A}/${a.id}`)).status).toBe(200);
      await expect(numbers.delete!(id, d)).resolves.toBeUndefined();
      expect(await holderOf(t, n1)).toBeUndefined();
    });

    it("assigning is idempotent: a second create of the same routing answers the same id and moves nothing", async () => {
      const a = await rawAssistant("line-twice");
      const d = { phoneNumber: n2, assistantId: String(a.id), friendlyName: "Twice" };
      const requests = recordRequests();
      const first = await numbers.create(d);
      const second = await numbers.create(d);
      expect(second).toEqual(first);
      expect(requests.lines().filter((l) => l.includes("assign-by-number"))).toEqual([
        `POST /api/v1/assistants/${a.id}/phone-numbers/assign-by-number 200`,
        `POST /api/v1/assistants/${a.id}/phone-numbers/assign-by-number 200`,
      ]);
      expect(requests.all().filter((r) => r.path.endsWith("/assign-by-number")).map((r) => r.body)).toEqual([
        { phone_number: n2, auto_sync: false, friendly_name: "Twice" },
        { phone_number: n2, auto_sync: false, friendly_name: "Twice" },
      ]);
      expect((await holderOf(t, n2))?.id).toBe(a.id);
    });
  });
});
