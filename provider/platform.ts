/**
 * What the core needs to know about a platform (HMS Sovereign, Burki, …), in one object per
 * platform (`provider/<platform>/platform.ts`): where its API is and how it is configured, how it
 * authenticates and answers errors, and its REST conventions (envelopes, ids, update verb and merge
 * rules, delete answer). The core (lifecycle, client, config) reads only this; it never names a
 * vendor.
 */
import type { ErrorWire } from "./errors";

type Props = Record<string, unknown>;

export interface Platform {
  /** Config namespace and SDK module name: `hms` (stack config `hms:apiKey`, type tokens `hms:Assistant`). */
  name: string;
  /** The platform in messages: `HMS`, `Burki`. */
  title: string;
  /** Prefix of its environment variables: `HMS_SOVEREIGN` → `HMS_SOVEREIGN_API_KEY`, `HMS_SOVEREIGN_BASE_URL`, … */
  envPrefix: string;
  /** Environment variables that replace the `<envPrefix>_*` name of a setting (`{ log: "BURKI_PULUMI_LOG" }`). */
  envNames?: Partial<Record<string, string>>;
  /** The vendor's hosted API, used when no base URL is configured. */
  defaultBaseUrl: string;
  /** Client-side request limit per minute and key when none is configured (0: off, for an API with no documented limit). */
  defaultRequestsPerMinute: number;
  /** How it answers errors (see `ErrorWire`). */
  errors: ErrorWire;
  /** Hints appended to an error for a status no retry can fix (401 and 403 have generic ones). */
  hint?(status: number): string | undefined;
  /** REST conventions of its collections. */
  rest: RestWire;
}

/** How a platform's REST collections look on the wire. */
export interface RestWire {
  /** The object inside a create/get/update answer (`{"assistant": {...}}` → `{...}`); throws when absent. */
  item(body: unknown, collection: CollectionInfo): Props;
  /** The path of one listing page, and how to read it: returns the items and whether more pages follow. */
  listPage(collection: CollectionInfo, page: number): { path: string; read: (body: unknown) => { items: Props[]; more: boolean } };
  /** The verb of an update: HMS `PATCH`es, Burki `PUT`s. */
  updateMethod: "PATCH" | "PUT";
  /**
   * Completes an update body from the live object before it is sent, for an API that replaces a
   * nested object whole: `body` holds the changed top-level fields (wire form); `live` the object as
   * the API has it; `removed` the fields the program stopped declaring inside changed objects (wire
   * paths such as `tts_settings.stability`, with the field's documented default in wire form);
   * `reset` the top-level fields the program removed, sent as their defaults. When set, the lifecycle
   * reads the object before every update.
   */
  completeUpdate?(body: Props, live: Props, removed: RemovedField[], reset: string[]): void;
  /** Fields the server owns besides `id`, `created_at`, `updated_at` (tenancy columns): never in the state, never sent. */
  serverFields?: string[];
  /** Whether a field can be set to null on update (Burki drops nulls): when not, a removed field without a default cannot be cleared. */
  acceptsNull: boolean;
}

/** A field the program stopped declaring inside an object it still declares. */
export interface RemovedField {
  /** Wire path from the top-level field: `["tts_settings", "stability"]`. */
  path: string[];
  /** The field's documented default (wire form), when it has one. */
  default?: unknown;
}

/** What a {@link RestWire} needs about one collection. */
export interface CollectionInfo {
  /** Pulumi type name, e.g. `Assistant`. */
  kind: string;
  /** Collection path, e.g. `/assistants`. */
  collection: string;
  /** Response envelope key (`assistant`), for an API that wraps objects. */
  envelope?: string;
  /** Envelope keys accepted as aliases (HMS's deprecated `/agents` routes answer `{"agent": ...}`). */
  envelopeAliases?: string[];
  /** Envelope key of the listing (`assistants`). */
  listEnvelope?: string;
}
