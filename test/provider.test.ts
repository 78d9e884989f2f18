// The providers' hooks against a live emulator over real HTTP (no Pulumi engine).
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { startEmulator, type Emulator } from "../emulator/server";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { UNKNOWN } from "../provider/canonical";
import { forgetRun } from "../provider/lifecycle";
import { provider as assistants } from "../provider/hms/assistant";
import { provider as numbers } from "../provider/hms/phone-number";
import { provider as trunks } from "../provider/hms/sip-trunk";

const KEY = "fl_test_provider";
/** A value as the provider marks it secret in its outputs (Pulumi's wire form). */
const secret = (value: unknown) => ({ [specialSigKey]: specialSecretSig, value });
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
    // Without a name (a number registered before numbers were auto-named) the name output says null.
    expect(n.outs).toEqual({ phoneNumber: "+31850835037", assistantId: a.id, name: null });
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

describe("auto-names, speech-to-speech, secrets on read, dashboard edits", () => {
  it("check keeps the name the state holds when the SDK generated one (an auto-name never implies a rename)", async () => {
    const stored = { ...inputs, name: "support-1111111" };
    const kept = await assistants.check!(stored, { ...inputs, name: "support-2222222", __autoNamed: true });
    expect(kept.inputs.name).toBe("support-1111111");
    expect(kept.inputs).not.toHaveProperty("__autoNamed");
    // A resource new to the state takes the generated name; a name the program sets is used as set.
    expect((await assistants.check!({}, { ...inputs, name: "support-2222222", __autoNamed: true })).inputs.name).toBe("support-2222222");
    expect((await assistants.check!(stored, { ...inputs, name: "Support" })).inputs.name).toBe("Support");
    // A number registered before numbers were auto-named keeps having no name.
    const number = await numbers.check!({ phoneNumber: "+31850835050" }, { phoneNumber: "+31850835050", name: "line-3333333", __autoNamed: true });
    expect(number.inputs).not.toHaveProperty("name");
  });

  it("switching to a speech-to-speech LLM with ttsConfig omitted removes the live voice in the same PATCH", async () => {
    const { id, outs } = await assistants.create(inputs);
    expect(emulator.store.getAssistant(KEY, id).tts_config).not.toBeNull();
    const realtime = { ...inputs, llmConfig: { provider: "xai_realtime", model: "grok-voice", voice: "ara" } };
    expect((await assistants.check!(outs, realtime)).failures).toEqual([]);
    await assistants.update!(id, outs, realtime);
    expect(emulator.store.getAssistant(KEY, id).tts_config).toBeNull();
    expect(emulator.requests.filter((r) => r.method === "PATCH").map((r) => r.status)).toEqual([200]);
  });

  it("Resource.get marks webhook and tool secrets secret in what it reads", async () => {
    const tools = [{ type: "function", function: { name: "lookup" }, server: { url: "https://tools.example.com", secret: "tool-secret" } }];
    const { id } = await assistants.create({ ...inputs, webhookSecret: "hook-secret", llmConfig: { ...inputs.llmConfig, tools } });
    const read = await assistants.read!(id, {});
    const llm = read.props.llmConfig as { tools: { server: { secret: unknown; url: string } }[] };
    expect(llm.tools[0].server.secret).toEqual(secret("tool-secret"));
    expect(llm.tools[0].server.url).toBe("https://tools.example.com");
    expect(read.props.webhookSecret).toEqual(secret("hook-secret"));
    expect(read.inputs).toEqual(read.props);
  });

  it("an update the platform already holds (stored by a run that died before saving its state) is not an edit: it goes through", async () => {
    const { id, outs } = await assistants.create(inputs);
    emulator.store.forcePatchAssistant(KEY, id, { first_message: "From the program" });
    const next = await assistants.update!(id, outs, { ...inputs, firstMessage: "From the program" });
    expect(next.outs!.firstMessage).toBe("From the program");
    expect(emulator.store.getAssistant(KEY, id).first_message).toBe("From the program");
  });

  it("an update of a property edited in the dashboard since the last refresh fails naming it and writes nothing", async () => {
    const { id, outs } = await assistants.create(inputs);
    emulator.store.forcePatchAssistant(KEY, id, { first_message: "Edited in the dashboard", business_name: "Acme BV" });
    emulator.requests.length = 0;
    await expect(assistants.update!(id, outs, { ...inputs, firstMessage: "From the program" })).rejects.toThrow(
      /Assistant .* was changed outside Pulumi since the state last saw it: firstMessage differs .*pulumi refresh.*hms:overwriteLiveChanges/,
    );
    expect(emulator.requests.map((r) => r.method)).toEqual(["GET"]);
    expect(emulator.store.getAssistant(KEY, id).first_message).toBe("Edited in the dashboard");
    // A property that was not edited is written; the edit of one not being written stays.
    const next = await assistants.update!(id, outs, { ...inputs, llmConfig: { ...inputs.llmConfig, temperature: 0.2 } });
    expect((next.outs!.llmConfig as { temperature: number }).temperature).toBe(0.2);
    expect(emulator.store.getAssistant(KEY, id).first_message).toBe("Edited in the dashboard");
    // The documented switch lets the update overwrite the edit on purpose.
    process.env.HMS_SOVEREIGN_OVERWRITE_LIVE_CHANGES = "true";
    onTestFinished(() => void delete process.env.HMS_SOVEREIGN_OVERWRITE_LIVE_CHANGES);
    await assistants.update!(id, outs, { ...inputs, firstMessage: "From the program" });
    expect(emulator.store.getAssistant(KEY, id).first_message).toBe("From the program");
  });
});

describe("SIP trunk provider", () => {
  it("keeps the write-only password in the state, so refresh sees no drift", async () => {
    const declared = { name: "pbx", host: "pbx.example.com", username: "hms", password: "pw" };
    const { id, outs } = await trunks.create(declared);
    expect(outs).toEqual({ ...declared, password: secret("pw") });
    expect((await trunks.read!(id, { ...declared })).props).toEqual({ ...declared, password: secret("pw") });
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

  it("a number someone else registered is never taken over: the create fails naming it and sends nothing", async () => {
    // Registered by hand (or by another stack), then declared here: not this resource's, whatever its name.
    const stranger = await numbers.create({ phoneNumber: "+31850835040", name: "Front desk" });
    forgetRun();
    for (const name of ["Front desk", "line-abc1234"]) {
      forgetRun();
      emulator.requests.length = 0;
      await numbers.check!({}, { phoneNumber: "+31850835040", name });
      await expect(numbers.create({ phoneNumber: "+31850835040", name })).rejects.toThrow(
        new RegExp(`already taken by PhoneNumber ${stranger.id}.*which this resource did not create.*Nothing was changed.*adoptId: "${stranger.id}".*aliases`),
      );
      expect(calls()).toEqual(["GET /api/v1/numbers 200"]);
    }
    expect(emulator.store.listNumbers(KEY)).toEqual([expect.objectContaining({ id: stranger.id, name: "Front desk", assistant_id: null })]);
  });

  it("a number left by a crashed run of this resource (its auto-name) is adopted", async () => {
    const leftover = await numbers.create({ phoneNumber: "+31850835042", name: "line-abc1234" });
    forgetRun(); // the run that created it died
    await numbers.check!({}, { phoneNumber: "+31850835042", name: "line-abc1234" });
    const adopted = await numbers.create({ phoneNumber: "+31850835042", name: "line-abc1234" });
    expect(adopted.id).toBe(leftover.id);
    expect(emulator.store.listNumbers(KEY)).toHaveLength(1);
  });

  it("a number adopted with adoptId by a resource that replaces another one is kept when the old one is deleted", async () => {
    const old = await numbers.create({ phoneNumber: "+31850835043" });
    forgetRun(); // an earlier deployment
    const renamed = await numbers.create({ phoneNumber: "+31850835043", name: "Renamed", adoptId: old.id });
    expect(renamed.id).toBe(old.id);
    await numbers.delete!(old.id, { phoneNumber: "+31850835043" });
    expect(emulator.store.listNumbers(KEY)).toEqual([expect.objectContaining({ id: old.id, name: "Renamed" })]);
  });

  it("after a 502 on a POST, the lookup never claims an object another resource of the run created (same user-chosen name)", async () => {
    const a = await assistants.create({ ...inputs, name: "Support" });
    await assistants.check!({}, { ...inputs, name: "Support" });
    expect((await fault({ method: "POST", path: "/assistants", status: 502 })).ok).toBe(true);
    const b = await assistants.create({ ...inputs, name: "Support", firstMessage: "B" });
    expect(b.id).not.toBe(a.id);
    expect(emulator.store.listAssistants(KEY).map((x) => x.id).sort()).toEqual([a.id, b.id].sort());
  });

  it("creates of one user-chosen name run one at a time, so concurrent twins neither collide nor claim each other", async () => {
    await Promise.all([1, 2, 3].map((n) => assistants.check!({}, { ...inputs, name: "Twin", firstMessage: `${n}` })));
    expect((await fault({ method: "POST", path: "/assistants", status: 503, times: 2 })).ok).toBe(true);
    const made = await Promise.all([1, 2, 3].map((n) => assistants.create({ ...inputs, name: "Twin", firstMessage: `${n}` })));
    expect(new Set(made.map((m) => m.id)).size).toBe(3);
    expect(emulator.store.listAssistants(KEY)).toHaveLength(3);
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

describe("reads from the run's one listing", () => {
  // No client-side limit: the setup makes 100 objects.
  beforeAll(() => void (process.env.HMS_SOVEREIGN_REQUESTS_PER_MINUTE = "0"));
  afterAll(() => void delete process.env.HMS_SOVEREIGN_REQUESTS_PER_MINUTE);
  const fault = (rule: Record<string, unknown>) =>
    fetch(`${emulator.origin}/__control/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(rule) });
  const reads = () => emulator.requests.filter((r) => r.method === "GET").map((r) => r.path);
  /** Assistants and numbers made by an earlier run: this one starts with nothing learned. */
  async function earlierRun(count: number) {
    const made = [];
    for (let i = 0; i < count; i++) {
      const a = await assistants.create({ ...inputs, name: `fleet-${i}` });
      const n = await numbers.create({ phoneNumber: `+3185${2000000 + i}`, assistantId: a.id });
      made.push({ assistant: a, number: n });
    }
    forgetRun();
    emulator.requests.length = 0;
    return made;
  }

  it("100 reads arriving at once send one listing per collection and no GET by id, and read what a GET reads", async () => {
    const made = await earlierRun(50);
    const read = await Promise.all(made.flatMap(({ assistant, number }) => [assistants.read!(assistant.id, assistant.outs), numbers.read!(number.id, number.outs)]));
    expect(reads()).toEqual(["/api/v1/assistants", "/api/v1/numbers"]);
    // The same reads one by one (the switch off): identical answers, one GET each.
    forgetRun();
    emulator.requests.length = 0;
    process.env.HMS_SOVEREIGN_READ_FROM_LISTINGS = "false";
    onTestFinished(() => void delete process.env.HMS_SOVEREIGN_READ_FROM_LISTINGS);
    const one = await Promise.all(made.flatMap(({ assistant, number }) => [assistants.read!(assistant.id, assistant.outs), numbers.read!(number.id, number.outs)]));
    expect(one).toEqual(read);
    expect(reads()).toHaveLength(100);
    expect(reads().every((p) => /^\/api\/v1\/(assistants|numbers)\/[^/]+$/.test(p))).toBe(true);
    expect(read[0]).toEqual({ id: made[0].assistant.id, props: made[0].assistant.outs, inputs: made[0].assistant.outs });
  });

  it("drift is read as before: an out-of-band edit is seen, an out-of-band delete is gone with no GET to confirm it", async () => {
    const [a, b] = await earlierRun(2);
    emulator.store.forcePatchAssistant(KEY, a.assistant.id, { first_message: "Changed in the dashboard" });
    emulator.store.deleteAssistant(KEY, b.assistant.id);
    expect((await assistants.read!(a.assistant.id, a.assistant.outs)).props).toEqual({ ...inputs, name: "fleet-0", firstMessage: "Changed in the dashboard" });
    expect(await assistants.read!(b.assistant.id, b.assistant.outs)).toEqual({});
    expect(reads()).toEqual(["/api/v1/assistants"]);
  });

  it("what this run wrote after the listing was taken is read with a GET, never from the older listing", async () => {
    const [a, b] = await earlierRun(2);
    await assistants.read!(b.assistant.id, b.assistant.outs); // takes the listing
    const news = { ...a.assistant.outs, firstMessage: "Hallo again" };
    await assistants.update!(a.assistant.id, a.assistant.outs, news);
    await assistants.delete!(b.assistant.id, b.assistant.outs);
    emulator.requests.length = 0;
    expect((await assistants.read!(a.assistant.id, news)).props).toEqual(news);
    expect(await assistants.read!(b.assistant.id, b.assistant.outs)).toEqual({});
    expect(reads()).toEqual([`/api/v1/assistants/${a.assistant.id}`, `/api/v1/assistants/${b.assistant.id}`]);
  });

  it("a listing that fails falls back to one GET per read; the next read tries a listing again", async () => {
    const made = await earlierRun(3);
    process.env.HMS_SOVEREIGN_MAX_RETRIES = "0";
    onTestFinished(() => void delete process.env.HMS_SOVEREIGN_MAX_RETRIES);
    await fault({ apiKey: KEY, method: "GET", path: "/assistants", status: 500 });
    const read = await Promise.all(made.map(({ assistant }) => assistants.read!(assistant.id, assistant.outs)));
    expect(read.map((r) => r.props)).toEqual(made.map(({ assistant }) => assistant.outs));
    expect(reads()).toEqual(["/api/v1/assistants", ...made.map(({ assistant }) => `/api/v1/assistants/${assistant.id}`)]);
    emulator.requests.length = 0;
    await assistants.read!(made[0].assistant.id, made[0].assistant.outs);
    expect(reads()).toEqual(["/api/v1/assistants"]);
  });
});
