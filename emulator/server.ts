/**
 * The HMS Sovereign API emulator: fastify in front of the store. This file holds what every request
 * shares (JSON parsing, bearer auth, fault injection, rate limiting, the request log, error rendering);
 * the routes themselves live in routes.ts (API) and control.ts (test control plane).
 */
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import { registerControlRoutes } from "./control";
import { ApiError, invalidRequest } from "./errors";
import { FaultInjector, defaultFaultBody, type Fault } from "./faults";
import { RateLimiter, rateLimitBody, type RateLimitDecision } from "./rate-limit";
import { registerApiRoutes } from "./routes";
import { Store } from "./store";


/** Base path of the REST API. */
export const API_BASE = "/api/v1";
/** Base path of the test control plane. */
export const CONTROL_BASE = "/__control";

export interface EmulatorOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** JSON file holding the state: loaded on start when it exists, rewritten after every mutation. */
  stateFile?: string;
  /** Enforced requests per window and key; null/0 (the default) reports 100 but never rejects. */
  requestsPerMinute?: number | null;
  /** Length of a rate-limit window in ms (default 60000); shorter in tests. */
  rateLimitWindowMs?: number;
  /** When non-empty, only these keys are valid; otherwise any key starting with fl_live_ or fl_test_ is. */
  apiKeys?: string[];
  /** Log every request through fastify's logger (default false). */
  log?: boolean;
}

/** One API request as the emulator saw it (control-plane requests are not recorded). */
export interface RequestRecord {
  method: string;
  /** URL path without the query string. */
  path: string;
  /** HTTP status; 0 when an injected fault dropped the connection. */
  status: number;
  /** The tenant (API key) when the request authenticated, else null. */
  apiKey: string | null;
  /** Epoch ms when the request arrived. */
  time: number;
  durationMs: number;
}

export interface Emulator {
  /** The API base URL, e.g. http://127.0.0.1:PORT/api/v1. */
  url: string;
  /** http://127.0.0.1:PORT (the control plane is at `${origin}/__control`). */
  origin: string;
  port: number;
  store: Store;
  /** The request log, oldest first; cleared in place by POST /__control/reset. */
  requests: RequestRecord[];
  close(): Promise<void>;
}

interface RequestContext {
  start: number;
  apiKey: string | null;
}

/** Starts an emulator listening on `host:port` and resolves once it accepts connections. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? "127.0.0.1";
  const store = new Store({ stateFile: options.stateFile });
  if (options.stateFile) store.load(options.stateFile);
  const limiter = new RateLimiter(options.requestsPerMinute || null, options.rateLimitWindowMs ?? 60_000);
  const faults = new FaultInjector();
  const requests: RequestRecord[] = [];
  const contexts = new WeakMap<FastifyRequest, RequestContext>();
  const isValidKey = keyValidator(options.apiKeys);

  const app = fastify({ logger: options.log ?? false, genReqId: () => randomUUID() });

  // JSON bodies: an empty body means "no body" (clients often send the header on DELETE), and keys
  // named __proto__ are dropped so a body cannot reach an object's prototype.
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, raw, done) => {
    const text = typeof raw === "string" ? raw : raw.toString("utf8");
    if (text.trim() === "") return done(null, undefined);
    try {
      done(null, JSON.parse(text, (key, value: unknown) => (key === "__proto__" ? undefined : value)));
    } catch {
      done(invalidRequest(null, "Request body is not valid JSON"), undefined);
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
    if (!path.startsWith(`${API_BASE}/`) || path === `${API_BASE}/health`) return;

    const apiKey = bearerKey(request);
    if (apiKey === null || !isValidKey(apiKey)) {
      return reply.code(401).send({ error: "Unauthorized", message: "Invalid or missing API key" });
    }
    context.apiKey = apiKey;

    const fault = faults.take(request.method, path.slice(API_BASE.length), apiKey);
    if (fault) {
      if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (fault.drop) return dropConnection(request, reply);
      if (fault.status !== undefined) return sendFault(reply, fault, limiter.peek(apiKey));
    }

    const decision = limiter.take(apiKey);
    setRateLimitHeaders(reply, decision);
    if (!decision.allowed) {
      return reply
        .code(429)
        .header("retry-after", String(decision.retryAfterSeconds))
        .send(rateLimitBody(decision.retryAfterSeconds));
    }
  });

  app.addHook("onResponse", async (request, reply) => {
    if (isControlPath(pathOf(request))) return;
    record(request, reply.statusCode);
  });

  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof ApiError) return reply.code(error.status).send(error.body());
    const status = statusOf(error);
    if (status >= 400 && status < 500) {
      // fastify's own client errors (body too large, unsupported media type, …) in the vendor's shape
      const message = error instanceof Error ? error.message : "Invalid request";
      return reply.code(status).send(invalidRequest(null, message).body());
    }
    reply.log.error(error);
    return reply.code(500).send(new ApiError(500, "internal_error", "Internal server error", null, "api_error").body());
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(new ApiError(404, "not_found", `No route for ${request.method} ${pathOf(request)}`).body()),
  );

  app.register(async (api) => registerApiRoutes(api, store, tenantOf), { prefix: API_BASE });
  app.register(async (control) => registerControlRoutes(control, { store, requests, limiter, faults }), {
    prefix: CONTROL_BASE,
  });

  await app.listen({ port: options.port ?? 0, host });
  const port = (app.server.address() as AddressInfo).port;
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return { url: `${origin}${API_BASE}`, origin, port, store, requests, close: () => app.close() };

  function tenantOf(request: FastifyRequest): string {
    const apiKey = contexts.get(request)?.apiKey;
    // The auth hook runs before every API route, so this only fires on a wiring mistake.
    if (!apiKey) throw new Error(`no authenticated tenant for ${request.method} ${request.url}`);
    return apiKey;
  }

  function record(request: FastifyRequest, status: number): void {
    const context = contexts.get(request);
    const start = context?.start ?? Date.now();
    requests.push({
      method: request.method,
      path: pathOf(request),
      status,
      apiKey: context?.apiKey ?? null,
      time: start,
      durationMs: Date.now() - start,
    });
  }

  function dropConnection(request: FastifyRequest, reply: FastifyReply): FastifyReply {
    record(request, 0); // onResponse never runs for a hijacked reply
    reply.hijack();
    request.raw.socket.destroy();
    return reply;
  }
}

/** Any fl_live_/fl_test_ key is its own tenant, unless an explicit list of keys is configured. */
function keyValidator(apiKeys: string[] | undefined): (key: string) => boolean {
  if (apiKeys && apiKeys.length > 0) {
    const allowed = new Set(apiKeys);
    return (key) => allowed.has(key);
  }
  return (key) => key.startsWith("fl_live_") || key.startsWith("fl_test_");
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

function statusOf(error: unknown): number {
  if (typeof error === "object" && error !== null && "statusCode" in error && typeof error.statusCode === "number") {
    return error.statusCode;
  }
  return 500;
}

function setRateLimitHeaders(reply: FastifyReply, decision: RateLimitDecision): void {
  reply.header("x-ratelimit-limit", String(decision.limit));
  reply.header("x-ratelimit-remaining", String(decision.remaining));
  reply.header("x-ratelimit-reset", String(Math.ceil(decision.resetAt / 1000)));
}

/** Answers with an injected status; it does not count toward the rate limit but carries its headers. */
function sendFault(reply: FastifyReply, fault: Fault, window: RateLimitDecision): FastifyReply {
  const status = fault.status ?? 500;
  const retryAfter = fault.retryAfter ?? (status === 429 ? 1 : undefined);
  // An injected 429 looks like a spent window that resets after Retry-After.
  setRateLimitHeaders(reply, status === 429 ? { ...window, remaining: 0, resetAt: (Math.ceil(Date.now() / 1000) + retryAfter!) * 1000 } : window);
  if (retryAfter !== undefined) reply.header("retry-after", String(retryAfter));
  return reply.code(status).send(fault.body ?? defaultFaultBody(status, retryAfter ?? 1));
}
