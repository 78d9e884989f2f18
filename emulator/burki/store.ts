/**
 * The Burki emulator's database: organizations (one per API key), assistants and phone numbers, with
 * the rules of the real tables (app/db/models.py, PostgreSQL): global serial ids, column defaults,
 * varchar lengths, int4 ranges, foreign keys, unique numbers, naive UTC timestamps with microseconds.
 * Rows keep exactly what the real server stores (create stores only the keys sent; nested objects are
 * completed on the way out, by schema.ts's renderAssistant), so change detection (updated_at) and
 * later reads behave the same. Violations that PostgreSQL would reject are BurkiInternalError (a 500
 * text/plain), as the real server does not catch them.
 *
 * No HTTP here. With a state file configured, every mutation rewrites the whole state (temp file + rename).
 */
import * as fs from "node:fs";
import { writeStateFile } from "../state-file";
import { z } from "zod";
import { InvalidInput } from "../platform";
import { BurkiHttpError, BurkiInternalError } from "./errors";
import { isPlainObject, pyEqual, type Json, type JsonObject } from "./schema";

/** A stored assistant: one key per column of `assistants` (the hidden secret columns included). */
export type AssistantRow = JsonObject & { id: number; organization_id: number; user_id: number; name: string; created_at: string; updated_at: string };

export interface PhoneNumberRow {
  id: number;
  organization_id: number;
  phone_number: string;
  friendly_name: string | null;
  provider: string;
  provider_phone_id: string | null;
  assistant_id: number | null;
  is_active: boolean;
  capabilities: JsonObject;
  phone_metadata: JsonObject;
  created_at: string;
  updated_at: string;
}

/** An organization with its one user (an admin), reached through its API key. */
export interface Organization {
  id: number;
  api_key: string;
  name: string;
  user_id: number;
  user_email: string;
  user_role: string;
}

/** The whole state: the state file's content and GET /__control/state. */
export interface BurkiSnapshot {
  version: 1;
  platform: "burki";
  /** The last value handed out by each serial (PostgreSQL sequences: never reused, not reset by deletes). */
  serials: { organizations: number; users: number; assistants: number; phone_numbers: number };
  organizations: Organization[];
  /** Creation order. */
  assistants: AssistantRow[];
  phone_numbers: PhoneNumberRow[];
}

export interface BurkiStoreOptions {
  stateFile?: string;
  /** Numbers seeded into every organization the first time its key is seen, or per key (see EmulatorOptions.phoneNumbers). */
  phoneNumbers?: string[] | Record<string, string[]>;
}

type ColumnType = { kind: "int" } | { kind: "varchar"; length: number } | { kind: "text" } | { kind: "json" } | { kind: "bool" } | { kind: "datetime" };

interface Column {
  type: ColumnType;
  nullable: boolean;
  /** The ORM default (a fresh value per insert). */
  default?: () => Json;
}

const varchar = (length: number): ColumnType => ({ kind: "varchar", length });
const INT: ColumnType = { kind: "int" };
const TEXT: ColumnType = { kind: "text" };
const JSON_T: ColumnType = { kind: "json" };
const BOOL: ColumnType = { kind: "bool" };
const DATETIME: ColumnType = { kind: "datetime" };
const val = (v: Json) => () => structuredClone(v);

/** The columns of `assistants`, in the model's order, with the ORM defaults (which differ from the schema's: B13, missing keys). */
const ASSISTANT_COLUMNS: Record<string, Column> = {
  id: { type: INT, nullable: false },
  organization_id: { type: INT, nullable: false },
  user_id: { type: INT, nullable: false },
  name: { type: varchar(100), nullable: false },
  description: { type: TEXT, nullable: true },
  llm_provider: { type: varchar(50), nullable: false, default: val("openai") },
  llm_provider_config: { type: JSON_T, nullable: true, default: val({ api_key: null, base_url: null, model: "gpt-4o-mini", custom_config: {} }) },
  llm_fallback_providers: { type: JSON_T, nullable: true, default: val({ enabled: false, fallbacks: [] }) },
  openai_api_key: { type: varchar(255), nullable: true },
  custom_llm_url: { type: varchar(255), nullable: true },
  deepgram_api_key: { type: varchar(255), nullable: true },
  inworld_bearer_token: { type: varchar(255), nullable: true },
  inworld_workspace_id: { type: varchar(255), nullable: true },
  resemble_api_key: { type: varchar(255), nullable: true },
  elevenlabs_api_key: { type: varchar(255), nullable: true },
  llm_settings: {
    type: JSON_T,
    nullable: true,
    default: val({
      temperature: 0.5,
      max_tokens: 1000,
      system_prompt: "You are a helpful assistant that can answer questions and help with tasks.",
      top_p: 1.0,
      frequency_penalty: 0.0,
      presence_penalty: 0.0,
      stop_sequences: [],
    }),
  },
  webhook_url: { type: varchar(255), nullable: true },
  sms_webhook_url: { type: varchar(255), nullable: true },
  messaging_service_sid: { type: varchar(255), nullable: true },
  interruption_settings: { type: JSON_T, nullable: true, default: val({ interruption_threshold: 3, min_speaking_time: 0.5, interruption_cooldown: 2.0 }) },
  tts_settings: {
    type: JSON_T,
    nullable: true,
    default: val({
      provider: "elevenlabs",
      voice_id: "rachel",
      model_id: "turbo",
      latency: 1,
      stability: 0.5,
      similarity_boost: 0.75,
      style: 0.0,
      use_speaker_boost: true,
      provider_config: {},
    }),
  },
  stt_settings: {
    type: JSON_T,
    nullable: true,
    default: val({
      model: "nova-2",
      language: "en-US",
      punctuate: true,
      interim_results: true,
      endpointing: { silence_threshold: 500, min_silence_duration: 500 },
      utterance_end_ms: 1000,
      vad_turnoff: 500,
      smart_format: true,
      audio_denoising: false,
    }),
  },
  recording_settings: {
    type: JSON_T,
    nullable: true,
    default: val({
      enabled: false,
      format: "mp3",
      sample_rate: 8000,
      channels: 1,
      record_user_audio: true,
      record_assistant_audio: true,
      record_mixed_audio: true,
      auto_save: true,
      recordings_dir: "recordings",
      create_database_records: true,
    }),
  },
  end_call_message: { type: varchar(255), nullable: true },
  transfer_call_message: { type: varchar(255), nullable: true },
  idle_message: { type: varchar(255), nullable: true, default: val("Are you still there? I'm here to help if you need anything.") },
  max_idle_messages: { type: INT, nullable: true },
  idle_timeout: { type: INT, nullable: true },
  tools_settings: {
    type: JSON_T,
    nullable: true,
    default: val({
      enabled_tools: [],
      end_call: { enabled: false, scenarios: [], custom_message: null },
      transfer_call: { enabled: false, scenarios: [], transfer_numbers: [], custom_message: null },
      custom_tools: [],
    }),
  },
  rag_settings: {
    type: JSON_T,
    nullable: true,
    default: val({
      enabled: true,
      search_limit: 3,
      similarity_threshold: 0.7,
      embedding_model: "text-embedding-3-small",
      chunking_strategy: "recursive",
      chunk_size: 1000,
      chunk_overlap: 200,
      auto_process: true,
      include_metadata: true,
      context_window_tokens: 4000,
    }),
  },
  custom_settings: { type: JSON_T, nullable: true },
  is_active: { type: BOOL, nullable: true, default: val(true) },
  created_at: { type: DATETIME, nullable: true },
  updated_at: { type: DATETIME, nullable: true },
};

/** ORM attributes of Assistant that are relationships: setting one to a JSON value fails (→ 500). */
const ASSISTANT_RELATIONSHIPS = new Set(["organization", "user", "phone_numbers", "calls", "documents"]);
const COLLECTION_RELATIONSHIPS = new Set(["phone_numbers", "calls", "documents"]);

const PHONE_CAPABILITIES: JsonObject = { voice: true, sms: false, mms: false, fax: false };
const INT4_MAX = 2 ** 31 - 1;

/** Whether `key` is a column of `assistants` (for PUT's `hasattr` and the control plane). */
export function isAssistantColumn(key: string): boolean {
  return Object.prototype.hasOwnProperty.call(ASSISTANT_COLUMNS, key);
}

/** Whether a path or body integer fits PostgreSQL's int4 (a bigger one makes asyncpg raise: a 500). */
export function fitsInt4(value: number): boolean {
  return Number.isInteger(value) && value >= -INT4_MAX - 1 && value <= INT4_MAX;
}

// ---- time ---------------------------------------------------------------------------------------

let lastMicros = 0;
/** `datetime.utcnow()` as stored: ISO-8601 without zone, six fraction digits; strictly increasing per process. */
export function utcNow(): string {
  const hr = process.hrtime.bigint();
  let micros = Date.now() * 1000 + Number((hr / 1000n) % 1000n);
  if (micros <= lastMicros) micros = lastMicros + 1;
  lastMicros = micros;
  const date = new Date(Math.floor(micros / 1000));
  return `${date.toISOString().slice(0, 19)}.${String(micros % 1_000_000).padStart(6, "0")}`;
}

function copy<T>(value: T): T {
  return structuredClone(value);
}

// ---- state file checks --------------------------------------------------------------------------

const snapshotSchema = z.object({
  version: z.literal(1),
  platform: z.literal("burki"),
  serials: z.object({ organizations: z.int(), users: z.int(), assistants: z.int(), phone_numbers: z.int() }),
  organizations: z.array(
    z.object({ id: z.int(), api_key: z.string(), name: z.string(), user_id: z.int(), user_email: z.string(), user_role: z.string() }),
  ),
  assistants: z.array(z.looseObject({ id: z.int(), organization_id: z.int(), user_id: z.int(), name: z.string(), created_at: z.string(), updated_at: z.string() })),
  phone_numbers: z.array(
    z.looseObject({
      id: z.int(),
      organization_id: z.int(),
      phone_number: z.string(),
      friendly_name: z.string().nullable(),
      assistant_id: z.int().nullable(),
      is_active: z.boolean(),
      created_at: z.string(),
      updated_at: z.string(),
    }),
  ),
});

const E164_LOOSE = /^\+\d{1,19}$/;

export class BurkiStore {
  readonly stateFile: string | undefined;
  private readonly seedAll: string[];
  private readonly seedPerKey: Map<string, string[]>;
  private serials = { organizations: 0, users: 0, assistants: 0, phone_numbers: 0 };
  private organizations = new Map<string, Organization>();
  /** By id, in creation order (a Map keeps insertion order; an id change re-inserts at the same place). */
  private assistants = new Map<number, AssistantRow>();
  private numbers = new Map<number, PhoneNumberRow>();

  constructor(options: BurkiStoreOptions = {}) {
    this.stateFile = options.stateFile;
    const seed = options.phoneNumbers ?? [];
    this.seedAll = Array.isArray(seed) ? [...seed] : [];
    this.seedPerKey = new Map(Array.isArray(seed) ? [] : Object.entries(seed));
    for (const number of [...this.seedAll, ...[...this.seedPerKey.values()].flat()]) {
      if (!E164_LOOSE.test(number)) throw new Error(`phoneNumbers: ${JSON.stringify(number)} is not an E.164 number`);
    }
    if (this.stateFile) this.load(this.stateFile);
    // Per-key seeds exist from the start, as numbers bought before the test.
    for (const key of this.seedPerKey.keys()) this.organization(key);
  }

  // ---- organizations ----------------------------------------------------------------------------

  /** The organization of an API key, created (and seeded with numbers) the first time the key is seen. */
  organization(apiKey: string): Organization {
    const existing = this.organizations.get(apiKey);
    if (existing) return existing;
    const id = ++this.serials.organizations;
    const userId = ++this.serials.users;
    const org: Organization = {
      id,
      api_key: apiKey,
      name: `Emulator Org ${id}`,
      user_id: userId,
      user_email: `user${userId}@emulator.test`,
      user_role: "admin",
    };
    this.organizations.set(apiKey, org);
    const seeds = this.seedPerKey.get(apiKey) ?? this.seedAll;
    for (const number of seeds) {
      if (!this.numberByE164(number)) this.insertNumber(org.id, number, null);
    }
    this.persist();
    return org;
  }

  private organizationById(id: number): Organization | undefined {
    return [...this.organizations.values()].find((o) => o.id === id);
  }

  // ---- assistants -------------------------------------------------------------------------------

  /**
   * INSERT of `Assistant(**data)`: keys that are no column raise TypeError (B7: a 500), columns not
   * given (or given None, for non-JSON columns) take the ORM default, values are checked as
   * PostgreSQL would (B8: a name over 100 characters is a 500). An `id` in the data is used (B11).
   */
  insertAssistant(org: Organization, input: JsonObject): AssistantRow {
    const data = { ...input };
    for (const [key, value] of Object.entries(data)) {
      // An empty list for a collection relationship is accepted (and means nothing for a new row).
      if (COLLECTION_RELATIONSHIPS.has(key) && Array.isArray(value) && value.length === 0) {
        delete data[key];
        continue;
      }
      if (ASSISTANT_RELATIONSHIPS.has(key)) throw new BurkiInternalError(`cannot set relationship ${key} to ${JSON.stringify(value)}`);
      if (!isAssistantColumn(key)) throw new BurkiInternalError(`TypeError: '${key}' is an invalid keyword argument for Assistant`);
    }
    refuseClientTimestamps(data);
    const now = utcNow();
    const row: JsonObject = {};
    for (const [name, column] of Object.entries(ASSISTANT_COLUMNS)) {
      const given = data[name];
      // SQLAlchemy leaves None out of the INSERT (so the default applies), except for JSON columns, where None is JSON null.
      if (given !== undefined && (given !== null || column.type.kind === "json")) row[name] = copy(given);
      else if (column.default) row[name] = column.default();
      else row[name] = null;
    }
    row.organization_id = org.id;
    row.user_id = org.user_id;
    if (row.created_at === null) row.created_at = now;
    if (row.updated_at === null) row.updated_at = utcNow();
    const explicitId = row.id !== null;
    if (!explicitId) row.id = this.serials.assistants + 1;
    this.checkRow(row);
    if (this.assistants.has(row.id as number)) throw new BurkiInternalError(`duplicate key value violates unique constraint "assistants_pkey" (id=${String(row.id)})`);
    // The sequence advances only when it hands out the id (an explicit id does not move it).
    if (!explicitId) this.serials.assistants += 1;
    const stored = row as AssistantRow;
    this.assistants.set(stored.id, stored);
    this.persist();
    return copy(stored);
  }

  getAssistant(orgId: number, id: number): AssistantRow | undefined {
    const row = this.assistants.get(id);
    return row && row.organization_id === orgId ? copy(row) : undefined;
  }

  /** SELECT … WHERE organization_id … ORDER BY created_at DESC OFFSET skip LIMIT limit. */
  listAssistants(orgId: number, options: { skip: number; limit: number; activeOnly: boolean; userId: number | null }): AssistantRow[] {
    return this.orgAssistants(orgId, options.activeOnly)
      .filter((a) => options.userId === null || a.user_id === options.userId)
      .slice(options.skip, options.skip + options.limit)
      .map(copy);
  }

  countAssistants(orgId: number, activeOnly: boolean): number {
    return this.orgAssistants(orgId, activeOnly).length;
  }

  /**
   * UPDATE with `setattr` for every key that is an ORM attribute (B10: organization_id, user_id, id
   * and the hidden columns included), nothing for the rest. Nothing changes (not even updated_at) when
   * every value equals the stored one. Undefined when the organization has no such assistant.
   */
  updateAssistant(orgId: number, id: number, updates: JsonObject): AssistantRow | undefined {
    const current = this.assistants.get(id);
    if (!current || current.organization_id !== orgId) return undefined;
    const next: JsonObject = { ...current };
    let changed = false;
    for (const [key, value] of Object.entries(updates)) {
      if (ASSISTANT_RELATIONSHIPS.has(key)) throw new BurkiInternalError(`cannot set relationship ${key} to a JSON value`);
      if (!isAssistantColumn(key)) continue;
      if (!pyEqual(current[key], value)) {
        next[key] = copy(value);
        changed = true;
      }
    }
    // A datetime column set from JSON is never equal to the stored datetime: the flush fails.
    refuseClientTimestamps(updates);
    if (!changed) return copy(current);
    next.updated_at = utcNow();
    this.checkRow(next);
    const nextId = next.id as number;
    if (nextId !== id) {
      if (this.assistants.has(nextId)) throw new BurkiInternalError(`duplicate key value violates unique constraint "assistants_pkey" (id=${nextId})`);
      if ([...this.numbers.values()].some((n) => n.assistant_id === id)) {
        throw new BurkiInternalError(`update on table "assistants" violates foreign key constraint on table "phone_numbers" (id=${id})`);
      }
    }
    this.replaceAssistant(id, next as AssistantRow);
    this.persist();
    return copy(next as AssistantRow);
  }

  /** DELETE; the assistant's numbers survive with assistant_id null (the ORM nullifies them). */
  deleteAssistant(orgId: number, id: number): boolean {
    const row = this.assistants.get(id);
    if (!row || row.organization_id !== orgId) return false;
    this.removeAssistant(id);
    this.persist();
    return true;
  }

  // ---- phone numbers ----------------------------------------------------------------------------

  /** The organization's active numbers, ordered by phone_number (PhoneNumberService.get_organization_phone_numbers). */
  activeNumbers(orgId: number): PhoneNumberRow[] {
    return [...this.numbers.values()]
      .filter((n) => n.organization_id === orgId && n.is_active)
      .sort((a, b) => (a.phone_number < b.phone_number ? -1 : a.phone_number > b.phone_number ? 1 : 0))
      .map(copy);
  }

  /** A number of the organization by id, active or not (assign_phone_to_assistant's lookup). */
  numberById(orgId: number, id: number): PhoneNumberRow | undefined {
    const n = this.numbers.get(id);
    return n && n.organization_id === orgId ? copy(n) : undefined;
  }

  /**
   * The assistant an active number of the organization is assigned to (GET /by-phone): exact string
   * match, no normalization; the assistant's own organization and is_active are not checked.
   */
  assistantByPhone(orgId: number, phoneNumber: string): AssistantRow | undefined {
    const n = [...this.numbers.values()].find((x) => x.phone_number === phoneNumber && x.organization_id === orgId && x.is_active && x.assistant_id !== null);
    const row = n && n.assistant_id !== null ? this.assistants.get(n.assistant_id) : undefined;
    return row ? copy(row) : undefined;
  }

  /**
   * Sets a number's assistant (null: unassigns) and, when `friendlyName` is a string, its friendly
   * name; updated_at moves only when something changed.
   */
  setNumberAssistant(numberId: number, assistantId: number | null, friendlyName?: string | null): PhoneNumberRow {
    const n = this.numbers.get(numberId);
    if (!n) throw new Error(`no phone number ${numberId}`);
    const next = { ...n, assistant_id: assistantId };
    if (typeof friendlyName === "string") next.friendly_name = friendlyName.trim();
    if (next.assistant_id !== n.assistant_id || next.friendly_name !== n.friendly_name) {
      next.updated_at = utcNow();
      this.numbers.set(numberId, next);
      this.persist();
    }
    return copy(next);
  }

  // ---- control plane (out-of-band, as in Burki's dashboard or its database) ---------------------

  /** The organization of a key, for the control plane (created and seeded like an API request would). */
  controlOrganization(apiKey: string): Organization {
    return copy(this.organization(apiKey));
  }

  /**
   * Out-of-band edit: the body's keys (columns of `assistants`) are stored as given, without the API's
   * validation; `id`, `organization_id`, `user_id` and `created_at` are protected; `updated_at`
   * becomes now unless the body sets it. A value the response model cannot read makes reads answer 500.
   */
  forcePatchAssistant(apiKey: string, id: number, input: unknown): AssistantRow {
    const row = this.controlAssistant(apiKey, id);
    if (!isPlainObject(input)) throw new InvalidInput(null, "The body must be a JSON object of assistant columns");
    const protectedKeys = new Set(["id", "organization_id", "user_id", "created_at"]);
    for (const key of Object.keys(input)) {
      if (protectedKeys.has(key)) throw new InvalidInput(key, `${key} cannot be changed out of band`);
      if (!isAssistantColumn(key)) throw new InvalidInput(key, `${key} is not a column of assistants`);
    }
    const next = { ...row, updated_at: utcNow(), ...(copy(input) as JsonObject) } as AssistantRow;
    this.assistants.set(id, next);
    this.persist();
    return copy(next);
  }

  /** Out-of-band delete (its numbers are unassigned). */
  forceDeleteAssistant(apiKey: string, id: number): void {
    this.controlAssistant(apiKey, id);
    this.removeAssistant(id);
    this.persist();
  }

  /** Adds a number to an organization (as a Twilio sync or purchase would); 409 when any organization holds it. */
  addNumber(apiKey: string, phoneNumber: unknown, friendlyName: unknown): PhoneNumberRow {
    if (typeof phoneNumber !== "string" || !E164_LOOSE.test(phoneNumber)) throw new InvalidInput("phone_number", "phone_number must be + and digits");
    if (friendlyName !== undefined && friendlyName !== null && typeof friendlyName !== "string") {
      throw new InvalidInput("friendly_name", "friendly_name must be a string or null");
    }
    const org = this.organization(apiKey);
    if (this.numberByE164(phoneNumber)) throw new BurkiHttpError(409, `Phone number ${phoneNumber} already exists`);
    const row = this.insertNumber(org.id, phoneNumber, (friendlyName as string | null | undefined) ?? null);
    this.persist();
    return copy(row);
  }

  /** Removes a number of the organization. */
  removeNumber(apiKey: string, phoneNumber: string): void {
    const n = this.controlNumber(apiKey, phoneNumber);
    this.numbers.delete(n.id);
    this.persist();
  }

  /**
   * Out-of-band edit of a number: `assistant_id` (any existing assistant or null: moves the number
   * without the API's checks), `friendly_name`, `is_active`.
   */
  patchNumber(apiKey: string, phoneNumber: string, input: unknown): PhoneNumberRow {
    const n = this.controlNumber(apiKey, phoneNumber);
    if (!isPlainObject(input)) throw new InvalidInput(null, "The body must be a JSON object");
    const next = { ...n };
    for (const [key, value] of Object.entries(input)) {
      if (key === "assistant_id") {
        if (value !== null && (typeof value !== "number" || !this.assistants.has(value))) {
          throw new InvalidInput(key, `assistant_id must be null or the id of an existing assistant`);
        }
        next.assistant_id = value;
      } else if (key === "friendly_name") {
        if (value !== null && typeof value !== "string") throw new InvalidInput(key, "friendly_name must be a string or null");
        next.friendly_name = value;
      } else if (key === "is_active") {
        if (typeof value !== "boolean") throw new InvalidInput(key, "is_active must be a boolean");
        next.is_active = value;
      } else {
        throw new InvalidInput(key, `${key} cannot be edited (assistant_id, friendly_name, is_active)`);
      }
    }
    next.updated_at = utcNow();
    this.numbers.set(n.id, next);
    this.persist();
    return copy(next);
  }

  // ---- whole state ------------------------------------------------------------------------------

  /** Empties every table and restarts the serials (like `BURKI_RESET=1 start.sh`); per-key seeds are re-seeded. */
  reset(): void {
    this.serials = { organizations: 0, users: 0, assistants: 0, phone_numbers: 0 };
    this.organizations.clear();
    this.assistants.clear();
    this.numbers.clear();
    for (const key of this.seedPerKey.keys()) this.organization(key);
    this.persist();
  }

  dump(): BurkiSnapshot {
    return copy(this.snapshotView());
  }

  /** Replaces the state with the content of `file`; false (state unchanged) when the file does not exist. */
  load(file: string): boolean {
    if (!fs.existsSync(file)) return false;
    const raw: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
    const parsed = snapshotSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`${file} is not a Burki emulator state file: ${parsed.error.message}`);
    const snapshot = raw as BurkiSnapshot;
    this.serials = { ...snapshot.serials };
    this.organizations = new Map(snapshot.organizations.map((o) => [o.api_key, o]));
    this.assistants = new Map(snapshot.assistants.map((a) => [a.id, a]));
    this.numbers = new Map(snapshot.phone_numbers.map((n) => [n.id, n]));
    return true;
  }

  /** Writes the whole state to `file` atomically (temp file + rename), readable by the owner only. */
  save(file: string): void {
    writeStateFile(file, this.snapshotView());
  }

  // ---- internals --------------------------------------------------------------------------------

  /** The live rows (no copies): only to serialize at once. */
  private snapshotView(): BurkiSnapshot {
    return {
      version: 1,
      platform: "burki",
      serials: { ...this.serials },
      organizations: [...this.organizations.values()],
      assistants: [...this.assistants.values()],
      phone_numbers: [...this.numbers.values()],
    };
  }

  private persist(): void {
    if (this.stateFile) this.save(this.stateFile);
  }

  /** An organization's assistants, newest first (created_at desc; the later id first on a tie). */
  private orgAssistants(orgId: number, activeOnly: boolean): AssistantRow[] {
    return [...this.assistants.values()]
      .filter((a) => a.organization_id === orgId && (!activeOnly || a.is_active === true))
      .sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : b.id - a.id));
  }

  private numberByE164(phoneNumber: string): PhoneNumberRow | undefined {
    return [...this.numbers.values()].find((n) => n.phone_number === phoneNumber);
  }

  private insertNumber(orgId: number, phoneNumber: string, friendlyName: string | null): PhoneNumberRow {
    const now = utcNow();
    const row: PhoneNumberRow = {
      id: ++this.serials.phone_numbers,
      organization_id: orgId,
      phone_number: phoneNumber,
      friendly_name: friendlyName,
      provider: "twilio",
      provider_phone_id: null,
      assistant_id: null,
      is_active: true,
      capabilities: copy(PHONE_CAPABILITIES),
      phone_metadata: {},
      created_at: now,
      updated_at: now,
    };
    this.numbers.set(row.id, row);
    return row;
  }

  /** Replaces a row, keeping its place in creation order even when its id changes. */
  private replaceAssistant(oldId: number, next: AssistantRow): void {
    if (next.id === oldId) {
      this.assistants.set(oldId, next);
      return;
    }
    this.assistants = new Map([...this.assistants].map(([id, row]) => (id === oldId ? [next.id, next] : [id, row])));
  }

  private removeAssistant(id: number): void {
    this.assistants.delete(id);
    const now = utcNow();
    for (const n of this.numbers.values()) {
      if (n.assistant_id === id) Object.assign(n, { assistant_id: null, updated_at: now });
    }
  }

  private controlAssistant(apiKey: string, id: number): AssistantRow {
    const org = this.organization(apiKey);
    const row = this.assistants.get(id);
    if (!row || row.organization_id !== org.id) throw new BurkiHttpError(404, `Assistant with ID ${id} not found in your organization`);
    return row;
  }

  private controlNumber(apiKey: string, phoneNumber: string): PhoneNumberRow {
    const org = this.organization(apiKey);
    const n = this.numberByE164(phoneNumber);
    if (!n || n.organization_id !== org.id) throw new BurkiHttpError(404, `Phone number ${phoneNumber} not found in your organization`);
    return n;
  }

  /** What PostgreSQL (and asyncpg's encoders) would refuse in a row: a 500 for the client. */
  private checkRow(row: JsonObject): void {
    for (const [name, column] of Object.entries(ASSISTANT_COLUMNS)) {
      const value = row[name];
      const fail = (why: string): never => {
        throw new BurkiInternalError(`column ${name}: ${why}`);
      };
      if (value === null || value === undefined) {
        if (!column.nullable) fail("null value violates not-null constraint");
        continue;
      }
      switch (column.type.kind) {
        case "int":
          if (typeof value === "boolean") break; // asyncpg takes a Python bool as an int
          if (typeof value !== "number" || !fitsInt4(value)) fail(`invalid input for query argument: ${JSON.stringify(value)} (an int4 is expected)`);
          break;
        case "varchar":
        case "text":
          if (typeof value !== "string") fail(`invalid input for query argument: ${JSON.stringify(value)} (a str is expected)`);
          if ((value as string).includes("\u0000")) fail("invalid byte sequence for encoding UTF8: 0x00");
          if (column.type.kind === "varchar" && Array.from(value as string).length > column.type.length) {
            fail(`value too long for type character varying(${column.type.length})`);
          }
          break;
        case "bool":
          if (typeof value !== "boolean") fail(`invalid input for query argument: ${JSON.stringify(value)} (a boolean is expected)`);
          break;
        case "datetime":
          break; // only the emulator's own timestamps get here (clientTimestamps() refuses a client's)
        case "json":
          if (!storableJson(value)) fail("Token \"NaN\"/\"Infinity\" is invalid in type json");
          break;
      }
    }
    if (row.organization_id !== null && !this.organizationById(row.organization_id as number)) {
      fail500(`insert or update on table "assistants" violates foreign key constraint "assistants_organization_id_fkey"`);
    }
    const users = new Set([...this.organizations.values()].map((o) => o.user_id));
    if (!users.has(row.user_id as number)) fail500(`insert or update on table "assistants" violates foreign key constraint "assistants_user_id_fkey"`);
  }
}

/** asyncpg encodes a datetime column from a datetime only; a JSON string or number fails (→ 500). */
function refuseClientTimestamps(data: JsonObject): void {
  for (const key of ["created_at", "updated_at"]) {
    if (data[key] !== undefined && data[key] !== null) {
      throw new BurkiInternalError(`column ${key}: invalid input for query argument: ${JSON.stringify(data[key])} (a datetime is expected)`);
    }
  }
}

function fail500(why: string): never {
  throw new BurkiInternalError(why);
}

/** JSON columns cannot hold NaN or ±Infinity (Python would write them, PostgreSQL refuses them). */
function storableJson(value: Json): boolean {
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(storableJson);
  if (isPlainObject(value)) return Object.values(value).every((v) => storableJson(v as Json));
  return true;
}
