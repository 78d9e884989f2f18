/**
 * The emulator's state: one tenant per API key, each holding assistants, phone numbers and SIP trunks.
 * No HTTP here: methods take plain values, return copies, and throw `ApiError` for the server to render.
 * With a state file configured, every mutation rewrites the whole state (temp file + rename).
 */
import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import { writeStateFile } from "../state-file";
import { z } from "zod";
import { conflict, invalidRequest, notFound } from "./errors";
import {
  ASSISTANT_FIELDS,
  NUMBER_FIELDS,
  READ_ONLY_FIELDS,
  SIP_TRUNK_FIELDS,
  asBody,
  assistantDefaults,
  checkFields,
  isSpeechToSpeech,
  requireFields,
  without,
  type Assistant,
  type JsonObject,
  type PhoneNumber,
  type SipTrunk,
  type StoredSipTrunk,
} from "./model";

export type { Assistant, Json, JsonObject, PhoneNumber, SipTrunk, StoredSipTrunk } from "./model";

/** One tenant as persisted and as shown by the control plane (passwords included). */
export interface TenantSnapshot {
  assistants: Assistant[];
  numbers: PhoneNumber[];
  sip_trunks: StoredSipTrunk[];
}

/** The whole state: the state file's content. Lists keep creation order. */
export interface StateSnapshot {
  version: 1;
  tenants: Record<string, TenantSnapshot>;
}

export interface StoreOptions {
  /** When set, the state is written to this file after every mutation. */
  stateFile?: string;
}

interface Tenant {
  assistants: Map<string, Assistant>;
  numbers: Map<string, PhoneNumber>;
  sipTrunks: Map<string, StoredSipTrunk>;
}

const NUMBER_PATCHABLE = ["name", "assistant_id", "transfer_trunk_id"] as const;

// The state file is checked on load so a hand-edited or foreign file fails loudly, not mid-request.
const stamped = { id: z.string(), created_at: z.string() };
const nullableId = z.string().nullable();
const snapshotSchema = z.object({
  version: z.literal(1),
  tenants: z.record(
    z.string(),
    z.object({
      assistants: z.array(z.looseObject({ ...stamped, name: z.string(), updated_at: z.string() })),
      numbers: z.array(
        z.object({
          ...stamped,
          phone_number: z.string(),
          name: z.string(),
          assistant_id: nullableId,
          transfer_trunk_id: nullableId,
          updated_at: z.string(),
        }),
      ),
      sip_trunks: z.array(
        z.object({
          ...stamped,
          name: z.string(),
          host: z.string(),
          port: z.number(),
          username: z.string().nullable(),
          password: z.string().nullable(),
        }),
      ),
    }),
  ),
});

/** ISO-8601 UTC with milliseconds and `Z`, as the API writes timestamps. */
function timestamp(): string {
  return new Date().toISOString();
}

function copy<T>(value: T): T {
  return structuredClone(value);
}

/** In-memory state of every tenant, with the API's rules applied on each mutation. */
export class Store {
  readonly stateFile: string | undefined;
  private tenants = new Map<string, Tenant>();
  /** The directory `save()` last made sure exists (made once, not on every mutation). */

  constructor(options: StoreOptions = {}) {
    this.stateFile = options.stateFile;
  }

  // ---- assistants ------------------------------------------------------------------------------

  /** All assistants of a tenant, in creation order. */
  listAssistants(apiKey: string): Assistant[] {
    return [...(this.tenants.get(apiKey)?.assistants.values() ?? [])].map(copy);
  }

  /** One assistant; 404 when the tenant has no such id. */
  getAssistant(apiKey: string, id: string): Assistant {
    return copy(this.assistantOf(apiKey, id));
  }

  /** Creates an assistant from a request body: `name` required, every omitted documented field defaulted. */
  createAssistant(apiKey: string, input: unknown): Assistant {
    const body = without(asBody(input), READ_ONLY_FIELDS);
    requireFields(body, ["name"]);
    checkFields(body, ASSISTANT_FIELDS);
    const now = timestamp();
    const assistant = {
      id: randomUUID(),
      name: "",
      ...assistantDefaults(),
      ...body,
      created_at: now,
      updated_at: now,
    } as Assistant;
    // The default voice only applies when the LLM does not speak itself.
    if (!("tts_config" in body) && isSpeechToSpeech(assistant.llm_config)) assistant.tts_config = null;
    checkVoicePipeline(assistant);
    this.tenant(apiKey).assistants.set(assistant.id, assistant);
    this.persist();
    return copy(assistant);
  }

  /** Changes only the top-level fields present in the body; nested objects are replaced whole. */
  patchAssistant(apiKey: string, id: string, input: unknown): Assistant {
    const current = this.assistantOf(apiKey, id);
    const body = without(asBody(input), READ_ONLY_FIELDS);
    checkFields(body, ASSISTANT_FIELDS);
    const next = { ...current, ...body, updated_at: timestamp() } as Assistant;
    checkVoicePipeline(next);
    this.tenant(apiKey).assistants.set(id, next);
    this.persist();
    return copy(next);
  }

  /** Deletes an assistant and unassigns it from the tenant's numbers. */
  deleteAssistant(apiKey: string, id: string): void {
    this.assistantOf(apiKey, id);
    const tenant = this.tenant(apiKey);
    tenant.assistants.delete(id);
    unlinkNumbers(tenant, "assistant_id", id);
    this.persist();
  }

  /**
   * Out-of-band edit, as if made in the vendor's dashboard: no validation, only `id` and `created_at`
   * are protected; `updated_at` becomes now unless the patch sets it.
   */
  forcePatchAssistant(apiKey: string, id: string, input: unknown): Assistant {
    return this.forcePatch(this.tenant(apiKey).assistants, this.assistantOf(apiKey, id), input);
  }

  // ---- phone numbers ---------------------------------------------------------------------------

  /** All numbers of a tenant, in creation order. */
  listNumbers(apiKey: string): PhoneNumber[] {
    return [...(this.tenants.get(apiKey)?.numbers.values() ?? [])].map(copy);
  }

  /** One number; 404 when the tenant has no such id. */
  getNumber(apiKey: string, id: string): PhoneNumber {
    return copy(this.numberOf(apiKey, id));
  }

  /** Registers a number: E.164 unique within the tenant (409), references must exist, name defaults to the number. */
  createNumber(apiKey: string, input: unknown): PhoneNumber {
    const body = resolveAgentAlias(asBody(input));
    requireFields(body, ["phone_number"]);
    checkFields(body, NUMBER_FIELDS);
    this.checkReferences(apiKey, body);
    const phoneNumber = body.phone_number as string;
    // The tenant's own map: listNumbers would copy every number just to compare one field.
    const existing = [...(this.tenants.get(apiKey)?.numbers.values() ?? [])].find((n) => n.phone_number === phoneNumber);
    if (existing) {
      throw conflict("phone_number", `Phone number ${phoneNumber} is already registered (number ${existing.id})`);
    }
    const now = timestamp();
    const number: PhoneNumber = {
      id: randomUUID(),
      phone_number: phoneNumber,
      name: (body.name as string | undefined) ?? phoneNumber,
      assistant_id: (body.assistant_id as string | null | undefined) ?? null,
      transfer_trunk_id: (body.transfer_trunk_id as string | null | undefined) ?? null,
      created_at: now,
      updated_at: now,
    };
    this.tenant(apiKey).numbers.set(number.id, number);
    this.persist();
    return copy(number);
  }

  /** Changes any subset of name, assistant_id, transfer_trunk_id; the E.164 value itself cannot change. */
  patchNumber(apiKey: string, id: string, input: unknown): PhoneNumber {
    const current = this.numberOf(apiKey, id);
    const body = resolveAgentAlias(asBody(input));
    if ("phone_number" in body) {
      throw invalidRequest("phone_number", "phone_number cannot be changed; delete the number and register the new one");
    }
    checkFields(body, NUMBER_FIELDS);
    this.checkReferences(apiKey, body);
    const changes = Object.fromEntries(NUMBER_PATCHABLE.filter((k) => k in body).map((k) => [k, body[k]]));
    const next = { ...current, ...changes, updated_at: timestamp() } as PhoneNumber;
    this.tenant(apiKey).numbers.set(id, next);
    this.persist();
    return copy(next);
  }

  /** Deregisters a number. */
  deleteNumber(apiKey: string, id: string): void {
    this.numberOf(apiKey, id);
    this.tenant(apiKey).numbers.delete(id);
    this.persist();
  }

  /** Out-of-band edit of a number (no validation; `id` and `created_at` protected). */
  forcePatchNumber(apiKey: string, id: string, input: unknown): PhoneNumber {
    return this.forcePatch(this.tenant(apiKey).numbers, this.numberOf(apiKey, id), input);
  }

  // ---- SIP trunks ------------------------------------------------------------------------------

  /** All trunks of a tenant, without passwords. */
  listSipTrunks(apiKey: string): SipTrunk[] {
    return [...(this.tenants.get(apiKey)?.sipTrunks.values() ?? [])].map(publicTrunk);
  }

  /** One trunk, without its password; 404 when the tenant has no such id. */
  getSipTrunk(apiKey: string, id: string): SipTrunk {
    return publicTrunk(this.trunkOf(apiKey, id));
  }

  /** Creates a trunk: name and host required, port defaults to 5060; the password is kept but never returned. */
  createSipTrunk(apiKey: string, input: unknown): SipTrunk {
    const body = asBody(input);
    requireFields(body, ["name", "host"]);
    checkFields(body, SIP_TRUNK_FIELDS);
    const trunk: StoredSipTrunk = {
      id: randomUUID(),
      name: body.name as string,
      host: body.host as string,
      port: (body.port as number | undefined) ?? 5060,
      username: (body.username as string | null | undefined) ?? null,
      created_at: timestamp(),
      password: (body.password as string | null | undefined) ?? null,
    };
    this.tenant(apiKey).sipTrunks.set(trunk.id, trunk);
    this.persist();
    return publicTrunk(trunk);
  }

  /** Deletes a trunk and clears it from the numbers that used it for transfers. */
  deleteSipTrunk(apiKey: string, id: string): void {
    this.trunkOf(apiKey, id);
    const tenant = this.tenant(apiKey);
    tenant.sipTrunks.delete(id);
    unlinkNumbers(tenant, "transfer_trunk_id", id);
    this.persist();
  }

  // ---- whole state -----------------------------------------------------------------------------

  /** Forgets every tenant. */
  reset(): void {
    this.tenants.clear();
    this.persist();
  }

  /** A deep copy of the whole state (secrets included: this is for tests and the state file). */
  dump(): StateSnapshot {
    const tenants: Record<string, TenantSnapshot> = {};
    for (const [apiKey, tenant] of this.tenants) {
      tenants[apiKey] = {
        assistants: [...tenant.assistants.values()].map(copy),
        numbers: [...tenant.numbers.values()].map(copy),
        sip_trunks: [...tenant.sipTrunks.values()].map(copy),
      };
    }
    return { version: 1, tenants };
  }

  /** Replaces the state with the content of `file`; returns false (state unchanged) when the file does not exist. */
  load(file: string): boolean {
    if (!fs.existsSync(file)) return false;
    const raw: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
    const parsed = snapshotSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`${file} is not an emulator state file: ${parsed.error.message}`);
    // Keep the file's own objects (zod's output reorders keys; responses should look the same after a restart).
    const snapshot = raw as StateSnapshot;
    this.tenants = new Map(
      Object.entries(snapshot.tenants).map(([apiKey, t]) => [
        apiKey,
        {
          assistants: new Map(t.assistants.map((a) => [a.id, a])),
          numbers: new Map(t.numbers.map((n) => [n.id, n])),
          sipTrunks: new Map(t.sip_trunks.map((s) => [s.id, s])),
        },
      ]),
    );
    return true;
  }

  /** Writes the whole state to `file` atomically (temp file + rename), readable by the owner only. */
  save(file: string): void {
    writeStateFile(file, this.snapshotView());
  }

  // ---- internals -------------------------------------------------------------------------------

  /** The shared part of the out-of-band edits: no validation, `id` and `created_at` protected. */
  private forcePatch<T extends { id: string }>(objects: Map<string, T>, current: T, input: unknown): T {
    const body = without(asBody(input), ["id", "created_at"]);
    const next = { ...current, updated_at: timestamp(), ...body } as T;
    objects.set(current.id, next);
    this.persist();
    return copy(next);
  }

  /**
   * The state in `dump()`'s shape, sharing the live objects instead of copying them: only for
   * serializing right away (JSON.stringify does not mutate), never to hand out.
   */
  private snapshotView(): StateSnapshot {
    const tenants: Record<string, TenantSnapshot> = {};
    for (const [apiKey, tenant] of this.tenants) {
      tenants[apiKey] = {
        assistants: [...tenant.assistants.values()],
        numbers: [...tenant.numbers.values()],
        sip_trunks: [...tenant.sipTrunks.values()],
      };
    }
    return { version: 1, tenants };
  }

  private persist(): void {
    if (this.stateFile) this.save(this.stateFile);
  }

  /** The tenant of a key, created on first write (reads of an unknown key see an empty tenant). */
  private tenant(apiKey: string): Tenant {
    let tenant = this.tenants.get(apiKey);
    if (!tenant) {
      tenant = { assistants: new Map(), numbers: new Map(), sipTrunks: new Map() };
      this.tenants.set(apiKey, tenant);
    }
    return tenant;
  }

  private assistantOf(apiKey: string, id: string): Assistant {
    const found = this.tenants.get(apiKey)?.assistants.get(id);
    if (!found) throw notFound("Assistant", id);
    return found;
  }

  private numberOf(apiKey: string, id: string): PhoneNumber {
    const found = this.tenants.get(apiKey)?.numbers.get(id);
    if (!found) throw notFound("Phone number", id);
    return found;
  }

  private trunkOf(apiKey: string, id: string): StoredSipTrunk {
    const found = this.tenants.get(apiKey)?.sipTrunks.get(id);
    if (!found) throw notFound("SIP trunk", id);
    return found;
  }

  /** A number may only point at this tenant's own assistant and trunk. */
  private checkReferences(apiKey: string, body: JsonObject): void {
    const tenant = this.tenants.get(apiKey);
    const assistantId = body.assistant_id;
    if (typeof assistantId === "string" && !tenant?.assistants.has(assistantId)) {
      throw invalidRequest("assistant_id", `Invalid assistant_id: assistant ${assistantId} not found`);
    }
    const trunkId = body.transfer_trunk_id;
    if (typeof trunkId === "string" && !tenant?.sipTrunks.has(trunkId)) {
      throw invalidRequest("transfer_trunk_id", `Invalid transfer_trunk_id: SIP trunk ${trunkId} not found`);
    }
  }
}

/** A speech-to-speech LLM brings its own voice, so a `tts_config` next to it is a contradiction. */
function checkVoicePipeline(assistant: Assistant): void {
  if (assistant.tts_config !== null && isSpeechToSpeech(assistant.llm_config)) {
    const provider = String(assistant.llm_config.provider);
    throw invalidRequest(
      "tts_config",
      `Invalid tts_config: must be null or omitted when llm_config.provider is ${provider} (speech-to-speech)`,
    );
  }
}

/** `agent_id` is the deprecated input name of `assistant_id`; responses only carry `assistant_id`. */
function resolveAgentAlias(body: JsonObject): JsonObject {
  if (!("agent_id" in body)) return body;
  if ("assistant_id" in body && body.assistant_id !== body.agent_id) {
    throw invalidRequest("agent_id", "agent_id and assistant_id disagree; send only assistant_id");
  }
  const { agent_id: agentId, ...rest } = body;
  return { ...rest, assistant_id: agentId };
}

function publicTrunk(trunk: StoredSipTrunk): SipTrunk {
  const { password: _password, ...visible } = trunk;
  return copy(visible);
}

/** Clears a deleted assistant or trunk from the numbers that referenced it (as the API does). */
function unlinkNumbers(tenant: Tenant, field: "assistant_id" | "transfer_trunk_id", id: string): void {
  const now = timestamp();
  for (const number of tenant.numbers.values()) {
    if (number[field] === id) Object.assign(number, { [field]: null, updated_at: now });
  }
}
