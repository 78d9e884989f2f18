/**
 * The Revox emulator's state: one organization per API key (organization_id and the key's user are
 * UUIDs minted on first sight), its assistants and its phone numbers. Records keep what the
 * server would store: every request field of §3.1 (null where unset, §6.11's defaults on create),
 * the FAQ items with their server-side ids, `created_by`, the timestamps; `pending_faq_count` and
 * `is_inbound_receptionist` are derived when rendering (§6.12), so they can never disagree with the
 * FAQ list or the numbers.
 *
 * Phone numbers have no create route (§4.1): they are seeded (EmulatorOptions.phoneNumbers) or added
 * through the control plane. They belong to one organization; the same E.164 may be seeded into
 * several tenants (each gets its own copy and id), but a tenant holds a number only once.
 *
 * No HTTP here. With a state file configured, every mutation rewrites the whole state (temp file + rename).
 */
import { randomBytes, randomUUID } from "node:crypto";
import * as fs from "node:fs";
import { z } from "zod";
import { InvalidInput } from "../platform";
import { writeStateFile } from "../state-file";
import { RevoxError, assistantNotFound, invalidField, phoneNumberNotFound } from "./errors";
import {
  E164,
  INPUT_FIELDS,
  NUMBER_PROVIDERS,
  NUMBER_SOURCES,
  NUMBER_TYPES,
  createDefaults,
  isPlainObject,
  type AssistantInput,
  type Json,
  type JsonObject,
} from "./schema";

/** `created_by` of assistants and numbers. */
export interface Creator {
  id: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
}

/** The key's user, as GET /users/me shows it. */
export interface RevoxUser extends Creator {
  organization_id: string;
  has_completed_onboarding: boolean;
  created_at: string;
  updated_at: string;
}

export interface FaqItem {
  id: string;
  question: string;
  answer: string;
  needs_human_answer: boolean;
  source: "human" | "ai";
  [key: string]: Json;
}

/**
 * A stored assistant: id, organization_id, the 44 response fields of §3.1 (all but faq_items),
 * faq_items, created_by, is_realestate_assistant, the timestamps, and whatever else the control
 * plane wrote (echoed after the known keys, as a field newer than this emulator would be).
 */
export type AssistantRecord = JsonObject & {
  id: string;
  organization_id: string;
  name: string;
  faq_items: FaqItem[];
  created_at: string;
  updated_at: string;
};

export interface PhoneNumberRecord {
  id: string;
  phone_number: string;
  label: string | null;
  provider: (typeof NUMBER_PROVIDERS)[number];
  source: (typeof NUMBER_SOURCES)[number];
  type: (typeof NUMBER_TYPES)[number];
  /** Stored as an id; the API shows the whole assistant as `inbound_assistant`. */
  inbound_assistant_id: string | null;
  inbound_sip_uri: string | null;
  livekit_outbound_trunk_id: string | null;
  created_by: Creator | null;
  created_at: string;
}

export interface Tenant {
  api_key: string;
  organization_id: string;
  user: RevoxUser;
  /** Creation order. */
  assistants: AssistantRecord[];
  /** Creation order. */
  phone_numbers: PhoneNumberRecord[];
}

/** The whole state: the state file's content and GET /__control/state. */
export interface RevoxSnapshot {
  version: 1;
  platform: "revox";
  tenants: Tenant[];
}

export interface RevoxStoreOptions {
  stateFile?: string;
  /** Numbers seeded into every organization the first time its key is seen, or per key (see EmulatorOptions.phoneNumbers). */
  phoneNumbers?: string[] | Record<string, string[]>;
  /** Reject unknown request keys (400) instead of ignoring them (EmulatorOptions.strict). */
  strict?: boolean;
}

/** What the control plane may set on a number (POST adds one; PATCH edits one). */
export interface NumberFields {
  phone_number?: unknown;
  label?: unknown;
  provider?: unknown;
  source?: unknown;
  type?: unknown;
  inbound_assistant_id?: unknown;
  inbound_sip_uri?: unknown;
  livekit_outbound_trunk_id?: unknown;
}

// ---- time and ids -------------------------------------------------------------------------------

let lastMs = 0;
/** ISO-8601 UTC with milliseconds and Z (§6.15); strictly increasing per process, so every PATCH moves updated_at. */
export function isoNow(): string {
  let ms = Date.now();
  if (ms <= lastMs) ms = lastMs + 1;
  lastMs = ms;
  return new Date(ms).toISOString();
}

function copy<T>(value: T): T {
  return structuredClone(value);
}

function trunkId(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return `ST_${Array.from(randomBytes(12), (b) => alphabet[b % alphabet.length]).join("")}`;
}

function newFaqItems(items: Json | undefined): FaqItem[] {
  const list = Array.isArray(items) ? items : [];
  return list.map((item) => {
    const { question, answer } = item as { question: string; answer: string };
    return { id: randomUUID(), question, answer, needs_human_answer: false, source: "human" };
  });
}

/** Keys of a record the renderer places itself (everything else a control edit stored is appended). */
const PLACED_KEYS = new Set<string>([
  "id",
  "organization_id",
  ...INPUT_FIELDS,
  "pending_faq_count",
  "created_by",
  "is_inbound_receptionist",
  "is_realestate_assistant",
  "created_at",
  "updated_at",
]);

/** Derived on every read: the control plane cannot set them. */
const DERIVED_KEYS: Record<string, string> = {
  pending_faq_count: "pending_faq_count is the number of faq_items with needs_human_answer: true; edit faq_items instead",
  is_inbound_receptionist: "is_inbound_receptionist is true while a phone number routes to the assistant; edit the numbers instead",
};

// ---- state file checks --------------------------------------------------------------------------

const snapshotSchema = z.object({
  version: z.literal(1),
  platform: z.literal("revox"),
  tenants: z.array(
    z.object({
      api_key: z.string(),
      organization_id: z.string(),
      user: z.looseObject({ id: z.string(), email: z.string(), organization_id: z.string() }),
      assistants: z.array(
        z.looseObject({ id: z.string(), organization_id: z.string(), name: z.string(), faq_items: z.array(z.looseObject({ id: z.string() })), created_at: z.string(), updated_at: z.string() }),
      ),
      phone_numbers: z.array(z.looseObject({ id: z.string(), phone_number: z.string(), inbound_assistant_id: z.string().nullable(), created_at: z.string() })),
    }),
  ),
});

export class RevoxStore {
  readonly stateFile: string | undefined;
  /** Unknown request keys are a 400 (otherwise ignored). */
  readonly strict: boolean;
  private readonly seedAll: string[];
  private readonly seedPerKey: Map<string, string[]>;
  private tenants = new Map<string, Tenant>();

  constructor(options: RevoxStoreOptions = {}) {
    this.stateFile = options.stateFile;
    this.strict = options.strict ?? false;
    const seed = options.phoneNumbers ?? [];
    this.seedAll = Array.isArray(seed) ? [...seed] : [];
    this.seedPerKey = new Map(Array.isArray(seed) ? [] : Object.entries(seed));
    for (const number of [...this.seedAll, ...[...this.seedPerKey.values()].flat()]) {
      if (!E164.test(number)) throw new Error(`phoneNumbers: ${JSON.stringify(number)} is not an E.164 number`);
    }
    if (this.stateFile) this.load(this.stateFile);
    // Per-key seeds exist from the start, as numbers bought before the test.
    for (const key of this.seedPerKey.keys()) this.tenant(key);
  }

  // ---- tenants ----------------------------------------------------------------------------------

  /** The organization of an API key, created (and seeded with numbers) the first time the key is seen. */
  tenant(apiKey: string): Tenant {
    const existing = this.tenants.get(apiKey);
    if (existing) return existing;
    const organizationId = randomUUID();
    const now = isoNow();
    const user: RevoxUser = {
      id: randomUUID(),
      email: `user-${organizationId.slice(0, 8)}@emulator.test`,
      first_name: "Emulator",
      last_name: "User",
      organization_id: organizationId,
      has_completed_onboarding: true,
      created_at: now,
      updated_at: now,
    };
    const tenant: Tenant = { api_key: apiKey, organization_id: organizationId, user, assistants: [], phone_numbers: [] };
    this.tenants.set(apiKey, tenant);
    for (const number of this.seedPerKey.get(apiKey) ?? this.seedAll) {
      if (!tenant.phone_numbers.some((n) => n.phone_number === number)) tenant.phone_numbers.push(this.newNumber(tenant, { phone_number: number }));
    }
    this.persist();
    return tenant;
  }

  /** GET /users/me. */
  user(apiKey: string): RevoxUser {
    return copy(this.tenant(apiKey).user);
  }

  // ---- assistants -------------------------------------------------------------------------------

  /** POST /assistants: §6.11's defaults, null for every other field, FAQ items with fresh ids. */
  createAssistant(apiKey: string, input: AssistantInput): JsonObject {
    const tenant = this.tenant(apiKey);
    this.checkFromNumber(tenant, input);
    const defaults = createDefaults();
    const now = isoNow();
    const record: JsonObject = { id: randomUUID(), organization_id: tenant.organization_id };
    for (const field of INPUT_FIELDS) {
      if (field === "faq_items") continue;
      record[field] = copy(input[field] !== undefined ? input[field] : (defaults[field] ?? null)) as Json;
    }
    Object.assign(record, {
      faq_items: newFaqItems(input.faq_items),
      created_by: this.creator(tenant),
      is_realestate_assistant: false,
      created_at: now,
      updated_at: now,
    });
    tenant.assistants.push(record as AssistantRecord);
    this.persist();
    return this.render(tenant, record as AssistantRecord);
  }

  /** GET /assistants: every assistant but sub-assistants, by created_at ascending (§6.16). */
  listAssistants(apiKey: string): JsonObject[] {
    const tenant = this.tenant(apiKey);
    return [...tenant.assistants]
      .filter((a) => a.type !== "sub-assistant")
      .sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0))
      .map((a) => this.render(tenant, a));
  }

  /** GET /assistants/{id} (sub-assistants included). */
  getAssistant(apiKey: string, id: string): JsonObject {
    const tenant = this.tenant(apiKey);
    return this.render(tenant, this.assistantOf(tenant, id));
  }

  /**
   * PATCH: the fields present replace the stored ones whole (null clears a nullable field: the schema
   * has already refused null elsewhere); faq_items gets fresh ids; updated_at moves even for `{}`.
   */
  updateAssistant(apiKey: string, id: string, input: AssistantInput): JsonObject {
    const tenant = this.tenant(apiKey);
    const record = this.assistantOf(tenant, id);
    this.checkFromNumber(tenant, input);
    for (const [field, value] of Object.entries(input)) {
      if (value === undefined) continue;
      record[field] = field === "faq_items" ? newFaqItems(value) : copy(value);
    }
    record.updated_at = isoNow();
    this.persist();
    return this.render(tenant, record);
  }

  /** POST /assistants/{id}/clone: a deep copy (FAQ items with new ids), new id and timestamps, name + " (Copy)". */
  cloneAssistant(apiKey: string, id: string): JsonObject {
    const tenant = this.tenant(apiKey);
    const source = this.assistantOf(tenant, id);
    const now = isoNow();
    const clone = copy(source);
    Object.assign(clone, {
      id: randomUUID(),
      name: `${source.name} (Copy)`,
      faq_items: source.faq_items.map((item) => ({ ...copy(item), id: randomUUID() })),
      created_by: this.creator(tenant),
      created_at: now,
      updated_at: now,
    });
    tenant.assistants.push(clone);
    this.persist();
    return this.render(tenant, clone);
  }

  /** DELETE /assistants/{id}; numbers routed to it fall back to no inbound assistant (§6.18). */
  deleteAssistant(apiKey: string, id: string): void {
    const tenant = this.tenant(apiKey);
    this.assistantOf(tenant, id);
    this.removeAssistant(tenant, id);
    this.persist();
  }

  // ---- phone numbers ----------------------------------------------------------------------------

  /** GET /phone-numbers, in creation order. */
  listNumbers(apiKey: string): JsonObject[] {
    const tenant = this.tenant(apiKey);
    return tenant.phone_numbers.map((n) => this.renderNumber(tenant, n));
  }

  /**
   * PATCH /phone-numbers/{id}: `inbound_assistant_id` (an assistant of the organization, or null) and
   * `label` (null clears it). A verified caller id cannot answer calls, so it takes no assistant.
   */
  updateNumber(apiKey: string, id: string, input: { inbound_assistant_id?: string | null; label?: string | null }): JsonObject {
    const tenant = this.tenant(apiKey);
    const number = this.numberOf(tenant, id);
    const assistantId = input.inbound_assistant_id;
    if (assistantId !== undefined && assistantId !== null) {
      if (!tenant.assistants.some((a) => a.id === assistantId)) {
        throw invalidField("inbound_assistant_id", `no assistant ${assistantId} in this organization`);
      }
      if (number.type === "verified_caller_id") {
        throw invalidField("inbound_assistant_id", `${number.phone_number} is a verified caller id: it cannot take an inbound assistant`);
      }
    }
    if (assistantId !== undefined) number.inbound_assistant_id = assistantId;
    if (input.label !== undefined) number.label = input.label;
    this.persist();
    return this.renderNumber(tenant, number);
  }

  /** DELETE /phone-numbers/{id}: the number leaves the organization ("release"). */
  deleteNumber(apiKey: string, id: string): void {
    const tenant = this.tenant(apiKey);
    const number = this.numberOf(tenant, id);
    tenant.phone_numbers = tenant.phone_numbers.filter((n) => n !== number);
    this.persist();
  }

  // ---- control plane (out-of-band, as in Revox's dashboard or its own background jobs) -----------

  /** The organization of a key (created and seeded like an API request would). */
  controlTenant(apiKey: string): JsonObject {
    const tenant = this.tenant(apiKey);
    return copy({ api_key: tenant.api_key, organization_id: tenant.organization_id, user: tenant.user as unknown as JsonObject });
  }

  /**
   * Out-of-band edit: the body's keys are stored as given, without the API's validation (anything the
   * server itself may write: AI-sourced FAQ items, merged stt_context entries, product flags, even
   * fields this emulator does not know, which are then echoed). FAQ items lacking an `id`,
   * `needs_human_answer` or `source` get a fresh id, false and "human". `id`, `organization_id` and
   * `created_at` are protected, the derived keys refused; `updated_at` becomes now unless the body sets it.
   */
  forcePatchAssistant(apiKey: string, id: string, input: unknown): JsonObject {
    const tenant = this.tenant(apiKey);
    const record = this.assistantOf(tenant, id);
    if (!isPlainObject(input)) throw new InvalidInput(null, "The body must be a JSON object of assistant fields");
    for (const key of Object.keys(input)) {
      if (key === "id" || key === "organization_id" || key === "created_at") throw new InvalidInput(key, `${key} cannot be changed out of band`);
      if (DERIVED_KEYS[key]) throw new InvalidInput(key, DERIVED_KEYS[key]);
    }
    const changes = copy(input) as JsonObject;
    if (changes.faq_items !== undefined) {
      if (!Array.isArray(changes.faq_items) || !changes.faq_items.every(isPlainObject)) throw new InvalidInput("faq_items", "faq_items must be a list of objects");
      changes.faq_items = changes.faq_items.map((item) => ({ id: randomUUID(), needs_human_answer: false, source: "human", ...(item as JsonObject) }));
    }
    Object.assign(record, { updated_at: isoNow() }, changes);
    this.persist();
    return this.render(tenant, record);
  }

  /** Out-of-band delete (its numbers lose their inbound assistant). */
  forceDeleteAssistant(apiKey: string, id: string): void {
    this.deleteAssistant(apiKey, id);
  }

  /** Adds a number to an organization (as a purchase or an import in the dashboard would); 409 when it holds it already. */
  addNumber(apiKey: string, input: unknown): JsonObject {
    const tenant = this.tenant(apiKey);
    if (!isPlainObject(input)) throw new InvalidInput(null, "The body must be a JSON object {phone_number, label?, provider?, source?, type?}");
    const fields = checkNumberFields(input, true);
    if (tenant.phone_numbers.some((n) => n.phone_number === fields.phone_number)) {
      throw new RevoxError(409, `Phone number ${String(fields.phone_number)} already belongs to this organization`);
    }
    this.checkControlAssistant(tenant, fields.inbound_assistant_id);
    const number = this.newNumber(tenant, fields);
    tenant.phone_numbers.push(number);
    this.persist();
    return this.renderNumber(tenant, number);
  }

  /**
   * Out-of-band edit of a number (by id or E.164): any of the fields of addNumber but phone_number,
   * without the API's checks (a verified caller id may take an assistant; the assistant must exist in
   * the organization).
   */
  forcePatchNumber(apiKey: string, idOrNumber: string, input: unknown): JsonObject {
    const tenant = this.tenant(apiKey);
    const number = this.controlNumber(tenant, idOrNumber);
    if (!isPlainObject(input)) throw new InvalidInput(null, "The body must be a JSON object");
    if ("phone_number" in input) throw new InvalidInput("phone_number", "phone_number cannot be changed; remove the number and add another");
    const fields = checkNumberFields(input, false);
    this.checkControlAssistant(tenant, fields.inbound_assistant_id);
    Object.assign(number, fields);
    this.persist();
    return this.renderNumber(tenant, number);
  }

  /** Removes a number (by id or E.164). */
  removeNumber(apiKey: string, idOrNumber: string): void {
    const tenant = this.tenant(apiKey);
    const number = this.controlNumber(tenant, idOrNumber);
    tenant.phone_numbers = tenant.phone_numbers.filter((n) => n !== number);
    this.persist();
  }

  // ---- whole state ------------------------------------------------------------------------------

  /** Forgets every organization; per-key seeds are re-seeded (with new ids). */
  reset(): void {
    this.tenants.clear();
    for (const key of this.seedPerKey.keys()) this.tenant(key);
    this.persist();
  }

  dump(): RevoxSnapshot {
    return copy(this.snapshotView());
  }

  /** Replaces the state with the content of `file`; false (state unchanged) when the file does not exist. */
  load(file: string): boolean {
    if (!fs.existsSync(file)) return false;
    const raw: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
    const parsed = snapshotSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`${file} is not a Revox emulator state file: ${parsed.error.message}`);
    this.tenants = new Map((raw as RevoxSnapshot).tenants.map((t) => [t.api_key, t]));
    return true;
  }

  /** Writes the whole state to `file` atomically (temp file + rename), readable by the owner only. */
  save(file: string): void {
    writeStateFile(file, this.snapshotView());
  }

  // ---- internals --------------------------------------------------------------------------------

  private snapshotView(): RevoxSnapshot {
    return { version: 1, platform: "revox", tenants: [...this.tenants.values()] };
  }

  private persist(): void {
    if (this.stateFile) this.save(this.stateFile);
  }

  private creator(tenant: Tenant): Creator {
    const { id, email, first_name, last_name } = tenant.user;
    return { id, email, first_name, last_name };
  }

  private assistantOf(tenant: Tenant, id: string): AssistantRecord {
    const record = tenant.assistants.find((a) => a.id === id);
    if (!record) throw assistantNotFound(id);
    return record;
  }

  private numberOf(tenant: Tenant, id: string): PhoneNumberRecord {
    const number = tenant.phone_numbers.find((n) => n.id === id);
    if (!number) throw phoneNumberNotFound(id);
    return number;
  }

  private controlNumber(tenant: Tenant, idOrNumber: string): PhoneNumberRecord {
    const number = tenant.phone_numbers.find((n) => n.id === idOrNumber || n.phone_number === idOrNumber);
    if (!number) throw phoneNumberNotFound(idOrNumber);
    return number;
  }

  private checkControlAssistant(tenant: Tenant, id: unknown): void {
    if (typeof id === "string" && !tenant.assistants.some((a) => a.id === id)) {
      throw new InvalidInput("inbound_assistant_id", `inbound_assistant_id must be null or an assistant of this organization, got ${id}`);
    }
  }

  private removeAssistant(tenant: Tenant, id: string): void {
    tenant.assistants = tenant.assistants.filter((a) => a.id !== id);
    for (const n of tenant.phone_numbers) if (n.inbound_assistant_id === id) n.inbound_assistant_id = null;
  }

  /** from_phone_number must be one of the organization's numbers (§3.1). */
  private checkFromNumber(tenant: Tenant, input: AssistantInput): void {
    const from = input.from_phone_number;
    if (typeof from === "string" && !tenant.phone_numbers.some((n) => n.phone_number === from)) {
      throw invalidField("from_phone_number", `${from} is not a phone number of this organization`);
    }
  }

  private newNumber(tenant: Tenant, fields: NumberFields): PhoneNumberRecord {
    const phoneNumber = fields.phone_number as string;
    const provider = (fields.provider as PhoneNumberRecord["provider"] | undefined) ?? "twilio";
    const type = (fields.type as PhoneNumberRecord["type"] | undefined) ?? "owned_number";
    return {
      id: randomUUID(),
      phone_number: phoneNumber,
      label: (fields.label as string | null | undefined) ?? null,
      provider,
      source: (fields.source as PhoneNumberRecord["source"] | undefined) ?? "revox_purchased",
      type,
      inbound_assistant_id: (fields.inbound_assistant_id as string | null | undefined) ?? null,
      inbound_sip_uri: fields.inbound_sip_uri !== undefined ? (fields.inbound_sip_uri as string | null) : provider === "sip" ? `sip:${phoneNumber}@sip.emulator.test` : null,
      livekit_outbound_trunk_id:
        fields.livekit_outbound_trunk_id !== undefined ? (fields.livekit_outbound_trunk_id as string | null) : type === "owned_number" ? trunkId() : null,
      created_by: this.creator(tenant),
      created_at: isoNow(),
    };
  }

  /** The Assistant object of §3.2: every key always present, in a fixed order, plus what a control edit added. */
  private render(tenant: Tenant, record: AssistantRecord): JsonObject {
    const out: JsonObject = { id: record.id, organization_id: record.organization_id };
    for (const field of INPUT_FIELDS) {
      if (field !== "faq_items") out[field] = record[field] ?? null;
    }
    out.faq_items = record.faq_items ?? [];
    out.pending_faq_count = (record.faq_items ?? []).filter((item) => item.needs_human_answer === true).length;
    out.created_by = record.created_by ?? null;
    out.is_inbound_receptionist = tenant.phone_numbers.some((n) => n.inbound_assistant_id === record.id);
    out.is_realestate_assistant = record.is_realestate_assistant ?? false;
    out.created_at = record.created_at;
    out.updated_at = record.updated_at;
    for (const [key, value] of Object.entries(record)) if (!PLACED_KEYS.has(key)) out[key] = value;
    return copy(out);
  }

  /** The PhoneNumber object of §4.2, with the full current assistant as inbound_assistant. */
  private renderNumber(tenant: Tenant, number: PhoneNumberRecord): JsonObject {
    const assistant = number.inbound_assistant_id === null ? undefined : tenant.assistants.find((a) => a.id === number.inbound_assistant_id);
    return copy({
      id: number.id,
      phone_number: number.phone_number,
      label: number.label,
      provider: number.provider,
      source: number.source,
      type: number.type,
      inbound_assistant: assistant ? this.render(tenant, assistant) : null,
      inbound_sip_uri: number.inbound_sip_uri,
      livekit_outbound_trunk_id: number.livekit_outbound_trunk_id,
      created_by: number.created_by as unknown as JsonObject | null,
      created_at: number.created_at,
    });
  }
}

/** The control plane's number fields, checked (the control plane refuses what it does not know). */
function checkNumberFields(input: Record<string, unknown>, creating: boolean): NumberFields {
  const known = ["phone_number", "label", "provider", "source", "type", "inbound_assistant_id", "inbound_sip_uri", "livekit_outbound_trunk_id"];
  for (const key of Object.keys(input)) {
    if (!known.includes(key)) throw new InvalidInput(key, `${key} is not a field of a phone number (${known.join(", ")})`);
  }
  const nullableString = (key: string) => {
    const v = input[key];
    if (v !== undefined && v !== null && typeof v !== "string") throw new InvalidInput(key, `${key} must be a string or null`);
  };
  const oneOf = (key: string, values: readonly string[]) => {
    const v = input[key];
    if (v !== undefined && !values.includes(v as string)) throw new InvalidInput(key, `${key} must be one of ${values.join(", ")}`);
  };
  if (creating && (typeof input.phone_number !== "string" || !E164.test(input.phone_number))) {
    throw new InvalidInput("phone_number", "phone_number must be an E.164 number (e.g. +15555550123)");
  }
  for (const key of ["label", "inbound_assistant_id", "inbound_sip_uri", "livekit_outbound_trunk_id"]) nullableString(key);
  oneOf("provider", NUMBER_PROVIDERS);
  oneOf("source", NUMBER_SOURCES);
  oneOf("type", NUMBER_TYPES);
  return input as NumberFields;
}
