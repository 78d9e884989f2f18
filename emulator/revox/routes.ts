/**
 * Revox's REST routes (revox.md §2, §4.1, §6.1), under /api like https://www.getrevox.com/api. One
 * table drives both the fastify routes and `requiresAuth`, so only a request that names a known path
 * with one of its methods authenticates (and meets faults, chaos and the rate limit); a known path
 * with another method is a 405 with `Allow`, anything else a 404, both before auth.
 * `GET /phone-numbers/{id}` and `POST /phone-numbers` are deliberately 404s (§6.1): the real API has
 * neither, and a client must not come to depend on them.
 *
 * Each handler only moves values between HTTP and the store and picks the envelope (§6.4); every
 * success is a 200 (§6.5).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { TenantOf } from "../platform";
import { RevoxError } from "./errors";
import { validateAssistantInput, validateNumberPatch } from "./schema";
import type { RevoxStore } from "./store";

export const API_BASE = "/api";

/** A body that came with a content type other than JSON (kept as text; only JSON routes look at it). */
export class RawBody {
  constructor(readonly text: string) {}
}

type Handler = (ctx: { request: FastifyRequest; store: RevoxStore; key: string; id: string }) => unknown;

interface Route {
  /** Relative to API_BASE, fastify style (`:id`). */
  path: string;
  methods: Partial<Record<"GET" | "POST" | "PATCH" | "DELETE", Handler>>;
  /** Methods answered with a plain 404 instead of a 405. */
  absent?: string[];
}

const ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** The JSON body of a create or PATCH (an empty body is none; a non-JSON body is refused by validation). */
function jsonBody(request: FastifyRequest): unknown {
  const body = request.body;
  if (body instanceof RawBody) return body.text.trim() === "" ? undefined : body.text;
  if (typeof body === "string" && body.trim() === "") return undefined;
  return body;
}

const ROUTES: Route[] = [
  {
    path: "/assistants",
    methods: {
      GET: ({ store, key }) => ({ assistants: store.listAssistants(key) }),
      POST: ({ request, store, key }) => ({ assistant: store.createAssistant(key, validateAssistantInput(jsonBody(request), "create", store.strict)) }),
    },
  },
  {
    path: "/assistants/:id",
    methods: {
      // The one endpoint without an envelope (§2).
      GET: ({ store, key, id }) => store.getAssistant(key, id),
      PATCH: ({ request, store, key, id }) => ({ assistant: store.updateAssistant(key, id, validateAssistantInput(jsonBody(request), "update", store.strict)) }),
      // Any body (the Python SDK sends Content-Type: application/json and none) is ignored.
      DELETE: ({ store, key, id }) => {
        store.deleteAssistant(key, id);
        return { success: true };
      },
    },
  },
  {
    path: "/assistants/:id/clone",
    methods: { POST: ({ store, key, id }) => ({ assistant: store.cloneAssistant(key, id) }) },
  },
  {
    path: "/phone-numbers",
    methods: { GET: ({ store, key }) => ({ phone_numbers: store.listNumbers(key) }) },
    absent: ["POST"],
  },
  {
    path: "/phone-numbers/:id",
    methods: {
      PATCH: ({ request, store, key, id }) => ({ phone_number: store.updateNumber(key, id, validateNumberPatch(jsonBody(request), store.strict)) }),
      DELETE: ({ store, key, id }) => {
        store.deleteNumber(key, id);
        return { success: true };
      },
    },
    absent: ["GET"],
  },
  { path: "/auth-status", methods: { GET: () => ({ authenticated: true }) } },
  { path: "/users/me", methods: { GET: ({ store, key }) => ({ user: store.user(key) }) } },
];

const PATTERNS = ROUTES.map((route) => ({
  route,
  pattern: new RegExp(`^${API_BASE}${route.path.replace(/:[a-z]+/g, "[^/]+")}$`),
}));

/** Whether the core must authenticate this request: a known path with one of its methods (HEAD counts as GET). */
export function requiresAuth(method: string, path: string): boolean {
  const m = method === "HEAD" ? "GET" : method;
  return PATTERNS.some(({ route, pattern }) => pattern.test(path) && m in route.methods);
}

function notFound(reply: FastifyReply): FastifyReply {
  return reply.code(404).send(new RevoxError(404, "Not found").body());
}

/** Registers the table's routes, and the 404s and 405s of its paths' other methods, on the root instance. */
export function registerRevoxRoutes(app: FastifyInstance, store: RevoxStore, tenantOf: TenantOf): void {
  for (const route of ROUTES) {
    const url = `${API_BASE}${route.path}`;
    const served = Object.keys(route.methods);
    for (const [method, handler] of Object.entries(route.methods)) {
      app.route<{ Params: { id?: string } }>({
        method,
        url,
        handler: async (request, reply) => {
          const result = await handler({ request, store, key: tenantOf(request), id: request.params.id ?? "" });
          return reply.code(200).send(result);
        },
      });
    }
    const absent = route.absent ?? [];
    const allow = served.includes("GET") ? [...served, "HEAD"] : served;
    // fastify answers HEAD itself for a GET route.
    const others = ALL_METHODS.filter((m) => !allow.includes(m));
    if (others.length === 0) continue;
    app.route({
      method: others,
      url,
      handler: async (request, reply) => {
        if (absent.includes(request.method)) return notFound(reply);
        return reply.code(405).header("allow", allow.join(", ")).send(new RevoxError(405, `Method ${request.method} not allowed on ${request.url.split("?")[0]}`).body());
      },
    });
  }
}
