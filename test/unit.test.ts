import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { changedKeys, deepMerge, projectOnto, prune, UNKNOWN } from "../provider/canonical";
import { fromWire, toCamel, toSnake, toWire } from "../provider/casing";
import { HmsApiError, HmsConfigError, HmsConnectionError, HmsServerError, HmsTimeoutError, hmsErrorFrom } from "../provider/hms/errors";
import { VoiceAiError } from "../provider/errors";
import { describeUnexpectedBody, DEFAULT_SECRET_FIELDS, redactBody, redactJson, redactText } from "../provider/redact";
import { assistantSchema, provider as assistantProvider } from "../provider/hms/assistant";
import { provider as numberProvider } from "../provider/hms/phone-number";
import { provider as trunkProvider } from "../provider/hms/sip-trunk";
import { delegate } from "../sdk/delegate";

const prompt = { role: "system", content: "Je bent een assistent." } as const;
const valid = {
  name: "support",
  sttConfig: { provider: "deepgram", model: "nova-3-general", language: "nl", keyterms: ["ja"] },
  llmConfig: { provider: "openai", model: "gpt-4o-mini", temperature: 0.7, messages: [prompt] },
  ttsConfig: { provider: "elevenlabs", voiceId: "21m00Tcm4TlvDq8ikWAM", stability: 0.5 },
};

describe("casing", () => {
  it("maps nested camelCase to snake_case and back", () => {
    const camel = { maxDurationSeconds: 600, ttsConfig: { voiceId: "x", useSpeakerBoost: true }, webhookEvents: ["tool-calls"] };
    const snake = toSnake(camel);
    expect(snake).toEqual({ max_duration_seconds: 600, tts_config: { voice_id: "x", use_speaker_boost: true }, webhook_events: ["tool-calls"] });
    expect(toCamel(snake)).toEqual(camel);
  });

  it("keeps the keys of user JSON Schemas as written (the schema's verbatim rule), both ways", () => {
    const plan = { analysisPlan: { structuredDataPlan: { enabled: true, schema: { properties: { customerName: { type: "string" } } } } } };
    const wire = { analysis_plan: { structured_data_plan: { enabled: true, schema: { properties: { customerName: { type: "string" } } } } } };
    expect(toWire(assistantSchema, plan)).toEqual(wire);
    expect(fromWire(assistantSchema, wire)).toEqual(plan);
    // Without the schema's rules every key is converted.
    expect(toSnake(plan)).not.toEqual(wire);
  });
});

describe("canonical form", () => {
  it("sees live objects through the declared shape, ignoring server-added fields", () => {
    const declared = { provider: "deepgram", model: "nova-3" };
    expect(projectOnto(declared, { provider: "deepgram", model: "nova-3", smart_format: true })).toEqual(declared);
  });

  it("reports changed, removed and unknown properties, not omitted ones", () => {
    const stored = { name: "a", firstMessage: "hi", isActive: true };
    expect(changedKeys(stored, { name: "a", firstMessage: "hi", isActive: true })).toEqual([]);
    expect(changedKeys(stored, { name: "b", firstMessage: "hi", isActive: true })).toEqual(["name"]);
    expect(changedKeys(stored, { name: "a", isActive: true })).toEqual(["firstMessage"]);
    expect(changedKeys(stored, { name: UNKNOWN, firstMessage: "hi", isActive: true })).toEqual(["name"]);
    // A key removed inside a declared object (a tool, a keyterm list) is a change too.
    const withTools = { llmConfig: { model: "m", tools: [{ type: "end_call" }] } };
    expect(changedKeys(withTools, { llmConfig: { model: "m" } })).toEqual(["llmConfig"]);
    expect(changedKeys({ llmConfig: { model: "m", provider: "openai" } }, { llmConfig: { provider: "openai", model: "m" } })).toEqual([]);
  });

  it("merges the escape hatch into the wire body, object by object", () => {
    const wire = { tts_config: { provider: "elevenlabs", voice_id: "x" }, name: "a" };
    expect(deepMerge(wire, { tts_config: { new_option: 3 }, brand_new: true })).toEqual({
      tts_config: { provider: "elevenlabs", voice_id: "x", new_option: 3 },
      name: "a",
      brand_new: true,
    });
  });

  it("drops undefined members deeply", () => {
    expect(prune({ a: undefined, b: { c: undefined, d: 1 } })).toEqual({ b: { d: 1 } });
  });
});

/**
 * A check failure as the engine prints it: the property path leads the reason (`property` stays
 * empty, so the engine prints no value, which could be a secret).
 */
const failure = (path: string, rule: string) => ({ property: "", reason: expect.stringMatching(new RegExp(`^${path.replace(/[.[\]]/g, "\\$&")}: .*${rule.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`)) });

describe("check", () => {
  it("accepts a valid assistant and returns pruned inputs", async () => {
    const result = await assistantProvider.check!({}, { ...valid, firstMessage: undefined });
    expect(result.failures).toEqual([]);
    expect(result.inputs).not.toHaveProperty("firstMessage");
  });

  it.each([
    [{ llmConfig: { ...valid.llmConfig, temperature: 2.5 } }, "llmConfig.temperature", "between 0 and 2"],
    [{ ttsConfig: { ...valid.ttsConfig, stability: 1.2 } }, "ttsConfig.stability", "between 0 and 1"],
    [{ maxDurationSeconds: 1.5 }, "maxDurationSeconds", "whole number"],
    [{ webhookUrl: "ftp://example.com" }, "webhookUrl", "http(s) URL"],
    [{ notificationEmail: "not-an-email" }, "notificationEmail", "email"],
    [{ llmConfig: { ...valid.llmConfig, messages: [{ role: "robot", content: "x" }] } }, "llmConfig.messages[0].role", "must be one of system, user, assistant"],
    [{ llmConfig: { provider: "xai_realtime", model: "grok", voice: "ara" } }, "ttsConfig", "speech-to-speech"],
  ])("names the property and the rule: %j", async (patch, property, reason) => {
    const result = await assistantProvider.check!({}, { ...valid, ...patch });
    expect(result.failures).toEqual([failure(property, reason)]);
  });

  const fnTool = { type: "function", function: { name: "lookup_customer", parameters: { type: "object" } }, server: { url: "https://t.example.com", secret: "s" } };
  it.each([
    [{ llmConfig: { ...valid.llmConfig, tools: [{ ...fnTool, function: { name: "look up" } }] } }, "llmConfig.tools[0].function.name", "[A-Za-z_]"],
    [{ llmConfig: { ...valid.llmConfig, tools: [{ name: "x".repeat(65), description: "d" }] } }, "llmConfig.tools[0].name", "64"],
    [{ llmConfig: { ...valid.llmConfig, tools: [{ name: "lookup" }] } }, "llmConfig.tools[0].description", "is required"],
    [{ llmConfig: { ...valid.llmConfig, tools: [{ type: "hangup" }] } }, "llmConfig.tools[0].type", "transfer_call"],
    [{ llmConfig: { ...valid.llmConfig, tools: [{ type: "transfer_call", destinations: [{ type: "number", number: "0612345678" }] }] } }, "llmConfig.tools[0].destinations[0].number", "E.164"],
    [{ llmConfig: { ...valid.llmConfig, tools: [{ ...fnTool, server: { url: "not a url" } }] } }, "llmConfig.tools[0].server.url", "http(s)"],
    [{ notificationEmails: ["a@x.nl", "b@x.nl", "c@x.nl", "d@x.nl", "e@x.nl", "f@x.nl"] }, "notificationEmails", "at most 5"],
    [{ sttConfig: { ...valid.sttConfig, language: "klingon" } }, "sttConfig.language", "one of"],
  ])("validates tools and lists: %j", async (patch, property, reason) => {
    const result = await assistantProvider.check!({}, { ...valid, ...patch });
    expect(result.failures).toEqual([failure(property, reason)]);
  });

  it("accepts both tool formats and the built-in tools", async () => {
    const tools = [
      { name: "book", description: "Book an appointment", parameters: { type: "object", properties: { dateTime: { type: "string" } } }, async: true, asyncResponse: "Done" },
      fnTool,
      { type: "transfer_call", destinations: [{ type: "number", number: "+31201234567", message: "Ik verbind u door." }] },
      { type: "end_call" },
    ];
    const result = await assistantProvider.check!({}, { ...valid, llmConfig: { ...valid.llmConfig, tools } });
    expect(result.failures).toEqual([]);
  });

  it("rejects an unknown property, naming it and pointing at additionalFields", async () => {
    const result = await assistantProvider.check!({}, { ...valid, llmConfig: { ...valid.llmConfig, temprature: 0.5 } });
    expect(result.failures).toEqual([failure("llmConfig.temprature", "additionalFields")]);
    const hatch = await assistantProvider.check!({}, { ...valid, additionalFields: { llm_config: { temprature: 0.5 } } });
    expect(hatch.failures).toEqual([]);
  });

  it("says a missing required field is required, and names wrong types plainly", async () => {
    const missing = await assistantProvider.check!({}, { ...valid, sttConfig: { provider: "deepgram", language: "nl" } });
    expect(missing.failures).toEqual([failure("sttConfig.model", "is required")]);
    const wrong = await assistantProvider.check!({}, { ...valid, isActive: "yes" });
    expect(wrong.failures).toEqual([failure("isActive", "must be true or false")]);
  });

  it("rejects snake_case keys in speechConfig and an escape hatch that fights a modelled property", async () => {
    const snake = await assistantProvider.check!({}, { ...valid, speechConfig: { turnTaking: { min_words: 2 } } });
    expect(snake.failures).toEqual([failure("speechConfig.turnTaking.min_words", "camelCase (minWords)")]);
    const clash = await assistantProvider.check!({}, { ...valid, additionalFields: { tts_config: { voice_id: "other", new_knob: 1 } } });
    expect(clash.failures).toEqual([failure("additionalFields.tts_config.voice_id", "declare it in one place")]);
  });

  it("accepts unknown model names", async () => {
    const result = await assistantProvider.check!({}, { ...valid, llmConfig: { ...valid.llmConfig, model: "gpt-9-future" } });
    expect(result.failures).toEqual([]);
  });

  it("requires an E.164 phone number but accepts an assistant id unknown during preview", async () => {
    const bad = await numberProvider.check!({}, { phoneNumber: "0850835037" });
    expect(bad.failures).toEqual([failure("phoneNumber", "E.164")]);
    const preview = await numberProvider.check!({}, { phoneNumber: "+31850835037", assistantId: UNKNOWN });
    expect(preview.failures).toEqual([]);
  });
});

describe("diff", () => {
  it("updates a phone number in place unless the number itself changes, which replaces it delete-first", async () => {
    const olds = { phoneNumber: "+31850835037", assistantId: "a" };
    expect(await numberProvider.diff!("id", olds, { ...olds, assistantId: "b" })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await numberProvider.diff!("id", olds, { ...olds, phoneNumber: "+31850835038" })).toEqual({
      changes: true,
      replaces: ["phoneNumber"],
      deleteBeforeReplace: true,
    });
  });

  it("replaces a SIP trunk on any change (no PATCH in the API), create-first", async () => {
    const olds = { name: "pbx", host: "pbx.example.com", port: 5060 };
    expect(await trunkProvider.diff!("id", olds, { ...olds, port: 5061 })).toEqual({ changes: true, replaces: ["port"], deleteBeforeReplace: false });
    expect(await trunkProvider.diff!("id", olds, olds)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("ignores adoptId once the resource is in the state", async () => {
    const olds = { phoneNumber: "+31850835037", adoptId: "n-1" };
    expect(await numberProvider.diff!("n-1", olds, { phoneNumber: "+31850835037" })).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("never replaces an assistant", async () => {
    const result = await assistantProvider.diff!("id", valid, { ...valid, name: "renamed", llmConfig: { ...valid.llmConfig, model: "x" } });
    expect(result).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });
});

describe("errors", () => {
  it("reads the nested, flat and rate-limit error shapes", () => {
    const nested = hmsErrorFrom(400, { error: { code: "invalid_request", message: "bad", param: "llm_config.temperature" } }, "POST /assistants");
    expect(nested).toMatchObject({ status: 400, code: "invalid_request", param: "llm_config.temperature" });
    expect(nested.message).toContain("llm_config.temperature");
    const flat = hmsErrorFrom(401, { error: "Unauthorized", message: "Invalid or missing API key" }, "GET /assistants");
    expect(flat).toMatchObject({ status: 401, code: "Unauthorized" });
    expect(flat.message).toContain("Invalid or missing API key");
  });

  it("has one root, VoiceAiError, for API, connection, timeout and configuration errors", () => {
    const api = hmsErrorFrom(503, { error: "unavailable" }, "GET /assistants");
    const connection = new HmsConnectionError({ request: "GET /assistants", message: "reset", code: "ECONNRESET", sent: true });
    const timeout = new HmsTimeoutError({ request: "GET /assistants", message: "slow", code: "TIMEOUT", sent: true });
    const config = new HmsConfigError("no key");
    for (const err of [api, connection, timeout, config, new VoiceAiError("plain")]) {
      expect(err).toBeInstanceOf(VoiceAiError);
      expect(err.name).toBe(err.constructor.name);
    }
    expect(api).toBeInstanceOf(HmsServerError);
    expect(new VoiceAiError("wrapped", { cause: api }).cause).toBe(api);
  });

  it("a directly constructed HmsApiError redacts its body and keeps only the listed headers", () => {
    const err = new HmsApiError({
      status: 400,
      message: "bad",
      request: "POST /assistants",
      body: { assistant: { webhook_secret: "whsec_direct" } },
      headers: { "x-request-id": "r1", cookie: "c", "retry-after": ["3", "4"] },
    });
    expect(err.body).toEqual({ assistant: { webhook_secret: "[secret]" } });
    expect(err.headers).toEqual({ "x-request-id": "r1", "retry-after": "3" });
  });
});

describe("redaction", () => {
  it("lists the HMS secret wire fields", () => {
    for (const name of ["webhook_secret", "secret", "password", "api_key", "apiKey", "authorization"]) expect(DEFAULT_SECRET_FIELDS.has(name)).toBe(true);
  });

  it("redactJson replaces secret values at any depth, inside arrays, case-insensitively, without touching the input", () => {
    const input = {
      webhook_secret: "w",
      name: "support",
      llm_config: { tools: [{ server: { url: "https://x", secret: "s" } }, { type: "end_call" }] },
      trunks: [[{ Password: "p", port: 5060 }]],
      nothing: null,
    };
    const copy = JSON.parse(JSON.stringify(input));
    expect(redactJson(input)).toEqual({
      webhook_secret: "[secret]",
      name: "support",
      llm_config: { tools: [{ server: { url: "https://x", secret: "[secret]" } }, { type: "end_call" }] },
      trunks: [[{ Password: "[secret]", port: 5060 }]],
      nothing: null,
    });
    expect(input).toEqual(copy);
    expect(redactJson({ a: { token: "t", secret: "s" } }, ["token"])).toEqual({ a: { token: "[secret]", secret: "s" } });
    expect(redactJson("plain")).toBe("plain");
    expect(redactJson([{ api_key: "k" }])).toEqual([{ api_key: "[secret]" }]);
  });

  it.each([
    ['{"webhook_secret": "whsec_1", "name": "a"}', '{"webhook_secret": "[secret]", "name": "a"}'],
    ['{"webhook_secret":"wh\\"sec", "name": "a"}', '{"webhook_secret":"[secret]", "name": "a"}'],
    ['{"tools":[{"server":{"secret":"s_1"}}]}', '{"tools":[{"server":{"secret":"[secret]"}}]}'],
    ['{"webhook_secret": "whsec_cut', '{"webhook_secret": "[secret]'],
    ['{\\"password\\":\\"p_1\\"}', '{\\"password\\":\\"[secret]\\"}'],
    ["{'password': 'p_1'}", "{'password': '[secret]'}"],
    ['{"secret": 12345}', '{"secret": [secret]}'],
    ["webhook_secret=whsec_1&name=a", "webhook_secret=[secret]&name=a"],
    ['password="two words" port=5060', "password=[secret] port=5060"],
    ["Authorization: Bearer fl_live_abc.def", "Authorization: Bearer [secret]"],
    ["my_secret=kept secret_name=kept", "my_secret=kept secret_name=kept"],
    ["secret: must be at least 16 characters", "secret: must be at least 16 characters"],
  ])("redactText(%j)", (text, expected) => {
    expect(redactText(text)).toBe(expected);
  });

  it("redactBody also scrubs strings inside a JSON body", () => {
    expect(redactBody({ message: 'echo {"webhook_secret":"w"}', details: ["password=p"], secret: "s" })).toEqual({
      message: 'echo {"webhook_secret":"[secret]"}',
      details: ["password=[secret]"],
      secret: "[secret]",
    });
    expect(redactBody("webhook_secret=w")).toBe("webhook_secret=[secret]");
  });

  it("describeUnexpectedBody names the shape and top-level keys, never a value", () => {
    const body = { success: true, data: { webhook_secret: "whsec_value" }, note: "whsec_value" };
    const text = describeUnexpectedBody(body);
    expect(text).toBe("an object with keys success, data, note");
    expect(text).not.toContain("whsec_value");
    expect(describeUnexpectedBody(undefined)).toBe("an empty body");
    expect(describeUnexpectedBody(null)).toBe("null");
    expect(describeUnexpectedBody({})).toBe("an empty object");
    expect(describeUnexpectedBody([{ secret: "s" }])).toBe("a list of 1 item");
    expect(describeUnexpectedBody("whsec_value")).toBe("a string of 11 characters");
    expect(describeUnexpectedBody(42)).toBe("a number");
    const many = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`k${i}`, i]));
    expect(describeUnexpectedBody(many)).toMatch(/^an object with keys k0, .*, k19, … \(25 keys\)$/);
  });
});

describe("serialized provider", () => {
  it.each([
    ["hms", "HMS_SOVEREIGN_API_KEY"],
    ["burki", "BURKI_API_KEY"],
  ])("captures only a module name, holds no key, and still works when revived (%s)", async (platform, keyVariable) => {
    process.env[keyVariable] = "must_not_leak_0123456789";
    const moduleId = `pulumi-voiceai/provider/${platform}/phone-number`;
    // As pulumi.dynamic.Resource does: a function returning the provider object.
    const provider = delegate(moduleId);
    expect(delegate(moduleId)).toBe(provider); // one object, serialized once
    const serialized = await pulumi.runtime.serializeFunction(() => provider);
    delete process.env[keyVariable];
    expect(serialized.text).toContain(`"${moduleId}"`);
    expect(serialized.text).not.toContain("must_not_leak_0123456789");
    expect(serialized.text.length).toBeLessThan(4000);
    // Revive it the way the dynamic-provider host does and run a hook.
    const mod = { exports: {} as Record<string, () => pulumi.dynamic.ResourceProvider> };
    new Function("exports", "require", "module", serialized.text)(mod.exports, require, mod);
    const revived = mod.exports[serialized.exportName]();
    const result = await revived.check!({}, { phoneNumber: "nope" });
    expect(result.failures?.[0]?.reason).toMatch(/^phoneNumber: /);
  });
});
