// The providers' hooks against a live emulator over real HTTP (no Pulumi engine).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../emulator/server";
import { provider as assistants } from "../provider/hms/assistant";
import { provider as numbers } from "../provider/hms/phone-number";

const KEY = "fl_test_provider";
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
  process.env.HMS_SOVEREIGN_API_KEY = KEY;
  process.env.HMS_SOVEREIGN_BASE_URL = emulator.url;
});
afterAll(async () => {
  delete process.env.HMS_SOVEREIGN_API_KEY;
  delete process.env.HMS_SOVEREIGN_BASE_URL;
  await emulator.close();
});
beforeEach(() => {
  emulator.store.reset();
  emulator.requests.length = 0;
});

const inputs = {
  name: "support",
  firstMessage: "Hallo",
  llmConfig: { provider: "openai", model: "gpt-4o-mini", temperature: 0.7, messages: [{ role: "system", content: "v1" }] },
};

describe("assistant provider", () => {
  it("creates with snake_case fields and keeps only the declared properties in the outputs", async () => {
    const { id, outs } = await assistants.create(inputs);
    expect(outs).toEqual(inputs);
    const live = emulator.store.getAssistant(KEY, id);
    expect(live).toMatchObject({ name: "support", first_message: "Hallo", is_active: true, llm_config: { temperature: 0.7 } });
  });

  it("updates in place, sending the changed property whole, and keeps the id", async () => {
    const { id, outs } = await assistants.create(inputs);
    const news = { ...inputs, llmConfig: { ...inputs.llmConfig, messages: [{ role: "system", content: "v2" }] } };
    const updated = await assistants.update!(id, outs, news);
    expect(updated.outs).toEqual(news);
    const patch = emulator.requests.find((r) => r.method === "PATCH");
    expect(patch?.path).toBe(`/api/v1/assistants/${id}`);
    // llm_config's keys here are single words, so the wire object equals the declared one.
    expect(emulator.store.getAssistant(KEY, id).llm_config).toEqual(news.llmConfig);
  });

  it("resets a removed property to its documented default", async () => {
    const { id, outs } = await assistants.create(inputs);
    const { firstMessage: _removed, ...news } = inputs;
    await assistants.update!(id, outs, news);
    expect(emulator.store.getAssistant(KEY, id).first_message).toBeNull();
  });

  it("reads live values for the declared properties and reports a deleted assistant as gone", async () => {
    const { id, outs } = await assistants.create(inputs);
    emulator.store.forcePatchAssistant(KEY, id, { first_message: "Changed in the dashboard" });
    const read = await assistants.read!(id, outs);
    expect(read.props).toEqual({ ...inputs, firstMessage: "Changed in the dashboard" });
    expect(read.inputs).toEqual(read.props);
    await assistants.delete!(id, outs);
    expect(await assistants.read!(id, outs)).toEqual({});
    // Deleting what is already gone succeeds.
    await assistants.delete!(id, outs);
  });

  it("surfaces an API validation error with the field", async () => {
    await expect(assistants.create({ ...inputs, llmConfig: { ...inputs.llmConfig, temperature: 9 } })).rejects.toThrow(/llm_config\.temperature/);
  });
});

describe("phone number provider", () => {
  it("assigns, reassigns in place, and explains a duplicate", async () => {
    const a = await assistants.create(inputs);
    const b = await assistants.create({ ...inputs, name: "other" });
    const n = await numbers.create({ phoneNumber: "+31850835037", assistantId: a.id });
    expect(n.outs).toEqual({ phoneNumber: "+31850835037", assistantId: a.id });
    await numbers.update!(n.id, n.outs, { phoneNumber: "+31850835037", assistantId: b.id });
    expect(emulator.store.getNumber(KEY, n.id).assistant_id).toBe(b.id);
    await expect(numbers.create({ phoneNumber: "+31850835037" })).rejects.toThrow(/409/);
  });
});

