/**
 * `burki.PhoneNumber`: routes a number the organization already has (numbers come from a Twilio or
 * Telnyx sync, not from this API) to a `burki.Assistant`.
 *
 * Not a REST collection, so it does not use the core lifecycle's create/read: at commit a74512a every
 * number listing is broken (B1, B2) and the by-id routes take a number from whoever holds it (B4). What
 * works, and what this uses:
 * - create: `POST /api/v1/assistants/{id}/phone-numbers/assign-by-number` with `auto_sync: false` (a
 *   sync would call the carrier); the server answers a number held by another assistant with HTTP 200
 *   and `success: false` (B5), so the body is checked, and the holder is looked up first so the error
 *   names it. Nothing is ever taken from another assistant.
 * - read: `GET /api/v1/assistants/by-phone/{E.164}` (the assistant holding it; 404: not routed).
 * - update: a new `assistantId` unassigns from the old one, then assigns; a new `friendlyName` is
 *   written by assigning again. Only a new `phoneNumber` replaces the resource.
 * - delete: `unassign-by-number`: the number stays in the organization, unrouted. Never released.
 * Every call is safe to repeat (assigning a number to the assistant that holds it answers 200 again),
 * so a crashed run heals on the next `pulumi up` without a lookup.
 */
import type * as pulumi from "@pulumi/pulumi";
import { ApiClient, path } from "../client";
import { resolvePlatformConfig } from "../config";
import { BadRequestError, ConflictError, NotFoundError, VoiceAiError } from "../errors";
import { schemaHooks, userProps } from "../lifecycle";
import { burkiPlatform } from "./platform";
import { phoneNumberSchema, type PhoneNumberInputs } from "./schema";

export { phoneNumberSchema, type PhoneNumberInputs } from "./schema";

type Props = Record<string, unknown>;

const KIND = "PhoneNumber";
const ASSISTANTS = "/api/v1/assistants";

function client(): ApiClient {
  return new ApiClient(burkiPlatform, resolvePlatformConfig(burkiPlatform));
}

/** The assistant the number is routed to, or undefined when it is not routed (or not in the organization). */
async function holderOf(api: ApiClient, phoneNumber: string): Promise<Props | undefined> {
  try {
    return (await api.get<Props>(`${ASSISTANTS}/by-phone/${encodeURIComponent(phoneNumber)}`)) ?? undefined;
  } catch (err) {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  }
}

function heldBy(phoneNumber: string, holder: Props): VoiceAiError {
  const name = typeof holder.name === "string" ? ` ("${holder.name}")` : "";
  return new VoiceAiError(
    `${KIND} ${phoneNumber} is routed to Burki assistant ${String(holder.id)}${name}, which this resource does not manage: another stack, ` +
      "the dashboard or another resource of this stack routed it. Nothing was changed. Unassign it there first (or delete the " +
      "duplicate declaration); this provider never takes a number from another assistant.",
  );
}

/** Assigns the number; resolves with the number's id (or, when the server does not say it, the number). Safe to repeat. */
async function assign(api: ApiClient, inputs: PhoneNumberInputs): Promise<string> {
  const body: Props = { phone_number: inputs.phoneNumber, auto_sync: false };
  if (inputs.friendlyName !== undefined) body.friendly_name = inputs.friendlyName;
  let answer: Props | undefined;
  try {
    // The assignment is idempotent: after an answer that never came, sending it again is the lookup.
    answer = await api.post<Props>(ASSISTANTS + path`/${inputs.assistantId}/phone-numbers/assign-by-number`, body, {
      recover: async () => undefined,
    });
  } catch (err) {
    if (err instanceof NotFoundError && /phone number/i.test(err.message)) {
      throw new VoiceAiError(
        `${KIND} ${inputs.phoneNumber} is not a number of this Burki organization: numbers come from a Twilio or Telnyx sync (or a ` +
          `purchase in Burki), not from this API. Add it to the organization first. (${err.message})`,
        { cause: err },
      );
    }
    throw err;
  }
  const data = (answer?.data ?? undefined) as Props | undefined;
  if (answer?.success === false) {
    // B5: a number held by another assistant is HTTP 200 with success false.
    const holder = await holderOf(api, inputs.phoneNumber).catch(() => undefined);
    if (holder && String(holder.id) !== inputs.assistantId) throw heldBy(inputs.phoneNumber, holder);
    throw new ConflictError({
      status: 200,
      request: `POST ${ASSISTANTS}/${inputs.assistantId}/phone-numbers/assign-by-number`,
      message: `Burki did not assign ${inputs.phoneNumber} to assistant ${inputs.assistantId}: ${typeof answer?.message === "string" ? answer.message : "no reason given"}`,
      body: answer,
    });
  }
  if (answer?.success !== true) {
    // An answer of another shape (a newer server documents the number object): ask who holds it.
    const holder = await holderOf(api, inputs.phoneNumber);
    if (!holder || String(holder.id) !== inputs.assistantId) {
      throw new VoiceAiError(`${KIND} ${inputs.phoneNumber}: Burki answered the assignment without saying it worked, and the number is not routed to assistant ${inputs.assistantId}`);
    }
  }
  // The number's id names the resource; the number itself serves where a server does not say it.
  const id = data?.phone_number_id ?? data?.id ?? answer?.id ?? inputs.phoneNumber;
  return String(id);
}

/** Unassigns the number from `assistantId`; done already when it no longer holds it (400) or either is gone (404). */
async function unassign(api: ApiClient, assistantId: string, phoneNumber: string): Promise<void> {
  try {
    await api.post(ASSISTANTS + path`/${assistantId}/phone-numbers/unassign-by-number`, { phone_number: phoneNumber }, { recover: async () => undefined });
  } catch (err) {
    if (err instanceof BadRequestError || err instanceof NotFoundError) return;
    throw err;
  }
}

/** The dynamic provider behind `burki.PhoneNumber`. */
export const provider: pulumi.dynamic.ResourceProvider = {
  ...schemaHooks(phoneNumberSchema, KIND),

  async create(inputs) {
    const declared = userProps(inputs) as PhoneNumberInputs;
    const api = client();
    const holder = await holderOf(api, declared.phoneNumber);
    if (holder && String(holder.id) !== declared.assistantId) throw heldBy(declared.phoneNumber, holder);
    const id = await assign(api, declared);
    return { id, outs: { ...declared } };
  },

  async read(id, props) {
    const stored = userProps(props ?? {});
    if (typeof stored.phoneNumber !== "string") {
      throw new VoiceAiError(`burki.${KIND}.get is not supported: this Burki server cannot list numbers (B1, B2), so number ${id} cannot be read by its id alone.`);
    }
    const holder = await holderOf(client(), stored.phoneNumber);
    // No longer routed (unassigned outside Pulumi, its assistant deleted): the routing is gone.
    if (!holder) return {};
    // `friendlyName` cannot be read back: the state keeps the declared one.
    const outs = { ...stored, assistantId: String(holder.id) };
    return { id, props: outs, inputs: outs };
  },

  async update(_id, olds, news) {
    const before = userProps(olds) as PhoneNumberInputs;
    const after = userProps(news) as PhoneNumberInputs;
    const api = client();
    const holder = await holderOf(api, after.phoneNumber);
    const holderId = holder ? String(holder.id) : undefined;
    if (holder && holderId !== before.assistantId && holderId !== after.assistantId) throw heldBy(after.phoneNumber, holder);
    if (holderId && holderId !== after.assistantId) await unassign(api, holderId, after.phoneNumber);
    await assign(api, after);
    return { outs: { ...after } };
  },

  async delete(_id, props) {
    const stored = userProps(props) as PhoneNumberInputs;
    await unassign(client(), stored.assistantId, stored.phoneNumber);
  },
};
