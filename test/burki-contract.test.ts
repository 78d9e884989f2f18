/**
 * The Burki contract a provider relies on, run as the same tests against every target: the Burki
 * emulator (always) and the real Burki server (when BURKI_URL and BURKI_API_KEY are set; see
 * test/burki-targets.ts and /work/shared/api/burki.md). Where the two disagree the real server is
 * right. Tests name everything they create with a run prefix, delete it afterwards (which also frees
 * numbers), and depend neither on absolute ids nor on an empty database.
 *
 *   BURKI_URL=… BURKI_API_KEY=… npx vitest run test/burki-contract.test.ts
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  Cleanup,
  RUN_PREFIX,
  emulatorTarget,
  ensureNumberFree,
  realServerTarget,
  request,
  type BurkiTarget,
  type Res,
  type TargetSpec,
} from "./burki-targets";

const A = "/api/v1/assistants";

import { DEFAULT_LLM_PROVIDER_CONFIG, DEFAULT_LLM_SETTINGS, DEFAULT_INTERRUPTION, DEFAULT_TTS, DEFAULT_STT, DEFAULT_TOOLS, DEFAULT_RAG, DEFAULT_FALLBACKS, IDLE_MESSAGE } from "./burki-defaults";

/** Every field of a minimal create but the name, ids and timestamps. */
const DEFAULTS = {
  description: null,
  llm_provider: "openai",
  llm_provider_config: DEFAULT_LLM_PROVIDER_CONFIG,
  llm_settings: DEFAULT_LLM_SETTINGS,
  webhook_url: null,
  sms_webhook_url: null,
  messaging_service_sid: null,
  interruption_settings: DEFAULT_INTERRUPTION,
  tts_settings: DEFAULT_TTS,
  stt_settings: DEFAULT_STT,
  end_call_message: null,
  transfer_call_message: null,
  idle_message: IDLE_MESSAGE,
  max_idle_messages: null,
  idle_timeout: null,
  tools_settings: DEFAULT_TOOLS,
  rag_settings: DEFAULT_RAG,
  llm_fallback_providers: DEFAULT_FALLBACKS,
  custom_settings: null,
  is_active: true,
};

/** The response's key order (AssistantResponse's field order). */
const KEY_ORDER = [...Object.keys({ name: 0, ...DEFAULTS }), "id", "organization_id", "user_id", "created_at", "updated_at"];

/** Naive UTC with microseconds (Python drops a zero fraction). */
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?$/;
const UNKNOWN_NUMBER = "+15555550142";

function expectInternalError(res: Res): void {
  expect(res.status, res.text).toBe(500);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
  expect(res.text).toBe("Internal Server Error");
}

const real = realServerTarget();
const TARGETS: TargetSpec[] = [emulatorTarget(), real];

if (real.unavailable) {
  describe(`Burki contract: ${real.name}`, () => {
    it.skip(`skipped: ${real.unavailable}`, () => {});
  });
}

describe.each(TARGETS.filter((spec) => spec.unavailable === null).map((spec) => [spec.name, spec] as const))("Burki contract: %s", (_name, spec) => {
  let t: BurkiTarget;
  let org: { organization_id: number; user_id: number };
  const cleanup = new Cleanup();
  let serial = 0;
  const name = (label: string) => `${RUN_PREFIX}${label}-${++serial}`;

  const api = (method: string, path: string, options?: Parameters<typeof request>[3]) => request(t, method, path, options);

  /** Creates an assistant (201 expected) and registers it for deletion. */
  async function create(body: Record<string, unknown>, key: string = t.key): Promise<any> {
    const res = await api("POST", A, { body, key });
    if (res.status === 201) cleanup.track(key, res.json.id);
    expect(res.status, res.text).toBe(201);
    return res.json;
  }

  /** A create that must fail; an unexpected 201 is still cleaned up. */
  async function createFails(body: Record<string, unknown>): Promise<Res> {
    const res = await api("POST", A, { body });
    if (res.status === 201 && res.json?.id !== undefined) cleanup.track(t.key, res.json.id);
    return res;
  }

  const get = async (id: number, key: string = t.key) => api("GET", `${A}/${id}`, { key });
  const put = async (id: number, body: unknown) => api("PUT", `${A}/${id}`, { body });
  const assign = (id: number, phoneNumber: string, extra: Record<string, unknown> = { auto_sync: false }, key = t.key) =>
    api("POST", `${A}/${id}/phone-numbers/assign-by-number`, { key, body: { phone_number: phoneNumber, ...extra } });
  const unassign = (id: number, phoneNumber: string) => api("POST", `${A}/${id}/phone-numbers/unassign-by-number`, { body: { phone_number: phoneNumber } });
  const byPhone = (phoneNumber: string, encode = false) => api("GET", `${A}/by-phone/${encode ? encodeURIComponent(phoneNumber) : phoneNumber}`);

  beforeAll(async () => {
    t = await spec.start();
    const me = await api("GET", `${A}/me/organization`);
    expect(me.status, me.text).toBe(200);
    org = me.json;
  });
  afterEach(async () => {
    await cleanup.run(t);
  });
  afterAll(async () => {
    if (!t) return;
    await cleanup.run(t);
    await spec.stop(t);
  });

  describe("basics", () => {
    it("serves GET /health without auth", async () => {
      const res = await api("GET", "/health", { key: null });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ status: "healthy", service: "burki-voice-ai" });
    });

    it("answers 401 with the detail and WWW-Authenticate: Bearer for a missing, unknown or non-Bearer key", async () => {
      const cases = [{ key: null }, { key: "burki_short" }, { authorization: "Basic dXNlcjpwYXNz" }];
      for (const options of cases) {
        const res = await api("GET", A, options);
        expect(res.status, JSON.stringify(options)).toBe(401);
        expect(res.json).toEqual({ detail: "Authentication required. Provide a valid API key or login session." });
        expect(res.headers.get("www-authenticate")).toBe("Bearer");
      }
    });

    it("names the key's organization and user at /me/organization", async () => {
      const res = await api("GET", `${A}/me/organization`);
      expect(Object.keys(res.json)).toEqual(["organization_id", "organization_name", "user_id", "user_email", "user_role"]);
      expect(Number.isInteger(res.json.organization_id)).toBe(true);
      expect(Number.isInteger(res.json.user_id)).toBe(true);
      expect(typeof res.json.organization_name).toBe("string");
      expect(res.json.user_email).toMatch(/@/);
      expect(res.json.user_role).toBe("admin");
    });
  });

  describe("create", () => {
    it("answers 201 with the full default object for a minimal body, in the response model's key order", async () => {
      const n = name("minimal");
      const a = await create({ name: n });
      expect(a).toEqual({
        name: n,
        ...DEFAULTS,
        id: expect.any(Number),
        organization_id: org.organization_id,
        user_id: org.user_id,
        created_at: expect.stringMatching(TIMESTAMP),
        updated_at: expect.stringMatching(TIMESTAMP),
      });
      expect(Number.isInteger(a.id)).toBe(true);
      expect(Object.keys(a)).toEqual(KEY_ORDER);
      expect(a.updated_at >= a.created_at).toBe(true);
      expect((await get(a.id)).json).toEqual(a);
    });

    it("gives a partial nested object the rest of its defaults, drops unknown nested keys and legacy secrets, nulls blank strings, computes enabled_tools", async () => {
      const n = name("partial");
      const a = await create({
        name: n,
        description: "   ",
        webhook_url: null,
        is_active: null,
        llm_provider: null,
        openai_api_key: "sk-LEGACY",
        telnyx_api_key: "KEY-LEGACY",
        llm_settings: { temperature: 0.9 },
        tts_settings: { voice_id: "bella", speed: 1.2, background_sound: { enabled: true } },
        stt_settings: { provider: "deepgram", model: "nova-3", keywords: [{ keyword: "Pulumi" }] },
        interruption_settings: { interruption_mode: "smart" },
        tools_settings: { enabled_tools: ["bogus"], end_call: { enabled: true } },
        llm_fallback_providers: { enabled: true, fallbacks: [{ provider: "openai" }] },
        custom_settings: { structured_data_schema: '{"type":"object"}', other: 1 },
      });
      expect(a).toMatchObject({
        name: n,
        description: null,
        webhook_url: null,
        is_active: true,
        llm_provider: "openai",
        llm_settings: { ...DEFAULT_LLM_SETTINGS, temperature: 0.9 },
        tts_settings: { ...DEFAULT_TTS, voice_id: "bella" },
        stt_settings: { ...DEFAULT_STT, model: "nova-3", keywords: [{ keyword: "Pulumi", intensifier: 1 }] },
        interruption_settings: DEFAULT_INTERRUPTION,
        tools_settings: { ...DEFAULT_TOOLS, enabled_tools: ["endCall"], end_call: { enabled: true, scenarios: [], custom_message: null } },
        llm_fallback_providers: { enabled: true, fallbacks: [{ provider: "openai", api_key: null, base_url: null, model: null }] },
        custom_settings: { structured_data_schema: { type: "object" }, other: 1 },
        rag_settings: DEFAULT_RAG,
      });
      expect(a.tts_settings).not.toHaveProperty("speed");
      expect(a).not.toHaveProperty("openai_api_key");
      expect(a).not.toHaveProperty("telnyx_api_key");
      expect((await get(a.id)).json).toEqual(a);
    });

    it("B13: rag_settings.enabled is true when rag_settings is omitted, false when it is sent without enabled", async () => {
      const omitted = await create({ name: name("rag-omitted") });
      expect(omitted.rag_settings).toEqual(DEFAULT_RAG);
      const partial = await create({ name: name("rag-partial"), rag_settings: { search_limit: 5 } });
      expect(partial.rag_settings).toEqual({ ...DEFAULT_RAG, enabled: false, search_limit: 5 });
      const empty = await create({ name: name("rag-empty"), rag_settings: {} });
      expect(empty.rag_settings).toEqual({ ...DEFAULT_RAG, enabled: false });
    });

    it("coerces like pydantic's lax mode", async () => {
      const a = await create({
        name: name("lax"),
        is_active: "no",
        max_idle_messages: "5",
        idle_timeout: 2.0,
        llm_settings: { max_tokens: "1_000", temperature: "0.3", top_p: true },
        tts_settings: { use_speaker_boost: "off", latency: false },
      });
      expect(a).toMatchObject({
        is_active: false,
        max_idle_messages: 5,
        idle_timeout: 2,
        llm_settings: { ...DEFAULT_LLM_SETTINGS, max_tokens: 1000, temperature: 0.3, top_p: 1 },
        tts_settings: { ...DEFAULT_TTS, use_speaker_boost: false, latency: 0 },
      });
    });

    it("answers 422 with pydantic's detail list for type errors, a missing name and malformed JSON", async () => {
      const missing = await createFails({});
      expect(missing.status).toBe(422);
      expect(missing.json).toEqual({
        detail: [{ type: "missing", loc: ["body", "name"], msg: "Field required", input: {}, url: "https://errors.pydantic.dev/2.11/v/missing" }],
      });

      const typed = await createFails({ name: 5, description: 7, max_idle_messages: 1.5, llm_settings: { temperature: "hot" }, is_active: "maybe" });
      expect(typed.status).toBe(422);
      expect(typed.json).toEqual({
        detail: [
          { type: "string_type", loc: ["body", "name"], msg: "Input should be a valid string", input: 5, url: "https://errors.pydantic.dev/2.11/v/string_type" },
          { type: "string_type", loc: ["body", "description"], msg: "Input should be a valid string", input: 7, url: "https://errors.pydantic.dev/2.11/v/string_type" },
          {
            type: "float_parsing",
            loc: ["body", "llm_settings", "temperature"],
            msg: "Input should be a valid number, unable to parse string as a number",
            input: "hot",
            url: "https://errors.pydantic.dev/2.11/v/float_parsing",
          },
          {
            type: "int_from_float",
            loc: ["body", "max_idle_messages"],
            msg: "Input should be a valid integer, got a number with a fractional part",
            input: 1.5,
            url: "https://errors.pydantic.dev/2.11/v/int_from_float",
          },
          {
            type: "bool_parsing",
            loc: ["body", "is_active"],
            msg: "Input should be a valid boolean, unable to interpret input",
            input: "maybe",
            url: "https://errors.pydantic.dev/2.11/v/bool_parsing",
          },
        ],
      });

      const notObject = await createFails({ name: "x", llm_settings: "warm" });
      expect(notObject.json).toEqual({
        detail: [
          {
            type: "model_attributes_type",
            loc: ["body", "llm_settings"],
            msg: "Input should be a valid dictionary or object to extract fields from",
            input: "warm",
            url: "https://errors.pydantic.dev/2.11/v/model_attributes_type",
          },
        ],
      });

      const schema = await createFails({ name: "x", custom_settings: { structured_data_schema: "{not json" } });
      expect(schema.status).toBe(422);
      expect(schema.json.detail[0]).toEqual({
        type: "value_error",
        loc: ["body", "custom_settings"],
        msg: "Value error, Invalid JSON schema for structured_data_schema: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
        input: { structured_data_schema: "{not json" },
        ctx: { error: {} },
        url: "https://errors.pydantic.dev/2.11/v/value_error",
      });

      for (const [raw, pos, error] of [
        ["not json", 0, "Expecting value"],
        ['{"name": "x",}', 13, "Expecting property name enclosed in double quotes"],
        ['{"name": "x"} x', 14, "Extra data"],
        ["   ", 3, "Expecting value"],
        ['{"name": "x\\q"}', 11, "Invalid \\escape"],
      ] as const) {
        const res = await api("POST", A, { raw });
        expect(res.status, raw).toBe(422);
        expect(res.json).toEqual({ detail: [{ type: "json_invalid", loc: ["body", pos], msg: "JSON decode error", input: {}, ctx: { error } }] });
      }

      const noBody = await api("POST", A);
      expect(noBody.json).toEqual({
        detail: [{ type: "missing", loc: ["body"], msg: "Field required", input: null, url: "https://errors.pydantic.dev/2.11/v/missing" }],
      });
    });

    it("answers a bare text/plain 500 for an unknown top-level key (B7) or a non-object tts_settings (B9), and stores nothing", async () => {
      const unknown = name("unknown-key");
      expectInternalError(await createFails({ name: unknown, foo: "bar" }));
      expectInternalError(await createFails({ name: unknown, max_call_length: 600 }));
      expectInternalError(await createFails({ name: unknown, tts_settings: "elevenlabs" }));
      expectInternalError(await createFails({ name: unknown, tools_settings: { end_call: null } }));
      const all = await api("GET", `${A}?limit=1000`);
      expect(all.json.map((a: { name: string }) => a.name)).not.toContain(unknown);
    });

    it("answers a text/plain 500 for a name over 100 characters (B8) and takes exactly 100", async () => {
      const long = `${RUN_PREFIX}${"n".repeat(101 - RUN_PREFIX.length)}`;
      expect(long).toHaveLength(101);
      expectInternalError(await createFails({ name: long }));
      const exact = await create({ name: long.slice(0, 100) });
      expect(exact.name).toHaveLength(100);
    });

    it("returns secrets in plaintext on create, get, list and PUT (a provider must mark them secret)", async () => {
      const secrets = {
        llm_provider_config: { api_key: "sk-ant-SECRET-123", model: "claude-3-5-sonnet-20241022" },
        tts_settings: { provider: "deepgram", provider_config: { api_key: "dg-SECRET-456" } },
        llm_fallback_providers: { enabled: true, fallbacks: [{ provider: "openai", api_key: "sk-FALLBACK-789" }] },
      };
      const check = (a: any) => {
        expect(a.llm_provider_config).toEqual({ ...DEFAULT_LLM_PROVIDER_CONFIG, api_key: "sk-ant-SECRET-123", model: "claude-3-5-sonnet-20241022" });
        expect(a.tts_settings.provider_config).toEqual({ api_key: "dg-SECRET-456" });
        expect(a.llm_fallback_providers.fallbacks).toEqual([{ provider: "openai", api_key: "sk-FALLBACK-789", base_url: null, model: null }]);
      };
      const a = await create({ name: name("secrets"), ...secrets });
      check(a);
      check((await get(a.id)).json);
      check((await api("GET", `${A}?limit=1000`)).json.find((x: { id: number }) => x.id === a.id));
      check((await put(a.id, { description: "touched" })).json);
    });
  });

  describe("read", () => {
    it("lists newest first with skip and limit, counts, and answers 422 outside limit 1..1000 or skip < 0", async () => {
      const first = await create({ name: name("list-1") });
      const second = await create({ name: name("list-2") });
      const third = await create({ name: name("list-3") });
      const all = (await api("GET", `${A}?limit=1000`)).json as Array<{ id: number }>;
      const at = all.findIndex((a) => a.id === third.id);
      expect(at).toBeGreaterThanOrEqual(0);
      expect(all.slice(at, at + 3).map((a) => a.id)).toEqual([third.id, second.id, first.id]);
      expect((await api("GET", `${A}?skip=${at + 1}&limit=1`)).json.map((a: { id: number }) => a.id)).toEqual([second.id]);
      expect((await api("GET", `${A}?skip=${at}&limit=2`)).json.map((a: { id: number }) => a.id)).toEqual([third.id, second.id]);
      expect((await api("GET", `${A}?skip=1000000&limit=5`)).json).toEqual([]);
      expect((await api("GET", `${A}/count`)).json).toEqual({ count: all.length });

      const limit0 = await api("GET", `${A}?limit=0`);
      expect(limit0.status).toBe(422);
      expect(limit0.json).toEqual({
        detail: [
          {
            type: "greater_than_equal",
            loc: ["query", "limit"],
            msg: "Input should be greater than or equal to 1",
            input: "0",
            ctx: { ge: 1 },
            url: "https://errors.pydantic.dev/2.11/v/greater_than_equal",
          },
        ],
      });
      const limit1001 = await api("GET", `${A}?limit=1001`);
      expect(limit1001.json.detail[0]).toMatchObject({ type: "less_than_equal", msg: "Input should be less than or equal to 1000", ctx: { le: 1000 } });
      const negative = await api("GET", `${A}?skip=-1`);
      expect(negative.json.detail[0]).toMatchObject({ type: "greater_than_equal", loc: ["query", "skip"], ctx: { ge: 0 } });
    });

    it("answers 404 with the detail for an unknown id and 422 int_parsing for a non-integer one", async () => {
      const missing = await get(2147483000);
      expect(missing.status).toBe(404);
      expect(missing.json).toEqual({ detail: "Assistant with ID 2147483000 not found in your organization" });
      const abc = await api("GET", `${A}/abc`);
      expect(abc.status).toBe(422);
      expect(abc.json).toEqual({
        detail: [
          {
            type: "int_parsing",
            loc: ["path", "assistant_id"],
            msg: "Input should be a valid integer, unable to parse string as an integer",
            input: "abc",
            url: "https://errors.pydantic.dev/2.11/v/int_parsing",
          },
        ],
      });
      // B1: /providers is shadowed by /{assistant_id}
      expect((await api("GET", `${A}/providers`)).json.detail[0]).toMatchObject({ type: "int_parsing", input: "providers" });
    });

    it("hides another organization's assistant: GET, PUT and DELETE answer 404", async ({ skip }) => {
      if (!t.otherKey) skip();
      const a = await create({ name: name("tenancy") });
      const detail = { detail: `Assistant with ID ${a.id} not found in your organization` };
      const other = t.otherKey!;
      expect(await get(a.id, other)).toMatchObject({ status: 404, json: detail });
      expect(await api("PUT", `${A}/${a.id}`, { key: other, body: { name: "hijack" } })).toMatchObject({ status: 404, json: detail });
      expect(await api("DELETE", `${A}/${a.id}`, { key: other })).toMatchObject({ status: 404, json: detail });
      const list = (await api("GET", `${A}?limit=1000`, { key: other })).json as Array<{ id: number }>;
      expect(list.map((x) => x.id)).not.toContain(a.id);
      expect((await get(a.id)).json).toEqual(a);
    });
  });

  describe("update", () => {
    it("PUT is a partial update at the top level; {} changes nothing, not even updated_at", async () => {
      const a = await create({ name: name("put-partial"), description: "d1", webhook_url: "https://hooks.invalid/a", idle_timeout: 15 });
      const res = await put(a.id, { description: "changed" });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ ...a, description: "changed", updated_at: expect.stringMatching(TIMESTAMP) });
      expect(res.json.updated_at > a.updated_at).toBe(true);
      const same = await put(a.id, {});
      expect(same.json).toEqual(res.json);
      const unchanged = await put(a.id, { description: "changed" });
      expect(unchanged.json.updated_at).toBe(res.json.updated_at);
      // keys that are neither schema fields nor columns are ignored
      expect((await put(a.id, { foo: "ignored", max_call_length: 600 })).json).toEqual(res.json);
    });

    it("PUT replaces a nested object whole: its omitted sub-keys go back to the defaults", async () => {
      const a = await create({ name: name("put-nested"), llm_settings: { temperature: 0.9, max_tokens: 256, system_prompt: "You are terse.", welcome_message: "Hi!" } });
      expect(a.llm_settings).toEqual({ ...DEFAULT_LLM_SETTINGS, temperature: 0.9, max_tokens: 256, system_prompt: "You are terse.", welcome_message: "Hi!" });
      const res = await put(a.id, { llm_settings: { temperature: 0.1 } });
      expect(res.json.llm_settings).toEqual({ ...DEFAULT_LLM_SETTINGS, temperature: 0.1 });
      const tools = await put(a.id, { tools_settings: { end_call: { enabled: true, scenarios: ["bye"] }, transfer_call: { enabled: true } } });
      expect(tools.json.tools_settings.enabled_tools).toEqual(["endCall", "transferCall"]);
      const reset = await put(a.id, { tools_settings: { end_call: { enabled: false } } });
      expect(reset.json.tools_settings).toEqual(DEFAULT_TOOLS);
    });

    it("PUT null resets llm_provider_config, tts, stt, tools and fallbacks (B12) and leaves llm, interruption, rag and custom settings", async () => {
      const a = await create({
        name: name("put-nulls"),
        llm_provider_config: { api_key: "k", model: "m1" },
        llm_settings: { temperature: 0.1 },
        interruption_settings: { interruption_threshold: 9 },
        tts_settings: { voice_id: "v1" },
        stt_settings: { model: "s1" },
        tools_settings: { end_call: { enabled: true } },
        rag_settings: { enabled: false, search_limit: 9 },
        llm_fallback_providers: { enabled: true, fallbacks: [{ provider: "openai" }] },
        custom_settings: { a: 1 },
      });
      const resets: Record<string, unknown> = {
        llm_provider_config: DEFAULT_LLM_PROVIDER_CONFIG,
        tts_settings: DEFAULT_TTS,
        stt_settings: DEFAULT_STT,
        tools_settings: DEFAULT_TOOLS,
        llm_fallback_providers: DEFAULT_FALLBACKS,
      };
      for (const block of ["llm_settings", "interruption_settings", "rag_settings", "custom_settings", ...Object.keys(resets)]) {
        const before = (await get(a.id)).json;
        const res = await put(a.id, { [block]: null });
        expect(res.status, block).toBe(200);
        expect(res.json[block], block).toEqual(block in resets ? resets[block] : before[block]);
        expect(res.json[block], block).not.toBeNull();
      }
      expect((await get(a.id)).json).toMatchObject({ llm_settings: { temperature: 0.1 }, interruption_settings: { interruption_threshold: 9 }, rag_settings: { search_limit: 9 }, custom_settings: { a: 1 } });
    });

    it("PUT cannot clear a scalar (null and \"\" are dropped); false and 0 are kept; null inside a nested object is stored", async () => {
      const a = await create({
        name: name("put-scalars"),
        description: "keep",
        webhook_url: "https://hooks.invalid/keep",
        end_call_message: "Bye",
        idle_timeout: 15,
        llm_provider_config: { api_key: "k", base_url: "https://llm.invalid", model: "m1" },
      });
      const res = await put(a.id, { description: null, webhook_url: null, end_call_message: "", idle_timeout: null, name: "  " });
      expect(res.status).toBe(200);
      expect(res.json).toEqual(a);
      const kept = await put(a.id, { is_active: false, max_idle_messages: 0 });
      expect(kept.json).toMatchObject({ is_active: false, max_idle_messages: 0 });
      const nested = await put(a.id, { llm_provider_config: { api_key: null, model: "gpt-4o" } });
      expect(nested.json.llm_provider_config).toEqual({ api_key: null, base_url: null, model: "gpt-4o", custom_config: {} });
    });

    it("PUT validates before it looks up: 422 for a bad body, 404 for a good body on an unknown id", async () => {
      const a = await create({ name: name("put-validation") });
      const bad = await put(a.id, { llm_settings: { max_tokens: "many" } });
      expect(bad.status).toBe(422);
      expect(bad.json.detail).toEqual([
        {
          type: "int_parsing",
          loc: ["body", "llm_settings", "max_tokens"],
          msg: "Input should be a valid integer, unable to parse string as an integer",
          input: "many",
          url: "https://errors.pydantic.dev/2.11/v/int_parsing",
        },
      ]);
      expect((await put(2147483000, { llm_settings: { max_tokens: "many" } })).status).toBe(422);
      expect(await put(2147483000, { name: "nope" })).toMatchObject({ status: 404, json: { detail: "Assistant with ID 2147483000 not found in your organization" } });
    });

    it("PATCH /{id}/status sets is_active; PATCH /{id} is 405", async () => {
      const a = await create({ name: name("status") });
      const off = await api("PATCH", `${A}/${a.id}/status?is_active=false`);
      expect(off.status).toBe(200);
      expect(off.json).toEqual({ ...a, is_active: false, updated_at: expect.stringMatching(TIMESTAMP) });
      const missing = await api("PATCH", `${A}/${a.id}/status`);
      expect(missing.status).toBe(422);
      expect(missing.json).toEqual({
        detail: [{ type: "missing", loc: ["query", "is_active"], msg: "Field required", input: null, url: "https://errors.pydantic.dev/2.11/v/missing" }],
      });
      expect(await api("PATCH", `${A}/2147483000/status?is_active=true`)).toMatchObject({
        status: 404,
        json: { detail: "Assistant with ID 2147483000 not found in your organization" },
      });
      const patch = await api("PATCH", `${A}/${a.id}`, { body: { description: "patched" } });
      expect(patch.status).toBe(405);
      expect(patch.json).toEqual({ detail: "Method Not Allowed" });
      expect(patch.headers.get("allow")).toBe("GET");
    });
  });

  describe("delete", () => {
    it("answers with the assistant's name, then 404 for GET and DELETE", async () => {
      const n = name("delete");
      const a = await create({ name: n });
      const res = await api("DELETE", `${A}/${a.id}`);
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ success: true, message: `Assistant ${n} deleted successfully`, data: null });
      const detail = { detail: `Assistant with ID ${a.id} not found in your organization` };
      expect(await api("DELETE", `${A}/${a.id}`)).toMatchObject({ status: 404, json: detail });
      expect(await get(a.id)).toMatchObject({ status: 404, json: detail });
      expect((await api("DELETE", `${A}/abc`)).status).toBe(422);
    });
  });

  describe("phone numbers", () => {
    let n1: string;
    let n2: string;
    beforeEach(async ({ skip }) => {
      if (!t.numbers) skip();
      [n1, n2] = t.numbers!;
      await ensureNumberFree(t, n1);
      await ensureNumberFree(t, n2);
    });

    it("assign-by-number answers the number's id; repeating it is the same 200; by-phone finds the assistant (+ or %2B)", async () => {
      const a = await create({ name: name("assign") });
      const res = await assign(a.id, n1, { auto_sync: false, friendly_name: "   " });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({
        success: true,
        message: `Phone number ${n1} successfully assigned to assistant '${a.name}'`,
        data: { phone_number: n1, phone_number_id: expect.any(Number), assistant_id: a.id, assistant_name: a.name, friendly_name: null, was_synced: false },
      });
      const numberId = res.json.data.phone_number_id;
      expect(Number.isInteger(numberId)).toBe(true);
      const again = await assign(a.id, ` ${n1} `);
      expect(again.json).toEqual(res.json);
      expect((await byPhone(n1)).json).toEqual((await get(a.id)).json);
      expect((await byPhone(n1, true)).json).toEqual((await get(a.id)).json);
      // B2: the assistant's number listing breaks once it has one
      expectInternalError(await api("GET", `${A}/${a.id}/phone-numbers`));
    });

    it("a number held by another assistant is a 200 with success false naming the holder (B5); nothing moves", async () => {
      const holder = await create({ name: name("holder") });
      const taker = await create({ name: name("taker") });
      expect((await api("GET", `${A}/${taker.id}/phone-numbers`)).json).toEqual([]);
      const held = await assign(holder.id, n1);
      expect(held.json.success).toBe(true);
      const res = await assign(taker.id, n1);
      expect(res.status).toBe(200);
      expect(res.json).toEqual({
        success: false,
        message: `Phone number ${n1} is already assigned to ${holder.name}`,
        data: {
          phone_number: n1,
          phone_number_id: held.json.data.phone_number_id,
          assistant_id: taker.id,
          assistant_name: taker.name,
          friendly_name: null,
          was_synced: false,
        },
      });
      expect((await byPhone(n1)).json.id).toBe(holder.id);
    });

    it("an unknown number is a 404 with auto_sync false and a 500 with auto_sync (B6); a malformed one is a 422", async () => {
      const a = await create({ name: name("unknown-number") });
      expect(await assign(a.id, UNKNOWN_NUMBER)).toMatchObject({
        status: 404,
        json: { detail: `Phone number ${UNKNOWN_NUMBER} not found in local database. Try setting auto_sync=true or sync manually first` },
      });
      expect(await assign(a.id, UNKNOWN_NUMBER, {})).toMatchObject({
        status: 500,
        json: { detail: "Failed to sync from Twilio: Twilio credentials not configured for this organization" },
      });
      const bad = await assign(a.id, "5555550100");
      expect(bad.status).toBe(422);
      expect(bad.json).toEqual({
        detail: [
          {
            type: "value_error",
            loc: ["body", "phone_number"],
            msg: "Value error, Phone number must be in E.164 format (start with +)",
            input: "5555550100",
            ctx: { error: {} },
            url: "https://errors.pydantic.dev/2.11/v/value_error",
          },
        ],
      });
      expect((await assign(a.id, "+1555")).json.detail[0].msg).toBe("Value error, Phone number must be between 7 and 15 digits long");
      expect((await assign(a.id, "+1555abc5555")).json.detail[0].msg).toBe("Value error, Phone number must contain only digits after the + symbol");
      const longName = await assign(a.id, n1, { auto_sync: false, friendly_name: "f".repeat(101) });
      expect(longName.json.detail[0]).toMatchObject({ type: "value_error", loc: ["body", "friendly_name"], msg: "Value error, Friendly name must be 100 characters or less" });
      expect(await assign(2147483000, n1)).toMatchObject({ status: 404, json: { detail: "Assistant with ID 2147483000 not found in your organization" } });
      expect((await byPhone(n1)).status).toBe(404); // none of the refusals assigned it
    });

    it("another organization's number is not found (numbers are looked up in the caller's organization)", async ({ skip }) => {
      if (!t.otherNumber) skip();
      const a = await create({ name: name("foreign-number") });
      expect(await assign(a.id, t.otherNumber!)).toMatchObject({
        status: 404,
        json: { detail: `Phone number ${t.otherNumber} not found in local database. Try setting auto_sync=true or sync manually first` },
      });
    });

    it("unassign-by-number: 400 when another assistant holds it or nobody does, 404 when unknown, 200 for the holder", async () => {
      const holder = await create({ name: name("unassign-holder") });
      const other = await create({ name: name("unassign-other") });
      const numberId = (await assign(holder.id, n2)).json.data.phone_number_id;
      expect(await unassign(other.id, n2)).toMatchObject({ status: 400, json: { detail: `Phone number ${n2} is not assigned to this assistant` } });
      const res = await unassign(holder.id, n2);
      expect(res.status).toBe(200);
      expect(res.json).toEqual({
        success: true,
        message: `Phone number ${n2} successfully unassigned from assistant '${holder.name}'`,
        data: { phone_number: n2, phone_number_id: numberId, assistant_id: holder.id, assistant_name: holder.name },
      });
      expect(await unassign(holder.id, n2)).toMatchObject({ status: 400, json: { detail: `Phone number ${n2} is not assigned to any assistant` } });
      expect(await unassign(holder.id, UNKNOWN_NUMBER)).toMatchObject({ status: 404, json: { detail: `Phone number ${UNKNOWN_NUMBER} not found in your organization` } });
      expect(await byPhone(n2)).toMatchObject({ status: 404, json: { detail: `Assistant assigned to phone number ${n2} not found in your organization` } });
    });

    it("deleting an assistant frees its number for another", async () => {
      const first = await create({ name: name("free-first") });
      const second = await create({ name: name("free-second") });
      expect((await assign(first.id, n2)).json.success).toBe(true);
      expect((await api("DELETE", `${A}/${first.id}`)).status).toBe(200);
      expect((await byPhone(n2)).status).toBe(404);
      const res = await assign(second.id, n2);
      expect(res.json).toMatchObject({ success: true, data: { assistant_id: second.id } });
      expect((await byPhone(n2)).json.id).toBe(second.id);
    });

    it("the organization's number listing is shadowed by /{assistant_id}/phone-numbers (B1): 422", async () => {
      const res = await api("GET", `${A}/organization/phone-numbers`);
      expect(res.status).toBe(422);
      expect(res.json.detail).toEqual([
        {
          type: "int_parsing",
          loc: ["path", "assistant_id"],
          msg: "Input should be a valid integer, unable to parse string as an integer",
          input: "organization",
          url: "https://errors.pydantic.dev/2.11/v/int_parsing",
        },
      ]);
    });
  });
});
