/**
 * What only the Burki emulator can show (the contract suite, test/burki-contract.test.ts, covers what
 * it shares with the real server): its URL and options, chaos, one-shot faults and rate limiting in
 * Burki's error shape, the control plane (out-of-band edits, numbers, state, reset), seeding,
 * persistence, the command line, and the bugs a contract run against a shared server should not
 * trigger (B10 cross-tenant writes, B11 id injection).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { BurkiStore } from "../emulator/burki/store";
import { parseCommandLine } from "../emulator/main";
import { startEmulator, type Emulator } from "../emulator/server";
import { newBurkiKey, request, type BurkiTarget, type Res } from "./burki-targets";

const A = "/api/v1/assistants";
const N1 = "+15555550100";
const N2 = "+15555550101";

type BurkiEmulator = Emulator<BurkiStore>;

function target(emu: BurkiEmulator, key: string): BurkiTarget {
  return { url: emu.url, key, otherKey: null, numbers: null, otherNumber: null, emulator: emu };
}

async function control(emu: BurkiEmulator, method: string, route: string, body?: unknown): Promise<Res> {
  return request({ ...target(emu, ""), url: `${emu.origin}/__control` }, method, route, { key: null, body });
}

function expectInternalError(res: Res): void {
  expect(res.status).toBe(500);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
  expect(res.text).toBe("Internal Server Error");
}

describe("Burki emulator", () => {
  let emu: BurkiEmulator;
  let key: string;
  let t: BurkiTarget;
  const api = (method: string, route: string, options?: Parameters<typeof request>[3]) => request(t, method, route, options);
  const create = async (body: Record<string, unknown>) => {
    const res = await api("POST", A, { body });
    expect(res.status, res.text).toBe(201);
    return res.json;
  };

  beforeAll(async () => {
    emu = await startEmulator({ platform: "burki", phoneNumbers: [N1, N2] });
  });
  afterAll(async () => {
    await emu.close();
  });
  beforeEach(async () => {
    await control(emu, "POST", "/reset");
    key = newBurkiKey();
    t = target(emu, key);
  });

  it("serves the origin as its URL (like BURKI_URL) and names its platform", async () => {
    expect(emu.platform).toBe("burki");
    expect(emu.url).toBe(emu.origin);
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const hms = await startEmulator();
    try {
      expect(hms.platform).toBe("hms");
      expect(hms.url).toBe(`${hms.origin}/api/v1`);
    } finally {
      await hms.close();
    }
  });

  it("takes any burki_ key of the right format as its own organization, with serial ids across organizations", async () => {
    const other = newBurkiKey();
    const a = await create({ name: "mine" });
    const b = (await api("POST", A, { key: other, body: { name: "theirs" } })).json;
    expect([a.id, b.id]).toEqual([1, 2]);
    expect([a.organization_id, b.organization_id]).toEqual([1, 2]);
    expect((await api("GET", `${A}/${b.id}`)).status).toBe(404);
    expect((await api("GET", `${A}/me/organization`, { key: other })).json).toEqual({
      organization_id: 2,
      organization_name: "Emulator Org 2",
      user_id: 2,
      user_email: "user2@emulator.test",
      user_role: "admin",
    });
    for (const bad of ["burki_ABC", `burki_${"A".repeat(32)}`, "fl_test_x"]) {
      expect((await api("GET", A, { key: bad })).status, bad).toBe(401);
    }
  });

  it("seeds every organization with the configured numbers on first sight, numbers unique across organizations", async () => {
    const first = (await api("GET", `${A}/me/organization`)).json.organization_id;
    const second = newBurkiKey();
    await api("GET", `${A}/me/organization`, { key: second });
    const state = (await control(emu, "GET", "/state")).json;
    expect(state.phone_numbers.map((n: { phone_number: string; organization_id: number }) => [n.phone_number, n.organization_id])).toEqual([
      [N1, first],
      [N2, first],
    ]);
    const a = (await api("POST", A, { key: second, body: { name: "x" } })).json;
    const res = await api("POST", `${A}/${a.id}/phone-numbers/assign-by-number`, { key: second, body: { phone_number: N1, auto_sync: false } });
    expect(res.status).toBe(404);
  });

  it("answers unknown routes 404 and wrong methods 405 before auth, and redirects a trailing slash", async () => {
    expect(await api("GET", "/api/v1/nothing", { key: null })).toMatchObject({ status: 404, json: { detail: "Not Found" } });
    const wrong = await api("DELETE", A, { key: null });
    expect(wrong).toMatchObject({ status: 405, json: { detail: "Method Not Allowed" } });
    expect(wrong.headers.get("allow")).toBe("POST");
    const slash = await api("GET", `${A}/?limit=5`);
    expect(slash.status).toBe(307);
    expect(slash.headers.get("location")).toBe(`${emu.origin}${A}?limit=5`);
    expect((await api("GET", `${A}/1`, { key: null })).status).toBe(401);
  });

  it("B11: create stores column names (an explicit id is used; a taken one is a 500)", async () => {
    const a = await create({ name: "pk", id: 900001, inworld_bearer_token: "hidden" });
    expect(a.id).toBe(900001);
    expect(a).not.toHaveProperty("inworld_bearer_token");
    const stored = (await control(emu, "GET", "/state")).json.assistants.find((x: { id: number }) => x.id === 900001);
    expect(stored.inworld_bearer_token).toBe("hidden");
    expectInternalError(await api("POST", A, { body: { name: "again", id: 900001 } }));
    expect((await create({ name: "next" })).id).toBe(1); // the serial did not move
  });

  it("B10: PUT writes any column, moving an assistant to another organization or changing its id", async () => {
    const a = await create({ name: "moved" }); // first: this organization gets the seeded numbers
    const other = newBurkiKey();
    const otherOrg = (await api("GET", `${A}/me/organization`, { key: other })).json.organization_id;
    const moved = await api("PUT", `${A}/${a.id}`, { body: { organization_id: otherOrg } });
    expect(moved.json.organization_id).toBe(otherOrg);
    expect((await api("GET", `${A}/${a.id}`)).status).toBe(404);
    expect((await api("GET", `${A}/${a.id}`, { key: other })).json.name).toBe("moved");
    expectInternalError(await api("PUT", `${A}/${a.id}`, { key: other, body: { organization_id: 999 } }));

    const b = await create({ name: "renumbered" });
    expect((await api("PUT", `${A}/${b.id}`, { body: { id: 777 } })).json.id).toBe(777);
    expect((await api("GET", `${A}/777`)).json.name).toBe("renumbered");
    // with a number assigned the id cannot change (foreign key)
    await api("POST", `${A}/777/phone-numbers/assign-by-number`, { body: { phone_number: N1, auto_sync: false } });
    expectInternalError(await api("PUT", `${A}/777`, { body: { id: 778 } }));
  });

  it("keeps the create body as stored: nested objects are completed on the way out and PUT writes them whole", async () => {
    const a = await create({ name: "stored", llm_settings: { temperature: 0.9 }, tts_settings: { voice_id: "bella" } });
    const row = () => control(emu, "GET", "/state").then((r) => r.json.assistants.find((x: { id: number }) => x.id === a.id));
    expect((await row()).llm_settings).toEqual({ temperature: 0.9 });
    expect((await row()).tts_settings).toEqual({ voice_id: "bella", provider_config: {} });
    expect((await row()).stt_settings).not.toHaveProperty("keywords"); // the ORM default lacks it
    await api("PUT", `${A}/${a.id}`, { body: { llm_settings: { temperature: 0.9 } } });
    expect(Object.keys((await row()).llm_settings)).toHaveLength(8);
  });

  describe("control plane", () => {
    it("edits an assistant out of band (raw columns, completed on read) and refuses unknown or protected columns", async () => {
      const a = await create({ name: "dashboard" });
      const edit = await control(emu, "POST", `/tenants/${key}/assistants/${a.id}`, { description: "edited", llm_settings: { temperature: 0.2 } });
      expect(edit.status).toBe(200);
      expect(edit.json.assistant).toMatchObject({ description: "edited", llm_settings: { temperature: 0.2 } });
      const read = (await api("GET", `${A}/${a.id}`)).json;
      expect(read.description).toBe("edited");
      expect(read.llm_settings).toMatchObject({ temperature: 0.2, max_tokens: 1000, welcome_message: null });
      expect(read.updated_at > a.updated_at).toBe(true);
      expect(await control(emu, "POST", `/tenants/${key}/assistants/${a.id}`, { foo: 1 })).toMatchObject({ status: 400, json: { detail: "foo is not a column of assistants" } });
      expect((await control(emu, "POST", `/tenants/${key}/assistants/${a.id}`, { id: 5 })).status).toBe(400);
      expect((await control(emu, "POST", `/tenants/${key}/assistants/999`, {})).status).toBe(404);
      // a value the response model cannot read: every read of it is a 500, as on the real server
      await control(emu, "POST", `/tenants/${key}/assistants/${a.id}`, { llm_settings: { temperature: "hot" } });
      expectInternalError(await api("GET", `${A}/${a.id}`));
      expectInternalError(await api("GET", A));
    });

    it("deletes an assistant out of band and frees its numbers", async () => {
      const a = await create({ name: "gone" });
      await api("POST", `${A}/${a.id}/phone-numbers/assign-by-number`, { body: { phone_number: N1, auto_sync: false } });
      expect((await control(emu, "DELETE", `/tenants/${key}/assistants/${a.id}`)).json).toEqual({ success: true });
      expect((await api("GET", `${A}/${a.id}`)).status).toBe(404);
      expect((await api("GET", `${A}/by-phone/${N1}`)).status).toBe(404);
    });

    it("adds, moves and removes numbers out of band", async () => {
      const a = await create({ name: "one" });
      const b = await create({ name: "two" });
      const added = await control(emu, "POST", `/tenants/${key}/phone-numbers`, { phone_number: "+15555550177", friendly_name: "Extra" });
      expect(added.status).toBe(201);
      expect(added.json.phone_number).toMatchObject({ phone_number: "+15555550177", friendly_name: "Extra", assistant_id: null, id: 3 });
      expect((await control(emu, "POST", `/tenants/${newBurkiKey()}/phone-numbers`, { phone_number: "+15555550177" })).status).toBe(409);

      const assigned = await api("POST", `${A}/${a.id}/phone-numbers/assign-by-number`, { body: { phone_number: "+15555550177", auto_sync: false } });
      expect(assigned.json).toMatchObject({ success: true, data: { phone_number_id: 3 } });
      // moved to b behind the API's back (as B4's /assign would)
      const moved = await control(emu, "PATCH", `/tenants/${key}/phone-numbers/%2B15555550177`, { assistant_id: b.id });
      expect(moved.json.phone_number.assistant_id).toBe(b.id);
      expect((await api("GET", `${A}/by-phone/+15555550177`)).json.id).toBe(b.id);
      expect((await control(emu, "PATCH", `/tenants/${key}/phone-numbers/+15555550177`, { assistant_id: 999 })).status).toBe(400);
      // an inactive number is invisible to the API
      await control(emu, "PATCH", `/tenants/${key}/phone-numbers/+15555550177`, { is_active: false });
      expect((await api("GET", `${A}/by-phone/+15555550177`)).status).toBe(404);

      expect((await control(emu, "DELETE", `/tenants/${key}/phone-numbers/+15555550177`)).json).toEqual({ success: true });
      expect((await api("POST", `${A}/${a.id}/phone-numbers/assign-by-number`, { body: { phone_number: "+15555550177", auto_sync: false } })).status).toBe(404);
      expect((await control(emu, "DELETE", `/tenants/${key}/phone-numbers/+15555550177`)).status).toBe(404);
    });

    it("dumps the state and resets it (serials start over)", async () => {
      await create({ name: "before" });
      const state = (await control(emu, "GET", "/state")).json;
      expect(state).toMatchObject({ version: 1, platform: "burki", serials: { organizations: 1, users: 1, assistants: 1, phone_numbers: 2 } });
      expect(state.organizations).toEqual([expect.objectContaining({ id: 1, api_key: key })]);
      expect(state.assistants.map((x: { name: string }) => x.name)).toEqual(["before"]);
      expect((await control(emu, "POST", "/reset")).json).toEqual({ success: true });
      expect((await control(emu, "GET", "/state")).json).toMatchObject({ organizations: [], assistants: [], phone_numbers: [] });
      expect((await create({ name: "after" })).id).toBe(1);
      expect(emu.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([`POST ${A} 201`]);
      expect(emu.requests[0].apiKey).toBe(key);
    });
  });

  describe("faults and chaos in Burki's error shape", () => {
    it("sends a one-shot fault's default body as {detail: <status phrase>}, relative to /api/v1", async () => {
      await control(emu, "POST", "/faults", { path: "/assistants", status: 503 });
      const res = await api("GET", A);
      expect(res.status).toBe(503);
      expect(res.json).toEqual({ detail: "Service Unavailable" });
      expect(res.headers.get("x-ratelimit-limit")).toBeNull(); // Burki has no rate-limit headers
      await control(emu, "POST", "/faults", { path: "/assistants", status: 429, retryAfter: 2 });
      const limited = await api("GET", A);
      expect(limited.status).toBe(429);
      expect(limited.headers.get("retry-after")).toBe("2");
      expect(limited.json).toEqual({ detail: "Too many requests. Please retry after 2 seconds." });
      expect((await api("GET", A)).status).toBe(200);
    });

    it("answers chaos errors and storms with {detail}", async () => {
      await control(emu, "PUT", "/chaos", { errorRate: 1 });
      const res = await api("GET", A);
      expect([500, 502, 503]).toContain(res.status);
      expect(res.json).toEqual({ detail: { 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable" }[res.status as 500] });
      await control(emu, "PUT", "/chaos", { rateLimitStormRate: 1, rateLimitStormMs: 1500 });
      const storm = await api("GET", A);
      expect(storm.status).toBe(429);
      expect(storm.json).toEqual({ detail: `Too many requests. Please retry after ${storm.headers.get("retry-after")} seconds.` });
      // health and the 404 before auth are not API requests: no chaos
      expect((await api("GET", "/health")).status).toBe(200);
      await control(emu, "DELETE", "/chaos");
      const bad = await control(emu, "PUT", "/chaos", { errorrate: 1 });
      expect(bad.status).toBe(400);
      expect(bad.json.detail).toMatch(/errorrate/);
    });
  });
});

describe("Burki emulator rate limiting when enforced", () => {
  it("answers 429 with {detail} and Retry-After, and sends X-RateLimit-* only while a limit is enforced", async () => {
    const emu = await startEmulator({ platform: "burki", requestsPerMinute: 2, rateLimitWindowMs: 60_000 });
    try {
      const t = target(emu, newBurkiKey());
      expect((await request(t, "GET", A)).headers.get("x-ratelimit-remaining")).toBe("1");
      expect((await request(t, "GET", A)).status).toBe(200);
      const limited = await request(t, "GET", A);
      expect(limited.status).toBe(429);
      const retryAfter = limited.headers.get("retry-after");
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      expect(limited.json).toEqual({ detail: `Too many requests. Please retry after ${retryAfter} seconds.` });
    } finally {
      await emu.close();
    }
  });

  it("accepts only the configured keys when apiKeys is given", async () => {
    const allowed = newBurkiKey();
    const emu = await startEmulator({ platform: "burki", apiKeys: [allowed] });
    try {
      expect((await request(target(emu, allowed), "GET", A)).status).toBe(200);
      expect((await request(target(emu, newBurkiKey()), "GET", A)).status).toBe(401);
    } finally {
      await emu.close();
    }
  });
});

describe("Burki emulator persistence", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "burki-emulator-"));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("sees the assistants, numbers and serials of a previous run through the state file", async () => {
    const stateFile = path.join(dir, "state.json");
    const key = newBurkiKey();
    const first = await startEmulator({ platform: "burki", stateFile, phoneNumbers: { [key]: [N1] } });
    const created = (await request(target(first, key), "POST", A, { body: { name: "Persisted", llm_settings: { temperature: 0.3 } } })).json;
    await request(target(first, key), "POST", `${A}/${created.id}/phone-numbers/assign-by-number`, { body: { phone_number: N1, auto_sync: false } });
    await first.close();
    expect(fs.readdirSync(dir)).toEqual(["state.json"]);
    expect(JSON.parse(fs.readFileSync(stateFile, "utf8"))).toMatchObject({ version: 1, platform: "burki" });

    const second = await startEmulator({ platform: "burki", stateFile, phoneNumbers: { [key]: [N1] } });
    try {
      const t = target(second, key);
      const reloaded = (await request(t, "GET", `${A}/${created.id}`)).json;
      expect(reloaded).toEqual(created);
      expect(Object.keys(reloaded)).toEqual(Object.keys(created));
      expect((await request(t, "GET", `${A}/by-phone/${N1}`)).json.id).toBe(created.id);
      expect((await request(t, "POST", A, { body: { name: "Next" } })).json.id).toBe(created.id + 1);
      expect((await control(second, "GET", "/state")).json.phone_numbers).toHaveLength(1); // not seeded twice
    } finally {
      await second.close();
    }
    const hmsState = path.join(dir, "hms.json");
    fs.writeFileSync(hmsState, JSON.stringify({ version: 1, tenants: {} }));
    await expect(startEmulator({ platform: "burki", stateFile: hmsState })).rejects.toThrow(/not a Burki emulator state file/);
  });
});

describe("emulator command line --platform", () => {
  it("defaults to hms, seeds Burki with the two numbers of start.sh, and checks its flags", () => {
    expect(parseCommandLine([])).toMatchObject({ platform: "hms" });
    expect(parseCommandLine([])).not.toHaveProperty("phoneNumbers");
    expect(parseCommandLine(["--platform", "burki"])).toMatchObject({ platform: "burki", phoneNumbers: [N1, N2] });
    expect(parseCommandLine(["--platform", "burki", "--phone-number", "+15555550123", "--phone-number", "+15555550124"])).toMatchObject({
      phoneNumbers: ["+15555550123", "+15555550124"],
    });
    expect(() => parseCommandLine(["--platform", "vapi"])).toThrow(/--platform: unknown platform "vapi" \(known: hms, burki, revox\)/);
    expect(() => parseCommandLine(["--phone-number", "+15555550123"])).toThrow(/only for --platform burki/);
    expect(() => parseCommandLine(["--platform", "burki", "--phone-number", "555"])).toThrow(/--phone-number/);
  });
});
