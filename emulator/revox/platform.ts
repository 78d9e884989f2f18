/**
 * Revox (revox.md, PyPI revox 0.5.0) as an emulator platform, following the rules of its §6: keys
 * `sk_…`, each its own organization; the REST API under /api (the client's base URL includes it, like
 * https://www.getrevox.com/api); `{"error": …}` bodies (the real shape is undocumented); no rate-limit
 * headers unless a limit is enforced (none is documented); lenient about unknown request keys unless
 * `strict` is set.
 */
import { STATUS_CODES } from "node:http";
import type { FastifyReply, FastifyRequest } from "fastify";
import { InvalidInput, MalformedJsonBody, type EmulatorPlatform } from "../platform";
import { registerRevoxControlRoutes } from "./control";
import { RevoxError, UNAUTHORIZED_MESSAGE } from "./errors";
import { API_BASE, RawBody, registerRevoxRoutes, requiresAuth } from "./routes";
import { RevoxStore } from "./store";

/** Any `sk_` key is valid when no explicit `apiKeys` list is configured (docs example: `Bearer sk_123...`). */
export const REVOX_KEY = /^sk_[A-Za-z0-9_-]+$/;

/** The key `npm run emulator -- --platform revox` suggests (any key of REVOX_KEY's format works). */
export const DEFAULT_REVOX_KEY = "sk_test_emulator";

/** Numbers `npm run emulator -- --platform revox` seeds into every organization. */
export const DEFAULT_REVOX_NUMBERS = ["+15555550200", "+15555550201"];

function statusOf(error: unknown): number {
  return typeof error === "object" && error !== null && "statusCode" in error && typeof error.statusCode === "number" ? error.statusCode : 500;
}

export const revoxPlatform: EmulatorPlatform<RevoxStore> = {
  name: "revox",
  title: "Revox",
  apiBase: API_BASE,
  documentedRateLimit: null,
  clientUrl: (origin) => `${origin}${API_BASE}`,
  isValidKey: (key) => REVOX_KEY.test(key),
  requiresAuth,

  unauthorized: (reply) => reply.code(401).send(new RevoxError(401, UNAUTHORIZED_MESSAGE).body()),
  notFound: (request, reply) => reply.code(404).send(new RevoxError(404, `Not found: ${request.method} ${request.url.split("?")[0]}`).body()),

  renderError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
    if (error instanceof RevoxError) return reply.code(error.status).send(error.body());
    if (error instanceof MalformedJsonBody) return reply.code(400).send({ error: `Request body is not valid JSON: ${error.reason}` });
    if (error instanceof InvalidInput) return reply.code(400).send(error.param ? { error: error.message, details: [{ path: error.param, message: error.message }] } : { error: error.message });
    const status = statusOf(error);
    // fastify's own client errors (body too large, …) in the same shape
    if (status >= 400 && status < 500) return reply.code(status).send({ error: error instanceof Error ? error.message : "Bad request" });
    request.log.error(error);
    return reply.code(500).send({ error: "Internal server error" });
  },

  rateLimitBody: (retryAfterSeconds) => ({ error: `Too many requests: retry after ${retryAfterSeconds} seconds` }),
  faultBody: (status) => ({ error: STATUS_CODES[status] ?? `HTTP ${status}` }),

  createStore: (options) => new RevoxStore({ stateFile: options.stateFile, phoneNumbers: options.phoneNumbers, strict: options.strict }),

  registerRoutes(app, store, tenantOf) {
    // Clone and DELETE take no body whatever the Content-Type says (§6.3); any other content type is
    // kept as text so those routes never answer 415, and create/PATCH refuse it as "not a JSON object".
    app.addContentTypeParser("*", { parseAs: "string" }, (_request, body, done) => done(null, new RawBody(String(body))));
    registerRevoxRoutes(app, store, tenantOf);
  },
  registerControl: registerRevoxControlRoutes,
};
