/**
 * Revox's wire conventions, for the core (see `provider/platform.ts`), as the official SDKs describe
 * them (`revox.md` in the shared API notes; Revox's Python SDK 0.5.0 is the newest source):
 *
 * - Config `revox:apiKey` / `revox:baseUrl` (default `https://www.getrevox.com/api`), environment
 *   `REVOX_API_KEY` / `REVOX_BASE_URL`: the names Revox's own SDKs read. `REVOX_LOG` is the SDKs' log
 *   level (`info`, `debug`, …), so this provider's debug log is `REVOX_PULUMI_LOG`. No documented
 *   rate limit: the client-side limit is off unless `revox:requestsPerMinute` is set.
 * - Objects in envelopes (`{"assistant": {...}}`, listings `{"assistants": [...]}`, unpaginated)
 *   except `GET /assistants/{id}`, which answers the bare object; both are read.
 * - Partial `PATCH`; a nested object or list sent is replaced whole; `null` clears a nullable field
 *   (a field that may not be null has no way back to empty: its schema says `clearable: false`).
 * - No idempotency key (the SDK's own retries can duplicate a create; the core's creates do not).
 * - Error bodies are undocumented: shown as they come, read only for a message.
 */
import { isPlainObject } from "../canonical";
import type { ErrorFields } from "../errors";
import { VoiceAiError } from "../errors";
import type { CollectionInfo, Platform } from "../platform";
import { describeUnexpectedBody } from "../redact";

type Props = Record<string, unknown>;

/** Revox's hosted API (the SDKs' default base URL). */
export const DEFAULT_BASE_URL = "https://www.getrevox.com/api";

/**
 * The message of an error body, wherever it is: Revox documents no shape (`revox.md` §1.2), so
 * `{error}`, `{message}` and `{detail}` are all read, and `details` is kept as given.
 */
export function parseRevoxError(b: Props): ErrorFields {
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  const nested = isPlainObject(b.error) ? b.error : undefined;
  return {
    code: nested ? str(nested.code) : str(b.code),
    message: str(b.error) ?? str(nested?.message) ?? str(b.message) ?? str(b.detail),
    details: b.details,
  };
}

/**
 * The assistant as the program can declare it. FAQ items are `{question, answer}`: the server's item
 * ids (new on every replacement), `needs_human_answer` and `source` are its own, and the items it adds
 * itself (`source: "ai"`, §3.5) are not configuration. Left in, they would show as a change on every
 * refresh of a program that declares `faqItems` (and a PATCH of `faq_items` replaces them anyway).
 */
function normalise(item: Props): Props {
  if (Array.isArray(item.faq_items)) {
    item.faq_items = item.faq_items
      .filter((f): f is Props => isPlainObject(f) && f.source !== "ai")
      .map((f) => ({ question: f.question, answer: f.answer }));
  }
  return item;
}

function item(body: unknown, c: CollectionInfo): Props {
  // Create, update and clone wrap the object; get-by-id answers it bare.
  const wrapped = isPlainObject(body) && c.envelope && isPlainObject(body[c.envelope]) ? body[c.envelope] : body;
  if (isPlainObject(wrapped) && wrapped.id !== undefined && wrapped.id !== null) return normalise(wrapped);
  throw new VoiceAiError(`${c.kind}: the Revox API answered without an object with an id: it sent ${describeUnexpectedBody(body)}`);
}

export const revoxPlatform: Platform = {
  name: "revox",
  title: "Revox",
  envPrefix: "REVOX",
  envNames: { log: "REVOX_PULUMI_LOG" },
  defaultBaseUrl: DEFAULT_BASE_URL,
  defaultRequestsPerMinute: 0,
  // The API returns a custom LLM's key and tool headers in plaintext.
  errors: { title: "Revox", parse: parseRevoxError, secretFields: ["api_key", "headers", "query_params", "connection_id"] },
  rest: {
    item,
    listPage: (c) => ({
      path: c.collection,
      read(body) {
        const items = isPlainObject(body) ? body[c.listEnvelope!] : undefined;
        if (!Array.isArray(items)) {
          throw new VoiceAiError(`${c.kind}: the Revox API listed ${c.collection} without a "${c.listEnvelope}" list: it sent ${describeUnexpectedBody(body)}`);
        }
        return { items: items.filter(isPlainObject).map(normalise), more: false };
      },
    }),
    updateMethod: "PATCH",
    acceptsNull: true,
    serverFields: ["organization_id"],
  },
};
