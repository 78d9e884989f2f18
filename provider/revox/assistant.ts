/**
 * `revox.Assistant`: a Revox voice assistant (Soniox speech-to-text → LLM → Cartesia, ElevenLabs or
 * Gradium voice), for inbound and outbound calls.
 *
 * API: `POST/GET /assistants`, `GET/PATCH/DELETE /assistants/{id}` (vendor docs:
 * https://docs.getrevox.com/api/resources/assistants/methods/create; the contract as Revox's SDK 0.5.0
 * has it: the shared `revox.md`). Every property updates in place with a partial PATCH; the id never
 * changes on an edit. The schema, with its per-field rules and docs, is in `./schema.ts`.
 *
 * Creates are crash-safe through the core (`../lifecycle.ts`): Revox has no idempotency key, so a POST
 * whose answer never came is never sent again blindly; the assistants are listed and one carrying this
 * resource's auto-name is taken instead.
 */
import { lifecycle, type ResourceSpec } from "../lifecycle";
import { revoxPlatform } from "./platform";
import { assistantSchema } from "./schema";

export { assistantSchema, type AssistantInputs } from "./schema";

export const assistantSpec: ResourceSpec = {
  platform: revoxPlatform,
  kind: "Assistant",
  collection: "/assistants",
  envelope: "assistant",
  listEnvelope: "assistants",
  // The listing hides sub-assistants (revox.md §3): one missing from it is asked for with a GET.
  listed: "some",
  schema: assistantSchema,
  deleteBeforeReplace: false,
  autoNamed: "name",
};

/** The dynamic provider behind `revox.Assistant`. */
export const provider = lifecycle(assistantSpec);
