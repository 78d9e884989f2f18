// The providers' hooks against a live emulator over real HTTP (no Pulumi engine).
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { startEmulator, type Emulator } from "../emulator/server";
import { UNKNOWN } from "../provider/canonical";
import { forgetRun } from "../provider/lifecycle";
import { provider as assistants } from "../provider/hms/assistant";
import { provider as numbers } from "../provider/hms/phone-number";
import { provider as trunks } from "../provider/hms/sip-trunk";

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
  forgetRun(); // each test is a deployment of its own
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

describe("adoption and the escape hatch", () => {
  it("adopts an identical assistant without writing, and PATCHes only what differs", async () => {
    const { id } = await assistants.create(inputs);
    emulator.requests.length = 0;
    const adopted = await assistants.create({ ...inputs, adoptId: id });
    expect(adopted).toEqual({ id, outs: { ...inputs, adoptId: id } });
    expect(emulator.requests.map((r) => r.method)).toEqual(["GET"]);

    const patch = vi.spyOn(emulator.store, "patchAssistant");
    onTestFinished(() => patch.mockRestore());
    await assistants.create({ ...inputs, firstMessage: "Goedemiddag", adoptId: id });
    expect(patch.mock.calls.map((call) => call[2])).toEqual([{ first_message: "Goedemiddag" }]);
    expect(emulator.store.getAssistant(KEY, id)).toMatchObject({ first_message: "Goedemiddag", name: "support" });
    expect(emulator.store.listAssistants(KEY)).toHaveLength(1);
  });

  it("fails check for an adoptId that does not exist, and accepts one unknown during preview", async () => {
    const missing = await numbers.check!({}, { phoneNumber: "+31850835037", adoptId: "00000000-0000-4000-8000-000000000000" });
    expect(missing.failures).toEqual([{ property: "", reason: expect.stringMatching(/^adoptId: no PhoneNumber with id/) }]);
    expect((await numbers.check!({}, { phoneNumber: "+31850835037", adoptId: UNKNOWN })).failures).toEqual([]);
  });

  it("sends additionalFields as written and reads them back", async () => {
    const declared = { ...inputs, additionalFields: { llm_config: { top_p: 0.9 }, brand_new_field: "x" } };
    const { id, outs } = await assistants.create(declared);
    const live = emulator.store.getAssistant(KEY, id);
    expect(live).toMatchObject({ brand_new_field: "x", llm_config: { temperature: 0.7, top_p: 0.9 } });
    expect(outs).toEqual(declared);
    emulator.store.forcePatchAssistant(KEY, id, { brand_new_field: "changed" });
    expect((await assistants.read!(id, outs)).props?.additionalFields).toEqual({ llm_config: { top_p: 0.9 }, brand_new_field: "changed" });
  });
});

describe("SIP trunk provider", () => {
  it("keeps the write-only password in the state, so refresh sees no drift", async () => {
    const declared = { name: "pbx", host: "pbx.example.com", username: "hms", password: "pw" };
    const { id, outs } = await trunks.create(declared);
    expect(outs).toEqual(declared);
    expect((await trunks.read!(id, outs)).props).toEqual(declared);
  });

  it("refuses to adopt a trunk that differs, since it cannot be changed in place", async () => {
    const { id } = await trunks.create({ name: "pbx", host: "pbx.example.com" });
    await expect(trunks.create({ name: "pbx", host: "pbx2.example.com", adoptId: id })).rejects.toThrow(/differs in host/);
    expect(emulator.requests.filter((r) => r.method === "PATCH")).toEqual([]);
  });

  it("reads every live field for Resource.get (no declared properties)", async () => {
    const { id } = await trunks.create({ name: "pbx", host: "pbx.example.com" });
    expect((await trunks.read!(id, {})).props).toEqual({ name: "pbx", host: "pbx.example.com", port: 5060, username: null });
  });
});

describe("failures part-way: no duplicate, no orphan, a truthful state", () => {
  const fault = (rule: object) =>
    fetch(`${emulator.origin}/__control/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(rule) });
  const calls = () => emulator.requests.map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/, "<id>")} ${r.status}`);
  const auto = (name: string) => ({ ...inputs, name: `${name}-abc1234` });

  it("after a POST whose connection dropped, looks the object up before sending it again", async () => {
    expect((await fault({ method: "POST", path: "/assistants", drop: true })).ok).toBe(true);
    const { id } = await assistants.create(auto("dropped"));
    expect(calls()).toEqual(["GET /api/v1/assistants 200", "POST /api/v1/assistants 0", "GET /api/v1/assistants 200", "POST /api/v1/assistants 201"]);
    expect(emulator.store.listAssistants(KEY).map((a) => a.id)).toEqual([id]);
  });

  it("a resource new to the state adopts a leftover carrying its auto-generated name instead of creating a twin", async () => {
    const leftover = await assistants.create(auto("leftover"));
    forgetRun(); // the run that created it died; this is the next one
    emulator.requests.length = 0;
    await assistants.check!({}, auto("leftover"));
    const adopted = await assistants.create({ ...auto("leftover"), firstMessage: "Goedemiddag" });
    expect(adopted.id).toBe(leftover.id);
    expect(calls()).toEqual(["GET /api/v1/assistants 200", "PATCH /api/v1/assistants/<id> 200"]);
    expect(emulator.store.listAssistants(KEY)).toHaveLength(1);
    expect(emulator.store.getAssistant(KEY, leftover.id).first_message).toBe("Goedemiddag");
  });

  it("a replacement (checked with its old inputs, then again without) creates a new object", async () => {
    const old = await trunks.create({ name: "pbx-abc1234", host: "pbx.example.com" });
    await trunks.check!({ name: "pbx-abc1234", host: "pbx.example.com" }, { name: "pbx-abc1234", host: "pbx.example.com", port: 5070 });
    await trunks.check!({}, { name: "pbx-abc1234", host: "pbx.example.com", port: 5070 });
    const replacement = await trunks.create({ name: "pbx-abc1234", host: "pbx.example.com", port: 5070 });
    expect(replacement.id).not.toBe(old.id);
    expect(emulator.store.listSipTrunks(KEY).map((t) => t.id).sort()).toEqual([old.id, replacement.id].sort());
  });

  it("a name the user chose is not adopted: a hand-made assistant may share it", async () => {
    await assistants.create({ ...inputs, name: "Support line" });
    await assistants.check!({}, { ...inputs, name: "Support line" });
    await assistants.create({ ...inputs, name: "Support line" });
    expect(emulator.store.listAssistants(KEY)).toHaveLength(2);
  });

  it("a number renamed in the program without an alias moves to the new resource; deleting the old one keeps it", async () => {
    const old = await numbers.create({ phoneNumber: "+31850835040" });
    forgetRun(); // an earlier deployment
    await numbers.check!({}, { phoneNumber: "+31850835040", name: "Renamed" });
    const renamed = await numbers.create({ phoneNumber: "+31850835040", name: "Renamed" });
    expect(renamed.id).toBe(old.id);
    await numbers.delete!(old.id, { phoneNumber: "+31850835040" });
    expect(emulator.store.listNumbers(KEY)).toEqual([expect.objectContaining({ id: old.id, name: "Renamed" })]);
  });

  it("records an adopted object whose update failed (id and properties), so it is never orphaned", async () => {
    const leftover = await assistants.create(auto("partial"));
    forgetRun(); // the run that created it died; this is the next one
    await assistants.check!({}, auto("partial"));
    expect((await fault({ method: "PATCH", status: 402 })).ok).toBe(true);
    const err = (await assistants.create({ ...auto("partial"), firstMessage: "Nieuw", __provider: "serialized" }).then(
      () => {
        throw new Error("expected create to fail");
      },
      (e: unknown) => e,
    )) as Error & { id: unknown; properties: unknown };
    expect(err.id).toBe(leftover.id);
    expect(err.properties).toEqual({ ...auto("partial"), __provider: "serialized" });
    expect(err.message).toMatch(/was adopted but not yet updated: .*402.*run out of credits/);
  });

  it("a 404 on update says to refresh; a 409 names the object that holds the number", async () => {
    const { id, outs } = await assistants.create(inputs);
    emulator.store.deleteAssistant(KEY, id);
    await expect(assistants.update!(id, outs, { ...inputs, firstMessage: "x" })).rejects.toThrow(
      new RegExp(`Assistant ${id} no longer exists on the platform .*Run \`pulumi refresh\``),
    );
    const holder = await numbers.create({ phoneNumber: "+31850835041" });
    await expect(numbers.create({ phoneNumber: "+31850835041" })).rejects.toThrow(
      new RegExp(`PhoneNumber phoneNumber \\+31850835041 is already taken by PhoneNumber ${holder.id}.*adoptId: "${holder.id}".*409`),
    );
  });
});
