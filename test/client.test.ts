/**
 * The HTTP client against undici's MockAgent: which failures are retried and how often, the typed
 * errors, POST ambiguity, timeouts, Retry-After / X-RateLimit-* handling, the shared limiter, and
 * config resolution. No network, no emulator; the whole file runs in a few seconds.
 */
import { inspect } from "node:util";
import { MockAgent } from "undici";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { isAmbiguous, parseRetryAfter, retryDelay, retryDelayMs, type Backoff, type ClientOptions, type Method } from "../provider/client";
import { HmsClient } from "../provider/hms/client";
import { DEFAULT_BASE_URL, resolveConfig, setStackConfig, type HmsConfig } from "../provider/hms/config";
import {
  HmsApiError,
  HmsAuthenticationError,
  HmsBadRequestError,
  HmsConfigError,
  HmsConflictError,
  HmsConnectionError,
  HmsInsufficientCreditsError,
  HmsNotFoundError,
  HmsPermissionDeniedError,
  HmsRateLimitError,
  HmsServerError,
  HmsTimeoutError,
  hmsErrorFrom,
} from "../provider/hms/errors";
import { VoiceAiError } from "../provider/errors";
import { MAX_PAUSE_MS, RequestLimiter } from "../provider/rate-limit";

const ORIGIN = "http://hms.test";
const BASE_URL = `${ORIGIN}/api/v1`;
const KEY = "fl_test_secret_key";
const FAST: Backoff = { baseMs: 1, maxMs: 5 };
/** The wire path of the client path /assistants/a1. */
const WIRE = "/api/v1/assistants/a1";
const RATE_LIMITED = { error: { code: "rate_limit_exceeded", message: "Too many requests" } };

const agents: MockAgent[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(agents.splice(0).map((agent) => agent.close()));
});

/** A client on a fresh MockAgent (no network), no client-side limit, 1-5 ms backoff (unless `options` say otherwise). */
function mock(config: Partial<HmsConfig> = {}, limiter: RequestLimiter = new RequestLimiter(0), options: ClientOptions = {}) {
  const agent = new MockAgent({ enableCallHistory: true });
  agent.disableNetConnect();
  agents.push(agent);
  const client = new HmsClient(
    { apiKey: KEY, apiKeySource: "hms:apiKey", baseUrl: BASE_URL, requestTimeoutMs: 2_000, maxRetries: 3, ...config },
    { dispatcher: agent, limiter, backoff: FAST, ...options },
  );
  // Every request the client dispatched, matched by an interceptor or not.
  const calls = () => agent.getCallHistory()?.calls() ?? [];
  return { agent, pool: agent.get(ORIGIN), client, calls, limiter };
}

/** The error a request fails with (and a test failure when it succeeds). */
async function failure(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error("expected the request to fail, it succeeded");
}

/** A transport error as undici raises it (MockAgent's replyWithError passes it through). */
const netError = (code: string) => Object.assign(new Error(`socket trouble ${code}`), { code });

const bodyFor = (method: Method) => (method === "PATCH" || method === "POST" ? { name: "support" } : undefined);

describe("retries for GET, PATCH and DELETE", () => {
  describe.each(["GET", "PATCH", "DELETE"] as const)("%s", (method) => {
    const body = bodyFor(method);

    it.each([500, 502, 503, 504, 408, 429])("repeats after a %i and returns the later answer", async (status) => {
      const { agent, pool, client, calls } = mock();
      // A 429 carries Retry-After: 0 so the test does not wait the 1 s default pause.
      const failures = status === 429 ? 1 : 2;
      const headers = status === 429 ? { "retry-after": "0" } : undefined;
      pool.intercept({ path: WIRE, method }).reply(status, { error: "upstream", message: "try again" }, { headers }).times(failures);
      pool.intercept({ path: WIRE, method }).reply(200, { id: "a1" });
      await expect(client.send(method, "/assistants/a1", body)).resolves.toEqual({ id: "a1" });
      expect(calls()).toHaveLength(failures + 1);
      // Every attempt carries the same body.
      expect(calls().map((c) => c.body ?? undefined)).toEqual(Array(failures + 1).fill(body && JSON.stringify(body)));
      agent.assertNoPendingInterceptors();
    });

    it.each(["ECONNRESET", "UND_ERR_SOCKET", "ECONNREFUSED"])("repeats after a network error %s", async (code) => {
      const { agent, pool, client, calls } = mock();
      pool.intercept({ path: WIRE, method }).replyWithError(netError(code)).times(2);
      pool.intercept({ path: WIRE, method }).reply(200, { id: "a1" });
      await expect(client.send(method, "/assistants/a1", body)).resolves.toEqual({ id: "a1" });
      expect(calls()).toHaveLength(3);
      agent.assertNoPendingInterceptors();
    });
  });

  it("gives up after maxRetries with the last answer's error", async () => {
    const { agent, pool, client, calls } = mock({ maxRetries: 2 });
    pool.intercept({ path: WIRE, method: "GET" }).reply(500, { error: "internal", message: "first failure" });
    pool.intercept({ path: WIRE, method: "GET" }).reply(503, { error: { code: "unavailable", message: "last failure" } }).times(2);
    pool.intercept({ path: WIRE, method: "GET" }).reply(200, { id: "never reached" });
    const err = await failure(client.get("/assistants/a1"));
    expect(err).toBeInstanceOf(HmsServerError);
    expect(err).toMatchObject({ status: 503, code: "unavailable", request: "GET /assistants/a1" });
    expect(err.message).toContain("last failure");
    expect(err.message).not.toContain("first failure");
    expect(err.message).toMatch(/\(gave up after 3 attempts\)$/);
    expect(calls()).toHaveLength(3);
    expect(agent.pendingInterceptors()).toHaveLength(1);
  });

  it("gives up on a 429 that persists, as HmsRateLimitError", async () => {
    const { agent, pool, client, calls } = mock({ maxRetries: 1 });
    pool.intercept({ path: WIRE, method: "PATCH" }).reply(429, RATE_LIMITED, { headers: { "retry-after": "0" } }).times(2);
    const err = await failure(client.patch("/assistants/a1", { name: "x" }));
    expect(err).toBeInstanceOf(HmsRateLimitError);
    expect(err).toMatchObject({ status: 429, code: "rate_limit_exceeded" });
    expect(err.message).toContain("(gave up after 2 attempts)");
    expect(calls()).toHaveLength(2);
    agent.assertNoPendingInterceptors();
  });

  it("gives up on a network error that persists, as HmsConnectionError with the cause", async () => {
    const { agent, pool, client, calls } = mock({ maxRetries: 2 });
    const cause = netError("ECONNRESET");
    pool.intercept({ path: WIRE, method: "DELETE" }).replyWithError(cause).times(3);
    const err = await failure(client.delete("/assistants/a1"));
    expect(err).toBeInstanceOf(HmsConnectionError);
    expect(err).not.toBeInstanceOf(HmsTimeoutError);
    expect(err).toMatchObject({ code: "ECONNRESET", sent: true, request: "DELETE /assistants/a1" });
    expect(err.cause).toBe(cause);
    expect(err.message).toContain("(gave up after 3 attempts)");
    expect(calls()).toHaveLength(3);
    agent.assertNoPendingInterceptors();
  });

  it("sends once with maxRetries 0 and does not claim to have given up", async () => {
    const { pool, client, calls } = mock({ maxRetries: 0 });
    pool.intercept({ path: WIRE, method: "GET" }).reply(503, { error: "unavailable", message: "down" });
    const err = await failure(client.get("/assistants/a1"));
    expect(err).toBeInstanceOf(HmsServerError);
    expect(err.message).not.toContain("gave up");
    expect(calls()).toHaveLength(1);
  });

  it("retries 5 times when maxRetries is not set", async () => {
    const { pool, client, calls } = mock({ maxRetries: undefined });
    pool.intercept({ path: WIRE, method: "GET" }).reply(502, "<html>Bad Gateway</html>").times(6);
    const err = await failure(client.get("/assistants/a1"));
    expect(err).toBeInstanceOf(HmsServerError);
    expect(err.status).toBe(502);
    expect(err.message).toContain("<html>Bad Gateway</html>");
    expect(err.message).toContain("(gave up after 6 attempts)");
    expect(calls()).toHaveLength(6);
  });
});

describe("answers that are not retried", () => {
  const shapes = {
    flat: { body: { error: "invalid_request", message: "Name is required" }, code: "invalid_request", param: undefined, detail: "Name is required" },
    nested: {
      body: { error: { code: "missing_field", message: "Out of range", param: "llm_config.temperature", type: "invalid_request_error" } },
      code: "missing_field",
      param: "llm_config.temperature",
      detail: "Out of range",
    },
    "rate-limit style": { body: { error: { code: "conflict", message: "Already there" } }, code: "conflict", param: undefined, detail: "Already there" },
  };
  const classes = [
    [400, HmsBadRequestError],
    [401, HmsAuthenticationError],
    [402, HmsInsufficientCreditsError],
    [403, HmsPermissionDeniedError],
    [404, HmsNotFoundError],
    [409, HmsConflictError],
    [422, HmsBadRequestError],
  ] as const;

  describe.each(classes)("%i", (status, Class) => {
    it.each(Object.entries(shapes))("%s body: one request, %s with code, param and request id", async (_, shape) => {
      const { pool, client, calls } = mock();
      pool.intercept({ path: WIRE, method: "GET" }).reply(status, shape.body, { headers: { "X-Request-Id": "req_123" } }).times(2);
      const err = await failure(client.get("/assistants/a1"));
      expect(err.constructor).toBe(Class);
      expect(err.name).toBe(Class.name);
      expect(err).toBeInstanceOf(HmsApiError);
      expect(err.status).toBe(status);
      expect(err.code).toBe(shape.code);
      expect(err.param).toBe(shape.param);
      expect(err.requestId).toBe("req_123");
      expect(err.request).toBe("GET /assistants/a1");
      expect(err.message).toContain(`failed with ${status} ${shape.code}: ${shape.detail}`);
      expect(err.message).toContain("[request id req_123]");
      if (shape.param) expect(err.message).toContain(`(field ${shape.param})`);
      else expect(err.message).not.toContain("(field ");
      expect(err.message).not.toContain("gave up");
      expect(calls()).toHaveLength(1);
    });
  });

  it.each(["POST", "PATCH", "DELETE"] as const)("%s is not repeated after a 4xx either", async (method) => {
    const { pool, client, calls } = mock();
    pool.intercept({ path: WIRE, method }).reply(409, { error: "conflict", message: "taken" }).times(2);
    const err = await failure(client.send(method, "/assistants/a1", bodyFor(method)));
    expect(err).toBeInstanceOf(HmsConflictError);
    expect(isAmbiguous(err)).toBe(false);
    expect(calls()).toHaveLength(1);
  });

  it("an unlisted 4xx is a plain HmsApiError, not retried", async () => {
    const { pool, client, calls } = mock();
    pool.intercept({ path: WIRE, method: "GET" }).reply(418, {}).times(2);
    const err = await failure(client.get("/assistants/a1"));
    expect(err.constructor).toBe(HmsApiError);
    expect(err.message).toContain("failed with 418: no error message");
    expect(calls()).toHaveLength(1);
  });

  it("a 401 names the stack config key when the key came from hms:apiKey", async () => {
    const { pool, client } = mock({ apiKeySource: "hms:apiKey" });
    pool.intercept({ path: WIRE, method: "GET" }).reply(401, { error: "Unauthorized", message: "Invalid or missing API key" });
    const err = await failure(client.get("/assistants/a1"));
    expect(err).toBeInstanceOf(HmsAuthenticationError);
    expect(err.message).toContain("Invalid or missing API key");
    expect(err.message).toContain("stack config hms:apiKey");
    expect(err.message).not.toContain("HMS_SOVEREIGN_API_KEY");
    expect(err.message).not.toContain(KEY);
  });

  it("a 401 names the environment variable when the key came from it", async () => {
    const { pool, client } = mock({ apiKeySource: "HMS_SOVEREIGN_API_KEY" });
    pool.intercept({ path: WIRE, method: "GET" }).reply(401, { error: "Unauthorized", message: "Invalid or missing API key" });
    const err = await failure(client.get("/assistants/a1"));
    expect(err).toBeInstanceOf(HmsAuthenticationError);
    expect(err.message).toContain("HMS_SOVEREIGN_API_KEY environment variable");
    expect(err.message).not.toContain("hms:apiKey");
    expect(err.message).not.toContain(KEY);
  });

  it("only a 401 gets the key hint", async () => {
    const { pool, client } = mock();
    pool.intercept({ path: WIRE, method: "GET" }).reply(403, { error: "Forbidden", message: "Not yours" });
    const err = await failure(client.get("/assistants/a1"));
    expect(err.message).not.toContain("hms:apiKey");
  });

  it.each([
    [402, /run out of credits: top it up in the HMS dashboard/],
    [403, /may not access this object: it belongs to another account, or the key lacks the permission/],
  ])("a %i says what to do", async (status, hint) => {
    const { pool, client } = mock();
    pool.intercept({ path: WIRE, method: "GET" }).reply(status, { error: "nope", message: "nope" });
    expect((await failure(client.get("/assistants/a1"))).message).toMatch(hint);
  });
});

describe("POST", () => {
  describe("with a recover lookup", () => {
    const POST = { path: "/api/v1/assistants", method: "POST" } as const;

    it("resolves with what the lookup found, without sending the POST again", async () => {
      const { agent, pool, client, calls } = mock();
      pool.intercept(POST).reply(502, { error: "bad_gateway", message: "upstream" });
      pool.intercept(POST).reply(201, { id: "dup" });
      const seen: unknown[] = [];
      const body = await client.post("/assistants", { name: "support" }, { recover: async (f) => (seen.push(f), { assistant: { id: "a1" } }) });
      expect(body).toEqual({ assistant: { id: "a1" } });
      expect(seen).toHaveLength(1);
      expect(seen[0]).toBeInstanceOf(HmsServerError);
      expect(calls()).toHaveLength(1);
      expect(agent.pendingInterceptors()).toHaveLength(1);
    });

    it("sends the POST again when the lookup finds nothing, within maxRetries", async () => {
      const { pool, client, calls } = mock({ maxRetries: 2 });
      pool.intercept(POST).replyWithError(netError("ECONNRESET")).times(3);
      let lookups = 0;
      const err = await failure(client.post("/assistants", { name: "support" }, { recover: async () => void lookups++ }));
      expect(err).toBeInstanceOf(HmsConnectionError);
      expect(err.message).toContain("gave up after 3 attempts");
      expect(lookups).toBe(3);
      expect(calls()).toHaveLength(3);
    });

    it("is not asked after a failure the API provably did not act on, nor after a 4xx", async () => {
      const { pool, client, calls } = mock();
      pool.intercept(POST).reply(429, { error: { code: "rate_limit_exceeded", message: "slow down" } }, { headers: { "retry-after": "0" } });
      pool.intercept(POST).reply(409, { error: "conflict", message: "taken" });
      let lookups = 0;
      const err = await failure(client.post("/assistants", { name: "support" }, { recover: async () => void lookups++ }));
      expect(err).toBeInstanceOf(HmsConflictError);
      expect(lookups).toBe(0);
      expect(calls()).toHaveLength(2);
    });

    // Defect 7 of issue 11: the server commits the object 300 ms after the POST, after the client's
    // 100 ms timeout. The lookup must run after the wait before the retry (here 600–1200 ms), when the
    // object is there; a lookup right after the timeout misses it and the re-sent POST duplicates it.
    it("looks up only after the wait, so an object committed after the client gave up is found, not created twice", async () => {
      const { agent, pool, client, calls } = mock({ requestTimeoutMs: 100 }, undefined, { backoff: { baseMs: 1_200, maxMs: 1_200 } });
      pool.intercept(POST).reply(201, { assistant: { id: "late" } }).delay(5_000); // never arrives in time
      pool.intercept(POST).reply(201, { assistant: { id: "duplicate" } });
      const sentAt = Date.now();
      const committed = () => Date.now() - sentAt >= 300;
      const lookups: boolean[] = [];
      const recover = async (failure: unknown) => {
        expect(failure).toBeInstanceOf(HmsTimeoutError);
        lookups.push(committed());
        return committed() ? { assistant: { id: "late" } } : undefined;
      };
      const body = await client.post("/assistants", { name: "support" }, { recover });
      expect(body).toEqual({ assistant: { id: "late" } });
      expect(lookups).toEqual([true]);
      expect(calls()).toHaveLength(1); // the POST was not sent again
      expect(agent.pendingInterceptors().map((i) => i.path)).toEqual(["/api/v1/assistants"]); // the duplicate's reply is unused
    });

    it("after the last attempt, still waits and looks up before giving up", async () => {
      const log: string[] = [];
      const { pool, client, calls } = mock({ maxRetries: 0 }, undefined, { log: (line) => log.push(line) });
      pool.intercept(POST).reply(503, { error: "unavailable", message: "later" });
      const found = await client.post("/assistants", { name: "support" }, { recover: async () => ({ assistant: { id: "a1" } }) });
      expect(found).toEqual({ assistant: { id: "a1" } });
      expect(calls()).toHaveLength(1);
      expect(log).toHaveLength(2);
      expect(log[0]).toMatch(/^POST \/assistants attempt 1\/1: 503 unavailable in \d+ ms; waiting \d+ ms \(backoff\) before a recover lookup$/);
      expect(log[1]).toBe("POST /assistants: recover lookup found the object; not sending it again");
    });

    it("ends the call when the lookup itself fails", async () => {
      const { pool, client, calls } = mock();
      pool.intercept(POST).reply(503, { error: "unavailable", message: "later" }).times(2);
      const err = await failure(client.post("/assistants", {}, { recover: async () => Promise.reject(new Error("lookup failed")) }));
      expect(err.message).toBe("lookup failed");
      expect(calls()).toHaveLength(1);
    });
  });

  it.each([500, 502, 503])("is not repeated after a %i, which is ambiguous", async (status) => {
    const { agent, pool, client, calls } = mock();
    pool.intercept({ path: "/api/v1/assistants", method: "POST" }).reply(status, { error: "internal", message: "oops" });
    pool.intercept({ path: "/api/v1/assistants", method: "POST" }).reply(201, { id: "dup" });
    const err = await failure(client.post("/assistants", { name: "support" }));
    expect(err).toBeInstanceOf(HmsServerError);
    expect(err.status).toBe(status);
    expect(isAmbiguous(err)).toBe(true);
    expect(err.message).not.toContain("gave up");
    expect(calls()).toHaveLength(1);
    expect(agent.pendingInterceptors()).toHaveLength(1);
  });

  it.each(["ECONNRESET", "UND_ERR_SOCKET"])("is not repeated after a %s (the request may have arrived)", async (code) => {
    const { agent, pool, client, calls } = mock();
    pool.intercept({ path: "/api/v1/assistants", method: "POST" }).replyWithError(netError(code));
    pool.intercept({ path: "/api/v1/assistants", method: "POST" }).reply(201, { id: "dup" });
    const err = await failure(client.post("/assistants", { name: "support" }));
    expect(err.constructor).toBe(HmsConnectionError);
    expect(err).toMatchObject({ code, sent: true, request: "POST /assistants" });
    expect(isAmbiguous(err)).toBe(true);
    expect(calls()).toHaveLength(1);
    expect(agent.pendingInterceptors()).toHaveLength(1);
  });

  it("is repeated after a 429 (the API did not act)", async () => {
    const { agent, pool, client, calls } = mock();
    pool.intercept({ path: "/api/v1/assistants", method: "POST" }).reply(429, RATE_LIMITED, { headers: { "retry-after": "0" } });
    pool.intercept({ path: "/api/v1/assistants", method: "POST" }).reply(201, { id: "a1" });
    await expect(client.post("/assistants", { name: "support" })).resolves.toEqual({ id: "a1" });
    expect(calls()).toHaveLength(2);
    agent.assertNoPendingInterceptors();
  });

  it("is repeated after ECONNREFUSED (never sent)", async () => {
    const { agent, pool, client, calls } = mock();
    pool.intercept({ path: "/api/v1/assistants", method: "POST" }).replyWithError(netError("ECONNREFUSED")).times(2);
    pool.intercept({ path: "/api/v1/assistants", method: "POST" }).reply(201, { id: "a1" });
    await expect(client.post("/assistants", { name: "support" })).resolves.toEqual({ id: "a1" });
    expect(calls()).toHaveLength(3);
    expect(calls().map((c) => c.body)).toEqual(Array(3).fill('{"name":"support"}'));
    agent.assertNoPendingInterceptors();
  });

  it("a refused connection that persists fails unambiguously (sent: false)", async () => {
    const { pool, client, calls } = mock({ maxRetries: 1 });
    pool.intercept({ path: "/api/v1/assistants", method: "POST" }).replyWithError(netError("ECONNREFUSED")).times(2);
    const err = await failure(client.post("/assistants", { name: "support" }));
    expect(err).toBeInstanceOf(HmsConnectionError);
    expect(err).toMatchObject({ code: "ECONNREFUSED", sent: false });
    expect(isAmbiguous(err)).toBe(false);
    expect(err.message).toContain("(gave up after 2 attempts)");
    expect(calls()).toHaveLength(2);
  });
});

describe("request shape", () => {
  it("sends the bearer key and JSON, and reads an empty 204 as undefined", async () => {
    const { pool, client, calls } = mock();
    pool.intercept({ path: "/api/v1/assistants", method: "POST" }).reply(201, { id: "a1" });
    pool.intercept({ path: WIRE, method: "DELETE" }).reply(204, "");
    await expect(client.post("/assistants", { name: "support" })).resolves.toEqual({ id: "a1" });
    await expect(client.delete("/assistants/a1")).resolves.toBeUndefined();
    const [post, del] = calls();
    expect(post.headers).toMatchObject({ authorization: `Bearer ${KEY}`, accept: "application/json", "content-type": "application/json" });
    expect(post.body).toBe('{"name":"support"}');
    expect(del.headers).toMatchObject({ authorization: `Bearer ${KEY}` });
    expect(del.headers).not.toHaveProperty("content-type");
  });
});

describe("timeout", () => {
  it("a GET that gets no answer in time is repeated", async () => {
    const { agent, pool, client, calls } = mock({ requestTimeoutMs: 50 });
    pool.intercept({ path: WIRE, method: "GET" }).reply(200, { id: "slow" }).delay(300);
    pool.intercept({ path: WIRE, method: "GET" }).reply(200, { id: "fast" });
    const started = Date.now();
    await expect(client.get("/assistants/a1")).resolves.toEqual({ id: "fast" });
    expect(Date.now() - started).toBeLessThan(250);
    expect(calls()).toHaveLength(2);
    agent.assertNoPendingInterceptors();
  });

  it("raises HmsTimeoutError naming hms:requestTimeoutMs", async () => {
    const { pool, client, calls } = mock({ requestTimeoutMs: 50, maxRetries: 0 });
    pool.intercept({ path: WIRE, method: "GET" }).reply(200, { id: "slow" }).delay(300);
    const started = Date.now();
    const err = await failure(client.get("/assistants/a1"));
    expect(Date.now() - started).toBeLessThan(250);
    expect(err).toBeInstanceOf(HmsTimeoutError);
    expect(err).toMatchObject({ sent: true, code: "TIMEOUT", request: "GET /assistants/a1" });
    expect(err.message).toContain("within 50 ms (hms:requestTimeoutMs)");
    expect(calls()).toHaveLength(1);
  });

  it("a POST that times out is not repeated and is ambiguous", async () => {
    const { agent, pool, client, calls } = mock({ requestTimeoutMs: 50 });
    pool.intercept({ path: "/api/v1/assistants", method: "POST" }).reply(201, { id: "slow" }).delay(300);
    pool.intercept({ path: "/api/v1/assistants", method: "POST" }).reply(201, { id: "dup" });
    const err = await failure(client.post("/assistants", { name: "support" }));
    expect(err).toBeInstanceOf(HmsTimeoutError);
    expect(err.sent).toBe(true);
    expect(isAmbiguous(err)).toBe(true);
    expect(calls()).toHaveLength(1);
    expect(agent.pendingInterceptors()).toHaveLength(1);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.UTC(2025, 0, 1, 12, 0, 0);

  it.each([
    ["3", 3000],
    ["1.5", 1500],
    ["0", 0],
    [" 2 ", 2000],
  ])("reads delay-seconds %j as %i ms", (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });

  it("reads an HTTP date as the time until then", () => {
    expect(parseRetryAfter(new Date(now + 10_000).toUTCString(), now)).toBe(10_000);
    expect(parseRetryAfter("Wed, 01 Jan 2025 12:01:00 GMT", now)).toBe(60_000);
  });

  it("reads an HTTP date in the past as 0", () => {
    expect(parseRetryAfter(new Date(now - 10_000).toUTCString(), now)).toBe(0);
  });

  it.each([undefined, "", "   ", "soon", "abc", "3s", "1e3", "-1", "1,5", "foo 1"])("gives undefined for %j", (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe("retryDelayMs", () => {
  const now = Date.UTC(2025, 0, 1, 12, 0, 0);
  const backoff: Backoff = { baseMs: 500, maxMs: 8_000 };
  const low = () => 0;
  const high = () => 0.999_999;

  it.each([0, 1, 2, 3, 4, 5, 8, 30])("attempt %i backs off between half and all of min(base·2ⁿ, max)", (attempt) => {
    const ceiling = Math.min(500 * 2 ** attempt, 8_000);
    expect(retryDelayMs(attempt, undefined, backoff, now, low)).toBe(Math.floor(ceiling / 2));
    const top = retryDelayMs(attempt, undefined, backoff, now, high);
    expect(top).toBeLessThanOrEqual(ceiling);
    expect(top).toBeGreaterThanOrEqual(ceiling - 1);
    for (let i = 0; i < 50; i++) {
      const d = retryDelayMs(attempt, {}, backoff);
      expect(d).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
      expect(d).toBeLessThanOrEqual(ceiling);
    }
  });

  it("caps the backoff at maxMs", () => {
    expect(retryDelayMs(4, undefined, backoff, now, low)).toBe(4_000); // ceiling 8000
    expect(retryDelayMs(5, undefined, backoff, now, low)).toBe(4_000); // 16000 capped to 8000
    expect(retryDelayMs(40, undefined, backoff, now, high)).toBeLessThanOrEqual(8_000);
  });

  it("waits Retry-After plus up to 250 ms of jitter", () => {
    expect(retryDelayMs(0, { retryAfter: "2" }, backoff, now, low)).toBe(2_000);
    expect(retryDelayMs(0, { retryAfter: "2" }, backoff, now, high)).toBe(2_249);
    // Independent of the attempt number.
    expect(retryDelayMs(6, { retryAfter: "2" }, backoff, now, low)).toBe(2_000);
    expect(retryDelayMs(0, { retryAfter: new Date(now + 5_000).toUTCString() }, backoff, now, low)).toBe(5_000);
  });

  it("waits until X-RateLimit-Reset when there is no Retry-After", () => {
    const reset = String(now / 1000 + 7);
    expect(retryDelayMs(0, { rateLimitReset: reset }, backoff, now, low)).toBe(7_000);
    expect(retryDelayMs(0, { rateLimitReset: reset }, backoff, now, high)).toBe(7_249);
    expect(retryDelayMs(0, { rateLimitReset: String(now / 1000 - 7) }, backoff, now, low)).toBe(0);
    // Retry-After wins over the reset.
    expect(retryDelayMs(0, { retryAfter: "2", rateLimitReset: reset }, backoff, now, low)).toBe(2_000);
  });

  it("falls back to backoff when the hints are unreadable", () => {
    expect(retryDelayMs(1, { retryAfter: "soon", rateLimitReset: "later" }, backoff, now, low)).toBe(500);
  });

  it("caps a server hint at MAX_PAUSE_MS", () => {
    expect(MAX_PAUSE_MS).toBe(120_000);
    expect(retryDelayMs(0, { retryAfter: "100000" }, backoff, now, low)).toBe(120_000);
    expect(retryDelayMs(0, { retryAfter: "100000" }, backoff, now, high)).toBeLessThan(120_250);
    expect(retryDelayMs(0, { rateLimitReset: String(now / 1000 + 86_400) }, backoff, now, low)).toBe(120_000);
  });
});

describe("rate-limit headers end to end", () => {
  /** An interceptor reply body that records when the request arrived. */
  const stamp = (times: number[], body: object) => () => {
    times.push(Date.now());
    return body;
  };

  it("a 429 with Retry-After: 1 delays the next request by about a second", async () => {
    const { pool, client, calls } = mock();
    const times: number[] = [];
    pool.intercept({ path: WIRE, method: "GET" }).reply(429, stamp(times, RATE_LIMITED), { headers: { "retry-after": "1" } });
    pool.intercept({ path: WIRE, method: "GET" }).reply(200, stamp(times, { id: "a1" }));
    await expect(client.get("/assistants/a1")).resolves.toEqual({ id: "a1" });
    expect(calls()).toHaveLength(2);
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(990);
    expect(times[1] - times[0]).toBeLessThan(1_000 + 250 + 300);
  });

  it("a 503 with Retry-After: 1 is retried after that second, not after the backoff", async () => {
    const { pool, client } = mock();
    const times: number[] = [];
    pool.intercept({ path: WIRE, method: "GET" }).reply(503, stamp(times, { error: "maintenance" }), { headers: { "retry-after": "1" } });
    pool.intercept({ path: WIRE, method: "GET" }).reply(200, stamp(times, { id: "a1" }));
    await expect(client.get("/assistants/a1")).resolves.toEqual({ id: "a1" });
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(990);
  });

  // The API (and the emulator) send X-RateLimit-* on every answer; on a 5xx the reset time says when
  // the rate-limit window ends, not when the server will be back, so it must not stretch the backoff.
  it("a 5xx is retried on backoff even when X-RateLimit-Reset is a minute away", { timeout: 3_000 }, async () => {
    const { agent, pool, client, calls } = mock();
    const reset = String(Math.ceil(Date.now() / 1000) + 60);
    pool
      .intercept({ path: WIRE, method: "GET" })
      .reply(503, { error: "unavailable" }, { headers: { "x-ratelimit-limit": "100", "x-ratelimit-remaining": "57", "x-ratelimit-reset": reset } })
      .times(2);
    pool.intercept({ path: WIRE, method: "GET" }).reply(200, { id: "a1" });
    const started = Date.now();
    await expect(client.get("/assistants/a1")).resolves.toEqual({ id: "a1" });
    expect(Date.now() - started).toBeLessThan(500);
    expect(calls()).toHaveLength(3);
    agent.assertNoPendingInterceptors();
  });

  it("a 429 pauses the limiter until Retry-After, else X-RateLimit-Reset, else one second", async () => {
    const limiter = new RequestLimiter(0);
    const pause = vi.spyOn(limiter, "pauseUntil");
    const { pool, client } = mock({ maxRetries: 0 }, limiter);
    const reset = Math.ceil(Date.now() / 1000) + 30;
    pool.intercept({ path: WIRE, method: "GET" }).reply(429, RATE_LIMITED, { headers: { "retry-after": "5", "x-ratelimit-reset": String(reset) } });
    pool.intercept({ path: WIRE, method: "GET" }).reply(429, RATE_LIMITED, { headers: { "x-ratelimit-reset": String(reset) } });
    pool.intercept({ path: WIRE, method: "GET" }).reply(429, RATE_LIMITED);
    pool.intercept({ path: WIRE, method: "GET" }).reply(429, RATE_LIMITED, { headers: { "retry-after": "100000" } });
    const expected = [() => Date.now() + 5_000, () => reset * 1000, () => Date.now() + 1_000, () => Date.now() + MAX_PAUSE_MS];
    for (const [i, until] of expected.entries()) {
      // Each 429 pauses the limiter; clear the pause so the next request goes out at once.
      (limiter as unknown as { pausedUntil: number }).pausedUntil = 0;
      expect(await failure(client.get("/assistants/a1"))).toBeInstanceOf(HmsRateLimitError);
      expect(pause).toHaveBeenCalledTimes(i + 1);
      expect(Math.abs(pause.mock.calls[i][0] - until())).toBeLessThan(50);
    }
  });

  it("X-RateLimit-Remaining: 0 holds the next request until X-RateLimit-Reset", async () => {
    const limiter = new RequestLimiter(0);
    const pause = vi.spyOn(limiter, "pauseUntil");
    const { pool, client } = mock({}, limiter);
    const times: number[] = [];
    // A whole second 300 ms to 1.3 s from now.
    const reset = Math.ceil((Date.now() + 300) / 1000);
    pool
      .intercept({ path: WIRE, method: "GET" })
      .reply(200, stamp(times, { id: "a1" }), { headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) } });
    pool.intercept({ path: WIRE, method: "GET" }).reply(200, stamp(times, { id: "a1" }));
    await client.get("/assistants/a1");
    expect(pause).toHaveBeenCalledTimes(1);
    expect(pause).toHaveBeenCalledWith(reset * 1000);
    await client.get("/assistants/a1");
    expect(times[1]).toBeGreaterThanOrEqual(reset * 1000 - 5);
    expect(times[1] - reset * 1000).toBeLessThan(200);
  });

  it("remaining requests above zero do not pause", { timeout: 3_000 }, async () => {
    const limiter = new RequestLimiter(0);
    const pause = vi.spyOn(limiter, "pauseUntil");
    const { pool, client } = mock({}, limiter);
    const reset = String(Math.ceil(Date.now() / 1000) + 30);
    pool.intercept({ path: WIRE, method: "GET" }).reply(200, {}, { headers: { "x-ratelimit-remaining": "1", "x-ratelimit-reset": reset } });
    pool.intercept({ path: WIRE, method: "GET" }).reply(503, {}, { headers: { "x-ratelimit-remaining": "1", "x-ratelimit-reset": reset } });
    pool.intercept({ path: WIRE, method: "GET" }).reply(200, {});
    const started = Date.now();
    await client.get("/assistants/a1");
    await client.get("/assistants/a1");
    expect(pause).not.toHaveBeenCalled();
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe("RequestLimiter", () => {
  it("lets `limit` requests through at once and the next when the window slides", async () => {
    const limiter = new RequestLimiter(3, 300);
    const started = Date.now();
    const times = await Promise.all([0, 1, 2, 3].map(() => limiter.acquire().then(() => Date.now() - started)));
    expect(times.slice(0, 3).every((t) => t < 50)).toBe(true);
    expect(times[3]).toBeGreaterThanOrEqual(290);
    expect(times[3]).toBeLessThan(450);
  });

  it("counts a sliding window, not fixed ones: no span of intervalMs holds more than the limit", async () => {
    const limiter = new RequestLimiter(2, 300);
    const started = Date.now();
    const at = () => Date.now() - started;
    const sleepMs = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    await limiter.acquire(); // t≈0
    await sleepMs(250);
    await limiter.acquire(); // t≈250
    await sleepMs(60);
    await limiter.acquire(); // t≈310: only the request at 250 is in the last 300 ms
    expect(at()).toBeLessThan(400);
    // A fixed window restarting at 300 would let this one through at once: three requests within
    // 250..310. The sliding window holds it until the request at 250 is 300 ms old.
    await limiter.acquire();
    expect(at()).toBeGreaterThanOrEqual(540);
  });

  it("pauseUntil holds acquire until then, and a shorter pause does not shorten it", async () => {
    const limiter = new RequestLimiter(0);
    const started = Date.now();
    limiter.pauseUntil(started + 200);
    limiter.pauseUntil(started + 50);
    await limiter.acquire();
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(195);
    expect(waited).toBeLessThan(350);
  });

  it("a pause that begins while a request waits for its slot still holds it", async () => {
    const limiter = new RequestLimiter(1, 200);
    const started = Date.now();
    await limiter.acquire();
    const second = limiter.acquire().then(() => Date.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 50));
    limiter.pauseUntil(started + 300);
    expect(await second).toBeGreaterThanOrEqual(295);
  });

  it("RequestLimiter(0) never waits", async () => {
    const limiter = new RequestLimiter(0);
    const started = Date.now();
    for (let i = 0; i < 1_000; i++) await limiter.acquire();
    expect(Date.now() - started).toBeLessThan(100);
  });

  it("caps a pause at MAX_PAUSE_MS", async () => {
    vi.useFakeTimers();
    try {
      const limiter = new RequestLimiter(0);
      limiter.pauseUntil(Date.now() + 10 * 3_600_000);
      let done = false;
      void limiter.acquire().then(() => (done = true));
      await vi.advanceTimersByTimeAsync(MAX_PAUSE_MS - 1_000);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(1_100);
      expect(done).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("resolveConfig", () => {
  const noStack = { get: () => undefined };
  beforeEach(() => setStackConfig(noStack));
  afterEach(() => setStackConfig(noStack));

  const stack = (values: Record<string, string>) => setStackConfig({ get: (key: string) => values[key] });

  it("uses the defaults with only a key in the environment", () => {
    expect(resolveConfig({ HMS_SOVEREIGN_API_KEY: "fl_test_env" })).toEqual({
      apiKey: "fl_test_env",
      apiKeySource: "HMS_SOVEREIGN_API_KEY",
      baseUrl: DEFAULT_BASE_URL,
      requestTimeoutMs: 30_000,
      requestsPerMinute: 100,
      maxRetries: 5,
      overwriteLiveChanges: false,
      readFromListings: true,
    });
  });

  it("reads explicit values from the environment; empty means default", () => {
    const config = resolveConfig({
      HMS_SOVEREIGN_API_KEY: "fl_test_env",
      HMS_SOVEREIGN_BASE_URL: "http://localhost:4010/api/v1//",
      HMS_SOVEREIGN_REQUEST_TIMEOUT_MS: "1500",
      HMS_SOVEREIGN_REQUESTS_PER_MINUTE: "0",
      HMS_SOVEREIGN_MAX_RETRIES: "",
    });
    expect(config).toEqual({
      apiKey: "fl_test_env",
      apiKeySource: "HMS_SOVEREIGN_API_KEY",
      baseUrl: "http://localhost:4010/api/v1",
      requestTimeoutMs: 1500,
      requestsPerMinute: 0,
      maxRetries: 5,
      overwriteLiveChanges: false,
      readFromListings: true,
    });
  });

  it("prefers the stack config and says the key came from hms:apiKey", () => {
    stack({ "hms:apiKey": "fl_live_stack", "hms:requestTimeoutMs": "2500", "hms:requestsPerMinute": "60", "hms:maxRetries": "0" });
    const config = resolveConfig({ HMS_SOVEREIGN_API_KEY: "fl_test_env", HMS_SOVEREIGN_MAX_RETRIES: "9" });
    expect(config).toMatchObject({ apiKey: "fl_live_stack", apiKeySource: "hms:apiKey", requestTimeoutMs: 2500, requestsPerMinute: 60, maxRetries: 0 });
  });

  it("takes the key from the environment when the stack has only settings", () => {
    stack({ "hms:maxRetries": "2" });
    expect(resolveConfig({ HMS_SOVEREIGN_API_KEY: "fl_test_env" })).toMatchObject({ apiKeySource: "HMS_SOVEREIGN_API_KEY", maxRetries: 2 });
  });

  it("fails without a key, naming both places to set one", () => {
    expect(() => resolveConfig({})).toThrow(HmsConfigError);
    expect(() => resolveConfig({})).toThrow(/hms:apiKey.*HMS_SOVEREIGN_API_KEY/);
  });

  const settings = [
    ["requestTimeoutMs", "HMS_SOVEREIGN_REQUEST_TIMEOUT_MS"],
    ["requestsPerMinute", "HMS_SOVEREIGN_REQUESTS_PER_MINUTE"],
    ["maxRetries", "HMS_SOVEREIGN_MAX_RETRIES"],
  ] as const;

  describe.each(settings)("hms:%s", (name, envName) => {
    it.each(["abc", "-1", "1.5", "0x10", "1e3"])("rejects %j from the environment, naming the key", (raw) => {
      const resolve = () => resolveConfig({ HMS_SOVEREIGN_API_KEY: "k", [envName]: raw });
      expect(resolve).toThrow(HmsConfigError);
      expect(resolve).toThrow(`hms:${name} (or ${envName}) must be an integer`);
      expect(resolve).toThrow(`got "${raw}"`);
    });

    it.each(["abc", "-1", "1.5"])("rejects %j from the stack config, naming the key", (raw) => {
      stack({ "hms:apiKey": "k", [`hms:${name}`]: raw });
      expect(() => resolveConfig({})).toThrow(new RegExp(`^hms:${name} .*got "${raw.replace(".", "\\.")}"$`));
    });
  });

  it("reads a blank value as unset (the default), never as 0", () => {
    expect(resolveConfig({ HMS_SOVEREIGN_API_KEY: "k", HMS_SOVEREIGN_MAX_RETRIES: " ", HMS_SOVEREIGN_REQUESTS_PER_MINUTE: "" })).toMatchObject({
      maxRetries: 5,
      requestsPerMinute: 100,
    });
  });

  it("allows 0 for requestsPerMinute and maxRetries but not for requestTimeoutMs", () => {
    expect(resolveConfig({ HMS_SOVEREIGN_API_KEY: "k", HMS_SOVEREIGN_REQUESTS_PER_MINUTE: "0", HMS_SOVEREIGN_MAX_RETRIES: "0" })).toMatchObject({
      requestsPerMinute: 0,
      maxRetries: 0,
    });
    expect(() => resolveConfig({ HMS_SOVEREIGN_API_KEY: "k", HMS_SOVEREIGN_REQUEST_TIMEOUT_MS: "0" })).toThrow(/hms:requestTimeoutMs .*≥ 1/);
  });

  it("a client built from the resolved config honours hms:maxRetries", async () => {
    const config = resolveConfig({ HMS_SOVEREIGN_API_KEY: "k", HMS_SOVEREIGN_BASE_URL: BASE_URL, HMS_SOVEREIGN_MAX_RETRIES: "1" });
    const { pool, client, calls } = mock(config);
    pool.intercept({ path: WIRE, method: "GET" }).reply(500, {}).times(3);
    const err = await failure(client.get("/assistants/a1"));
    expect(err.message).toContain("(gave up after 2 attempts)");
    expect(calls()).toHaveLength(2);
  });
});

describe("errors never echo secret values (issue 11, defect 5)", () => {
  const SECRETS = ["whsec_TOPSECRET_1", "tool_TOPSECRET_2", "sip_TOPSECRET_3", "whsec_TOPSECRET_4"];
  /** Every way an error can be shown or serialized: message, String(), inspect (stack, cause, every property), JSON. */
  const renderings = (err: Error) => [err.message, String(err), err.stack ?? "", inspect(err, { depth: 20 }), JSON.stringify(err), JSON.stringify(Object.entries(err))];
  const expectNoSecret = (err: Error) => {
    for (const text of renderings(err)) for (const secret of [...SECRETS, "TOPSECRET"]) expect(text).not.toContain(secret);
  };
  /** An assistant as the API echoes it, with a webhook secret and a tool secret. */
  const echoed = {
    name: "support",
    webhook_secret: SECRETS[0],
    llm_config: { model: "gpt-4o-mini", tools: [{ type: "function", function: { name: "lookup" }, server: { url: "https://tools.example/lookup", secret: SECRETS[1] } }] },
  };

  it.each([400, 409, 422, 500])("a JSON %i body holding webhook_secret and tools[].server.secret: kept in err.body, redacted", async (status) => {
    const { pool, client } = mock({ maxRetries: 0 });
    const body = {
      error: { code: "invalid_request", message: `Invalid assistant ${JSON.stringify(echoed)}`, param: "webhook_url" },
      assistant: echoed,
      details: [`webhook_secret=${SECRETS[3]} is malformed`, "password: too short"],
      trunk: { name: "pbx", password: SECRETS[2] },
    };
    pool.intercept({ path: WIRE, method: "PATCH" }).reply(status, body);
    const err = await failure(client.patch("/assistants/a1", { name: "x" }));
    expect(err).toBeInstanceOf(HmsApiError);
    expectNoSecret(err);
    // The error still names the fields and keeps everything that is not a secret.
    expect(err.message).toContain("(field webhook_url)");
    expect(err.message).toContain('"webhook_secret":"[secret]"');
    expect(err.message).toContain("details: webhook_secret=[secret] is malformed; password: too short");
    expect(err.body.assistant).toEqual({
      name: "support",
      webhook_secret: "[secret]",
      llm_config: { model: "gpt-4o-mini", tools: [{ type: "function", function: { name: "lookup" }, server: { url: "https://tools.example/lookup", secret: "[secret]" } }] },
    });
    expect(err.body.trunk).toEqual({ name: "pbx", password: "[secret]" });
    expect(err.details).toEqual(["webhook_secret=[secret] is malformed", "password: too short"]);
  });

  it.each([
    ["an HTML page quoting the JSON", `<html><body>upstream answered ${JSON.stringify({ assistant: echoed })}</body></html>`],
    ["a JSON body cut short in the secret", `${"x".repeat(170)}{"webhook_secret": "${SECRETS[0]}", "tools": [{"server": {"secret": "${SECRETS[1]}"}}]}`.slice(0, 205)],
    ["a form-encoded echo", `name=support&webhook_secret=${SECRETS[0]}&password=${SECRETS[2]}`],
    ["a JSON-escaped echo", JSON.stringify(JSON.stringify({ webhook_secret: SECRETS[0], server: { secret: SECRETS[1] } }))],
  ])("a non-JSON 502 body (%s): redacted in message and err.body", async (_, text) => {
    const { pool, client } = mock({ maxRetries: 0 });
    pool.intercept({ path: WIRE, method: "GET" }).reply(502, text, { headers: { "content-type": "text/html" } });
    const err = await failure(client.get("/assistants/a1"));
    expect(err).toBeInstanceOf(HmsServerError);
    expectNoSecret(err);
    expect(err.message).not.toContain("whsec_");
    expect(err.message).toContain("[secret]");
    expect(typeof err.body).toBe("string");
    expect(err.body).toContain("[secret]");
  });

  it("a 401 that echoes the Authorization header does not show the key", async () => {
    const { pool, client } = mock();
    pool.intercept({ path: WIRE, method: "GET" }).reply(401, `Unauthorized request: Authorization: Bearer ${KEY}`);
    const err = await failure(client.get("/assistants/a1"));
    for (const text of renderings(err)) expect(text).not.toContain(KEY);
    expect(err.message).toContain("Authorization: Bearer [secret]");
  });

  it("a 2xx body that is not JSON comes back redacted", async () => {
    const { pool, client } = mock();
    pool.intercept({ path: WIRE, method: "GET" }).reply(200, `ok webhook_secret=${SECRETS[0]}`);
    await expect(client.get("/assistants/a1")).resolves.toEqual({ message: "ok webhook_secret=[secret]" });
  });
});

describe("one error hierarchy: VoiceAiError (issue 11)", () => {
  it("every error the client raises is a VoiceAiError named after its class", async () => {
    const { pool, client } = mock({ maxRetries: 0, requestTimeoutMs: 50 });
    pool.intercept({ path: WIRE, method: "GET" }).reply(409, { error: "conflict", message: "taken" });
    pool.intercept({ path: WIRE, method: "GET" }).replyWithError(netError("ECONNRESET"));
    pool.intercept({ path: WIRE, method: "GET" }).reply(200, {}).delay(300);
    const errors = [await failure(client.get("/assistants/a1")), await failure(client.get("/assistants/a1")), await failure(client.get("/assistants/a1"))];
    expect(errors.map((e) => e.constructor)).toEqual([HmsConflictError, HmsConnectionError, HmsTimeoutError]);
    for (const err of errors) {
      expect(err).toBeInstanceOf(VoiceAiError);
      expect(err).toBeInstanceOf(Error);
      expect(err.name).toBe(err.constructor.name);
      expect(String(err)).toMatch(new RegExp(`^${err.constructor.name}: HMS API GET /assistants/a1 `));
    }
  });

  it.each([400, 401, 402, 403, 404, 409, 418, 422, 429, 500, 503])("hmsErrorFrom(%i) is a VoiceAiError", (status) => {
    const err = hmsErrorFrom(status, { error: "x", message: "y" }, "GET /assistants");
    expect(err).toBeInstanceOf(VoiceAiError);
    expect(err).toBeInstanceOf(HmsApiError);
  });

  it("configuration errors are VoiceAiErrors too", () => {
    setStackConfig({ get: () => undefined });
    let err: unknown;
    try {
      resolveConfig({});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HmsConfigError);
    expect(err).toBeInstanceOf(VoiceAiError);
    // One hierarchy for every platform: HmsConfigError is the core's ConfigError under its old name.
    expect((err as Error).name).toBe("ConfigError");
  });

  it("keeps the raw body, the request-id and rate-limit headers (only those), details and balance", async () => {
    const { pool, client } = mock();
    const body = { error: "Insufficient credits", message: "Your balance is too low", details: ["needs 5 credits"], balance: 0, retry_after: null };
    const headers = {
      "X-Request-Id": "req_402",
      "x-ratelimit-limit": "100",
      "x-ratelimit-remaining": "42",
      "x-ratelimit-reset": "1767225600",
      "retry-after": "7",
      "set-cookie": "session=abc",
      server: "nginx",
    };
    pool.intercept({ path: WIRE, method: "GET" }).reply(402, body, { headers });
    const err = await failure(client.get("/assistants/a1"));
    expect(err).toBeInstanceOf(HmsInsufficientCreditsError);
    expect(err).toMatchObject({ status: 402, code: "Insufficient credits", requestId: "req_402", balance: 0, details: ["needs 5 credits"] });
    expect(err.body).toEqual(body);
    expect(err.headers).toEqual({
      "x-request-id": "req_402",
      "x-ratelimit-limit": "100",
      "x-ratelimit-remaining": "42",
      "x-ratelimit-reset": "1767225600",
      "retry-after": "7",
    });
    expect(err.message).toContain("Your balance is too low (details: needs 5 credits) [request id req_402]");
  });

  it("reads details from the nested shape, and leaves details and balance undefined when absent", () => {
    const nested = hmsErrorFrom(400, { error: { code: "invalid_request", message: "bad", details: ["a", "b"] } }, "POST /assistants");
    expect(nested.details).toEqual(["a", "b"]);
    expect(nested.message).toContain("bad (details: a; b)");
    const plain = hmsErrorFrom(404, { error: "not_found", message: "gone" }, "GET /assistants/x");
    expect(plain.details).toBeUndefined();
    expect(plain.balance).toBeUndefined();
    expect(plain.headers).toEqual({});
    expect(plain.body).toEqual({ error: "not_found", message: "gone" });
  });
});

describe("debug log (HMS_SOVEREIGN_LOG=debug)", () => {
  /** A client whose debug lines are collected; the lines with the varying milliseconds replaced by N. */
  function logged(config: Partial<HmsConfig> = {}) {
    const lines: string[] = [];
    const m = mock(config, undefined, { log: (line) => lines.push(line) });
    return { ...m, lines, shape: () => lines.map((l) => l.replace(/\d+ ms/g, "N ms")) };
  }

  it("one line per attempt: status, elapsed time, and the wait before each retry with its reason", async () => {
    const { pool, client, lines, shape } = logged();
    const now = String(Math.floor(Date.now() / 1000));
    pool.intercept({ path: WIRE, method: "GET" }).reply(503, { error: "unavailable" }, { headers: { "retry-after": "0" } });
    pool.intercept({ path: WIRE, method: "GET" }).reply(429, RATE_LIMITED, { headers: { "x-ratelimit-reset": now } });
    pool.intercept({ path: WIRE, method: "GET" }).reply(502, "Bad Gateway");
    pool.intercept({ path: WIRE, method: "GET" }).reply(200, { id: "a1", webhook_secret: "whsec_never_logged" });
    await expect(client.get("/assistants/a1")).resolves.toMatchObject({ id: "a1" });
    expect(shape()).toEqual([
      "GET /assistants/a1 attempt 1/4: 503 unavailable in N ms; waiting N ms (Retry-After) before retrying",
      "GET /assistants/a1 attempt 2/4: 429 rate_limit_exceeded in N ms; waiting N ms (X-RateLimit-Reset) before retrying",
      "GET /assistants/a1 attempt 3/4: 502 in N ms; waiting N ms (backoff) before retrying",
      "GET /assistants/a1 attempt 4/4: 200 in N ms",
    ]);
    for (const line of lines) {
      expect(line).not.toContain(KEY);
      expect(line).not.toContain("whsec_never_logged");
      expect(line).not.toContain("Bad Gateway");
    }
  });

  it("an ambiguous POST: the failure, the wait before the recover lookup, what the lookup found", async () => {
    const { pool, client, shape } = logged({ requestTimeoutMs: 50 });
    pool.intercept({ path: "/api/v1/assistants", method: "POST" }).reply(201, {}).delay(300);
    pool.intercept({ path: "/api/v1/assistants", method: "POST" }).replyWithError(netError("ECONNRESET"));
    pool.intercept({ path: "/api/v1/assistants", method: "POST" }).reply(201, { assistant: { id: "a1" } });
    let lookups = 0;
    const recover = async () => (++lookups === 3 ? { assistant: { id: "found" } } : undefined);
    await expect(client.post("/assistants", { name: "support", webhook_secret: "whsec_x" }, { recover })).resolves.toEqual({ assistant: { id: "a1" } });
    expect(shape()).toEqual([
      "POST /assistants attempt 1/4: TIMEOUT in N ms; waiting N ms (backoff) before a recover lookup",
      "POST /assistants: recover lookup found nothing; sending it again",
      "POST /assistants attempt 2/4: ECONNRESET in N ms; waiting N ms (backoff) before a recover lookup",
      "POST /assistants: recover lookup found nothing; sending it again",
      "POST /assistants attempt 3/4: 201 in N ms",
    ]);
  });

  it("says when it stops: not retried, no retries left", async () => {
    const { pool, client, shape } = logged({ maxRetries: 1 });
    pool.intercept({ path: WIRE, method: "DELETE" }).reply(409, { error: "conflict", message: "taken" });
    pool.intercept({ path: WIRE, method: "GET" }).reply(500, {}).times(2);
    await failure(client.delete("/assistants/a1"));
    await failure(client.get("/assistants/a1"));
    expect(shape()).toEqual([
      "DELETE /assistants/a1 attempt 1/2: 409 conflict in N ms; not retried",
      "GET /assistants/a1 attempt 1/2: 500 in N ms; waiting N ms (backoff) before retrying",
      "GET /assistants/a1 attempt 2/2: 500 in N ms; no retries left",
    ]);
  });

  it("names the time a request waited for the rate limit", async () => {
    const limiter = new RequestLimiter(0);
    const lines: string[] = [];
    const { pool, client } = mock({}, limiter, { log: (line) => lines.push(line) });
    pool.intercept({ path: WIRE, method: "GET" }).reply(200, {});
    limiter.pauseUntil(Date.now() + 200);
    await client.get("/assistants/a1");
    expect(lines).toHaveLength(1);
    const held = Number(/\(after (\d+) ms waiting for the rate limit\)$/.exec(lines[0])?.[1]);
    expect(held).toBeGreaterThanOrEqual(150);
  });

  it("with log: debug in the config it writes to stderr; without, nothing", async () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    const quiet = mock();
    quiet.pool.intercept({ path: WIRE, method: "GET" }).reply(200, {});
    await quiet.client.get("/assistants/a1");
    expect(written).toEqual([]);
    const loud = mock({ log: "debug" });
    loud.pool.intercept({ path: WIRE, method: "GET" }).reply(200, {});
    await loud.client.get("/assistants/a1");
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^\[pulumi-voiceai \d{4}-\d\d-\d\dT[\d:.]+Z\] GET \/assistants\/a1 attempt 1\/4: 200 in \d+ ms\n$/);
  });

  it("retryDelay names the reason for each wait", () => {
    const now = Date.UTC(2025, 0, 1);
    expect(retryDelay(0, { retryAfter: "2" }, FAST, now, () => 0)).toEqual({ ms: 2_000, reason: "Retry-After" });
    expect(retryDelay(0, { rateLimitReset: String(now / 1000 + 3) }, FAST, now, () => 0)).toEqual({ ms: 3_000, reason: "X-RateLimit-Reset" });
    expect(retryDelay(1, {}, { baseMs: 500, maxMs: 8_000 }, now, () => 0)).toEqual({ ms: 500, reason: "backoff" });
  });
});

describe("resolveConfig: hms:log", () => {
  afterEach(() => setStackConfig({ get: () => undefined }));

  it("reads HMS_SOVEREIGN_LOG and hms:log (stack first); off by default; rejects other values", () => {
    setStackConfig({ get: () => undefined });
    expect(resolveConfig({ HMS_SOVEREIGN_API_KEY: "k" }).log).toBeUndefined();
    expect(resolveConfig({ HMS_SOVEREIGN_API_KEY: "k", HMS_SOVEREIGN_LOG: "debug" }).log).toBe("debug");
    expect(resolveConfig({ HMS_SOVEREIGN_API_KEY: "k", HMS_SOVEREIGN_LOG: "off" }).log).toBeUndefined();
    expect(() => resolveConfig({ HMS_SOVEREIGN_API_KEY: "k", HMS_SOVEREIGN_LOG: "verbose" })).toThrow(/hms:log \(or HMS_SOVEREIGN_LOG\) must be debug or off, got "verbose"/);
    setStackConfig({ get: (key: string) => ({ "hms:log": "debug" })[key] });
    expect(resolveConfig({ HMS_SOVEREIGN_API_KEY: "k", HMS_SOVEREIGN_LOG: "off" }).log).toBe("debug");
  });
});
