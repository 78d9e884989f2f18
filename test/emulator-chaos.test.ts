/**
 * The emulator's seeded chaos profile over real HTTP: reproducibility, each fault kind, the control
 * endpoints and the command line flags.
 */
import { Agent } from "undici";
import { describe, it, expect, beforeAll, afterAll, beforeEach, onTestFinished } from "vitest";
import { chaosDraw, type ChaosProfile } from "../emulator/chaos";
import { parseCommandLine } from "../emulator/main";
import { HmsClient } from "../provider/hms/client";
import { RequestLimiter } from "../provider/rate-limit";
import { startEmulator, type Emulator, type RequestRecord } from "../emulator/server";
import { call as http, type Reply } from "./http";

const KEY = "fl_test_chaos";
const ASSISTANTS = "/api/v1/assistants";

/** One HTTP call; `body` is sent as JSON. A dropped connection rejects. */
function call(url: string, method: string, body?: unknown, key: string | null = KEY): Promise<Reply> {
  return http(url, method, { key, body });
}

/** The status of a call, or "dropped" when the connection closed without an answer. */
async function outcome(promise: Promise<Reply>): Promise<number | "dropped"> {
  try {
    return (await promise).status;
  } catch {
    return "dropped";
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("HMS emulator chaos profile", () => {
  let emu: Emulator;
  const api = (method: string, route: string, body?: unknown) => call(`${emu.url}${route}`, method, body);
  const control = (method: string, route: string, body?: unknown) => call(`${emu.origin}/__control${route}`, method, body, null);
  const setChaos = async (profile: ChaosProfile) => {
    const res = await control("PUT", "/chaos", profile);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  const assistantNames = () => (emu.store.dump().tenants[KEY]?.assistants ?? []).map((a) => a.name);
  const faultsLogged = () => emu.requests.map((r: RequestRecord) => r.fault ?? null);
  /** POSTs an assistant and gives up after `ms`, as a client whose timeout ran out. */
  const postGivingUp = (name: string, ms: number) =>
    fetch(`${emu.url}/assistants`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ name }),
      signal: AbortSignal.timeout(ms),
    });

  beforeAll(async () => {
    // An enforced (but never reached) limit, so X-RateLimit-Remaining shows what the limiter counted.
    emu = await startEmulator({ requestsPerMinute: 1000 });
  });
  afterAll(async () => {
    await emu.close();
  });
  beforeEach(async () => {
    expect((await control("POST", "/reset")).status).toBe(200);
  });

  /** A fixed request sequence (creates, a retried create, lists); its outcomes and the logged faults. */
  async function runSequence(): Promise<{ outcomes: Array<number | "dropped">; faults: Array<string | null> }> {
    const outcomes: Array<number | "dropped"> = [];
    for (let i = 0; i < 30; i++) {
      outcomes.push(await outcome(api("POST", "/assistants", { name: `Seq ${i % 20}` }))); // 20..29 repeat 0..9
      if (i % 5 === 0) outcomes.push(await outcome(api("GET", "/assistants")));
    }
    return { outcomes, faults: faultsLogged() };
  }

  it("injects the same faults for the same seed and request sequence, and others for another seed", async () => {
    const profile = { seed: 7, errorRate: 0.25, resetBeforeCommitRate: 0.1, dropAfterCommitRate: 0.1 };
    await setChaos(profile);
    const first = await runSequence();
    // The sequence is long enough to hit every configured kind, so the comparisons below mean something.
    for (const kind of ["error", "reset-before-commit", "drop-after-commit"]) expect(first.faults).toContain(kind);
    expect(first.faults).toContain(null);

    await control("POST", "/reset");
    await setChaos(profile); // PUT starts the occurrence counts over
    const second = await runSequence();
    expect(second).toEqual(first);

    await control("POST", "/reset");
    await setChaos({ ...profile, seed: 8 });
    const other = await runSequence();
    expect(other.faults).not.toEqual(first.faults);
  });

  it("decides each request from its own (method, path, identity, occurrence), whatever the interleaving", async () => {
    const profile = { seed: 3, errorRate: 0.3, resetBeforeCommitRate: 0.2 };
    const names = Array.from({ length: 24 }, (_, i) => `Parallel ${i}`);

    await setChaos(profile);
    const sequential = new Map<string, number | "dropped">();
    for (const name of names) sequential.set(name, await outcome(api("POST", "/assistants", { name })));

    await control("POST", "/reset");
    await setChaos(profile);
    const shuffled = [...names].reverse();
    const results = await Promise.all(shuffled.map((name) => outcome(api("POST", "/assistants", { name }))));
    const concurrent = new Map(shuffled.map((name, i) => [name, results[i]]));
    expect(concurrent).toEqual(sequential);

    // The decision follows the documented draw: sha256-based, independent per fault kind.
    for (const name of names) {
      const reset = chaosDraw(3, "reset-before-commit", "POST", ASSISTANTS, name, 0) < 0.2;
      const error = chaosDraw(3, "error", "POST", ASSISTANTS, name, 0) < 0.3;
      const expected = reset ? "dropped" : error ? "5xx" : 201;
      const actual = sequential.get(name);
      expect(typeof actual === "number" && actual >= 500 ? "5xx" : actual, name).toBe(expected);
    }
    // created, dropped and failed all occur
    expect(new Set([...sequential.values()].map((s) => (typeof s === "number" && s >= 500 ? "5xx" : s)))).toEqual(new Set([201, "dropped", "5xx"]));
  });

  it("draws again for a retry of the same request (the occurrence number is part of the draw)", async () => {
    const seed = 5;
    const fails = (name: string, occurrence: number) => chaosDraw(seed, "error", "POST", ASSISTANTS, name, occurrence) < 0.5;
    const names = Array.from({ length: 40 }, (_, i) => `Retry ${i}`);
    const name = names.find((n) => fails(n, 0) && fails(n, 1) && !fails(n, 2))!;
    expect(name).toBeDefined();

    await setChaos({ seed, errorRate: 0.5 });
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt++) statuses.push((await api("POST", "/assistants", { name })).status);
    expect(statuses.map((status) => (status >= 500 ? "5xx" : status))).toEqual(["5xx", "5xx", 201]);
    expect(assistantNames()).toEqual([name]);
  });

  it("draws uniformly in [0,1), independently per seed and fault kind", () => {
    const draws = Array.from({ length: 4000 }, (_, i) => chaosDraw(1, "error", "GET", ASSISTANTS, "", i));
    expect(draws.every((d) => d >= 0 && d < 1)).toBe(true);
    const mean = draws.reduce((sum, d) => sum + d, 0) / draws.length;
    expect(mean).toBeGreaterThan(0.47);
    expect(mean).toBeLessThan(0.53);
    expect(draws.filter((d) => d < 0.1).length).toBeGreaterThan(320); // ≈ 400 expected
    expect(draws.filter((d) => d < 0.1).length).toBeLessThan(480);
    const base = chaosDraw(1, "error", "GET", ASSISTANTS, "", 0);
    expect(chaosDraw(1, "slow", "GET", ASSISTANTS, "", 0)).not.toBe(base);
    expect(chaosDraw(2, "error", "GET", ASSISTANTS, "", 0)).not.toBe(base);
    expect(chaosDraw(1, "error", "GET", ASSISTANTS, "", 0)).toBe(base); // a pure function
  });

  it("error: answers 500, 502 or 503 before handling, so nothing is created and nothing counted", async () => {
    await setChaos({ errorRate: 1 });
    const statuses = new Set<number>();
    for (let i = 0; i < 20; i++) {
      const res = await api("POST", "/assistants", { name: `Failing ${i}` });
      statuses.add(res.status);
      expect(res.body.error).toMatchObject({ code: "server_error", type: "api_error" });
      expect(res.headers.get("x-ratelimit-remaining")).toBe("1000"); // the limiter did not count it
    }
    expect([...statuses].sort()).toEqual([500, 502, 503]);
    expect(assistantNames()).toEqual([]);
    expect(faultsLogged()).toEqual(Array(20).fill("error"));
    expect((await control("GET", "/chaos")).body.injected).toEqual({
      error: 20,
      "rate-limit-storm": 0,
      "drop-after-commit": 0,
      "reset-before-commit": 0,
      slow: 0,
      "late-commit": 0,
    });
  });

  it("reset-before-commit: closes the connection before handling, so nothing is created", async () => {
    await setChaos({ resetBeforeCommitRate: 1 });
    await expect(api("POST", "/assistants", { name: "Never" })).rejects.toThrow();
    expect(assistantNames()).toEqual([]);
    expect(emu.requests).toMatchObject([{ method: "POST", path: ASSISTANTS, status: 0, fault: "reset-before-commit" }]);
  });

  it("drop-after-commit: the store commits, then the connection closes without an answer", async () => {
    await setChaos({ dropAfterCommitRate: 1 });
    await expect(api("POST", "/assistants", { name: "Orphan" })).rejects.toThrow();
    expect(assistantNames()).toEqual(["Orphan"]);
    expect(emu.requests).toMatchObject([{ method: "POST", path: ASSISTANTS, status: 0, fault: "drop-after-commit" }]);
    expect(emu.requests).toHaveLength(1); // logged once, although the route did answer internally
    await control("DELETE", "/chaos");
    expect((await api("GET", "/assistants")).body.assistants.map((a: { name: string }) => a.name)).toEqual(["Orphan"]);
  });

  it("slow: the store commits at once, the response arrives after slowMs", async () => {
    await setChaos({ slowRate: 1, slowMs: 400 });
    const pending = api("POST", "/assistants", { name: "Slowpoke" });
    await sleep(150);
    expect(assistantNames()).toEqual(["Slowpoke"]); // committed while the response is still held
    const res = await pending;
    expect(res.status).toBe(201);
    expect(res.body.assistant.name).toBe("Slowpoke");
    expect(res.ms).toBeGreaterThanOrEqual(400);
    expect(emu.requests).toMatchObject([{ status: 201, fault: "slow" }]);
    expect(emu.requests[0].durationMs).toBeGreaterThanOrEqual(400);
  });

  it("slow: a client that gives up before the answer is still logged, once, with status 0", async () => {
    await setChaos({ slowRate: 1, slowMs: 300 });
    await expect(postGivingUp("Impatient", 100)).rejects.toThrow();
    await sleep(400);
    expect(assistantNames()).toEqual(["Impatient"]);
    expect(emu.requests).toMatchObject([{ method: "POST", status: 0, fault: "slow" }]);
    expect(emu.requests).toHaveLength(1);
  });

  it("late-commit: a write is held and stored only after lateCommitMs; a client that waits gets the answer", async () => {
    await setChaos({ lateCommitRate: 1, lateCommitMs: 400 });
    const pending = api("POST", "/assistants", { name: "Latecomer" });
    await sleep(150);
    expect(assistantNames()).toEqual([]); // held, not stored yet (unlike slow, which stores first)
    const res = await pending;
    expect(res.status).toBe(201);
    expect(res.body.assistant.name).toBe("Latecomer");
    expect(assistantNames()).toEqual(["Latecomer"]);
    expect(res.ms).toBeGreaterThanOrEqual(400);
    expect(emu.requests).toMatchObject([{ method: "POST", status: 201, fault: "late-commit" }]);
    expect((await control("GET", "/chaos")).body.injected["late-commit"]).toBe(1);
  });

  it("late-commit: the object appears after the client gave up; the request is logged once with status 0", async () => {
    await setChaos({ lateCommitRate: 1, lateCommitMs: 300 });
    await expect(postGivingUp("Ghost", 100)).rejects.toThrow();
    expect(assistantNames()).toEqual([]); // the client gave up on a write that had not happened yet
    await sleep(400);
    expect(assistantNames()).toEqual(["Ghost"]); // ... and then it happened
    expect(emu.requests).toMatchObject([{ method: "POST", status: 0, fault: "late-commit" }]);
    expect(emu.requests).toHaveLength(1);
  });

  it("late-commit: holds writes only, and a PATCH or DELETE commits late like a POST", async () => {
    const id = (await api("POST", "/assistants", { name: "Target" })).body.assistant.id;
    await setChaos({ lateCommitRate: 1, lateCommitMs: 300 });
    const read = await api("GET", "/assistants");
    expect(read.status).toBe(200);
    expect(read.ms).toBeLessThan(300);
    const patch = api("PATCH", `/assistants/${id}`, { name: "Renamed" });
    await sleep(100);
    expect(assistantNames()).toEqual(["Target"]);
    expect((await patch).status).toBe(200);
    expect(assistantNames()).toEqual(["Renamed"]);
    const del = api("DELETE", `/assistants/${id}`);
    await sleep(100);
    expect(assistantNames()).toEqual(["Renamed"]);
    expect((await del).status).toBe(200);
    expect(assistantNames()).toEqual([]);
    expect(faultsLogged()).toEqual([null, null, "late-commit", "late-commit"]);
  });

  // Defect 7 of issue 11 end to end: the provider's client against a server that commits after the
  // client's timeout. The POST times out at 200 ms, the object appears at 300 ms, the client's first
  // retry is due 400–800 ms after the timeout: looking up after that wait finds the object; looking
  // up at once (before the wait) finds nothing and sends a second POST, which commits a duplicate.
  it("late-commit: the provider's client finds an object committed after its timeout and does not POST it again", async () => {
    await setChaos({ lateCommitRate: 1, lateCommitMs: 300 });
    const dispatcher = new Agent();
    onTestFinished(() => dispatcher.close());
    const client = new HmsClient(
      { apiKey: KEY, baseUrl: emu.url, requestTimeoutMs: 200, maxRetries: 2 },
      { dispatcher, limiter: new RequestLimiter(0), backoff: { baseMs: 800, maxMs: 800 } },
    );
    const lookups: number[] = [];
    const recover = async () => {
      const list = (await client.get<{ assistants: Array<{ id: string; name: string }> }>("/assistants")).assistants;
      lookups.push(list.length);
      const found = list.find((a) => a.name === "Exactly once");
      return found && { assistant: found };
    };
    const created = await client.post<{ assistant: { id: string } }>("/assistants", { name: "Exactly once" }, { recover });
    expect(lookups).toEqual([1]); // one lookup, and it saw the late object
    // Let any second POST (none is expected) commit before counting.
    await sleep(500);
    expect(assistantNames()).toEqual(["Exactly once"]);
    expect(created.assistant.id).toBe(emu.store.dump().tenants[KEY].assistants[0].id);
    expect(emu.requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });

  it("rate-limit storm: every API request gets 429 until the storm ends, uncounted by the limiter", async () => {
    const seed = 11;
    const starts = (method: string, path: string, name: string, occurrence = 0) =>
      chaosDraw(seed, "rate-limit-storm", method, path, name, occurrence) < 0.5;
    // Pick names by the documented draw: one that starts a storm, and calm ones that do not.
    const candidates = Array.from({ length: 40 }, (_, i) => `Storm ${i}`);
    const starter = candidates.find((name) => starts("POST", ASSISTANTS, name))!;
    const calm = candidates.filter((name) => !starts("POST", ASSISTANTS, name));
    expect(starter).toBeDefined();
    expect(calm.length).toBeGreaterThanOrEqual(2);

    await setChaos({ seed, rateLimitStormRate: 0.5, rateLimitStormMs: 1500 });
    const stormStart = Date.now();
    const first = await api("POST", "/assistants", { name: starter });
    expect(first.status).toBe(429);
    const retryAfter = Number(first.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(2);
    expect(first.headers.get("x-ratelimit-remaining")).toBe("0");
    const reset = Number(first.headers.get("x-ratelimit-reset"));
    expect(reset).toBeGreaterThanOrEqual(Math.floor((stormStart + 1500) / 1000));
    expect(reset).toBeLessThanOrEqual(Math.ceil((Date.now() + 1500) / 1000));
    expect(first.body).toEqual({
      error: { code: "rate_limit_exceeded", message: `Too many requests. Please retry after ${retryAfter} seconds.` },
    });

    // During the storm even requests that would not start one are rejected.
    const during = [await api("POST", "/assistants", { name: calm[0] }), await api("GET", "/assistants"), await api("GET", "/numbers")];
    for (const res of during) {
      expect(res.status).toBe(429);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(Number(res.headers.get("x-ratelimit-reset"))).toBe(reset);
    }
    expect(assistantNames()).toEqual([]);

    await sleep(Math.max(0, stormStart + 1500 - Date.now()) + 100);
    const after = await api("POST", "/assistants", { name: calm[1] });
    expect(after.status).toBe(201);
    expect(after.headers.get("x-ratelimit-remaining")).toBe("999"); // the four 429s did not count
    expect(faultsLogged()).toEqual(["rate-limit-storm", "rate-limit-storm", "rate-limit-storm", "rate-limit-storm", null]);
    expect((await control("GET", "/chaos")).body.injected["rate-limit-storm"]).toBe(4);
  });

  it("latency: delays every API request, but not /health or the control plane", async () => {
    await setChaos({ latencyMs: 300 });
    const res = await api("GET", "/assistants");
    expect(res.status).toBe(200);
    expect(res.ms).toBeGreaterThanOrEqual(300);
    expect((await call(`${emu.url}/health`, "GET", undefined, null)).ms).toBeLessThan(300);
    expect((await control("GET", "/chaos")).ms).toBeLessThan(300);
    expect(emu.requests.map((r) => [r.path, r.fault])).toEqual([
      [ASSISTANTS, undefined], // latency is not a fault
      ["/api/v1/health", undefined],
    ]);
  });

  it("leaves unauthenticated requests to the 401 before any chaos", async () => {
    await setChaos({ errorRate: 1, resetBeforeCommitRate: 1 });
    const res = await call(`${emu.url}/assistants`, "GET", undefined, null);
    expect(res.status).toBe(401);
    expect((await control("GET", "/chaos")).body.injected["reset-before-commit"]).toBe(0);
  });

  it("control plane: PUT validates and replaces, GET reports, DELETE and reset turn chaos off", async () => {
    const invalid: Array<[unknown, string]> = [
      [{ errorRate: 1.5 }, "errorRate"],
      [{ slowRate: -0.1 }, "slowRate"],
      [{ seed: 1.5 }, "seed"],
      [{ latencyMs: -1 }, "latencyMs"],
      [{ slowMs: 0 }, "slowMs"],
      [{ rateLimitStormMs: "3000" }, "rateLimitStormMs"],
      [{ lateCommitRate: 2 }, "lateCommitRate"],
      [{ lateCommitMs: 0 }, "lateCommitMs"],
      [{ errorrate: 0.5 }, "errorrate"],
    ];
    for (const [body, param] of invalid) {
      const res = await control("PUT", "/chaos", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toMatchObject({ code: "invalid_request", param });
      expect(res.body.error.message).toContain(param);
    }
    expect((await control("GET", "/chaos")).body.chaos).toBeNull();

    const put = await control("PUT", "/chaos", { errorRate: 1, latencyMs: 5 });
    expect(put.body.chaos).toEqual({ seed: 1, errorRate: 1, latencyMs: 5, rateLimitStormMs: 3000, slowMs: 5000, lateCommitMs: 30_100 });
    expect((await api("GET", "/assistants")).status).toBeGreaterThanOrEqual(500);
    expect((await control("GET", "/chaos")).body).toMatchObject({ chaos: { errorRate: 1 }, injected: { error: 1 } });

    await setChaos({ seed: 2 }); // replaces the whole profile and its counters
    expect((await control("GET", "/chaos")).body).toMatchObject({ chaos: { seed: 2 }, injected: { error: 0 } });
    expect((await control("GET", "/chaos")).body.chaos).not.toHaveProperty("errorRate");
    expect((await api("GET", "/assistants")).status).toBe(200);

    await setChaos({ errorRate: 1 });
    expect((await control("DELETE", "/chaos")).body).toEqual({ success: true });
    expect((await control("GET", "/chaos")).body.chaos).toBeNull();
    expect((await api("GET", "/assistants")).status).toBe(200);

    await setChaos({ errorRate: 1 });
    await control("POST", "/reset");
    expect((await control("GET", "/chaos")).body.chaos).toBeNull();
    expect((await api("GET", "/assistants")).status).toBe(200);
  });
});

describe("HMS emulator chaos from startEmulator", () => {
  it("applies a profile given at start and rejects an invalid one", async () => {
    const emu = await startEmulator({ chaos: { errorRate: 1 } });
    try {
      expect((await call(`${emu.url}/assistants`, "GET")).status).toBeGreaterThanOrEqual(500);
      expect(emu.chaos.status().injected.error).toBe(1);
    } finally {
      await emu.close();
    }
    await expect(startEmulator({ chaos: { slowRate: 2 } })).rejects.toThrow(/slowRate/);
  });
});

describe("emulator command line chaos flags", () => {
  it("builds a profile from the flags given, and none without them", () => {
    const options = parseCommandLine([
      "--seed", "42", "--latency-ms", "0", "--error-rate", "0.1", "--rate-limit-storm-rate", ".05",
      "--rate-limit-storm-ms", "2000", "--drop-after-commit-rate", "0", "--reset-before-commit-rate", "1",
      "--slow-rate", "0.5", "--slow-ms", "250", "--late-commit-rate", "0.25", "--late-commit-ms", "1100",
    ]);
    expect(options).not.toBe("help");
    expect(options !== "help" && options.chaos).toEqual({
      seed: 42,
      latencyMs: 0,
      errorRate: 0.1,
      rateLimitStormRate: 0.05,
      rateLimitStormMs: 2000,
      dropAfterCommitRate: 0,
      resetBeforeCommitRate: 1,
      slowRate: 0.5,
      slowMs: 250,
      lateCommitRate: 0.25,
      lateCommitMs: 1100,
    });
    const one = parseCommandLine(["--error-rate", "0.2"]);
    expect(one !== "help" && one.chaos).toEqual({ errorRate: 0.2 });
    const none = parseCommandLine(["--port", "0"]);
    expect(none).not.toBe("help");
    expect(none).not.toHaveProperty("chaos");
  });

  it("rejects bad values naming the flag", () => {
    const bad: Array<[string, string]> = [
      ["--error-rate", "1.5"],
      ["--error-rate", "abc"],
      ["--slow-rate", "-0.1"],
      ["--drop-after-commit-rate", ""],
      ["--reset-before-commit-rate", "1e-1"],
      ["--rate-limit-storm-rate", "2"],
      ["--seed", "x"],
      ["--latency-ms", "-1"],
      ["--slow-ms", "0"],
      ["--rate-limit-storm-ms", "0"],
      ["--slow-ms", "1.5"],
      ["--late-commit-rate", "1.01"],
      ["--late-commit-ms", "0"],
    ];
    for (const [flag, value] of bad) {
      expect(() => parseCommandLine([`${flag}=${value}`]), `${flag} ${value}`).toThrow(flag);
    }
  });
});
