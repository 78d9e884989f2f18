/**
 * HMS Sovereign as an emulator platform: `fl_live_`/`fl_test_` keys, the REST API under /api/v1 (the
 * client's base URL includes it), nested `{error: {code, message, param, type}}` error bodies, the
 * documented 100 requests a minute reported in X-RateLimit-* on every answer.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { EmulatorPlatform } from "../platform";
import { InvalidInput, MalformedJsonBody } from "../platform";
import { registerHmsControlRoutes } from "./control";
import { ApiError, defaultFaultBody, invalidRequest, rateLimitBody } from "./errors";
import { registerApiRoutes } from "./routes";
import { Store } from "./store";

const API_BASE = "/api/v1";

export const hmsPlatform: EmulatorPlatform<Store> = {
  name: "hms",
  title: "HMS",
  apiBase: API_BASE,
  documentedRateLimit: 100,
  clientUrl: (origin) => `${origin}${API_BASE}`,
  isValidKey: (key) => key.startsWith("fl_live_") || key.startsWith("fl_test_"),
  requiresAuth: (_method, path) => path.startsWith(`${API_BASE}/`) && path !== `${API_BASE}/health`,

  unauthorized: (reply) => reply.code(401).send({ error: "Unauthorized", message: "Invalid or missing API key" }),

  notFound: (request, reply) =>
    reply.code(404).send(new ApiError(404, "not_found", `No route for ${request.method} ${request.url.split("?")[0]}`).body()),

  renderError(error: unknown, _request: FastifyRequest, reply: FastifyReply): FastifyReply {
    if (error instanceof ApiError) return reply.code(error.status).send(error.body());
    if (error instanceof InvalidInput) return reply.code(400).send(invalidRequest(error.param, error.message).body());
    if (error instanceof MalformedJsonBody) return reply.code(400).send(invalidRequest(null, error.message).body());
    const status = statusOf(error);
    if (status >= 400 && status < 500) {
      // fastify's own client errors (body too large, unsupported media type, …) in the vendor's shape
      const message = error instanceof Error ? error.message : "Invalid request";
      return reply.code(status).send(invalidRequest(null, message).body());
    }
    reply.log.error(error);
    return reply.code(500).send(new ApiError(500, "internal_error", "Internal server error", null, "api_error").body());
  },

  rateLimitBody,
  faultBody: defaultFaultBody,

  createStore(options) {
    const store = new Store({ stateFile: options.stateFile });
    if (options.stateFile) store.load(options.stateFile);
    return store;
  },
  registerRoutes(app, store, tenantOf) {
    app.register(async (api) => registerApiRoutes(api, store, tenantOf), { prefix: API_BASE });
  },
  registerControl: registerHmsControlRoutes,
};

function statusOf(error: unknown): number {
  if (typeof error === "object" && error !== null && "statusCode" in error && typeof error.statusCode === "number") {
    return error.statusCode;
  }
  return 500;
}
