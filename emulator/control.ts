/**
 * The control plane for tests, under /__control: reset, inspect state and the request log, make
 * out-of-band edits (as if in the vendor's dashboard), inject one-shot faults and set the seeded chaos
 * profile. No auth, loopback only (the
 * server enforces that), not rate limited and not logged.
 */
import type { FastifyInstance } from "fastify";
import type { Chaos } from "./chaos";
import { invalidRequest } from "./errors";
import type { FaultInjector } from "./faults";
import type { RateLimiter } from "./rate-limit";
import type { RequestRecord } from "./server";
import type { Store } from "./store";

export interface ControlDeps {
  store: Store;
  requests: RequestRecord[];
  limiter: RateLimiter;
  faults: FaultInjector;
  chaos: Chaos;
}

interface TenantItem {
  Params: { key: string; id: string };
}

/** Registers the control routes on `control` (mounted at /__control). */
export function registerControlRoutes(control: FastifyInstance, deps: ControlDeps): void {
  const { store, requests, limiter, faults, chaos } = deps;

  control.post("/reset", async () => {
    store.reset();
    requests.length = 0; // in place: Emulator.requests is this same array
    limiter.reset();
    faults.clear();
    chaos.clear();
    return { success: true };
  });

  control.get("/state", async () => store.dump());

  control.get<{ Querystring: { since?: string } }>("/requests", async (req) => {
    const since = req.query.since === undefined ? 0 : Number(req.query.since);
    if (!Number.isInteger(since) || since < 0) throw invalidRequest("since", "since must be a non-negative integer");
    return { requests: requests.slice(since), next: requests.length };
  });

  control.post<TenantItem>("/tenants/:key/assistants/:id", async (req) => ({
    assistant: store.forcePatchAssistant(req.params.key, req.params.id, req.body),
  }));
  control.post<TenantItem>("/tenants/:key/numbers/:id", async (req) => ({
    number: store.forcePatchNumber(req.params.key, req.params.id, req.body),
  }));
  control.delete<TenantItem>("/tenants/:key/assistants/:id", async (req) => {
    store.deleteAssistant(req.params.key, req.params.id);
    return { success: true };
  });
  control.delete<TenantItem>("/tenants/:key/numbers/:id", async (req) => {
    store.deleteNumber(req.params.key, req.params.id);
    return { success: true };
  });
  control.delete<TenantItem>("/tenants/:key/sip-trunks/:id", async (req) => {
    store.deleteSipTrunk(req.params.key, req.params.id);
    return { success: true };
  });

  control.get("/faults", async () => ({ faults: faults.list() }));
  control.post("/faults", async (req, reply) => reply.code(201).send({ fault: faults.add(req.body) }));
  control.delete("/faults", async () => {
    faults.clear();
    return { success: true };
  });

  // PUT replaces the whole profile (and starts its draws over); DELETE turns chaos off.
  control.get("/chaos", async () => chaos.status());
  control.put("/chaos", async (req) => {
    chaos.set(req.body);
    return chaos.status();
  });
  control.delete("/chaos", async () => {
    chaos.clear();
    return { success: true };
  });
}
