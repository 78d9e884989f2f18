/**
 * Burki (meeran03/burki at a74512a, see /work/shared/api/burki.md) as an emulator platform: keys
 * `burki_` + 32 of [a-z0-9], each its own organization; the client's base URL is the origin (routes
 * under /api/v1/assistants, GET /health without auth); FastAPI's error bodies (`{"detail": …}`,
 * pydantic lists with 422, text/plain `Internal Server Error` for unhandled 500s); no rate-limit
 * headers unless a limit is enforced (the real server has none).
 */
import { STATUS_CODES } from "node:http";
import type { FastifyReply, FastifyRequest } from "fastify";
import { InvalidInput, MalformedJsonBody, parseJsonBody, type EmulatorPlatform } from "../platform";
import { registerBurkiControlRoutes } from "./control";
import { BurkiHttpError, BurkiInternalError, BurkiValidationError, UNAUTHORIZED_DETAIL, pythonJsonError } from "./errors";
import { RawBody, registerBurkiRoutes, requiresAuth } from "./routes";
import { BurkiStore } from "./store";

/** The key format of `POST /auth/api-keys/create`. */
export const BURKI_KEY = /^burki_[a-z0-9]{32}$/;

/** Numbers `npm run emulator -- --platform burki` seeds into every organization (the real start.sh's org-1 numbers). */
export const DEFAULT_BURKI_NUMBERS = ["+15555550100", "+15555550101"];

/** The unhandled-exception answer of Starlette's ServerErrorMiddleware. */
function internalError(reply: FastifyReply): FastifyReply {
  return reply.code(500).type("text/plain; charset=utf-8").send("Internal Server Error");
}

export const burkiPlatform: EmulatorPlatform<BurkiStore> = {
  name: "burki",
  title: "Burki",
  apiBase: "/api/v1",
  documentedRateLimit: null,
  clientUrl: (origin) => origin,
  isValidKey: (key) => BURKI_KEY.test(key),
  requiresAuth,

  unauthorized: (reply) => reply.code(401).header("www-authenticate", "Bearer").send({ detail: UNAUTHORIZED_DETAIL }),
  notFound: (_request, reply) => reply.code(404).send({ detail: "Not Found" }),

  renderError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
    if (error instanceof BurkiHttpError) return reply.code(error.status).headers(error.headers).send({ detail: error.detail });
    if (error instanceof BurkiValidationError) return reply.code(422).send({ detail: error.errors });
    if (error instanceof MalformedJsonBody) {
      const problem = pythonJsonError(error.raw);
      // Python accepts NaN and Infinity, JSON.parse does not; such a body is beyond the emulator.
      if (!problem) return internalError(reply);
      return reply.code(422).send({
        detail: [{ type: "json_invalid", loc: ["body", problem.pos], msg: "JSON decode error", input: {}, ctx: { error: problem.msg } }],
      });
    }
    if (error instanceof InvalidInput) return reply.code(400).send({ detail: error.message });
    if (error instanceof BurkiInternalError) {
      request.log.warn({ reason: error.reason }, "emulated Burki 500");
      return internalError(reply);
    }
    const status = typeof error === "object" && error !== null && "statusCode" in error ? Number(error.statusCode) : 500;
    if (status >= 400 && status < 500) return reply.code(status).send({ detail: error instanceof Error ? error.message : "Bad Request" });
    request.log.error(error);
    return internalError(reply);
  },

  rateLimitBody: (retryAfterSeconds) => ({ detail: `Too many requests. Please retry after ${retryAfterSeconds} seconds.` }),
  // What FastAPI renders for HTTPException(status): the status phrase as the detail.
  faultBody: (status) => ({ detail: STATUS_CODES[status] ?? `HTTP ${status}` }),

  createStore: (options) => new BurkiStore({ stateFile: options.stateFile, phoneNumbers: options.phoneNumbers }),

  registerRoutes(app, store, tenantOf) {
    // FastAPI reads a JSON body whenever it has bytes: only an empty one is "no body" (whitespace is
    // a json_invalid), and a body of any other content type is validated as its text.
    app.removeContentTypeParser("application/json");
    app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
      const text = String(body);
      if (text === "") return done(null, undefined);
      try {
        done(null, parseJsonBody(text));
      } catch (error) {
        done(error as Error, undefined);
      }
    });
    app.addContentTypeParser("*", { parseAs: "string" }, (_request, body, done) => done(null, new RawBody(String(body))));
    registerBurkiRoutes(app, store, tenantOf);
  },
  registerControl: registerBurkiControlRoutes,
};
