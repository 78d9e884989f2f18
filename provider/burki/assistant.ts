/**
 * `burki.Assistant`: a Burki voice assistant (Deepgram speech-to-text → LLM → text-to-speech).
 *
 * API: `POST/GET/PUT/DELETE /api/v1/assistants` (vendor docs: https://docs.burki.dev/api-reference/assistants/create;
 * what the server really does: the shared `burki.md`). Every property updates in place with PUT; the id
 * never changes on an edit. The schema, with its per-field rules and docs, is in `./schema.ts`.
 */
import { deepMerge, isPlainObject } from "../canonical";
import { toWire, wireName } from "../casing";
import { lifecycle, serverOwned, specRules, type Problem, type ResourceSpec } from "../lifecycle";
import { burkiPlatform, dropNullGreeting, NESTED_BLOCKS } from "./platform";
import { assistantSchema } from "./schema";

export { assistantSchema, type AssistantInputs } from "./schema";

type Props = Record<string, unknown>;

/**
 * The assistant's columns the program may reach through `additionalFields`: a key inside one of the
 * modelled settings blocks. Any other top-level key makes this server answer 500 (B7), or writes a
 * column it never returns (refresh could not see it), or a server-owned one (B10).
 */
const SETTABLE_TOP_LEVEL = new Set(Object.keys(assistantSchema.shape).map((k) => wireName(assistantSchema, k)));

function additionalFieldProblems(inputs: Props): Problem[] {
  const extra = inputs.additionalFields;
  if (!isPlainObject(extra)) return [];
  return Object.keys(extra)
    // Server-owned fields fail check in the core already, with their own reason.
    .filter((k) => !SETTABLE_TOP_LEVEL.has(k) && !serverOwned(burkiPlatform).includes(k))
    .map((k) => ({
      path: `additionalFields.${k}`,
      rule: `is not a field of a Burki assistant: this server answers 500 for an unknown top-level field and stores some columns it never returns; add keys inside a settings block instead (e.g. { tts_settings: { … } })`,
    }));
}

/**
 * A create stores only the sub-keys sent (the answer fills in defaults that calls then do not use),
 * so every settings block goes out complete: the declared sub-keys over the documented defaults.
 */
function completeCreate(body: Props): void {
  const defaults = toWire(assistantSchema, specRules(assistantSpec).defaults) as Props;
  for (const block of NESTED_BLOCKS) {
    if (isPlainObject(body[block]) && isPlainObject(defaults[block])) body[block] = deepMerge(defaults[block] as Props, body[block] as Props);
  }
  dropNullGreeting(body);
}

export const assistantSpec: ResourceSpec = {
  platform: burkiPlatform,
  kind: "Assistant",
  collection: "/api/v1/assistants",
  // Pages of 1000 whole objects (burki.md §3); a multi-page listing can shift under others' writes, so
  // an object missing from one is asked for (see ../listings).
  listed: "every",
  schema: assistantSchema,
  refine: (inputs) => additionalFieldProblems(inputs),
  completeBody: (body, _declared, op) => op === "create" && completeCreate(body),
  deleteBeforeReplace: false,
  autoNamed: "name",
};

/** The dynamic provider behind `burki.Assistant`. */
export const provider = lifecycle(assistantSpec);
