/**
 * The REST routes, relative to the API base (/api/v1). Each route only moves values between HTTP and
 * the store and picks the envelope; auth and rate limiting happen in the core (../server.ts), error
 * rendering in platform.ts.
 */
import type { FastifyInstance } from "fastify";
import type { TenantOf } from "../platform";
import { ApiError } from "./errors";
import type { Store } from "./store";

/** Version string reported by /health. */
export const EMULATOR_VERSION = "1.0.0-emulator";

interface IdParams {
  Params: { id: string };
}

/** Registers /health, /assistants (+ the /agents alias), /numbers and /sip-trunks on `api`. */
export function registerApiRoutes(api: FastifyInstance, store: Store, tenantOf: TenantOf): void {
  api.get("/health", async () => ({
    status: "ok",
    timestamp: new Date().toISOString(),
    version: EMULATOR_VERSION,
    checks: { database: "ok" },
  }));

  // /agents is the deprecated alias: the same assistants under the envelope names "agent"/"agents".
  const assistantPaths = [
    { base: "/assistants", one: "assistant", many: "assistants" },
    { base: "/agents", one: "agent", many: "agents" },
  ];
  for (const { base, one, many } of assistantPaths) {
    api.get(base, async (req) => ({ [many]: store.listAssistants(tenantOf(req)) }));
    api.post(base, async (req, reply) =>
      reply.code(201).send({ [one]: store.createAssistant(tenantOf(req), req.body) }),
    );
    api.get<IdParams>(`${base}/:id`, async (req) => ({ [one]: store.getAssistant(tenantOf(req), req.params.id) }));
    api.patch<IdParams>(`${base}/:id`, async (req) => ({
      [one]: store.patchAssistant(tenantOf(req), req.params.id, req.body),
    }));
    api.delete<IdParams>(`${base}/:id`, async (req) => {
      store.deleteAssistant(tenantOf(req), req.params.id);
      return { success: true };
    });
  }

  api.get("/numbers", async (req) => ({ numbers: store.listNumbers(tenantOf(req)) }));
  api.post("/numbers", async (req, reply) => reply.code(201).send({ number: store.createNumber(tenantOf(req), req.body) }));
  api.get<IdParams>("/numbers/:id", async (req) => ({ number: store.getNumber(tenantOf(req), req.params.id) }));
  api.patch<IdParams>("/numbers/:id", async (req) => ({
    number: store.patchNumber(tenantOf(req), req.params.id, req.body),
  }));
  api.delete<IdParams>("/numbers/:id", async (req) => {
    store.deleteNumber(tenantOf(req), req.params.id);
    return { success: true };
  });

  api.get("/sip-trunks", async (req) => ({ sip_trunks: store.listSipTrunks(tenantOf(req)) }));
  api.post("/sip-trunks", async (req, reply) =>
    reply.code(201).send({ sip_trunk: store.createSipTrunk(tenantOf(req), req.body) }),
  );
  api.get<IdParams>("/sip-trunks/:id", async (req) => ({ sip_trunk: store.getSipTrunk(tenantOf(req), req.params.id) }));
  api.delete<IdParams>("/sip-trunks/:id", async (req) => {
    store.deleteSipTrunk(tenantOf(req), req.params.id);
    return { success: true };
  });
  // Trunks have no PATCH (every change is a replacement): say so rather than a bare 404.
  api.route({
    method: ["PATCH", "PUT"],
    url: "/sip-trunks/:id",
    handler: async (_req, reply) =>
      reply
        .code(405)
        .header("allow", "GET, DELETE")
        .send(new ApiError(405, "method_not_allowed", "SIP trunks cannot be changed; delete the trunk and create a new one").body()),
  });
}
