/**
 * Burki's wire conventions, for the core (see `provider/platform.ts`), as the real server at commit
 * a74512a serves them (`burki.md` in the shared API notes; bug numbers B1–B13 from its §5):
 *
 * - Config `burki:apiKey` / `burki:baseUrl` (default the hosted `https://api.burki.dev`), environment
 *   `BURKI_API_KEY` / `BURKI_BASE_URL` (debug log: `BURKI_PULUMI_LOG`). No documented rate limit: the client-side limit is off unless
 *   `burki:requestsPerMinute` is set.
 * - Bare JSON objects with integer ids (kept as strings in Pulumi), bare-array listings paged with
 *   `skip`/`limit` (at most 1000), newest first.
 * - Update is `PUT` with a partial top level, but a nested object sent is replaced whole and its
 *   missing sub-keys reset to defaults, and `null` is dropped (a scalar cannot be cleared) or, for
 *   five blocks, resets them (B12). So every nested object is sent complete: the declared sub-keys over
 *   the live ones, minus the sub-keys the program stopped declaring (which go back to their defaults).
 * - Errors: `{"detail": "..."}`, validation `{"detail": [{loc, msg, type}, …]}` (422), and unhandled
 *   failures as a `text/plain` 500 `Internal Server Error`.
 * - The server writes any column it is given, ids and tenancy included (B10, B11): `organization_id`
 *   and `user_id` are server-owned like `id` and the timestamps, and never sent.
 */
import { deepMerge, isPlainObject } from "../canonical";
import type { ErrorFields } from "../errors";
import { VoiceAiError } from "../errors";
import type { Platform } from "../platform";
import { describeUnexpectedBody } from "../redact";

type Props = Record<string, unknown>;

/** The hosted Burki API (docs.burki.dev); a self-hosted server is configured with `burki:baseUrl`. */
export const DEFAULT_BASE_URL = "https://api.burki.dev";

/** Most items one listing page may hold (`limit` is 1–1000). */
export const PAGE_SIZE = 1000;

/** The nested settings blocks of an assistant: objects the server replaces whole on PUT. */
export const NESTED_BLOCKS = [
  "llm_provider_config",
  "llm_settings",
  "interruption_settings",
  "tts_settings",
  "stt_settings",
  "tools_settings",
  "rag_settings",
  "llm_fallback_providers",
];

/** `{detail: "…"}`, or FastAPI's validation list `{detail: [{loc, msg, type}]}` (422). */
export function parseBurkiError(b: Props): ErrorFields {
  if (typeof b.detail === "string") return { message: b.detail };
  if (Array.isArray(b.detail)) {
    const issues = b.detail.filter(isPlainObject);
    const where = (i: Props) => (Array.isArray(i.loc) ? i.loc.filter((l) => l !== "body").join(".") : "");
    const first = issues[0];
    return {
      code: first && typeof first.type === "string" ? first.type : undefined,
      param: first ? where(first) || undefined : undefined,
      message: first && typeof first.msg === "string" ? first.msg : "validation failed",
      details: issues.slice(1).map((i) => `${where(i)}: ${String(i.msg)}`),
    };
  }
  return { message: typeof b.message === "string" ? b.message : typeof b.error === "string" ? b.error : undefined };
}

/** Sets `path` (wire keys) in `value` in place, where its parent objects exist. */
function put(value: unknown, path: string[], item: unknown): void {
  const [head, ...rest] = path;
  if (!isPlainObject(value)) return;
  if (rest.length === 0) value[head] = item;
  else put(value[head], rest, item);
}

/** Removes `path` (wire keys) from `value` in place. */
function drop(value: unknown, path: string[]): void {
  const [head, ...rest] = path;
  if (!isPlainObject(value) || !(head in value)) return;
  if (rest.length === 0) delete value[head];
  else drop(value[head], rest);
}

/**
 * A stored `llm_settings.welcome_message` of null fails a call at its start (the call handler appends
 * to it); absent, the server speaks its generic greeting; and the live object reports null for
 * "absent". So null is never sent for it.
 */
export function dropNullGreeting(body: Props): void {
  const llm = body.llm_settings;
  if (isPlainObject(llm) && llm.welcome_message === null) delete llm.welcome_message;
}

export const burkiPlatform: Platform = {
  name: "burki",
  title: "Burki",
  envPrefix: "BURKI",
  // BURKI_LOG is the server's log file in a self-hosted setup (the local server's env file sets it).
  envNames: { log: "BURKI_PULUMI_LOG" },
  defaultBaseUrl: DEFAULT_BASE_URL,
  defaultRequestsPerMinute: 0,
  // The server returns provider keys in plaintext, and `provider_config` is free-form.
  errors: { title: "Burki", parse: parseBurkiError, secretFields: ["provider_config", "api_key", "auth_token", "bearer_token"] },
  rest: {
    item(body, c) {
      if (isPlainObject(body) && body.id !== undefined && body.id !== null) return body;
      throw new VoiceAiError(`${c.kind}: the Burki API answered without an object with an id: it sent ${describeUnexpectedBody(body)}`);
    },
    listPage: (c, page) => ({
      path: `${c.collection}?skip=${page * PAGE_SIZE}&limit=${PAGE_SIZE}`,
      read(body) {
        if (!Array.isArray(body)) throw new VoiceAiError(`${c.kind}: the Burki API listed ${c.collection} without a list: it sent ${describeUnexpectedBody(body)}`);
        return { items: body.filter(isPlainObject), more: body.length === PAGE_SIZE };
      },
    }),
    updateMethod: "PUT",
    completeUpdate(body, live, removed, reset) {
      for (const block of NESTED_BLOCKS) {
        if (!(block in body) || reset.includes(block) || !isPlainObject(body[block])) continue;
        const merged = deepMerge(isPlainObject(live[block]) ? live[block] : {}, body[block] as Props);
        // A sub-key the program stopped declaring goes back to its documented default (what a create
        // of the same program stores), or, without one, to the server's (left out).
        for (const r of removed) {
          if (r.path[0] !== block) continue;
          if ("default" in r) put(merged, r.path.slice(1), r.default);
          else drop(merged, r.path.slice(1));
        }
        body[block] = merged;
      }
      dropNullGreeting(body);
    },
    acceptsNull: false,
    serverFields: ["organization_id", "user_id"],
  },
};
