/**
 * The HMS emulator over real HTTP: auth, envelopes, defaults, validation errors, conflicts, aliases,
 * cascades, tenant isolation, rate limiting, persistence and the control plane.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { startEmulator, type Emulator } from "../emulator/server";
import { call as http, type Reply } from "./http";

const KEY = "fl_test_emulator_a";
const OTHER_KEY = "fl_test_emulator_b";

/** One HTTP call against `base`; `key: null` sends no Authorization header, `raw` sends a body verbatim. */
function call(base: string, method: string, route: string, options: { key?: string | null; body?: unknown; raw?: string } = {}): Promise<Reply> {
  return http(`${base}${route}`, method, { ...options, key: options.key === undefined ? KEY : options.key });
}

describe("HMS emulator", () => {
  let emu: Emulator;
  const api = (method: string, route: string, options?: Parameters<typeof call>[3]) => call(emu.url, method, route, options);
  const control = (method: string, route: string, body?: unknown) =>
    call(`${emu.origin}/__control`, method, route, { key: null, body });

  beforeAll(async () => {
    emu = await startEmulator({ port: 0 });
  });
  afterAll(async () => {
    await emu.close();
  });

  it("serves /health without auth", async () => {
    const res = await api("GET", "/health", { key: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "ok", checks: { database: "ok" } });
    expect(res.body.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(typeof res.body.version).toBe("string");
  });

  it("answers 401 with the flat body for a missing or invalid key", async () => {
    for (const key of [null, "sk_not_an_hms_key"]) {
      const res = await api("GET", "/assistants", { key });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: "Unauthorized", message: "Invalid or missing API key" });
    }
  });

  it("creates an assistant with every documented default filled", async () => {
    const res = await api("POST", "/assistants", { body: { name: "Support" } });
    expect(res.status).toBe(201);
    const a = res.body.assistant;
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.created_at).toMatch(/\.\d{3}Z$/);
    expect(a).toMatchObject({
      name: "Support",
      business_name: null,
      notification_email: null,
      first_message: null,
      is_active: true,
      voicemail_detection: false,
      voicemail_message: null,
      max_duration_seconds: null,
      autonomous_silence_handling: false,
      webhook_url: null,
      webhook_secret: null,
      webhook_events: ["assistant-request", "tool-calls", "status-update", "end-of-call-report"],
      stt_config: { provider: "deepgram", model: "nova-3-general", language: "nl" },
      llm_config: { provider: "openai", model: "gpt-4o-mini", temperature: 0.7, messages: [] },
      tts_config: { provider: "elevenlabs", voice_id: "21m00Tcm4TlvDq8ikWAM", model: "eleven_flash_v2_5" },
      analysis_plan: null,
      notification_emails: null,
      recording_consent: null,
      silence_timeout_seconds: null,
      gdpr_mode: null,
      speech_config: null,
    });
    const again = await api("GET", `/assistants/${a.id}`);
    expect(again.body).toEqual({ assistant: a });
  });

  it("gives a speech-to-speech assistant no tts_config and rejects one that has it", async () => {
    const llm_config = { provider: "xai_realtime", model: "grok-realtime", voice: "ara" };
    const ok = await api("POST", "/assistants", { body: { name: "Realtime", llm_config } });
    expect(ok.status).toBe(201);
    expect(ok.body.assistant.tts_config).toBeNull();

    const bad = await api("POST", "/assistants", {
      body: { name: "Realtime", llm_config, tts_config: { provider: "elevenlabs", voice_id: "x" } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: "invalid_request", param: "tts_config" });
  });

  it("echoes webhook_secret and keeps unknown top-level fields, but not client-sent ids", async () => {
    const res = await api("POST", "/assistants", {
      body: { name: "Hooks", webhook_secret: "whsec_1", future_field: { a: 1 }, id: "mine", created_at: "1999" },
    });
    expect(res.status).toBe(201);
    expect(res.body.assistant).toMatchObject({ webhook_secret: "whsec_1", future_field: { a: 1 } });
    expect(res.body.assistant.id).not.toBe("mine");
    expect(res.body.assistant.created_at).not.toBe("1999");
  });

  it("serves the /agents alias with agent/agents envelopes over the same data", async () => {
    const created = await api("POST", "/agents", { body: { name: "Via alias" } });
    expect(created.status).toBe(201);
    const id = created.body.agent.id;
    expect((await api("GET", `/assistants/${id}`)).body.assistant.name).toBe("Via alias");
    const list = await api("GET", "/agents");
    expect(list.body.agents.map((a: { id: string }) => a.id)).toContain(id);
    expect((await api("PATCH", `/agents/${id}`, { body: { name: "Renamed" } })).body.agent.name).toBe("Renamed");
    expect((await api("DELETE", `/agents/${id}`)).body).toEqual({ success: true });
    expect((await api("GET", `/assistants/${id}`)).status).toBe(404);
  });

  it("PATCH changes only the top-level fields present and replaces nested objects whole", async () => {
    const created = (
      await api("POST", "/assistants", {
        body: { name: "Patch me", first_message: "Hallo", tts_config: { provider: "elevenlabs", voice_id: "v1", stability: 0.3 } },
      })
    ).body.assistant;
    const res = await api("PATCH", `/assistants/${created.id}`, {
      body: { name: "Patched", tts_config: { provider: "openai", voice_id: "alloy" }, created_at: "never" },
    });
    expect(res.status).toBe(200);
    const patched = res.body.assistant;
    expect(patched.name).toBe("Patched");
    expect(patched.first_message).toBe("Hallo");
    expect(patched.tts_config).toEqual({ provider: "openai", voice_id: "alloy" });
    expect(patched.llm_config).toEqual(created.llm_config);
    expect(patched.created_at).toBe(created.created_at);
    expect(patched.id).toBe(created.id);
  });

  it("answers 400 with the nested error naming the field", async () => {
    const cases: Array<[unknown, string, string]> = [
      [{}, "missing_field", "name"],
      [{ name: "" }, "invalid_request", "name"],
      [{ name: "x", is_active: "yes" }, "invalid_request", "is_active"],
      [{ name: "x", max_duration_seconds: 0 }, "invalid_request", "max_duration_seconds"],
      [{ name: "x", notification_email: "nope" }, "invalid_request", "notification_email"],
      [{ name: "x", webhook_url: "ftp://example.com" }, "invalid_request", "webhook_url"],
      [{ name: "x", webhook_events: ["call-started"] }, "invalid_request", "webhook_events[0]"],
      [{ name: "x", llm_config: { provider: "openai", model: "m", temperature: 2.5 } }, "invalid_request", "llm_config.temperature"],
      [{ name: "x", llm_config: { provider: "openai" } }, "missing_field", "llm_config.model"],
      [{ name: "x", tts_config: { provider: "elevenlabs", voice_id: "v", stability: 1.5 } }, "invalid_request", "tts_config.stability"],
    ];
    for (const [body, code, param] of cases) {
      const res = await api("POST", "/assistants", { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toMatchObject({ code, param, type: "invalid_request_error" });
      expect(res.body.error.message).toContain(param.replace(/\[\d+\]$/, ""));
    }
    const patch = await api("PATCH", `/assistants/${(await api("POST", "/assistants", { body: { name: "v" } })).body.assistant.id}`, {
      body: { name: 42 },
    });
    expect(patch.status).toBe(400);
    expect(patch.body.error.param).toBe("name");
  });

  it("answers 400 invalid_request for malformed JSON", async () => {
    const res = await api("POST", "/assistants", { raw: '{"name": "x",' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_request");
  });

  it("answers 404 for unknown ids and unknown routes", async () => {
    const id = "00000000-0000-4000-8000-000000000000";
    const res = await api("GET", `/assistants/${id}`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      error: { code: "not_found", message: `Assistant ${id} not found`, param: null, type: "invalid_request_error" },
    });
    expect((await api("DELETE", `/numbers/${id}`)).status).toBe(404);
    expect((await api("GET", "/no-such-thing")).status).toBe(404);
  });

  it("registers numbers, validates E.164 and answers 409 for a duplicate", async () => {
    const first = await api("POST", "/numbers", { body: { phone_number: "+31850000001" } });
    expect(first.status).toBe(201);
    expect(first.body.number).toMatchObject({
      phone_number: "+31850000001",
      name: "+31850000001",
      assistant_id: null,
      transfer_trunk_id: null,
    });
    const dup = await api("POST", "/numbers", { body: { phone_number: "+31850000001", name: "again" } });
    expect(dup.status).toBe(409);
    expect(dup.body).toEqual({
      error: {
        code: "conflict",
        message: `Phone number +31850000001 is already registered (number ${first.body.number.id})`,
        param: "phone_number",
        type: "conflict_error",
      },
    });
    const bad = await api("POST", "/numbers", { body: { phone_number: "0850000001" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe("phone_number");
    const change = await api("PATCH", `/numbers/${first.body.number.id}`, { body: { phone_number: "+31850000009" } });
    expect(change.status).toBe(400);
    expect(change.body.error.param).toBe("phone_number");
    const dangling = await api("POST", "/numbers", {
      body: { phone_number: "+31850000002", assistant_id: "00000000-0000-4000-8000-000000000000" },
    });
    expect(dangling.status).toBe(400);
    expect(dangling.body.error.param).toBe("assistant_id");
  });

  it("accepts agent_id as an alias of assistant_id and answers with assistant_id only", async () => {
    const a = (await api("POST", "/assistants", { body: { name: "Router" } })).body.assistant;
    const b = (await api("POST", "/assistants", { body: { name: "Router 2" } })).body.assistant;
    const created = await api("POST", "/numbers", { body: { phone_number: "+31850000010", agent_id: a.id } });
    expect(created.status).toBe(201);
    expect(created.body.number.assistant_id).toBe(a.id);
    expect(created.body.number).not.toHaveProperty("agent_id");
    const patched = await api("PATCH", `/numbers/${created.body.number.id}`, { body: { agent_id: b.id, name: "Main" } });
    expect(patched.body.number).toMatchObject({ assistant_id: b.id, name: "Main" });
    expect(patched.body.number).not.toHaveProperty("agent_id");
    const unassigned = await api("PATCH", `/numbers/${created.body.number.id}`, { body: { assistant_id: null } });
    expect(unassigned.body.number).toMatchObject({ assistant_id: null, name: "Main" });
  });

  it("unassigns numbers when their assistant is deleted", async () => {
    const a = (await api("POST", "/assistants", { body: { name: "Doomed" } })).body.assistant;
    const n = (await api("POST", "/numbers", { body: { phone_number: "+31850000020", assistant_id: a.id } })).body.number;
    expect((await api("DELETE", `/assistants/${a.id}`)).body).toEqual({ success: true });
    expect((await api("GET", `/numbers/${n.id}`)).body.number.assistant_id).toBeNull();
  });

  it("never returns a SIP trunk password and clears deleted trunks from numbers", async () => {
    const created = await api("POST", "/sip-trunks", {
      body: { name: "Carrier", host: "sip.example.com", username: "u", password: "hunter2" },
    });
    expect(created.status).toBe(201);
    const trunk = created.body.sip_trunk;
    expect(trunk).toMatchObject({ name: "Carrier", host: "sip.example.com", port: 5060, username: "u" });
    expect(Object.keys(trunk).sort()).toEqual(["created_at", "host", "id", "name", "port", "username"]);
    expect(JSON.stringify((await api("GET", "/sip-trunks")).body)).not.toContain("hunter2");
    expect(JSON.stringify((await api("GET", `/sip-trunks/${trunk.id}`)).body)).not.toContain("hunter2");
    expect(emu.store.dump().tenants[KEY].sip_trunks.find((t) => t.id === trunk.id)?.password).toBe("hunter2");

    const n = (await api("POST", "/numbers", { body: { phone_number: "+31850000030", transfer_trunk_id: trunk.id } })).body.number;
    expect(n.transfer_trunk_id).toBe(trunk.id);
    expect((await api("PATCH", `/sip-trunks/${trunk.id}`, { body: { name: "x" } })).status).toBe(405);
    expect((await api("DELETE", `/sip-trunks/${trunk.id}`)).status).toBe(200);
    expect((await api("GET", `/numbers/${n.id}`)).body.number.transfer_trunk_id).toBeNull();
  });

  it("isolates tenants by API key", async () => {
    const mine = (await api("POST", "/assistants", { body: { name: "Mine" } })).body.assistant;
    expect((await api("GET", `/assistants/${mine.id}`, { key: OTHER_KEY })).status).toBe(404);
    expect((await api("GET", "/assistants", { key: OTHER_KEY })).body.assistants).toEqual([]);
    expect((await api("DELETE", `/assistants/${mine.id}`, { key: OTHER_KEY })).status).toBe(404);
    // The same number may be registered by another tenant.
    expect((await api("POST", "/numbers", { body: { phone_number: "+31850000077" } })).status).toBe(201);
    expect((await api("POST", "/numbers", { key: OTHER_KEY, body: { phone_number: "+31850000077" } })).status).toBe(201);
  });

  it("reports rate-limit headers on every API response, never spent, when no limit is enforced", async () => {
    const first = await api("GET", "/assistants", { key: "fl_test_headers" });
    const second = await api("GET", "/assistants", { key: "fl_test_headers" });
    expect(first.headers.get("x-ratelimit-limit")).toBe("100");
    expect(Number(first.headers.get("x-ratelimit-remaining"))).toBe(100);
    expect(Number(second.headers.get("x-ratelimit-remaining"))).toBe(100);
    const reset = Number(first.headers.get("x-ratelimit-reset"));
    expect(reset).toBeGreaterThan(Date.now() / 1000);
    expect(reset).toBeLessThanOrEqual(Date.now() / 1000 + 61);
    const error = await api("POST", "/assistants", { key: "fl_test_headers", body: {} });
    expect(error.headers.get("x-ratelimit-remaining")).toBe("100");
    expect((await api("GET", "/health", { key: null })).headers.get("x-ratelimit-limit")).toBeNull();
  });

  it("control plane: out-of-band edits, request log, faults and reset", async () => {
    const a = (await api("POST", "/assistants", { body: { name: "Drifty" } })).body.assistant;
    const drift = await control("POST", `/tenants/${KEY}/assistants/${a.id}`, { first_message: 12, name: "" });
    expect(drift.status).toBe(200);
    const after = (await api("GET", `/assistants/${a.id}`)).body.assistant;
    expect(after).toMatchObject({ first_message: 12, name: "" });

    const log = await control("GET", "/requests");
    const last = log.body.requests[log.body.requests.length - 1];
    expect(last).toMatchObject({ method: "GET", path: `/api/v1/assistants/${a.id}`, status: 200, apiKey: KEY });
    expect((await control("GET", `/requests?since=${log.body.next}`)).body.requests).toEqual([]);

    expect((await control("POST", "/faults", { method: "GET", path: "/numbers", status: 503 })).status).toBe(201);
    expect((await api("GET", "/numbers")).status).toBe(503);
    expect((await api("GET", "/numbers")).status).toBe(200); // used up

    await control("POST", "/faults", { path: "/assistants", drop: true });
    await expect(api("GET", "/assistants")).rejects.toThrow();

    expect((await control("DELETE", `/tenants/${KEY}/assistants/${a.id}`)).body).toEqual({ success: true });
    expect((await api("GET", `/assistants/${a.id}`)).status).toBe(404);

    const state = (await control("GET", "/state")).body;
    expect(Object.keys(state.tenants)).toContain(KEY);
    expect((await control("POST", "/reset")).body).toEqual({ success: true });
    expect(emu.requests).toHaveLength(0);
    expect((await control("GET", "/state")).body.tenants).toEqual({});
    expect((await api("GET", "/assistants")).body.assistants).toEqual([]);
  });
});

describe("HMS emulator rate limiting when enforced", () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ requestsPerMinute: 3, rateLimitWindowMs: 2000 });
  });
  afterAll(async () => {
    await emu.close();
  });

  it("answers 429 with Retry-After once the window's budget is spent, then recovers", async () => {
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await call(emu.url, "GET", "/assistants");
      expect(res.status).toBe(200);
      remaining.push(res.headers.get("x-ratelimit-remaining") ?? "");
    }
    expect(remaining).toEqual(["2", "1", "0"]);
    const limited = await call(emu.url, "GET", "/assistants");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("x-ratelimit-limit")).toBe("3");
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(2);
    expect(limited.body).toEqual({
      error: { code: "rate_limit_exceeded", message: `Too many requests. Please retry after ${retryAfter} seconds.` },
    });
    // Other keys have their own budget.
    expect((await call(emu.url, "GET", "/assistants", { key: OTHER_KEY })).status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await call(emu.url, "GET", "/assistants")).status).toBe(200);
  });
});

describe("HMS emulator with an explicit key list", () => {
  it("accepts only the configured keys", async () => {
    const emu = await startEmulator({ apiKeys: ["my-demo-key"] });
    try {
      expect((await call(emu.url, "GET", "/assistants", { key: "my-demo-key" })).status).toBe(200);
      expect((await call(emu.url, "GET", "/assistants", { key: KEY })).status).toBe(401);
    } finally {
      await emu.close();
    }
  });
});

describe("HMS emulator persistence", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "hms-emulator-"));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("sees the objects of a previous run through the state file", async () => {
    const stateFile = path.join(dir, "state.json");
    const first = await startEmulator({ stateFile });
    const created = (await call(first.url, "POST", "/assistants", { body: { name: "Persisted" } })).body.assistant;
    const number = (await call(first.url, "POST", "/numbers", { body: { phone_number: "+31850000099", assistant_id: created.id } }))
      .body.number;
    await first.close();
    expect(fs.existsSync(stateFile)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(["state.json"]); // the temp file was renamed away

    const second = await startEmulator({ stateFile });
    try {
      const reloaded = (await call(second.url, "GET", `/assistants/${created.id}`)).body.assistant;
      expect(reloaded).toEqual(created);
      expect(Object.keys(reloaded)).toEqual(Object.keys(created)); // same field order after a restart
      expect((await call(second.url, "GET", `/numbers/${number.id}`)).body.number).toEqual(number);
      expect((await call(second.url, "GET", "/assistants", { key: OTHER_KEY })).body.assistants).toEqual([]);
    } finally {
      await second.close();
    }
  });
});
