// The Revox provider's hooks (check, diff, create, read, update, delete of revox.Assistant and
// revox.PhoneNumber), called directly as test/provider.test.ts does for HMS, over real HTTP (no Pulumi
// engine) to a strict Revox emulator (an unknown or removed request key is a 400), through a recording
// proxy so the tests see the bodies the provider really sent.
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../emulator/server";
import type { RevoxStore } from "../emulator/revox/store";
import { isPlainObject } from "../provider/canonical";
import { resolvePlatformConfig } from "../provider/config";
import { forgetRun } from "../provider/lifecycle";
import { provider as assistants } from "../provider/revox/assistant";
import { provider as numbers } from "../provider/revox/phone-number";
import { revoxPlatform } from "../provider/revox/platform";
import { recordingProxy, type BurkiTarget, type RecordingProxy } from "./burki-targets";

const KEY = "sk_test_revox_provider";
const N1 = "+15555550300";
const N2 = "+15555550301";
const N3 = "+15555550302";

/** A value as the provider marks it secret in its outputs (Pulumi's wire form). */
const secret = (value: unknown) => ({ [specialSigKey]: specialSecretSig, value });

/** `value` with Pulumi's secret wrappers removed, as the engine hands stored outputs back to the provider. */
function plain<T>(value: T): T {
  if (Array.isArray(value)) return value.map(plain) as T;
  if (!isPlainObject(value)) return value;
  if (value[specialSigKey] === specialSecretSig) return plain(value.value) as T;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)])) as T;
}

const VOICE = { provider: "cartesia", id: "a0e99841-438c-4a64-b679-ae501e7d6091", model: "sonic-3", speed: 1.1 };
const RETRY = {
  allowedDays: ["monday", "wednesday"],
  callTwiceInARow: true,
  callingWindows: [{ callingWindowStartTime: "09:00", callingWindowEndTime: "6pm", retryDelaySeconds: 600 }],
  maxRetryAttempts: 2,
  timezone: "Europe/Paris",
};
const FAQ = [
  { question: "Where are you?", answer: "Paris." },
  { question: "When are you open?", answer: "Weekdays." },
];
const TOOL = {
  name: "check_slots",
  description: "Free slots of a day.",
  url: "https://calendar.example/slots?date={{date}}",
  method: "GET",
  headers: [{ key: "Authorization", value: "Bearer tool-secret-1" }],
  queryParams: [{ key: "api_key", value: "query-secret-1" }],
  bodyTemplate: null,
  inputSchema: [{ name: "date", type: "date", required: true }],
};

describe("Revox provider", () => {
  let emulator: Emulator<RevoxStore>;
  let proxy: RecordingProxy;
  let serial = 0;
  const name = (label: string) => `revox-provider-${label}-${++serial}`;

  /** The requests the provider sent from now on, with their bodies. */
  const record = () => {
    const start = proxy.requests.length;
    return () => proxy.requests.slice(start);
  };
  const api = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${emulator.url}${route}`, {
      method,
      headers: { authorization: `Bearer ${KEY}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const live = async (id: string) => (await api("GET", `/assistants/${id}`)).body;
  const numberOf = async (e164: string) => ((await api("GET", "/phone-numbers")).body.phone_numbers as any[]).find((n) => n.phone_number === e164);
  const control = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${emulator.origin}/__control/tenants/${KEY}${route}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    return res.json() as Promise<any>;
  };
  /** Check, then create, as the engine does. */
  async function create(inputs: Record<string, unknown>) {
    const checked = await assistants.check!({}, inputs);
    expect(checked.failures).toEqual([]);
    const made = await assistants.create(checked.inputs);
    return { id: made.id, outs: made.outs as Record<string, any>, inputs: checked.inputs };
  }

  beforeAll(async () => {
    emulator = (await startEmulator({ platform: "revox", strict: true, apiKeys: [KEY], phoneNumbers: [N1, N2, N3] })) as Emulator<RevoxStore>;
    proxy = await recordingProxy({ url: emulator.origin } as BurkiTarget);
    process.env.REVOX_BASE_URL = `${proxy.url}/api`;
    process.env.REVOX_API_KEY = KEY;
  });
  beforeEach(() => forgetRun());
  afterAll(async () => {
    delete process.env.REVOX_BASE_URL;
    delete process.env.REVOX_API_KEY;
    await proxy?.close();
    await emulator?.close();
  });

  describe("configuration", () => {
    it("reads Revox's own SDK environment names, defaults to the hosted API, and leaves REVOX_LOG (the SDKs' log level) alone", () => {
      expect(resolvePlatformConfig(revoxPlatform, { REVOX_API_KEY: "sk_a", REVOX_BASE_URL: "http://127.0.0.1:1/api" })).toMatchObject({ apiKey: "sk_a", baseUrl: "http://127.0.0.1:1/api" });
      expect(resolvePlatformConfig(revoxPlatform, { REVOX_API_KEY: "sk_a" }).baseUrl).toBe("https://www.getrevox.com/api");
      expect(resolvePlatformConfig(revoxPlatform, { REVOX_API_KEY: "sk_a", REVOX_LOG: "info" }).log).toBeUndefined();
      expect(resolvePlatformConfig(revoxPlatform, { REVOX_API_KEY: "sk_a", REVOX_PULUMI_LOG: "debug" }).log).toBe("debug");
    });
  });

  describe("check", () => {
    it("names the property and the rule, before any request", async () => {
      const sent = record();
      const failures = async (inputs: Record<string, unknown>, olds: Record<string, unknown> = {}) =>
        ((await assistants.check!(olds, inputs)).failures ?? []).map((f) => f.reason);
      expect(await failures({ name: "x" })).toEqual(["prompt: is required"]);
      expect(await failures({ prompt: "p", voice: { ...VOICE, speed: 2 } })).toEqual(["voice.speed: must be between 0.6 and 1.5"]);
      expect(await failures({ prompt: "p", voice: { provider: "elevenlabs", id: "v", speed: 1.3 } })).toEqual(["voice.speed: must be between 0.7 and 1.2 for an ElevenLabs voice"]);
      expect(await failures({ prompt: "p", llmModel: { type: "custom", apiUrl: "https://llm.example/v1", modelName: "m" } })).toEqual(["llmModel.apiKey: is required"]);
      expect((await failures({ prompt: "p", llmModel: { type: "gpt" } }))[0]).toMatch(/^llmModel.type: /);
      expect(await failures({ prompt: "p", callRetryConfig: { ...RETRY, allowedDays: ["mon"] } })).toEqual([
        "callRetryConfig.allowedDays[0]: must be one of monday, tuesday, wednesday, thursday, friday, saturday, sunday",
      ]);
      expect(await failures({ prompt: "p", callRetryConfig: { ...RETRY, timezone: "Mars/Olympus" } })).toEqual(["callRetryConfig.timezone: must be an IANA timezone such as Europe/Paris"]);
      expect(await failures({ prompt: "p", customTools: [TOOL, TOOL] })).toEqual(['customTools[1]: repeats the tool name "check_slots"']);
      expect(await failures({ prompt: "p", firstSentenceMode: "static" })).toEqual(["firstSentence: is required with firstSentenceMode static (it is spoken verbatim)"]);
      expect(await failures({ prompt: "p", transferPhoneNumber: "+15555550100" })).toEqual([
        "transferPhoneNumber: is not a property of Assistant; for an API field this package does not model yet, use additionalFields",
      ]);
      expect(sent()).toEqual([]);
    });

    it("refuses removing a field the API cannot clear, and accepts removing one it can (null) or one with a default", async () => {
      const olds = { prompt: "p", webhookUrl: "https://hooks.example/revox", voicemailMessage: "Call back.", firstSentenceDelayMs: 100, faqItems: FAQ };
      const { failures } = await assistants.check!(olds, { prompt: "p" });
      expect(failures?.map((f) => f.reason)).toEqual([expect.stringMatching(/^webhookUrl: cannot be removed: the Revox API cannot clear it once set/)]);
      const { failures: none } = await assistants.check!(olds, { prompt: "p", webhookUrl: "https://hooks.example/revox" });
      expect(none).toEqual([]);
    });
  });

  describe("revox.Assistant", () => {
    it("creates with the camelCase fields on the wire in snake_case, marks every secret at its own path, and reads back without drift", async () => {
      const sent = record();
      const { id, outs, inputs } = await create({
        name: name("full"),
        prompt: "You book appointments.",
        voice: VOICE,
        llmModel: { type: "custom", apiUrl: "https://llm.example/v1", modelName: "m-1", apiKey: "llm-secret-1" },
        callRetryConfig: RETRY,
        faqItems: FAQ,
        customTools: [TOOL],
        calendly: { connectionId: "nango-secret-1", eventTypeId: "https://api.calendly.com/event_types/1" },
        sttContext: { general: [{ key: "domain", value: "dentistry" }], terms: ["Acme"] },
      });
      const post = sent().find((r) => r.method === "POST")!;
      expect(post.path).toBe("/api/assistants");
      expect(post.body).toMatchObject({
        llm_model: { type: "custom", api_url: "https://llm.example/v1", model_name: "m-1", api_key: "llm-secret-1" },
        call_retry_config: { allowed_days: ["monday", "wednesday"], call_twice_in_a_row: true, max_retry_attempts: 2 },
        custom_tools: [{ query_params: [{ key: "api_key", value: "query-secret-1" }], body_template: null, input_schema: [{ name: "date" }] }],
      });
      expect(outs.llmModel.apiKey).toEqual(secret("llm-secret-1"));
      expect(outs.llmModel.modelName).toBe("m-1");
      expect(outs.customTools[0].headers[0]).toEqual({ key: "Authorization", value: secret("Bearer tool-secret-1") });
      expect(outs.customTools[0].queryParams[0].value).toEqual(secret("query-secret-1"));
      expect(outs.calendly.connectionId).toEqual(secret("nango-secret-1"));
      expect(outs.calendly.eventTypeId).toBe("https://api.calendly.com/event_types/1");

      const read = await assistants.read!(id, { ...plain(outs), __provider: "p" });
      expect(plain(read.props)).toEqual(plain(outs));
      const diff = await assistants.diff!(id, plain(read.props!), inputs);
      expect(diff.changes).toBe(false);
      await assistants.delete!(id, outs);
    });

    it("does not report what the platform itself adds (AI FAQ items, prompt-derived speech context) as drift, but does report a human's FAQ edit", async () => {
      const { id, outs } = await create({ name: name("drift"), prompt: "p", faqItems: FAQ, sttContext: { general: [], terms: ["Acme"] } });
      const stored = await live(id);
      await control("POST", `/assistants/${id}`, {
        faq_items: [...stored.faq_items, { question: "Parking?", answer: "Yes.", source: "ai", needs_human_answer: true }],
        stt_context: { general: [{ key: "topic", value: "dental care" }], terms: ["Acme", "molar"] },
      });
      const read = await assistants.read!(id, { ...plain(outs) });
      expect(plain(read.props)).toEqual(plain(outs));

      await control("POST", `/assistants/${id}`, { faq_items: [{ question: "Where are you?", answer: "Lyon." }] });
      forgetRun(); // the next refresh is a run of its own (a run reads from one listing)
      const edited = await assistants.read!(id, { ...plain(outs) });
      expect((edited.props as any).faqItems).toEqual([{ question: "Where are you?", answer: "Lyon." }]);
      await assistants.delete!(id, outs);
    });

    it("updates with a partial PATCH: a changed nested object whole, a removed nullable field as null, a removed FAQ list as []", async () => {
      const { id, outs, inputs } = await create({ name: name("patch"), prompt: "p", voice: VOICE, voicemailMessage: "Call back.", faqItems: FAQ, callRetryConfig: RETRY });
      const before = await live(id);
      const news = { ...inputs, voice: { ...VOICE, speed: 1.3 } };
      delete (news as any).voicemailMessage;
      delete (news as any).faqItems;
      const checked = await assistants.check!(plain(outs), news);
      expect(checked.failures).toEqual([]);
      const diff = await assistants.diff!(id, plain(outs), checked.inputs);
      expect(diff).toMatchObject({ changes: true, replaces: [] });
      const sent = record();
      const updated = await assistants.update!(id, plain(outs), checked.inputs);
      const patch = sent().find((r) => r.method === "PATCH")!;
      expect(patch.path).toBe(`/api/assistants/${id}`);
      expect(patch.body).toEqual({ voice: { ...VOICE, speed: 1.3 }, voicemail_message: null, faq_items: [] });
      const after = await live(id);
      expect(after.voice).toEqual({ ...before.voice, speed: 1.3 });
      expect(after.voicemail_message).toBeNull();
      expect(after.faq_items).toEqual([]);
      expect(after.call_retry_config).toEqual(before.call_retry_config);
      expect(after.id).toBe(id);
      expect(updated.outs).not.toHaveProperty("voicemailMessage");
      await assistants.delete!(id, outs);
    });

    it("after a POST whose connection dropped, looks the assistant up before sending it again (Revox has no idempotency key)", async () => {
      // The SDK's auto-name shape (`<resource>-<7 hex>`) is what marks an object as this resource's.
      const autoName = `${name("crash")}-1a2b3c4`;
      const res = await fetch(`${emulator.origin}/__control/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ method: "POST", path: "/assistants", drop: true }),
      });
      expect(res.status).toBe(201);
      const start = emulator.requests.length;
      const { id, outs } = await create({ name: autoName, prompt: "p", __autoNamed: true });
      expect(emulator.requests.slice(start).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
        "GET /api/assistants 200",
        "POST /api/assistants 0",
        "GET /api/assistants 200",
        "POST /api/assistants 200",
      ]);
      const all = (await api("GET", "/assistants")).body.assistants.filter((a: any) => a.name === autoName);
      expect(all.map((a: any) => a.id)).toEqual([id]);
      await assistants.delete!(id, outs);
    });

    it("Assistant.get reads every live field, secrets marked", async () => {
      const { id, outs } = await create({ name: name("get"), prompt: "p", llmModel: { type: "custom", apiUrl: "https://llm.example/v1", modelName: "m", apiKey: "llm-secret-2" } });
      const read = await assistants.read!(id, {});
      const props = read.props as any;
      expect(props.llmModel.apiKey).toEqual(secret("llm-secret-2"));
      expect(props).toMatchObject({ prompt: "p", firstSentenceDelayMs: 400, type: "standalone" });
      expect(props).not.toHaveProperty("organizationId");
      await assistants.delete!(id, outs);
    });

    it("a refresh reads from one listing; a sub-assistant (which the listing hides) and one deleted outside Pulumi are asked for with a GET", async () => {
      const main = await create({ name: name("listed"), prompt: "p" });
      const sub = await create({ name: name("sub"), prompt: "step", type: "sub-assistant" });
      const gone = await create({ name: name("listed-gone"), prompt: "p" });
      expect((await api("DELETE", `/assistants/${gone.id}`)).status).toBe(200);
      forgetRun(); // the refresh is a run of its own
      const sent = record();
      const [a, b, c] = await Promise.all([main, sub, gone].map(({ id, outs }) => assistants.read!(id, plain(outs))));
      expect(a.props).toEqual(plain(main.outs));
      expect(b.props).toEqual(plain(sub.outs));
      expect(c).toEqual({});
      expect(sent().map((r) => `${r.method} ${r.path} ${r.status}`).sort()).toEqual(
        ["GET /api/assistants 200", `GET /api/assistants/${sub.id} 200`, `GET /api/assistants/${gone.id} 404`].sort(),
      );
      await assistants.delete!(main.id, main.outs);
      await assistants.delete!(sub.id, sub.outs);
    });

    it("reads an assistant deleted outside Pulumi as gone", async () => {
      const { id, outs } = await create({ name: name("gone"), prompt: "p" });
      expect((await api("DELETE", `/assistants/${id}`)).status).toBe(200);
      expect(await assistants.read!(id, plain(outs))).toEqual({});
    });
  });

  describe("revox.PhoneNumber", () => {
    it("routes a number of the account, refreshes honestly, reroutes in place, and unroutes on delete without ever sending DELETE", async () => {
      const a = await create({ name: name("line-a"), prompt: "p" });
      const b = await create({ name: name("line-b"), prompt: "p" });
      const sent = record();
      const checked = await numbers.check!({}, { phoneNumber: N1, assistantId: a.id, label: "Main line" });
      expect(checked.failures).toEqual([]);
      const made = await numbers.create(checked.inputs);
      const n1 = await numberOf(N1);
      expect(made.id).toBe(n1.id);
      expect(n1.inbound_assistant.id).toBe(a.id);
      expect(n1.label).toBe("Main line");
      expect(made.outs).toEqual({ phoneNumber: N1, assistantId: a.id, label: "Main line" });

      // Refresh: unchanged, then unrouted in the dashboard (a diff), then the number released (gone).
      expect((await numbers.read!(made.id, made.outs)).props).toEqual(made.outs);
      await api("PATCH", `/phone-numbers/${n1.id}`, { inbound_assistant_id: null });
      forgetRun(); // the next refresh is a run of its own (a run reads from one listing)
      expect((await numbers.read!(made.id, made.outs)).props).toEqual({ ...made.outs, assistantId: null });
      expect((await numbers.diff!(made.id, { ...made.outs, assistantId: null }, checked.inputs)).changes).toBe(true);

      // Reassigned: an update, the number keeps its id.
      const news = { phoneNumber: N1, assistantId: b.id, label: "Main line" };
      expect(await numbers.diff!(made.id, made.outs, news)).toMatchObject({ changes: true, replaces: [] });
      const updated = await numbers.update!(made.id, made.outs, news);
      expect((await numberOf(N1)).inbound_assistant.id).toBe(b.id);
      expect(updated.outs).toEqual(news);
      expect((await numbers.diff!(made.id, made.outs, { ...news, phoneNumber: N2 })).replaces).toEqual(["phoneNumber"]);

      await numbers.delete!(made.id, updated.outs!);
      const after = await numberOf(N1);
      expect(after.inbound_assistant).toBeNull();
      expect(after.label).toBe("Main line");
      expect(sent().filter((r) => r.method === "DELETE")).toEqual([]);
      expect(sent().filter((r) => r.method === "PATCH").map((r) => r.body)).toEqual([
        { inbound_assistant_id: a.id, label: "Main line" },
        { inbound_assistant_id: b.id, label: "Main line" },
        { inbound_assistant_id: null },
      ]);
      await assistants.delete!(a.id, a.outs);
      await assistants.delete!(b.id, b.outs);
    });

    it("refuses a number routed to an assistant it did not route it to, and a number not in the account, changing nothing", async () => {
      const mine = await create({ name: name("mine"), prompt: "p" });
      const other = (await api("POST", "/assistants", { name: name("someone-else"), prompt: "p" })).body.assistant;
      const n2 = await numberOf(N2);
      await api("PATCH", `/phone-numbers/${n2.id}`, { inbound_assistant_id: other.id });
      const sent = record();
      await expect(numbers.create({ phoneNumber: N2, assistantId: mine.id })).rejects.toThrow(`PhoneNumber ${N2} is routed to Revox assistant ${other.id} ("${other.name}")`);
      await expect(numbers.create({ phoneNumber: "+15555550399", assistantId: mine.id })).rejects.toThrow("+15555550399 is not a number of this Revox account");
      expect(sent().map((r) => r.method)).toEqual(["GET", "GET"]);
      expect((await numberOf(N2)).inbound_assistant.id).toBe(other.id);

      // Routed to someone else after this resource routed it: delete leaves it there.
      const n3 = await numberOf(N3);
      const made = await numbers.create({ phoneNumber: N3, assistantId: mine.id });
      await api("PATCH", `/phone-numbers/${n3.id}`, { inbound_assistant_id: other.id });
      await numbers.delete!(made.id, made.outs);
      expect((await numberOf(N3)).inbound_assistant.id).toBe(other.id);

      await api("PATCH", `/phone-numbers/${n2.id}`, { inbound_assistant_id: null });
      await api("PATCH", `/phone-numbers/${n3.id}`, { inbound_assistant_id: null });
      await api("DELETE", `/assistants/${other.id}`);
      await assistants.delete!(mine.id, mine.outs);
    });

    it("check names an unknown property without pointing at an escape hatch it does not have", async () => {
      const { failures } = await numbers.check!({}, { phoneNumber: N1, assistantId: "a", additionalFields: { x: 1 } });
      expect(failures?.map((f) => f.reason)).toEqual(["additionalFields: is not a property of PhoneNumber"]);
    });

    it("PhoneNumber.get reads a number by its id alone", async () => {
      const n3 = await numberOf(N3);
      await api("PATCH", `/phone-numbers/${n3.id}`, { label: "Reception" });
      const read = await numbers.read!(n3.id, {});
      expect(read).toMatchObject({ id: n3.id, props: { phoneNumber: N3, assistantId: null, label: "Reception" } });
    });
  });
});
