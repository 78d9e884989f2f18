/**
 * The Revox emulator (emulator/revox/, revox.md §6) over real HTTP: auth, every route and envelope,
 * create defaults and response completeness, PATCH semantics, clone, delete, validation of every
 * field family, lenient and strict handling of unknown keys, phone numbers, the control plane,
 * tenant isolation, faults and rate limiting in Revox's error shape, persistence and the command line.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseCommandLine } from "../emulator/main";
import type { RevoxStore } from "../emulator/revox/store";
import { startEmulator, type Emulator } from "../emulator/server";

type RevoxEmulator = Emulator<RevoxStore>;

const N1 = "+15555550200";
const N2 = "+15555550201";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The always-present keys of §3.2's main block, besides id/organization_id/timestamps. */
const RESPONSE_FIELDS = [
  "name", "prompt", "first_sentence", "first_sentence_mode", "first_sentence_delay_ms", "end_of_call_sentence", "voice",
  "llm_model", "webhook_url", "max_call_duration_secs", "max_duration_end_message", "structured_output_config",
  "structured_output_prompt", "call_retry_config", "background_sound", "background_sound_volume", "thinking_sound",
  "thinking_sound_probability", "thinking_sound_volume", "voicemail_message", "voicemail_sms_prompt", "ivr_navigation_enabled",
  "calendly", "transfer_destinations", "human_transfer_mode", "warm_transfer_summary_instructions", "from_phone_number",
  "after_call_sms_prompt", "after_call_sms_outcomes", "sms_enabled", "sms_template", "email_notification_address",
  "email_notification_outcomes", "custom_tools", "precall_lookup_url", "stt_model", "stt_context",
  "cartesia_dictionary_pronunciation_id", "type", "position", "prompt_flow", "slack", "zoho", "logo_url",
];
const EXTRA_KEYS = ["id", "organization_id", "created_at", "updated_at", "faq_items", "pending_faq_count", "created_by", "is_inbound_receptionist", "is_realestate_assistant"];

const DEFAULTS = {
  first_sentence_delay_ms: 400,
  type: "standalone",
  stt_model: "stt-rt-v5",
  llm_model: { type: "dedicated-instance", name: "gpt-4.1" },
  first_sentence_mode: "generated",
  ivr_navigation_enabled: false,
  sms_enabled: false,
  max_call_duration_secs: 600,
  background_sound_volume: 0.5,
  thinking_sound_probability: 0.5,
  thinking_sound_volume: 0.5,
};

/** A valid value for every request field of §3.1 (from_phone_number: the seeded N1). */
function fullBody(): Record<string, unknown> {
  return {
    name: "Full",
    prompt: "You are {{name}}'s assistant.",
    first_sentence: "Hello!",
    first_sentence_mode: "static",
    first_sentence_delay_ms: 0,
    end_of_call_sentence: "Bye.",
    voice: { id: "voice-1", provider: "cartesia", model: "sonic-3.5", speed: 0.6, volume: 2 },
    llm_model: { type: "custom", api_url: "https://llm.example.com/v1", model_name: "m", api_key: "sk-secret-llm" },
    webhook_url: "https://hooks.example.com/revox?token=t",
    max_call_duration_secs: 0,
    max_duration_end_message: "Time is up.",
    structured_output_config: [
      { name: "interest", type: "enum", required: true, description: "How interested", enum_options: ["low", "high"] },
      { name: "callback_at", type: "datetime", required: false },
    ],
    structured_output_prompt: "Extract from {{transcript}}",
    call_retry_config: {
      allowed_days: ["monday", "sunday"],
      call_twice_in_a_row: true,
      calling_windows: [
        { calling_window_start_time: "09:00", calling_window_end_time: "6pm", retry_delay_seconds: 0 },
        { calling_window_start_time: "9:30am", calling_window_end_time: "23:59", retry_delay_seconds: 7200 },
      ],
      max_retry_attempts: 1,
      timezone: "Europe/Paris",
    },
    background_sound: "audio/office.ogg",
    background_sound_volume: 1,
    thinking_sound: "keyboard-typing2.ogg",
    thinking_sound_probability: 0,
    thinking_sound_volume: 1,
    voicemail_message: "Call me back",
    voicemail_sms_prompt: "Write an SMS for {{name}}",
    ivr_navigation_enabled: true,
    faq_items: [{ question: "Open?", answer: "9 to 5" }],
    calendly: { connection_id: "nango-cal", event_type_id: "https://api.calendly.com/event_types/X" },
    transfer_destinations: [{ label: "Sales", phone_number: "+33123456789" }],
    human_transfer_mode: "warm",
    warm_transfer_summary_instructions: "Summarize briefly",
    from_phone_number: N1,
    after_call_sms_prompt: "Thanks {{name}}",
    after_call_sms_outcomes: ["interested", "none"],
    sms_enabled: true,
    sms_template: "Hi {{name}}",
    email_notification_address: "a@example.com,b@example.com",
    email_notification_outcomes: ["completed", "requested_callback_later", "not_interested"],
    custom_tools: [
      {
        name: "check_inventory",
        description: "Checks stock",
        url: "https://api.example.com/stock/{{sku}}",
        method: "POST",
        headers: [{ key: "Authorization", value: "Bearer tool-secret" }],
        query_params: [{ key: "api_key", value: "qp-secret" }],
        body_template: '{"sku": "{{sku}}"}',
        input_schema: [{ name: "sku", type: "string", required: true }],
      },
      { name: "ping2", description: "Ping", url: "https://api.example.com/ping", method: "GET", headers: [], query_params: [], body_template: null, input_schema: [] },
    ],
    precall_lookup_url: "https://crm.example.com/lookup?phone={{phone}}",
    stt_model: "stt-rt-v4",
    stt_context: { general: [{ key: "company", value: "Acme" }], terms: ["Revox"] },
    cartesia_dictionary_pronunciation_id: "dict-1",
    type: "multi-step",
    position: { x: 1.5, y: -2 },
    prompt_flow: {
      nodes: [{ id: "n1", type: "promptBlock", data: { title: "Intro", body: "Say hi" }, position: { x: 0, y: 0 } }],
      edges: [{ id: "e1", source: "n1", target: "n1" }],
    },
    slack: { connection_id: "nango-slack", channels: [{ id: "C01234567", name: "#sales" }, { id: "C2" }], outcomes: ["interested"], template: null },
    zoho: {
      connection_id: "nango-zoho",
      module: "Leads",
      field_mapping: [{ source: "interest", zoho_field: "Rating" }],
      log_call_activity: true,
      outcomes: ["completed"],
      template: "{{summary}}",
    },
    logo_url: "https://example.com/logo.png",
  };
}

interface Res {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

interface CallOptions {
  /** Bearer key; null sends no Authorization header. */
  key?: string | null;
  body?: unknown;
  /** A raw body (sent as is). */
  raw?: string;
  headers?: Record<string, string>;
}

async function send(base: string, method: string, route: string, options: CallOptions & { key: string | null }): Promise<Res> {
  const headers: Record<string, string> = { accept: "application/json", ...options.headers };
  if (options.key !== null) headers.authorization = `Bearer ${options.key}`;
  let body: string | undefined = options.raw;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  const response = await fetch(`${base}${route}`, { method, headers, body });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

let keySerial = 0;
function newKey(): string {
  return `sk_test_${process.pid}_${++keySerial}`;
}

function control(emu: RevoxEmulator, method: string, route: string, body?: unknown): Promise<Res> {
  return send(`${emu.origin}/__control`, method, route, { key: null, body });
}

/** The detail paths of a 400, after checking its shape. */
function errorPaths(res: Res): string[] {
  expect(res.status, res.text).toBe(400);
  expect(typeof res.json.error).toBe("string");
  expect(Array.isArray(res.json.details)).toBe(true);
  return res.json.details.map((d: { path: string }) => d.path);
}

function expectFieldError(res: Res, field: string): void {
  expect(errorPaths(res), res.text).toContain(field);
  expect(res.json.error).toContain(field);
}

describe("Revox emulator (lenient, the default)", () => {
  let emu: RevoxEmulator;
  let key: string;
  const api = (method: string, route: string, options: CallOptions = {}) => send(emu.url, method, route, { ...options, key: options.key === undefined ? key : options.key });
  const create = async (body: Record<string, unknown>, as?: string) => {
    const res = await api("POST", "/assistants", { body, key: as });
    expect(res.status, res.text).toBe(200);
    return res.json.assistant;
  };
  const numbers = async (as?: string) => (await api("GET", "/phone-numbers", { key: as })).json.phone_numbers;

  beforeAll(async () => {
    emu = await startEmulator({ platform: "revox", phoneNumbers: [N1, N2] });
  });
  afterAll(async () => {
    await emu.close();
  });
  beforeEach(async () => {
    await control(emu, "POST", "/reset");
    key = newKey();
  });

  it("serves the API under /api and names its platform", async () => {
    expect(emu.platform).toBe("revox");
    expect(emu.url).toBe(`${emu.origin}/api`);
    expect(await api("GET", "/auth-status")).toMatchObject({ status: 200, json: { authenticated: true } });
    const me = await api("GET", "/users/me");
    expect(me.status).toBe(200);
    expect(Object.keys(me.json)).toEqual(["user"]);
    expect(me.json.user).toMatchObject({ id: expect.stringMatching(UUID), organization_id: expect.stringMatching(UUID), has_completed_onboarding: true });
    expect(me.json.user.email).toMatch(/@/);
    expect(me.json.user.created_at).toMatch(ISO_MS);
  });

  describe("auth", () => {
    it("answers 401 {error} for a missing, malformed or unknown key", async () => {
      for (const bad of [null, "pk_live_x", "sk_", "sk_with space", "fl_test_x"]) {
        const res = await api("GET", "/assistants", { key: bad });
        expect(res.status, String(bad)).toBe(401);
        expect(typeof res.json.error).toBe("string");
      }
      expect((await api("GET", "/auth-status", { key: null })).status).toBe(401);
      expect((await api("GET", "/assistants", { key: "sk_live_AbC-9_x" })).status).toBe(200);
    });

    it("accepts only the configured keys when apiKeys is given", async () => {
      const only = await startEmulator({ platform: "revox", apiKeys: ["sk_test_emulator"] });
      try {
        expect((await send(only.url, "GET", "/auth-status", { key: "sk_test_emulator" })).status).toBe(200);
        expect((await send(only.url, "GET", "/auth-status", { key: "sk_test_other" })).status).toBe(401);
      } finally {
        await only.close();
      }
    });
  });

  describe("routes and envelopes", () => {
    it("wraps create, update, clone, list and delete, and returns GET by id bare, all with 200", async () => {
      const created = await api("POST", "/assistants", { body: { name: "A", prompt: "p" } });
      expect(created.status).toBe(200);
      expect(Object.keys(created.json)).toEqual(["assistant"]);
      const a = created.json.assistant;

      const got = await api("GET", `/assistants/${a.id}`);
      expect(got.status).toBe(200);
      expect(got.json).toEqual(a); // bare, no envelope

      const list = await api("GET", "/assistants");
      expect(list).toMatchObject({ status: 200, json: { assistants: [a] } });
      expect(Object.keys(list.json)).toEqual(["assistants"]);

      const patched = await api("PATCH", `/assistants/${a.id}`, { body: { name: "B" } });
      expect(patched.status).toBe(200);
      expect(Object.keys(patched.json)).toEqual(["assistant"]);
      expect(patched.json.assistant.name).toBe("B");

      const clone = await api("POST", `/assistants/${a.id}/clone`);
      expect(clone.status).toBe(200);
      expect(Object.keys(clone.json)).toEqual(["assistant"]);

      expect(await api("DELETE", `/assistants/${a.id}`)).toMatchObject({ status: 200, json: { success: true } });
      expect(Object.keys((await api("DELETE", `/assistants/${clone.json.assistant.id}`)).json)).toEqual(["success"]);
    });

    it("answers 404 for unknown routes, the absent GET /phone-numbers/{id} and POST /phone-numbers, 405 with Allow for other methods", async () => {
      for (const [method, route] of [["GET", "/nothing"], ["GET", "/assistants/x/edges"], ["GET", "/phone-numbers/abc"], ["POST", "/phone-numbers"]]) {
        const res = await api(method, route, method === "POST" ? { body: { phone_number: N1 } } : {});
        expect(res.status, `${method} ${route}`).toBe(404);
        expect(typeof res.json.error).toBe("string");
      }
      const cases: Array<[string, string, string]> = [
        ["PUT", "/assistants", "GET, POST, HEAD"],
        ["DELETE", "/assistants", "GET, POST, HEAD"],
        ["POST", "/assistants/x", "GET, PATCH, DELETE, HEAD"],
        ["GET", "/assistants/x/clone", "POST"],
        ["PUT", "/phone-numbers/x", "PATCH, DELETE"],
        ["POST", "/auth-status", "GET, HEAD"],
      ];
      for (const [method, route, allow] of cases) {
        const res = await api(method, route, { key: null });
        expect(res.status, `${method} ${route}`).toBe(405);
        expect(res.headers.get("allow")).toBe(allow);
        expect(typeof res.json.error).toBe("string");
      }
    });

    it("takes body-less clone and DELETE with Content-Type: application/json (as the Python SDK sends them), and ignores X-Stainless-*", async () => {
      const stainless = { "content-type": "application/json", "x-stainless-lang": "python", "x-stainless-retry-count": "0", "user-agent": "Revox/Python 0.5.0" };
      const a = await create({ name: "Bodyless", prompt: "p" });
      const clone = await api("POST", `/assistants/${a.id}/clone`, { headers: stainless });
      expect(clone.status, clone.text).toBe(200);
      const n = (await numbers())[0];
      expect((await api("DELETE", `/phone-numbers/${n.id}`, { headers: stainless })).json).toEqual({ success: true });
      expect((await api("DELETE", `/assistants/${a.id}`, { headers: stainless })).json).toEqual({ success: true });
      expect((await api("DELETE", `/assistants/${clone.json.assistant.id}`, { headers: { "content-type": "text/plain" }, raw: "" })).status).toBe(200);
      // an empty JSON body on PATCH is {} as well
      const b = await create({ name: "B", prompt: "p" });
      expect((await api("PATCH", `/assistants/${b.id}`, { headers: stainless, raw: "" })).status).toBe(200);
    });

    it("refuses a body that is not a JSON object, or not JSON at all, with 400 {error}", async () => {
      expect(errorPaths(await api("POST", "/assistants", { body: [{ name: "x", prompt: "y" }] }))).toEqual([""]);
      const broken = await api("POST", "/assistants", { raw: '{"name": ', headers: { "content-type": "application/json" } });
      expect(broken.status).toBe(400);
      expect(broken.json.error).toMatch(/JSON/);
      expect((await api("POST", "/assistants", { raw: "name=x", headers: { "content-type": "application/x-www-form-urlencoded" } })).status).toBe(400);
    });

    it("has no idempotency: a repeated POST creates a second assistant", async () => {
      const body = { name: "Twice", prompt: "p" };
      const a = await create(body);
      const b = await create(body);
      expect(a.id).not.toBe(b.id);
      expect((await api("GET", "/assistants")).json.assistants.map((x: { name: string }) => x.name)).toEqual(["Twice", "Twice"]);
    });
  });

  describe("assistant objects", () => {
    it("fills §6.11's defaults, null for every other field, and always emits every key", async () => {
      const a = await create({ name: "Defaults", prompt: "p" });
      expect(Object.keys(a).sort()).toEqual([...RESPONSE_FIELDS, ...EXTRA_KEYS].sort());
      expect(a).toMatchObject(DEFAULTS);
      for (const field of RESPONSE_FIELDS) {
        if (field === "name" || field === "prompt" || field in DEFAULTS) continue;
        expect(a[field], field).toBeNull();
      }
      expect(a.id).toMatch(UUID);
      expect(a.organization_id).toMatch(UUID);
      expect(a.created_at).toMatch(ISO_MS);
      expect(a.updated_at).toBe(a.created_at);
      expect(a).toMatchObject({ faq_items: [], pending_faq_count: 0, is_inbound_receptionist: false, is_realestate_assistant: false });
      const me = (await api("GET", "/users/me")).json.user;
      expect(a.created_by).toEqual({ id: me.id, email: me.email, first_name: me.first_name, last_name: me.last_name });
      expect(a.organization_id).toBe(me.organization_id);
    });

    it("accepts a valid value for every field and echoes it, secrets included", async () => {
      const body = fullBody();
      const a = await create(body);
      const { faq_items: faq, ...rest } = body;
      expect(a).toMatchObject(rest);
      expect(a.llm_model.api_key).toBe("sk-secret-llm");
      expect(a.custom_tools[0].headers[0].value).toBe("Bearer tool-secret");
      expect(a.faq_items).toEqual([{ id: expect.stringMatching(UUID), ...(faq as object[])[0], needs_human_answer: false, source: "human" }]);
      expect(await api("GET", `/assistants/${a.id}`)).toMatchObject({ json: a });
      // each llm_model member and each voice provider
      for (const llm of [
        { type: "dedicated-instance", name: "ministral-3-8b-instruct" },
        { type: "openrouter", openrouter_model_id: "openai/gpt-4.1", openrouter_provider: "nebius" },
        { type: "realtime", provider: "google", realtime_model_id: "gemini-live", realtime_voice_id: "Puck" },
        { type: "realtime", provider: "openai", realtime_model_id: "gpt-realtime" },
      ]) {
        expect((await create({ name: "llm", prompt: "p", llm_model: llm })).llm_model).toEqual(llm);
      }
      for (const voice of [{ id: "v", provider: "elevenlabs", speed: 1.2 }, { id: "v", provider: "gradium", speed: 1.5 }]) {
        expect((await create({ name: "voice", prompt: "p", voice })).voice).toEqual(voice);
      }
    });

    it("lists by created_at ascending and leaves sub-assistants out (GET by id still finds them)", async () => {
      const first = await create({ name: "first", prompt: "p" });
      const sub = await create({ name: "sub", prompt: "p", type: "sub-assistant" });
      const third = await create({ name: "third", prompt: "p", type: "multi-step" });
      const list = (await api("GET", "/assistants")).json.assistants;
      expect(list.map((x: { id: string }) => x.id)).toEqual([first.id, third.id]);
      expect((await api("GET", `/assistants/${sub.id}`)).json.name).toBe("sub");
      // turning it into a standalone one shows it again
      await api("PATCH", `/assistants/${sub.id}`, { body: { type: "standalone" } });
      expect((await api("GET", "/assistants")).json.assistants.map((x: { name: string }) => x.name)).toEqual(["first", "sub", "third"]);
    });
  });

  describe("PATCH", () => {
    it("changes only the fields sent and bumps updated_at, even for {}", async () => {
      const a = await create(fullBody());
      const renamed = (await api("PATCH", `/assistants/${a.id}`, { body: { name: "Renamed" } })).json.assistant;
      expect(renamed).toEqual({ ...a, name: "Renamed", updated_at: renamed.updated_at });
      expect(renamed.updated_at > a.updated_at).toBe(true);
      const empty = (await api("PATCH", `/assistants/${a.id}`, { body: {} })).json.assistant;
      expect(empty).toEqual({ ...renamed, updated_at: empty.updated_at });
      expect(empty.updated_at > renamed.updated_at).toBe(true);
      expect(empty.created_at).toBe(a.created_at);
    });

    it("clears nullable fields on null and refuses null on non-nullable ones (400 naming the field, nothing stored)", async () => {
      const a = await create(fullBody());
      const nullable = ["calendly", "custom_tools", "slack", "zoho", "logo_url", "from_phone_number", "transfer_destinations", "thinking_sound", "stt_context", "precall_lookup_url"];
      const cleared = (await api("PATCH", `/assistants/${a.id}`, { body: Object.fromEntries(nullable.map((f) => [f, null])) })).json.assistant;
      for (const f of nullable) expect(cleared[f], f).toBeNull();
      expect(cleared.voice).toEqual(a.voice);
      for (const field of ["voice", "webhook_url", "call_retry_config", "first_sentence", "name", "llm_model", "faq_items", "sms_enabled", "stt_model", "type"]) {
        const res = await api("PATCH", `/assistants/${a.id}`, { body: { [field]: null, label_me: 1 } });
        expectFieldError(res, field);
        expect(res.json.details.find((d: { path: string }) => d.path === field).message).toBe("must not be null");
      }
      const after = (await api("GET", `/assistants/${a.id}`)).json;
      expect(after.voice).toEqual(a.voice);
      expect(after.updated_at).toBe(cleared.updated_at);
    });

    it("replaces nested objects and arrays whole, and gives replaced FAQ items fresh ids", async () => {
      const a = await create(fullBody());
      const p = (body: unknown) => api("PATCH", `/assistants/${a.id}`, { body }).then((r) => r.json.assistant);
      expect((await p({ voice: { id: "other", provider: "cartesia" } })).voice).toEqual({ id: "other", provider: "cartesia" });
      const retry = { allowed_days: ["friday"], call_twice_in_a_row: false, calling_windows: [], max_retry_attempts: 2 };
      expect((await p({ call_retry_config: retry })).call_retry_config).toEqual(retry);
      expect((await p({ slack: { connection_id: "c", channels: [], outcomes: [] } })).slack).toEqual({ connection_id: "c", channels: [], outcomes: [] });
      expect((await p({ custom_tools: [] })).custom_tools).toEqual([]);
      expect((await p({ transfer_destinations: [{ label: "Support", phone_number: "+15555550999" }] })).transfer_destinations).toEqual([{ label: "Support", phone_number: "+15555550999" }]);

      const before = a.faq_items;
      const replaced = (await p({ faq_items: [{ question: "Open?", answer: "9 to 5" }, { question: "Where?", answer: "Paris" }] })).faq_items;
      expect(replaced.map((f: { question: string }) => f.question)).toEqual(["Open?", "Where?"]);
      expect(replaced[0].id).toMatch(UUID);
      expect(replaced[0].id).not.toBe(before[0].id);
      expect(new Set(replaced.map((f: { id: string }) => f.id)).size).toBe(2);
      expect((await p({ faq_items: [] })).faq_items).toEqual([]);
    });

    it("answers 404 for an unknown id", async () => {
      for (const [method, route] of [["GET", "/assistants/nope"], ["PATCH", "/assistants/nope"], ["DELETE", "/assistants/nope"], ["POST", "/assistants/nope/clone"]]) {
        const res = await api(method, route, method === "PATCH" ? { body: {} } : {});
        expect(res.status, `${method} ${route}`).toBe(404);
        expect(res.json.error).toMatch(/nope/);
      }
    });
  });

  describe("clone and delete", () => {
    it("deep-copies every input field and the FAQ items (new ids), with a new id, new timestamps and name + ' (Copy)'", async () => {
      const a = await create(fullBody());
      await api("PATCH", `/phone-numbers/${(await numbers())[0].id}`, { body: { inbound_assistant_id: a.id } });
      const clone = (await api("POST", `/assistants/${a.id}/clone`)).json.assistant;
      expect(clone.id).toMatch(UUID);
      expect(clone.id).not.toBe(a.id);
      expect(clone.name).toBe("Full (Copy)");
      expect(clone.created_at > a.created_at).toBe(true);
      expect(clone.updated_at).toBe(clone.created_at);
      for (const field of RESPONSE_FIELDS.filter((f) => f !== "name")) expect(clone[field], field).toEqual(a[field]);
      expect(clone.faq_items.map((f: { question: string; answer: string }) => [f.question, f.answer])).toEqual([["Open?", "9 to 5"]]);
      expect(clone.faq_items[0].id).not.toBe(a.faq_items[0].id);
      expect(clone.is_inbound_receptionist).toBe(false); // numbers are not copied
      // a deep copy: changing the clone leaves the original alone
      await api("PATCH", `/assistants/${clone.id}`, { body: { voice: { id: "x", provider: "gradium" } } });
      expect((await api("GET", `/assistants/${a.id}`)).json.voice).toEqual(a.voice);
      expect((await api("POST", `/assistants/${clone.id}/clone`)).json.assistant.name).toBe("Full (Copy) (Copy)");
    });

    it("deletes for good, and numbers routed to the assistant fall back to no inbound assistant", async () => {
      const a = await create({ name: "Doomed", prompt: "p" });
      const n = (await numbers())[0];
      await api("PATCH", `/phone-numbers/${n.id}`, { body: { inbound_assistant_id: a.id } });
      expect((await api("DELETE", `/assistants/${a.id}`)).json).toEqual({ success: true });
      for (const [method, route] of [["GET", `/assistants/${a.id}`], ["PATCH", `/assistants/${a.id}`], ["DELETE", `/assistants/${a.id}`]]) {
        expect((await api(method, route, method === "PATCH" ? { body: {} } : {})).status).toBe(404);
      }
      expect((await numbers()).find((x: { id: string }) => x.id === n.id).inbound_assistant).toBeNull();
      expect((await api("GET", "/assistants")).json.assistants).toEqual([]);
    });
  });

  describe("validation (400 naming the field)", () => {
    const base = { name: "V", prompt: "p" };
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ["name missing", { prompt: "p" }, "name"],
      ["prompt missing", { name: "n" }, "prompt"],
      ["name of the wrong type", { ...base, name: 5 }, "name"],
      ["boolean of the wrong type", { ...base, ivr_navigation_enabled: "yes" }, "ivr_navigation_enabled"],
      ["number of the wrong type", { ...base, max_call_duration_secs: "600" }, "max_call_duration_secs"],
      ["first_sentence_mode enum", { ...base, first_sentence_mode: "loud" }, "first_sentence_mode"],
      ["thinking_sound enum", { ...base, thinking_sound: "rain.ogg" }, "thinking_sound"],
      ["background_sound enum", { ...base, background_sound: "audio/street.ogg" }, "background_sound"],
      ["stt_model enum", { ...base, stt_model: "stt-rt-v3" }, "stt_model"],
      ["type enum", { ...base, type: "sub" }, "type"],
      ["human_transfer_mode enum", { ...base, human_transfer_mode: "hot" }, "human_transfer_mode"],
      ["outcome dropped in 0.4.0", { ...base, after_call_sms_outcomes: ["do_not_contact"] }, "after_call_sms_outcomes.0"],
      ["email outcomes enum", { ...base, email_notification_outcomes: ["ai_averse"] }, "email_notification_outcomes.0"],
      ["first_sentence_delay_ms negative", { ...base, first_sentence_delay_ms: -1 }, "first_sentence_delay_ms"],
      ["first_sentence_delay_ms fractional", { ...base, first_sentence_delay_ms: 1.5 }, "first_sentence_delay_ms"],
      ["background_sound_volume above 1", { ...base, background_sound_volume: 1.01 }, "background_sound_volume"],
      ["thinking_sound_probability below 0", { ...base, thinking_sound_probability: -0.1 }, "thinking_sound_probability"],
      ["thinking_sound_volume above 1", { ...base, thinking_sound_volume: 2 }, "thinking_sound_volume"],
      ["voice without id", { ...base, voice: { provider: "cartesia" } }, "voice.id"],
      ["voice provider", { ...base, voice: { id: "v", provider: "azure" } }, "voice.provider"],
      ["voice model", { ...base, voice: { id: "v", provider: "cartesia", model: "sonic-2" } }, "voice.model"],
      ["voice speed below 0.6", { ...base, voice: { id: "v", provider: "cartesia", speed: 0.5 } }, "voice.speed"],
      ["voice speed above ElevenLabs' 1.2", { ...base, voice: { id: "v", provider: "elevenlabs", speed: 1.3 } }, "voice.speed"],
      ["voice volume above 2", { ...base, voice: { id: "v", provider: "cartesia", volume: 2.5 } }, "voice.volume"],
      ["llm_model discriminator", { ...base, llm_model: { type: "local", name: "gpt-4.1" } }, "llm_model.type"],
      ["llm_model dedicated name", { ...base, llm_model: { type: "dedicated-instance", name: "gpt-5" } }, "llm_model.name"],
      ["llm_model custom without api_key", { ...base, llm_model: { type: "custom", api_url: "https://x", model_name: "m" } }, "llm_model.api_key"],
      ["llm_model realtime provider", { ...base, llm_model: { type: "realtime", provider: "xai", realtime_model_id: "r" } }, "llm_model.provider"],
      ["call_retry_config max_retry_attempts 0", { ...base, call_retry_config: { allowed_days: [], call_twice_in_a_row: false, calling_windows: [], max_retry_attempts: 0 } }, "call_retry_config.max_retry_attempts"],
      ["call_retry_config without calling_windows", { ...base, call_retry_config: { allowed_days: [], call_twice_in_a_row: false, max_retry_attempts: 1 } }, "call_retry_config.calling_windows"],
      ["call_retry_config day name", { ...base, call_retry_config: { allowed_days: ["mon"], call_twice_in_a_row: false, calling_windows: [], max_retry_attempts: 1 } }, "call_retry_config.allowed_days.0"],
      [
        "calling window time",
        { ...base, call_retry_config: { allowed_days: [], call_twice_in_a_row: false, calling_windows: [{ calling_window_start_time: "25:00", calling_window_end_time: "18:00", retry_delay_seconds: 1 }], max_retry_attempts: 1 } },
        "call_retry_config.calling_windows.0.calling_window_start_time",
      ],
      [
        "retry_delay_seconds negative",
        { ...base, call_retry_config: { allowed_days: [], call_twice_in_a_row: false, calling_windows: [{ calling_window_start_time: "10:00", calling_window_end_time: "18:00", retry_delay_seconds: -1 }], max_retry_attempts: 1 } },
        "call_retry_config.calling_windows.0.retry_delay_seconds",
      ],
      ["timezone", { ...base, call_retry_config: { allowed_days: [], call_twice_in_a_row: false, calling_windows: [], max_retry_attempts: 1, timezone: "Mars/Olympus" } }, "call_retry_config.timezone"],
      ["structured output type", { ...base, structured_output_config: [{ name: "x", type: "object", required: true }] }, "structured_output_config.0.type"],
      ["structured output without required", { ...base, structured_output_config: [{ name: "x", type: "string" }] }, "structured_output_config.0.required"],
      ["custom tool name case", { ...base, custom_tools: [{ ...(fullBody().custom_tools as object[])[1], name: "CheckInventory" }] }, "custom_tools.0.name"],
      ["custom tool name start", { ...base, custom_tools: [{ ...(fullBody().custom_tools as object[])[1], name: "1tool" }] }, "custom_tools.0.name"],
      ["custom tool names unique", { ...base, custom_tools: [(fullBody().custom_tools as object[])[1], (fullBody().custom_tools as object[])[1]] }, "custom_tools.1.name"],
      ["custom tool method", { ...base, custom_tools: [{ ...(fullBody().custom_tools as object[])[1], method: "HEAD" }] }, "custom_tools.0.method"],
      ["custom tool body_template required", { ...base, custom_tools: [{ name: "t", description: "d", url: "u", method: "GET", headers: [], query_params: [], input_schema: [] }] }, "custom_tools.0.body_template"],
      ["custom tool header key empty", { ...base, custom_tools: [{ ...(fullBody().custom_tools as object[])[1], headers: [{ key: "", value: "v" }] }] }, "custom_tools.0.headers.0.key"],
      ["transfer destination E.164", { ...base, transfer_destinations: [{ label: "Sales", phone_number: "0612345678" }] }, "transfer_destinations.0.phone_number"],
      ["transfer destination label", { ...base, transfer_destinations: [{ label: "", phone_number: "+15555550999" }] }, "transfer_destinations.0.label"],
      ["from_phone_number E.164", { ...base, from_phone_number: "5555550200" }, "from_phone_number"],
      ["from_phone_number not owned", { ...base, from_phone_number: "+15555550999" }, "from_phone_number"],
      ["precall_lookup_url scheme", { ...base, precall_lookup_url: "ftp://crm.example.com/{{phone}}" }, "precall_lookup_url"],
      ["precall_lookup_url placeholder", { ...base, precall_lookup_url: "https://crm.example.com/lookup" }, "precall_lookup_url"],
      ["calendly shape", { ...base, calendly: { connection_id: "c" } }, "calendly.event_type_id"],
      ["slack 0.2 shape", { ...base, slack: { connection_id: "c", channel_id: "C1", outcomes: [] } }, "slack.channels"],
      ["slack outcomes", { ...base, slack: { connection_id: "c", channels: [{ id: "C1" }], outcomes: ["maybe"] } }, "slack.outcomes.0"],
      ["zoho log_call_activity", { ...base, zoho: { connection_id: "c", module: "Leads", field_mapping: [], outcomes: [] } }, "zoho.log_call_activity"],
      ["stt_context empty term", { ...base, stt_context: { general: [], terms: [""] } }, "stt_context.terms.0"],
      ["stt_context general shape", { ...base, stt_context: { general: [{ key: "k" }], terms: [] } }, "stt_context.general.0.value"],
      ["prompt_flow node type", { ...base, prompt_flow: { nodes: [{ id: "n", type: "block", data: { title: "t", body: "b" }, position: { x: 0, y: 0 } }], edges: [] } }, "prompt_flow.nodes.0.type"],
      ["position coordinate", { ...base, position: { x: "1", y: 2 } }, "position.x"],
      ["faq item without answer", { ...base, faq_items: [{ question: "q" }] }, "faq_items.0.answer"],
      ["cartesia dictionary empty", { ...base, cartesia_dictionary_pronunciation_id: "" }, "cartesia_dictionary_pronunciation_id"],
      ["logo_url not a URI", { ...base, logo_url: "not a url" }, "logo_url"],
    ];
    it.each(cases)("%s", async (_label, body, field) => {
      const res = await api("POST", "/assistants", { body });
      expectFieldError(res, field);
      expect((await api("GET", "/assistants")).json.assistants).toEqual([]);
    });

    it("validates PATCH bodies the same way and leaves the assistant unchanged", async () => {
      const a = await create({ name: "V", prompt: "p" });
      expectFieldError(await api("PATCH", `/assistants/${a.id}`, { body: { name: "changed", voice: { id: "v", provider: "cartesia", speed: 9 } } }), "voice.speed");
      expectFieldError(await api("PATCH", `/assistants/${a.id}`, { body: { from_phone_number: "+15555550999" } }), "from_phone_number");
      expect((await api("GET", `/assistants/${a.id}`)).json).toEqual(a);
      // a number the organization owns is fine, whatever its type
      await control(emu, "POST", `/tenants/${key}/phone-numbers`, { phone_number: "+15555550299", type: "verified_caller_id", source: "user_imported" });
      expect((await api("PATCH", `/assistants/${a.id}`, { body: { from_phone_number: "+15555550299" } })).json.assistant.from_phone_number).toBe("+15555550299");
    });
  });

  describe("unknown keys, leniently", () => {
    it("ignores unknown and removed keys at every depth without storing them", async () => {
      const a = await create({
        name: "Lenient",
        prompt: "p",
        transfer_phone_number: "+15555550999",
        email_notification_language: "fr",
        id: "chosen-id",
        pending_faq_count: 7,
        voice: { id: "v", provider: "cartesia", pitch: 3 },
        faq_items: [{ question: "q", answer: "a", id: "mine", source: "ai" }],
      });
      expect(a).not.toHaveProperty("transfer_phone_number");
      expect(a).not.toHaveProperty("email_notification_language");
      expect(a.id).not.toBe("chosen-id");
      expect(a.pending_faq_count).toBe(0);
      expect(a.voice).toEqual({ id: "v", provider: "cartesia" });
      expect(a.faq_items).toEqual([{ id: expect.stringMatching(UUID), question: "q", answer: "a", needs_human_answer: false, source: "human" }]);
      const stored = (await control(emu, "GET", "/state")).json.tenants[0].assistants[0];
      expect(stored).not.toHaveProperty("transfer_phone_number");
    });

    it("fills call_retry_config's allowed_days (Monday to Friday) and call_twice_in_a_row (false) when missing", async () => {
      const a = await create({ name: "Retry", prompt: "p", call_retry_config: { calling_windows: [], max_retry_attempts: 3 } });
      expect(a.call_retry_config).toEqual({
        allowed_days: ["monday", "tuesday", "wednesday", "thursday", "friday"],
        call_twice_in_a_row: false,
        calling_windows: [],
        max_retry_attempts: 3,
      });
    });

    it("ignores unknown keys of a number PATCH", async () => {
      const n = (await numbers())[0];
      const res = await api("PATCH", `/phone-numbers/${n.id}`, { body: { label: "Main", provider: "sip" } });
      expect(res.status).toBe(200);
      expect(res.json.phone_number).toMatchObject({ label: "Main", provider: "twilio" });
    });
  });

  describe("phone numbers", () => {
    it("lists the seeded numbers with every key of §4.2", async () => {
      const list = await numbers();
      expect(list.map((n: { phone_number: string }) => n.phone_number)).toEqual([N1, N2]);
      for (const n of list) {
        expect(Object.keys(n).sort()).toEqual(
          ["id", "phone_number", "label", "provider", "source", "type", "inbound_assistant", "inbound_sip_uri", "livekit_outbound_trunk_id", "created_by", "created_at"].sort(),
        );
        expect(n).toMatchObject({ id: expect.stringMatching(UUID), label: null, provider: "twilio", source: "revox_purchased", type: "owned_number", inbound_assistant: null });
        expect(n.created_at).toMatch(ISO_MS);
        expect(n.created_by.email).toMatch(/@/);
      }
    });

    it("routes a number to an assistant (the response embeds the whole current assistant), relabels it, and clears both with null", async () => {
      const a = await create({ name: "Receptionist", prompt: "p" });
      const n = (await numbers())[0];
      const assigned = await api("PATCH", `/phone-numbers/${n.id}`, { body: { inbound_assistant_id: a.id, label: "Front desk" } });
      expect(assigned.status).toBe(200);
      expect(Object.keys(assigned.json)).toEqual(["phone_number"]);
      const current = (await api("GET", `/assistants/${a.id}`)).json;
      expect(current.is_inbound_receptionist).toBe(true);
      expect(assigned.json.phone_number).toMatchObject({ id: n.id, label: "Front desk", inbound_assistant: current });
      expect(assigned.json.phone_number).not.toHaveProperty("inbound_assistant_id");
      // the embedded assistant follows later changes
      await api("PATCH", `/assistants/${a.id}`, { body: { name: "Renamed" } });
      expect((await numbers())[0].inbound_assistant.name).toBe("Renamed");

      expect((await api("PATCH", `/phone-numbers/${n.id}`, { body: {} })).json.phone_number.label).toBe("Front desk");
      const cleared = (await api("PATCH", `/phone-numbers/${n.id}`, { body: { inbound_assistant_id: null, label: null } })).json.phone_number;
      expect(cleared).toMatchObject({ inbound_assistant: null, label: null });
      expect((await api("GET", `/assistants/${a.id}`)).json.is_inbound_receptionist).toBe(false);
    });

    it("refuses a verified caller id, an assistant of another organization, an unknown assistant and bad types (400)", async () => {
      const a = await create({ name: "Mine", prompt: "p" });
      const other = newKey();
      const theirs = await create({ name: "Theirs", prompt: "p" }, other);
      const n = (await numbers())[0];
      expectFieldError(await api("PATCH", `/phone-numbers/${n.id}`, { body: { inbound_assistant_id: theirs.id } }), "inbound_assistant_id");
      expectFieldError(await api("PATCH", `/phone-numbers/${n.id}`, { body: { inbound_assistant_id: "no-such-assistant" } }), "inbound_assistant_id");
      expectFieldError(await api("PATCH", `/phone-numbers/${n.id}`, { body: { label: 5 } }), "label");
      const verified = (await control(emu, "POST", `/tenants/${key}/phone-numbers`, { phone_number: "+15555550298", type: "verified_caller_id" })).json.phone_number;
      expectFieldError(await api("PATCH", `/phone-numbers/${verified.id}`, { body: { inbound_assistant_id: a.id } }), "inbound_assistant_id");
      expect((await api("PATCH", `/phone-numbers/${verified.id}`, { body: { label: "Caller id" } })).status).toBe(200);
      expect((await numbers()).every((x: { inbound_assistant: unknown }) => x.inbound_assistant === null)).toBe(true);
    });

    it("deletes a number; unknown ids are 404", async () => {
      const [n1, n2] = await numbers();
      expect((await api("DELETE", `/phone-numbers/${n1.id}`)).json).toEqual({ success: true });
      expect((await numbers()).map((n: { id: string }) => n.id)).toEqual([n2.id]);
      expect((await api("DELETE", `/phone-numbers/${n1.id}`)).status).toBe(404);
      expect((await api("PATCH", `/phone-numbers/${n1.id}`, { body: { label: "x" } })).status).toBe(404);
    });
  });

  describe("tenants", () => {
    it("keeps organizations apart: another key's assistants and numbers are 404 and not listed", async () => {
      const other = newKey();
      const a = await create({ name: "Mine", prompt: "p" });
      for (const [method, route] of [["GET", `/assistants/${a.id}`], ["PATCH", `/assistants/${a.id}`], ["DELETE", `/assistants/${a.id}`], ["POST", `/assistants/${a.id}/clone`]]) {
        expect((await api(method, route, { key: other, ...(method === "PATCH" ? { body: { name: "stolen" } } : {}) })).status, `${method} ${route}`).toBe(404);
      }
      expect((await api("GET", "/assistants", { key: other })).json.assistants).toEqual([]);
      expect((await api("GET", `/assistants/${a.id}`)).json.name).toBe("Mine");

      const mine = await numbers();
      const theirs = await numbers(other);
      // each organization gets its own copy of the seeded numbers
      expect(theirs.map((n: { phone_number: string }) => n.phone_number)).toEqual([N1, N2]);
      expect(theirs[0].id).not.toBe(mine[0].id);
      expect((await api("PATCH", `/phone-numbers/${mine[0].id}`, { key: other, body: { label: "x" } })).status).toBe(404);
      expect((await api("DELETE", `/phone-numbers/${mine[0].id}`, { key: other })).status).toBe(404);
      const me = (await api("GET", "/users/me")).json.user;
      const them = (await api("GET", "/users/me", { key: other })).json.user;
      expect(me.organization_id).not.toBe(them.organization_id);
    });
  });

  describe("control plane", () => {
    it("shows a tenant's organization", async () => {
      const res = await control(emu, "GET", `/tenants/${key}`);
      expect(res.status).toBe(200);
      const me = (await api("GET", "/users/me")).json.user;
      expect(res.json.organization).toEqual({ api_key: key, organization_id: me.organization_id, user: me });
    });

    it("edits an assistant out of band: AI FAQ items, merged stt_context, unknown fields; refuses protected and derived keys", async () => {
      const a = await create({ name: "Drift", prompt: "p", faq_items: [{ question: "q", answer: "a" }], stt_context: { general: [], terms: ["Revox"] } });
      const faq = [...a.faq_items, { question: "Parking?", answer: "", needs_human_answer: true, source: "ai" }];
      const edit = await control(emu, "POST", `/tenants/${key}/assistants/${a.id}`, {
        faq_items: faq,
        stt_context: { general: [{ key: "derived", value: "from prompt" }], terms: ["Revox", "Acme"] },
        is_realestate_assistant: true,
        brand_new_field: { x: 1 },
      });
      expect(edit.status, edit.text).toBe(200);
      const read = (await api("GET", `/assistants/${a.id}`)).json;
      expect(edit.json.assistant).toEqual(read);
      expect(read.faq_items[0]).toEqual(a.faq_items[0]);
      expect(read.faq_items[1]).toMatchObject({ id: expect.stringMatching(UUID), question: "Parking?", source: "ai", needs_human_answer: true });
      expect(read.pending_faq_count).toBe(1);
      expect(read.stt_context.terms).toEqual(["Revox", "Acme"]);
      expect(read.is_realestate_assistant).toBe(true);
      expect(read.brand_new_field).toEqual({ x: 1 });
      expect(read.updated_at > a.updated_at).toBe(true);
      for (const bad of [{ id: "x" }, { organization_id: "x" }, { created_at: "x" }, { pending_faq_count: 3 }, { is_inbound_receptionist: true }]) {
        const res = await control(emu, "POST", `/tenants/${key}/assistants/${a.id}`, bad);
        expect(res.status, JSON.stringify(bad)).toBe(400);
        expect(res.json.error).toContain(Object.keys(bad)[0]);
      }
      expect((await control(emu, "POST", `/tenants/${key}/assistants/nope`, {})).status).toBe(404);
      expect((await control(emu, "POST", `/tenants/${newKey()}/assistants/${a.id}`, {})).status).toBe(404);
    });

    it("deletes an assistant out of band (its numbers lose it)", async () => {
      const a = await create({ name: "Gone", prompt: "p" });
      const n = (await numbers())[1];
      await api("PATCH", `/phone-numbers/${n.id}`, { body: { inbound_assistant_id: a.id } });
      expect((await control(emu, "DELETE", `/tenants/${key}/assistants/${a.id}`)).json).toEqual({ success: true });
      expect((await api("GET", `/assistants/${a.id}`)).status).toBe(404);
      expect((await numbers())[1].inbound_assistant).toBeNull();
      expect((await control(emu, "DELETE", `/tenants/${key}/assistants/${a.id}`)).status).toBe(404);
    });

    it("adds, edits and removes numbers out of band", async () => {
      const a = await create({ name: "One", prompt: "p" });
      const added = await control(emu, "POST", `/tenants/${key}/phone-numbers`, { phone_number: "+15555550277", label: "Imported", provider: "sip", source: "user_imported" });
      expect(added.status, added.text).toBe(201);
      expect(added.json.phone_number).toMatchObject({ phone_number: "+15555550277", label: "Imported", provider: "sip", source: "user_imported", type: "owned_number", inbound_assistant: null });
      expect(added.json.phone_number.inbound_sip_uri).toMatch(/^sip:/);
      expect((await numbers()).map((n: { phone_number: string }) => n.phone_number)).toEqual([N1, N2, "+15555550277"]);
      expect((await control(emu, "POST", `/tenants/${key}/phone-numbers`, { phone_number: "+15555550277" })).status).toBe(409);
      // another organization may hold the same number
      expect((await control(emu, "POST", `/tenants/${newKey()}/phone-numbers`, { phone_number: "+15555550277" })).status).toBe(201);
      for (const bad of [{ phone_number: "555" }, { phone_number: "+15555550278", type: "mobile" }, { phone_number: "+15555550278", color: "red" }, {}]) {
        expect((await control(emu, "POST", `/tenants/${key}/phone-numbers`, bad)).status, JSON.stringify(bad)).toBe(400);
      }

      // by E.164 (%2B or a literal +) or by id; a verified caller id may take an assistant out of band
      const moved = await control(emu, "PATCH", `/tenants/${key}/phone-numbers/%2B15555550277`, { inbound_assistant_id: a.id, type: "verified_caller_id" });
      expect(moved.status, moved.text).toBe(200);
      expect(moved.json.phone_number.inbound_assistant.id).toBe(a.id);
      expect((await control(emu, "PATCH", `/tenants/${key}/phone-numbers/${added.json.phone_number.id}`, { label: null })).json.phone_number.label).toBeNull();
      expect((await control(emu, "PATCH", `/tenants/${key}/phone-numbers/+15555550277`, { inbound_assistant_id: "nope" })).status).toBe(400);
      expect((await control(emu, "PATCH", `/tenants/${key}/phone-numbers/+15555550277`, { phone_number: "+15555550279" })).status).toBe(400);
      expect((await control(emu, "PATCH", `/tenants/${key}/phone-numbers/+15555550999`, { label: "x" })).status).toBe(404);

      expect((await control(emu, "DELETE", `/tenants/${key}/phone-numbers/+15555550277`)).json).toEqual({ success: true });
      expect((await numbers()).map((n: { phone_number: string }) => n.phone_number)).toEqual([N1, N2]);
      expect((await control(emu, "DELETE", `/tenants/${key}/phone-numbers/+15555550277`)).status).toBe(404);
    });

    it("dumps the state and resets it", async () => {
      await create({ name: "Before", prompt: "p" });
      const state = (await control(emu, "GET", "/state")).json;
      expect(state).toMatchObject({ version: 1, platform: "revox" });
      expect(state.tenants).toHaveLength(1);
      expect(state.tenants[0]).toMatchObject({ api_key: key, assistants: [expect.objectContaining({ name: "Before" })] });
      expect(state.tenants[0].phone_numbers).toHaveLength(2);
      expect((await control(emu, "POST", "/reset")).json).toEqual({ success: true });
      expect((await control(emu, "GET", "/state")).json.tenants).toEqual([]);
      expect((await api("GET", "/assistants")).json.assistants).toEqual([]);
    });
  });

  describe("faults and chaos in Revox's error shape", () => {
    it("sends a one-shot fault's default body as {error}, relative to /api, and a 429 with Retry-After", async () => {
      await control(emu, "POST", "/faults", { path: "/assistants", status: 503 });
      const res = await api("GET", "/assistants");
      expect(res.status).toBe(503);
      expect(res.json).toEqual({ error: "Service Unavailable" });
      expect(res.headers.get("x-ratelimit-limit")).toBeNull(); // no documented limit: no headers
      await control(emu, "POST", "/faults", { path: "/assistants", status: 429, retryAfter: 2 });
      const limited = await api("POST", "/assistants", { body: { name: "n", prompt: "p" } });
      expect(limited.status).toBe(429);
      expect(limited.headers.get("retry-after")).toBe("2");
      expect(limited.json).toEqual({ error: "Too many requests: retry after 2 seconds" });
      expect((await api("GET", "/assistants")).json.assistants).toEqual([]); // the faulted POST created nothing
      // unknown routes are not API requests: no fault is used up on them
      await control(emu, "POST", "/faults", { status: 500 });
      expect((await api("GET", "/nothing")).status).toBe(404);
      expect((await api("GET", "/auth-status")).status).toBe(500);
    });

    it("answers chaos errors and storms with {error}", async () => {
      await control(emu, "PUT", "/chaos", { errorRate: 1 });
      const res = await api("GET", "/assistants");
      expect([500, 502, 503]).toContain(res.status);
      expect(typeof res.json.error).toBe("string");
      await control(emu, "PUT", "/chaos", { rateLimitStormRate: 1, rateLimitStormMs: 1500 });
      const storm = await api("GET", "/assistants");
      expect(storm.status).toBe(429);
      expect(storm.json).toEqual({ error: `Too many requests: retry after ${storm.headers.get("retry-after")} seconds` });
      await control(emu, "DELETE", "/chaos");
      expect((await api("GET", "/assistants")).status).toBe(200);
    });
  });
});

describe("Revox emulator in strict mode", () => {
  let emu: RevoxEmulator;
  let key: string;
  const api = (method: string, route: string, body?: unknown) => send(emu.url, method, route, { key, body });

  beforeAll(async () => {
    emu = await startEmulator({ platform: "revox", strict: true, phoneNumbers: [N1] });
  });
  afterAll(async () => {
    await emu.close();
  });
  beforeEach(() => {
    key = newKey();
  });

  it("rejects unknown keys at every depth, naming removed fields", async () => {
    const removed = await api("POST", "/assistants", { name: "S", prompt: "p", transfer_phone_number: "+15555550999", email_notification_language: "en" });
    expect(errorPaths(removed).sort()).toEqual(["email_notification_language", "transfer_phone_number"]);
    expect(removed.json.details.find((d: { path: string }) => d.path === "transfer_phone_number").message).toMatch(/removed.*transfer_destinations/);
    expectFieldError(await api("POST", "/assistants", { name: "S", prompt: "p", foo: 1 }), "foo");
    expectFieldError(await api("POST", "/assistants", { name: "S", prompt: "p", voice: { id: "v", provider: "cartesia", pitch: 1 } }), "voice.pitch");
    expectFieldError(await api("POST", "/assistants", { name: "S", prompt: "p", faq_items: [{ question: "q", answer: "a", id: "x" }] }), "faq_items.0.id");
    expectFieldError(await api("POST", "/assistants", { name: "S", prompt: "p", llm_model: { type: "openrouter", openrouter_model_id: "m", openrouter_provider: "p", temperature: 1 } }), "llm_model.temperature");
    expectFieldError(await api("POST", "/assistants", { name: "S", prompt: "p", slack: { connection_id: "c", channel_id: "C1", channels: [], outcomes: [] } }), "slack.channel_id");
    expect((await api("GET", "/assistants")).json.assistants).toEqual([]);
    // the full valid body has no unknown key
    const ok = await api("POST", "/assistants", fullBody());
    expect(ok.status, ok.text).toBe(200);
    expectFieldError(await api("PATCH", `/assistants/${ok.json.assistant.id}`, { pending_faq_count: 0 }), "pending_faq_count");
  });

  it("requires call_retry_config's allowed_days and call_twice_in_a_row", async () => {
    const res = await api("POST", "/assistants", { name: "S", prompt: "p", call_retry_config: { calling_windows: [], max_retry_attempts: 1 } });
    expect(errorPaths(res).sort()).toEqual(["call_retry_config.allowed_days", "call_retry_config.call_twice_in_a_row"]);
  });

  it("rejects unknown keys of a number PATCH", async () => {
    const n = (await send(emu.url, "GET", "/phone-numbers", { key })).json.phone_numbers[0];
    expectFieldError(await api("PATCH", `/phone-numbers/${n.id}`, { label: "x", provider: "sip" }), "provider");
    expect((await api("PATCH", `/phone-numbers/${n.id}`, { label: "x" })).json.phone_number.label).toBe("x");
  });
});

describe("Revox emulator rate limiting when enforced", () => {
  it("answers 429 with {error} and Retry-After, and sends X-RateLimit-* only while a limit is enforced", async () => {
    const emu = await startEmulator({ platform: "revox", requestsPerMinute: 2, rateLimitWindowMs: 60_000 });
    try {
      const key = newKey();
      expect((await send(emu.url, "GET", "/assistants", { key })).headers.get("x-ratelimit-remaining")).toBe("1");
      expect((await send(emu.url, "GET", "/assistants", { key })).status).toBe(200);
      const limited = await send(emu.url, "GET", "/assistants", { key });
      expect(limited.status).toBe(429);
      const retryAfter = limited.headers.get("retry-after");
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      expect(limited.json).toEqual({ error: `Too many requests: retry after ${retryAfter} seconds` });
      expect((await send(emu.url, "GET", "/assistants", { key: newKey() })).status).toBe(200); // per key
    } finally {
      await emu.close();
    }
  });
});

describe("Revox emulator persistence and seeding", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "revox-emulator-"));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("sees the assistants and numbers of a previous run through the state file", async () => {
    const stateFile = path.join(dir, "state.json");
    const key = newKey();
    const first = await startEmulator({ platform: "revox", stateFile, phoneNumbers: { [key]: [N1] } });
    let created: Record<string, unknown> & { id: string };
    try {
      created = (await send(first.url, "POST", "/assistants", { key, body: fullBody() })).json.assistant;
      const n = (await send(first.url, "GET", "/phone-numbers", { key })).json.phone_numbers[0];
      await send(first.url, "PATCH", `/phone-numbers/${n.id}`, { key, body: { inbound_assistant_id: created.id } });
      created = (await send(first.url, "GET", `/assistants/${created.id}`, { key })).json;
    } finally {
      await first.close();
    }
    expect(fs.readdirSync(dir)).toEqual(["state.json"]);
    expect(JSON.parse(fs.readFileSync(stateFile, "utf8"))).toMatchObject({ version: 1, platform: "revox" });

    const second = await startEmulator({ platform: "revox", stateFile, phoneNumbers: { [key]: [N1] } });
    try {
      const reloaded = (await send(second.url, "GET", `/assistants/${created.id}`, { key })).json;
      expect(reloaded).toEqual(created);
      expect(Object.keys(reloaded)).toEqual(Object.keys(created));
      const numbers = (await send(second.url, "GET", "/phone-numbers", { key })).json.phone_numbers;
      expect(numbers).toHaveLength(1); // not seeded twice
      expect(numbers[0].inbound_assistant.id).toBe(created.id);
    } finally {
      await second.close();
    }
    const burkiState = path.join(dir, "burki.json");
    fs.writeFileSync(burkiState, JSON.stringify({ version: 1, platform: "burki", serials: {}, organizations: [], assistants: [], phone_numbers: [] }));
    await expect(startEmulator({ platform: "revox", stateFile: burkiState })).rejects.toThrow(/not a Revox emulator state file/);
  });

  it("seeds per key from the start, and none by default", async () => {
    const key = newKey();
    const emu = await startEmulator({ platform: "revox", phoneNumbers: { [key]: ["+15555550250"] } });
    try {
      expect((await control(emu, "GET", "/state")).json.tenants.map((t: { api_key: string }) => t.api_key)).toEqual([key]);
      expect((await send(emu.url, "GET", "/phone-numbers", { key })).json.phone_numbers.map((n: { phone_number: string }) => n.phone_number)).toEqual(["+15555550250"]);
      expect((await send(emu.url, "GET", "/phone-numbers", { key: newKey() })).json.phone_numbers).toEqual([]);
    } finally {
      await emu.close();
    }
    await expect(startEmulator({ platform: "revox", phoneNumbers: ["5555"] })).rejects.toThrow(/E\.164/);
  });
});

describe("emulator command line --platform revox", () => {
  it("seeds two numbers, is lenient unless --strict, and checks its flags", () => {
    expect(parseCommandLine(["--platform", "revox"])).toMatchObject({ platform: "revox", phoneNumbers: [N1, N2], strict: false });
    expect(parseCommandLine(["--platform", "revox", "--strict", "--phone-number", "+15555550123"])).toMatchObject({ phoneNumbers: ["+15555550123"], strict: true });
    expect(parseCommandLine(["--platform", "burki"])).not.toHaveProperty("strict");
    expect(() => parseCommandLine(["--strict"])).toThrow(/--strict is only for --platform revox/);
    expect(() => parseCommandLine(["--platform", "revox", "--phone-number", "555"])).toThrow(/--phone-number/);
  });
});
