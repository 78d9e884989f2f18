/**
 * The Revox part of the control plane (mounted at /__control next to the generic routes of
 * ../control.ts): changes made outside the REST API, as in Revox's dashboard or by its own
 * background jobs (drift for the provider's tests). Named like Burki's where the concept is the same.
 *
 *   GET    /tenants/:key                          the key's organization {api_key, organization_id, user}
 *                                                 (created and seeded on first sight)
 *   POST   /tenants/:key/assistants/:id           edit: the body's keys stored as given, no validation (e.g.
 *                                                 faq_items with an item {question, answer, source: "ai",
 *                                                 needs_human_answer: true}, extra stt_context entries,
 *                                                 a field the emulator does not know); 400 for id,
 *                                                 organization_id, created_at and the derived keys
 *   DELETE /tenants/:key/assistants/:id           delete (its numbers lose their inbound assistant)
 *   POST   /tenants/:key/phone-numbers            add a number {phone_number, label?, provider?, source?, type?,
 *                                                 inbound_assistant_id?, inbound_sip_uri?, livekit_outbound_trunk_id?}
 *                                                 (201 {phone_number}; 409 when the organization holds it)
 *   PATCH  /tenants/:key/phone-numbers/:number    edit a number (the same fields but phone_number) without the
 *                                                 API's checks: a verified caller id may take an assistant
 *   DELETE /tenants/:key/phone-numbers/:number    remove a number
 *
 * `:key` is the tenant's API key, `:number` the number's id or its E.164 (`+` literal or %2B).
 * Defaults of an added number: provider twilio, source revox_purchased, type owned_number, label null.
 */
import type { FastifyInstance } from "fastify";
import type { RevoxStore } from "./store";

interface AssistantItem {
  Params: { key: string; id: string };
}
interface NumberItem {
  Params: { key: string; number: string };
}

/** Registers the Revox control routes on `control` (mounted at /__control). */
export function registerRevoxControlRoutes(control: FastifyInstance, store: RevoxStore): void {
  control.get<{ Params: { key: string } }>("/tenants/:key", async (req) => ({ organization: store.controlTenant(req.params.key) }));

  control.post<AssistantItem>("/tenants/:key/assistants/:id", async (req) => ({
    assistant: store.forcePatchAssistant(req.params.key, req.params.id, req.body),
  }));
  control.delete<AssistantItem>("/tenants/:key/assistants/:id", async (req) => {
    store.forceDeleteAssistant(req.params.key, req.params.id);
    return { success: true };
  });

  control.post<{ Params: { key: string } }>("/tenants/:key/phone-numbers", async (req, reply) =>
    reply.code(201).send({ phone_number: store.addNumber(req.params.key, req.body) }),
  );
  control.patch<NumberItem>("/tenants/:key/phone-numbers/:number", async (req) => ({
    phone_number: store.forcePatchNumber(req.params.key, req.params.number, req.body),
  }));
  control.delete<NumberItem>("/tenants/:key/phone-numbers/:number", async (req) => {
    store.removeNumber(req.params.key, req.params.number);
    return { success: true };
  });
}
