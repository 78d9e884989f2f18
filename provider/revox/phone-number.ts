/**
 * `revox.PhoneNumber`: routes a number the Revox account already has (numbers are bought or imported
 * in the dashboard; the API cannot create one) to a `revox.Assistant` for inbound calls.
 *
 * Not a REST collection the core can drive: there is no create and no get-by-id (`revox.md` §4). What
 * it uses:
 * - read: `GET /phone-numbers` (the whole account, unpaginated), the number found by its id, or by
 *   its E.164 form before it has one in the state. Refresh reads every number from the run's one
 *   listing (see ../listings); create, update and delete list afresh, since they decide on the
 *   number's current routing;
 * - create and update: `PATCH /phone-numbers/{id}` with `inbound_assistant_id` (and `label` when
 *   declared). A number routed to an assistant this resource did not route it to fails naming that
 *   assistant, and nothing is changed: it is never taken over silently;
 * - delete: `PATCH` with `inbound_assistant_id: null`. The number stays in the account, unrouted.
 *   `DELETE /phone-numbers/{id}` would release a number the customer paid for, so it is never sent.
 * Every PATCH sets absolute values, so it is safe to repeat: a crashed run heals on the next
 * `pulumi up` (a number already routed to the declared assistant is simply routed again).
 */
import type * as pulumi from "@pulumi/pulumi";
import { isPlainObject } from "../canonical";
import { ApiClient, path } from "../client";
import { resolvePlatformConfig } from "../config";
import { VoiceAiError } from "../errors";
import { schemaHooks, userProps } from "../lifecycle";
import { readThroughListing, scopeOf, writing } from "../listings";
import { describeUnexpectedBody } from "../redact";
import { revoxPlatform } from "./platform";
import { phoneNumberSchema, type PhoneNumberInputs } from "./schema";

export { phoneNumberSchema, type PhoneNumberInputs } from "./schema";

type Props = Record<string, unknown>;

const KIND = "PhoneNumber";
const NUMBERS = "/phone-numbers";

function client(): ApiClient {
  return new ApiClient(revoxPlatform, resolvePlatformConfig(revoxPlatform));
}

/** Every number of the account, listed now. */
async function listNumbers(api: ApiClient): Promise<Props[]> {
  const body = await api.get<unknown>(NUMBERS);
  const items = isPlainObject(body) ? body.phone_numbers : undefined;
  if (!Array.isArray(items)) throw new VoiceAiError(`${KIND}: the Revox API listed ${NUMBERS} without a "phone_numbers" list: it sent ${describeUnexpectedBody(body)}`);
  return items.filter(isPlainObject);
}

/** The number with this id, or undefined when the account no longer has it; from the run's listing where it can answer. */
async function readNumber(api: ApiClient, id: string): Promise<Props | undefined> {
  // There is no GET by id (404 on every number): asking means a listing of now.
  const ask = async () => (await listNumbers(api)).find((n) => String(n.id) === id);
  if (api.config.readFromListings === false) return ask();
  return readThroughListing(scope(api), async () => ({ items: await listNumbers(api), pages: 1 }), id, true, ask);
}

function scope(api: ApiClient): string {
  return scopeOf(api.config.baseUrl, api.config.apiKey, NUMBERS);
}

/** PATCHes number `id`, marked as written by this run (see ../listings). */
function patchNumber(api: ApiClient, id: string, body: Props): Promise<unknown> {
  return writing(scope(api), id, () => api.patch<unknown>(NUMBERS + path`/${id}`, body));
}

/** The id of the assistant a number routes to, or null (the answer embeds the whole assistant). */
function routedTo(number: Props): string | null {
  const a = number.inbound_assistant;
  if (isPlainObject(a) && a.id !== undefined && a.id !== null) return String(a.id);
  // An answer that gives only the id (the request's own field name) is read too.
  return number.inbound_assistant_id === undefined || number.inbound_assistant_id === null ? null : String(number.inbound_assistant_id);
}

function notInAccount(phoneNumber: string): VoiceAiError {
  return new VoiceAiError(
    `${KIND} ${phoneNumber} is not a number of this Revox account: numbers are bought or imported in the Revox dashboard ` +
      "(Phone numbers), not created through the API. Add it there first, or check `revox:apiKey` names the right account.",
  );
}

function routedElsewhere(phoneNumber: string, number: Props): VoiceAiError {
  const a = isPlainObject(number.inbound_assistant) ? number.inbound_assistant : {};
  const name = typeof a.name === "string" ? ` ("${a.name}")` : "";
  return new VoiceAiError(
    `${KIND} ${phoneNumber} is routed to Revox assistant ${routedTo(number)}${name}, which this resource did not route it to: another ` +
      "stack, the dashboard or another resource of this stack manages that routing. Nothing was changed. Unroute it there first (or " +
      "remove the duplicate declaration); this provider never takes a number over from another assistant.",
  );
}

/** Routes the number (and writes the declared label); resolves with the number as the API answers it. */
async function route(api: ApiClient, id: string, inputs: PhoneNumberInputs): Promise<Props> {
  const body: Props = { inbound_assistant_id: inputs.assistantId };
  if (inputs.label !== undefined) body.label = inputs.label;
  const answer = await patchNumber(api, id, body);
  return isPlainObject(answer) && isPlainObject(answer.phone_number) ? answer.phone_number : {};
}

/** The state of a routing: the declared inputs, with what the API holds for them. */
function outputsOf(declared: Props, number: Props): Props {
  const outs: Props = {
    phoneNumber: typeof number.phone_number === "string" ? number.phone_number : declared.phoneNumber,
    assistantId: routedTo(number),
  };
  // A label the program does not declare is not its business (see the schema).
  if (declared.label !== undefined) outs.label = number.label ?? null;
  return outs;
}

/** The dynamic provider behind `revox.PhoneNumber`. */
export const provider: pulumi.dynamic.ResourceProvider = {
  ...schemaHooks(phoneNumberSchema, KIND),

  async create(inputs) {
    const declared = userProps(inputs) as PhoneNumberInputs;
    const api = client();
    const number = (await listNumbers(api)).find((n) => n.phone_number === declared.phoneNumber);
    if (!number) throw notInAccount(declared.phoneNumber);
    const holder = routedTo(number);
    if (holder !== null && holder !== declared.assistantId) throw routedElsewhere(declared.phoneNumber, number);
    const id = String(number.id);
    const answer = await route(api, id, declared);
    return { id, outs: { ...declared, ...outputsOf(declared, { ...number, ...answer }) } };
  },

  async read(id, props) {
    const stored = userProps(props ?? {});
    const number = await readNumber(client(), id);
    // Released outside Pulumi: the routing is gone with it.
    if (!number) return {};
    // `PhoneNumber.get(name, id)` reads with no inputs: report the label too.
    const outs = outputsOf(typeof stored.phoneNumber === "string" ? stored : { label: number.label ?? undefined }, number);
    return { id, props: outs, inputs: outs };
  },

  async update(id, olds, news) {
    const before = userProps(olds) as PhoneNumberInputs;
    const after = userProps(news) as PhoneNumberInputs;
    const api = client();
    const number = (await listNumbers(api)).find((n) => String(n.id) === id);
    if (!number) {
      throw new VoiceAiError(`${KIND} ${after.phoneNumber} (${id}) is no longer in the Revox account (released outside Pulumi?). Run \`pulumi refresh\` to drop it from the state.`);
    }
    // Routed meanwhile to an assistant that is neither the old nor the new one: someone else's now.
    const holder = routedTo(number);
    if (holder !== null && holder !== before.assistantId && holder !== after.assistantId) throw routedElsewhere(after.phoneNumber, number);
    const answer = await route(api, id, after);
    return { outs: { ...after, ...outputsOf(after, { ...number, ...answer }) } };
  },

  async delete(id, props) {
    const stored = userProps(props) as PhoneNumberInputs;
    const api = client();
    const number = (await listNumbers(api)).find((n) => String(n.id) === id);
    // Gone already, or routed by someone else since: nothing of ours to undo.
    if (!number || routedTo(number) !== stored.assistantId) return;
    await patchNumber(api, id, { inbound_assistant_id: null });
  },
};
