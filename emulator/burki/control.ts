/**
 * The Burki part of the control plane (mounted at /__control next to the generic routes of
 * ../control.ts): changes made outside the REST API, as in Burki's dashboard or its database.
 *
 *   POST   /tenants/:key/assistants/:id                edit: the body's columns stored as given (no validation)
 *   DELETE /tenants/:key/assistants/:id                delete (its numbers are unassigned)
 *   POST   /tenants/:key/phone-numbers                 add a number {phone_number, friendly_name?} (201; 409 when taken)
 *   PATCH  /tenants/:key/phone-numbers/:number         edit a number {assistant_id?, friendly_name?, is_active?}: moves it
 *                                                      to any assistant (or none) without the API's checks
 *   DELETE /tenants/:key/phone-numbers/:number         remove a number
 *   GET    /tenants/:key                               the key's organization (created and seeded on first sight)
 *
 * `:key` is the tenant's API key, `:number` an E.164 number (`+` literal or %2B).
 */
import type { FastifyInstance } from "fastify";
import { InvalidInput } from "../platform";
import type { BurkiStore } from "./store";

interface AssistantItem {
  Params: { key: string; id: string };
}
interface NumberItem {
  Params: { key: string; number: string };
}

function assistantId(raw: string): number {
  if (!/^\d+$/.test(raw)) throw new InvalidInput("id", `assistant id must be an integer, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

/** Registers the Burki control routes on `control` (mounted at /__control). */
export function registerBurkiControlRoutes(control: FastifyInstance, store: BurkiStore): void {
  control.get<{ Params: { key: string } }>("/tenants/:key", async (req) => ({ organization: store.controlOrganization(req.params.key) }));

  control.post<AssistantItem>("/tenants/:key/assistants/:id", async (req) => ({
    assistant: store.forcePatchAssistant(req.params.key, assistantId(req.params.id), req.body),
  }));
  control.delete<AssistantItem>("/tenants/:key/assistants/:id", async (req) => {
    store.forceDeleteAssistant(req.params.key, assistantId(req.params.id));
    return { success: true };
  });

  control.post<{ Params: { key: string }; Body: { phone_number?: unknown; friendly_name?: unknown } | undefined }>(
    "/tenants/:key/phone-numbers",
    async (req, reply) => reply.code(201).send({ phone_number: store.addNumber(req.params.key, req.body?.phone_number, req.body?.friendly_name) }),
  );
  control.patch<NumberItem>("/tenants/:key/phone-numbers/:number", async (req) => ({
    phone_number: store.patchNumber(req.params.key, req.params.number, req.body),
  }));
  control.delete<NumberItem>("/tenants/:key/phone-numbers/:number", async (req) => {
    store.removeNumber(req.params.key, req.params.number);
    return { success: true };
  });
}
