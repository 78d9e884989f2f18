/**
 * The API emulator's core: fastify in front of one platform's store (see platform.ts; the platforms
 * are listed in platforms.ts). This file holds what every request shares whatever the vendor (JSON
 * parsing, bearer auth, fault injection, chaos, rate limiting, the request log, the generic control
 * plane); the platform supplies its routes, its error bodies and its control routes.
 *
 * Order for an API request: auth and one-shot faults (onRequest) → body parsing → chaos profile and
 * rate limit (preHandler: the chaos identity comes from the body, and requests the chaos answers must
 * not count toward the limit), then a late-commit write is held → route → chaos after-commit faults
 * (onSend) → request log (onResponse).
 */
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import { Chaos, type ChaosFault, type ChaosProfile } from "./chaos";
import { registerControlRoutes } from "./control";
import { FaultInjector, type Fault } from "./faults";
import { parseJsonBody, type EmulatorPlatform, type PlatformStore } from "./platform";
import { DEFAULT_PLATFORM, platformNamed, type PlatformName, type StoreOf } from "./platforms";
import { RateLimiter, type RateLimitDecision } from "./rate-limit";

/** Base path of the test control plane. */
export const CONTROL_BASE = "/__control";

export interface EmulatorOptions {
  /** The vendor API to emulate (default "hms"); one per process. */
  platform?: PlatformName;
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** JSON file holding the state: loaded on start when it exists, rewritten after every mutation. */
  stateFile?: string;
  /**
   * Enforced requests per window and key; null/0 (the default) never rejects (HMS still reports its
   * documented 100 in X-RateLimit-*; Burki sends those headers only while a limit is enforced).
   */
  requestsPerMinute?: number | null;
  /** Length of a rate-limit window in ms (default 60000); shorter in tests. */
  rateLimitWindowMs?: number;
  /**
   * When non-empty, only these keys are valid; otherwise any key of the vendor's format is, each its
   * own tenant (HMS: fl_live_… or fl_test_…; Burki: burki_ and 32 of [a-z0-9]).
   */
  apiKeys?: string[];
  /** Log every request through fastify's logger (default false). */
  log?: boolean;
  /** A seeded chaos profile active from the start (off by default; see chaos.ts and PUT /__control/chaos). */
  chaos?: ChaosProfile;
  /**
   * Burki and Revox (numbers cannot be created through their APIs): E.164 numbers seeded into every
   * tenant the first time its key is seen, or per key. Burki skips a number another tenant already
   * holds (its numbers are unique across tenants); Revox gives each tenant its own copy. None by
   * default; `npm run emulator -- --platform burki` seeds +15555550100 and +15555550101, `--platform
   * revox` +15555550200 and +15555550201.
   */
  phoneNumbers?: string[] | Record<string, string[]>;
  /**
   * Platforms with a lenient and a strict mode for unknown request keys: reject them (400) instead
   * of ignoring them. Default false (lenient).
   */
  strict?: boolean;
}

/** One API request as the emulator saw it (control-plane requests are not recorded). */
export interface RequestRecord {
  method: string;
  /** URL path without the query string. */
  path: string;
  /** HTTP status; 0 when the connection closed without an answer (an injected drop, or a client that gave up on a slow one). */
  status: number;
  /** The tenant (API key) when the request authenticated, else null. */
  apiKey: string | null;
  /** Epoch ms when the request arrived. */
  time: number;
  durationMs: number;
  /** The chaos fault injected into this request, when one was (latency is not a fault). */
  fault?: ChaosFault;
}

export interface Emulator<S extends PlatformStore = StoreOf<typeof DEFAULT_PLATFORM>> {
  /** Which vendor this emulator serves. */
  platform: PlatformName;
  /**
   * The base URL a client of the vendor is configured with: HMS http://127.0.0.1:PORT/api/v1, Burki
   * the origin http://127.0.0.1:PORT (its client adds /api/v1/… itself, like BURKI_URL).
   */
  url: string;
  /** http://127.0.0.1:PORT (the control plane is at `${origin}/__control`). */
  origin: string;
  port: number;
  store: S;
  /** The request log, oldest first; cleared in place by POST /__control/reset. */
  requests: RequestRecord[];
  /** The chaos profile (same object as /__control/chaos): set, clear and read the injected counters. */
  chaos: Chaos;
  close(): Promise<void>;
  /**
   * Changes the enforced requests per window and key of the running emulator (null/0: never reject,
   * as the `requestsPerMinute` option). Every key's window starts afresh. For the benchmark, which
   * sets up a stack with no limit and then measures a refresh against one.
   */
  setRequestsPerMinute(limit: number | null): void;
}

interface RequestContext {
  start: number;
  apiKey: string | null;
  /** The chaos fault injected into this request, for the request log. */
  fault?: ChaosFault;
  /** What the chaos profile does once the route has handled the request. */
  afterCommit?: { drop: true } | { drop: false; slowMs: number };
  /** Already in the request log (a request is logged once, whichever way it ended). */
  recorded?: boolean;
}

/**
 * Starts an emulator of `options.platform` (default HMS) listening on `host:port` and resolves once it
 * accepts connections.
 */
export async function startEmulator<P extends PlatformName = typeof DEFAULT_PLATFORM>(
  options: EmulatorOptions & { platform?: P } = {},
): Promise<Emulator<StoreOf<P>>> {
  const platformName = (options.platform ?? DEFAULT_PLATFORM) as P;
  // The registry's entry for P; widened once here so the core only sees the interface.
  const platform = platformNamed(platformName) as unknown as EmulatorPlatform<StoreOf<P>>;
  const host = options.host ?? "127.0.0.1";
  const store = platform.createStore(options);
  const newLimiter = (limit: number | null | undefined) =>
    new RateLimiter(limit || null, options.rateLimitWindowMs ?? 60_000, platform.documentedRateLimit ?? 0);
  // Replaced by setRequestsPerMinute; the control plane holds a proxy that follows it.
  let limiter = newLimiter(options.requestsPerMinute);
  const currentLimiter = new Proxy({} as RateLimiter, {
    get: (_target, key) => {
      const value = Reflect.get(limiter, key, limiter);
      return typeof value === "function" ? value.bind(limiter) : value;
    },
  });
  // Vendors without rate-limit headers get them only while a limit is enforced.
  let rateLimitHeaders = limiter.enforced || platform.documentedRateLimit !== null;
  const faults = new FaultInjector();
  const chaos = new Chaos();
  if (options.chaos) chaos.set(options.chaos);
  const requests: RequestRecord[] = [];
  const contexts = new WeakMap<FastifyRequest, RequestContext>();
  const isValidKey = keyValidator(options.apiKeys, platform);

  const app = fastify({ logger: options.log ?? false, genReqId: () => randomUUID() });

  // JSON bodies: an empty body means "no body" (clients often send the header on DELETE), and keys
  // named __proto__ are dropped so a body cannot reach an object's prototype.
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, raw, done) => {
    const text = typeof raw === "string" ? raw : raw.toString("utf8");
    if (text.trim() === "") return done(null, undefined);
    try {
      done(null, parseJsonBody(text));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  app.addHook("onRequest", async (request, reply) => {
    const context: RequestContext = { start: Date.now(), apiKey: null };
    contexts.set(request, context);
    reply.header("x-request-id", request.id);
    const path = pathOf(request);

    if (isControlPath(path)) {
      if (!isLoopback(request.ip)) {
        return reply.code(403).send({ error: "Forbidden", message: "The control plane only answers loopback clients" });
      }
      return;
    }
    if (!platform.requiresAuth(request.method, path)) return;

    const apiKey = bearerKey(request);
    if (apiKey === null || !isValidKey(apiKey)) return platform.unauthorized(reply);
    context.apiKey = apiKey;

    const apiPath = path.startsWith(platform.apiBase) ? path.slice(platform.apiBase.length) : path;
    const fault = faults.take(request.method, apiPath, apiKey);
    if (fault) {
      if (fault.delayMs) await sleep(fault.delayMs);
      if (fault.drop) return dropConnection(request, reply);
      if (fault.status !== undefined) return sendFault(reply, fault, limiter.peek(apiKey));
    }
  });

  // Runs once the body is parsed, for every route and the 404 handler alike.
  app.addHook("preHandler", async (request, reply) => {
    const context = contexts.get(request);
    const apiKey = context?.apiKey;
    if (!context || !apiKey) return; // not an authenticated API request (control plane, /health, …)

    const plan = chaos.plan(request.method, pathOf(request), request.body);
    if (plan) {
      if (plan.latencyMs) await sleep(plan.latencyMs);
      if (plan.resetBeforeCommit) return dropConnection(request, reply, "reset-before-commit");
      if (plan.errorStatus !== null) {
        injected(context, "error");
        return sendFault(reply, { status: plan.errorStatus }, limiter.peek(apiKey));
      }
      const stormEndsAt = chaos.stormFor(plan);
      if (stormEndsAt !== null) {
        injected(context, "rate-limit-storm");
        return sendStorm(reply, stormEndsAt, limiter.peek(apiKey));
      }
    }

    const decision = limiter.take(apiKey);
    setRateLimitHeaders(reply, decision);
    if (!decision.allowed) {
      return reply
        .code(429)
        .header("retry-after", String(decision.retryAfterSeconds))
        .send(platform.rateLimitBody(decision.retryAfterSeconds));
    }
    if (plan?.dropAfterCommit) context.afterCommit = { drop: true };
    else if (plan?.slowMs) context.afterCommit = { drop: false, slowMs: plan.slowMs };
    if (plan?.lateCommitMs) {
      // Held before the route: the store commits only after the wait, whether or not the client is
      // still there (a client that timed out meanwhile never learns of the object).
      injected(context, "late-commit");
      await sleep(plan.lateCommitMs);
    }
  });

  app.addHook("onSend", async (request, reply, payload) => {
    const context = contexts.get(request);
    // Requests rejected before the preHandler (malformed JSON, body too large, …) did not count toward
    // the limit but still carry its headers, like every API response.
    if (context?.apiKey && !reply.hasHeader("x-ratelimit-limit")) setRateLimitHeaders(reply, limiter.peek(context.apiKey));
    const after = context?.afterCommit;
    // A late-commit write whose client gave up while it was held: logged here, as onResponse does
    // not run for a closed connection (a drop records itself).
    if (context?.fault === "late-commit" && !after?.drop && request.raw.socket?.destroyed) record(request, 0);
    if (context && after) {
      if (after.drop) {
        // The route has committed; the client never learns the outcome.
        dropConnection(request, reply, "drop-after-commit");
        return payload;
      }
      if (context.fault === undefined) injected(context, "slow");
      else chaos.count("slow"); // a late commit that is also slow: logged as the late commit
      await sleep(after.slowMs);
      // The client may have given up meanwhile (its timeout); onResponse does not run for a closed
      // connection, so log the request here.
      if (request.raw.socket?.destroyed) record(request, 0);
    }
    return payload;
  });

  app.addHook("onResponse", async (request, reply) => {
    if (isControlPath(pathOf(request))) return;
    record(request, reply.statusCode);
  });

  app.setErrorHandler((error, request, reply) => platform.renderError(error, request, reply));
  app.setNotFoundHandler((request, reply) => platform.notFound(request, reply));

  platform.registerRoutes(app, store, tenantOf);
  app.register(
    async (control) => {
      registerControlRoutes(control, { store, requests, limiter: currentLimiter, faults, chaos });
      platform.registerControl(control, store);
    },
    { prefix: CONTROL_BASE },
  );

  await app.listen({ port: options.port ?? 0, host });
  const port = (app.server.address() as AddressInfo).port;
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return {
    platform: platformName,
    url: platform.clientUrl(origin),
    origin,
    port,
    store,
    requests,
    chaos,
    close: () => app.close(),
    setRequestsPerMinute(limit) {
      limiter = newLimiter(limit);
      rateLimitHeaders = limiter.enforced || platform.documentedRateLimit !== null;
    },
  };

  function tenantOf(request: FastifyRequest): string {
    const apiKey = contexts.get(request)?.apiKey;
    // The auth hook runs before every API route, so this only fires on a wiring mistake.
    if (!apiKey) throw new Error(`no authenticated tenant for ${request.method} ${request.url}`);
    return apiKey;
  }

  function record(request: FastifyRequest, status: number): void {
    const context = contexts.get(request);
    if (context?.recorded) return;
    if (context) context.recorded = true;
    const start = context?.start ?? Date.now();
    requests.push({
      method: request.method,
      path: pathOf(request),
      status,
      apiKey: context?.apiKey ?? null,
      time: start,
      durationMs: Date.now() - start,
      ...(context?.fault ? { fault: context.fault } : {}),
    });
  }

  /** Marks a request as hit by a chaos fault, for its log entry and the injected counters. */
  function injected(context: RequestContext, fault: ChaosFault): void {
    context.fault = fault;
    chaos.count(fault);
  }

  /** Closes the connection without an answer; `fault` names the chaos fault, if that is the cause. */
  function dropConnection(request: FastifyRequest, reply: FastifyReply, fault?: ChaosFault): FastifyReply {
    const context = contexts.get(request);
    if (context && fault) injected(context, fault);
    record(request, 0); // onResponse never runs for a hijacked reply
    reply.hijack();
    request.raw.socket.destroy();
    return reply;
  }

  function setRateLimitHeaders(reply: FastifyReply, decision: RateLimitDecision): void {
    if (rateLimitHeaders) writeRateLimitHeaders(reply, decision);
  }

  /** Answers with an injected status; it does not count toward the rate limit but carries its headers. */
  function sendFault(reply: FastifyReply, fault: Pick<Fault, "status" | "body" | "retryAfter">, window: RateLimitDecision): FastifyReply {
    const status = fault.status ?? 500;
    const retryAfter = fault.retryAfter ?? (status === 429 ? 1 : undefined);
    // An injected 429 looks like a spent window that resets after Retry-After.
    setRateLimitHeaders(reply, status === 429 ? { ...window, remaining: 0, resetAt: (Math.ceil(Date.now() / 1000) + retryAfter!) * 1000 } : window);
    if (retryAfter !== undefined) reply.header("retry-after", String(retryAfter));
    const body = fault.body ?? (status === 429 ? platform.rateLimitBody(retryAfter ?? 1) : platform.faultBody(status));
    return reply.code(status).send(body);
  }

  /** A 429 from a chaos storm: the window looks spent until the storm ends; not counted by the limiter. */
  function sendStorm(reply: FastifyReply, endsAt: number, window: RateLimitDecision): FastifyReply {
    const retryAfter = Math.max(1, Math.ceil((endsAt - Date.now()) / 1000));
    setRateLimitHeaders(reply, { ...window, remaining: 0, resetAt: endsAt });
    reply.header("retry-after", String(retryAfter));
    return reply.code(429).send(platform.rateLimitBody(retryAfter));
  }
}

/** Any key of the vendor's format is its own tenant, unless an explicit list of keys is configured. */
function keyValidator(apiKeys: string[] | undefined, platform: EmulatorPlatform<PlatformStore>): (key: string) => boolean {
  if (apiKeys && apiKeys.length > 0) {
    const allowed = new Set(apiKeys);
    return (key) => allowed.has(key);
  }
  return (key) => platform.isValidKey(key);
}

function bearerKey(request: FastifyRequest): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? "");
  return match ? match[1] : null;
}

function pathOf(request: FastifyRequest): string {
  return request.url.split("?")[0];
}

/** The control plane is for tests: loopback only, and left out of the request log. */
function isControlPath(path: string): boolean {
  return path === CONTROL_BASE || path.startsWith(`${CONTROL_BASE}/`);
}

function isLoopback(ip: string): boolean {
  return ip === "::1" || ip.startsWith("127.") || ip.startsWith("::ffff:127.");
}

function writeRateLimitHeaders(reply: FastifyReply, decision: RateLimitDecision): void {
  reply.header("x-ratelimit-limit", String(decision.limit));
  reply.header("x-ratelimit-remaining", String(decision.remaining));
  reply.header("x-ratelimit-reset", String(Math.ceil(decision.resetAt / 1000)));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
