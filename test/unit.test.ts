import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { changedKeys, projectOnto, prune, UNKNOWN } from "../provider/canonical";
import { toCamel, toSnake } from "../provider/casing";
import { HmsApiError } from "../provider/errors";
import { provider as assistantProvider } from "../provider/hms/assistant";
import { provider as numberProvider } from "../provider/hms/phone-number";
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

  it("keeps the keys of user JSON Schemas as written", () => {
    const plan = { structuredDataPlan: { enabled: true, schema: { properties: { customerName: { type: "string" } } } } };
    expect(toSnake(plan)).toEqual({ structured_data_plan: { enabled: true, schema: { properties: { customerName: { type: "string" } } } } });
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
  });

  it("drops undefined members deeply", () => {
    expect(prune({ a: undefined, b: { c: undefined, d: 1 } })).toEqual({ b: { d: 1 } });
  });
});

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
    [{ llmConfig: { ...valid.llmConfig, messages: [{ role: "robot", content: "x" }] } }, "llmConfig.messages[0].role", ""],
    [{ llmConfig: { provider: "xai_realtime", model: "grok", voice: "ara" } }, "ttsConfig", "speech-to-speech"],
  ])("names the property and the rule: %j", async (patch, property, reason) => {
    const result = await assistantProvider.check!({}, { ...valid, ...patch });
    expect(result.failures).toEqual([expect.objectContaining({ property, reason: expect.stringContaining(reason) })]);
  });

  it("accepts unknown model names", async () => {
    const result = await assistantProvider.check!({}, { ...valid, llmConfig: { ...valid.llmConfig, model: "gpt-9-future" } });
    expect(result.failures).toEqual([]);
  });

  it("requires an E.164 phone number but accepts an assistant id unknown during preview", async () => {
    const bad = await numberProvider.check!({}, { phoneNumber: "0850835037" });
    expect(bad.failures).toEqual([expect.objectContaining({ property: "phoneNumber", reason: expect.stringContaining("E.164") })]);
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

  it("never replaces an assistant", async () => {
    const result = await assistantProvider.diff!("id", valid, { ...valid, name: "renamed", llmConfig: { ...valid.llmConfig, model: "x" } });
    expect(result).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });
});

describe("errors", () => {
  it("reads the nested, flat and rate-limit error shapes", () => {
    const nested = HmsApiError.fromResponse(400, { error: { code: "invalid_request", message: "bad", param: "llm_config.temperature" } }, "POST /assistants");
    expect(nested).toMatchObject({ status: 400, code: "invalid_request", param: "llm_config.temperature" });
    expect(nested.message).toContain("llm_config.temperature");
    const flat = HmsApiError.fromResponse(401, { error: "Unauthorized", message: "Invalid or missing API key" }, "GET /assistants");
    expect(flat).toMatchObject({ status: 401, code: "Unauthorized" });
    expect(flat.message).toContain("Invalid or missing API key");
  });
});

describe("serialized provider", () => {
  it("captures only a module name, holds no key, and still works when revived", async () => {
    process.env.HMS_SOVEREIGN_API_KEY = "fl_test_must_not_leak";
    const serialized = await pulumi.runtime.serializeFunction(() => delegate("pulumi-voiceai/provider/hms/phone-number"));
    delete process.env.HMS_SOVEREIGN_API_KEY;
    expect(serialized.text).toContain('"pulumi-voiceai/provider/hms/phone-number"');
    expect(serialized.text).not.toContain("fl_test_must_not_leak");
    expect(serialized.text.length).toBeLessThan(4000);
    // Revive it the way the dynamic-provider host does and run a hook.
    const mod = { exports: {} as Record<string, () => pulumi.dynamic.ResourceProvider> };
    new Function("exports", "require", "module", serialized.text)(mod.exports, require, mod);
    const revived = mod.exports[serialized.exportName]();
    const result = await revived.check!({}, { phoneNumber: "nope" });
    expect(result.failures?.[0]?.property).toBe("phoneNumber");
  });
});
