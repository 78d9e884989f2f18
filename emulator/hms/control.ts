/**
 * The HMS part of the control plane (mounted at /__control next to the generic routes of
 * ../control.ts): out-of-band edits and deletes, as if made in the vendor's dashboard.
 */
import type { FastifyInstance } from "fastify";
import type { Store } from "./store";

interface TenantItem {
  Params: { key: string; id: string };
}

/** Registers the HMS control routes on `control` (mounted at /__control). */
export function registerHmsControlRoutes(control: FastifyInstance, store: Store): void {
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
}
