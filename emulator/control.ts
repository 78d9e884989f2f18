/**
 * The generic part of the control plane for tests, under /__control: reset, inspect the state and the
 * request log, inject one-shot faults and set the seeded chaos profile. The platform adds its own
 * routes next to these (out-of-band edits as if in the vendor's dashboard, seeding; see
 * EmulatorPlatform.registerControl). No auth, loopback only (the server enforces that), not rate
 * limited and not logged.
 */
import type { FastifyInstance } from "fastify";
import type { Chaos } from "./chaos";
import type { FaultInjector } from "./faults";
import { InvalidInput, type PlatformStore } from "./platform";
import type { RateLimiter } from "./rate-limit";
import type { RequestRecord } from "./server";

export interface ControlDeps {
  store: PlatformStore;
  requests: RequestRecord[];
  limiter: RateLimiter;
  faults: FaultInjector;
  chaos: Chaos;
}

/** Registers the generic control routes on `control` (mounted at /__control). */
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
    if (!Number.isInteger(since) || since < 0) throw new InvalidInput("since", "since must be a non-negative integer");
    return { requests: requests.slice(since), next: requests.length };
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
