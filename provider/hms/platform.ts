/**
 * HMS Sovereign's wire conventions, for the core (see `provider/platform.ts`).
 *
 * - Config `hms:apiKey` / `hms:baseUrl` (…), environment `HMS_SOVEREIGN_API_KEY` / `HMS_SOVEREIGN_BASE_URL`.
 * - Bearer keys `fl_live_…` / `fl_test_…`; documented limit 100 requests per minute per key.
 * - Objects in envelopes (`{"assistant": {...}}`, listings `{"assistants": [...]}`, unpaginated),
 *   string ids, partial `PATCH` (a nested object sent is replaced), `null` clears a field.
 * - Errors in three body shapes (https://doc.hmsovereign.com, error codes and rate limits): flat
 *   `{error, message}` (with `details`, and `balance` on a 402), nested `{error: {code, message, param,
 *   type}}`, and the rate-limit `{error: {code, message}}`.
 */
import type { ErrorFields } from "../errors";
import { VoiceAiError } from "../errors";
import type { Platform } from "../platform";
import { describeUnexpectedBody } from "../redact";

type Props = Record<string, unknown>;

/** The vendor's production API. */
export const DEFAULT_BASE_URL = "https://api.hmsovereign.com/api/v1";

/** The fields of one of HMS's three error body shapes. */
export function parseHmsError(b: Props): ErrorFields {
  const nested = b.error && typeof b.error === "object" ? (b.error as Props) : undefined;
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  return {
    code: nested ? str(nested.code) : str(b.error),
    param: nested ? str(nested.param) : undefined,
    message: nested ? str(nested.message) : str(b.message),
    details: b.details ?? nested?.details,
    balance: b.balance ?? nested?.balance,
  };
}

export const hmsPlatform: Platform = {
  name: "hms",
  title: "HMS",
  envPrefix: "HMS_SOVEREIGN",
  defaultBaseUrl: DEFAULT_BASE_URL,
  defaultRequestsPerMinute: 100,
  errors: { title: "HMS", parse: parseHmsError },
  hint: (status) =>
    status === 402 ? "The HMS account has run out of credits: top it up in the HMS dashboard, then run `pulumi up` again" : undefined,
  rest: {
    item(body, c) {
      const b = (body ?? {}) as Props;
      for (const key of [c.envelope!, ...(c.envelopeAliases ?? [])]) {
        if (b[key] && typeof b[key] === "object") return b[key] as Props;
      }
      throw new VoiceAiError(`${c.kind}: the HMS API answered without a "${c.envelope}" object: it sent ${describeUnexpectedBody(body)}`);
    },
    listPage: (c) => ({
      path: c.collection,
      read(body) {
        const items = (body as Props | undefined)?.[c.listEnvelope!];
        if (!Array.isArray(items)) {
          throw new VoiceAiError(`${c.kind}: the HMS API listed ${c.collection} without a "${c.listEnvelope}" list: it sent ${describeUnexpectedBody(body)}`);
        }
        return { items: items as Props[], more: false };
      },
    }),
    updateMethod: "PATCH",
    acceptsNull: true,
  },
};
