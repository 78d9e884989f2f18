/**
 * Exporting a Revox account: every assistant (`GET /assistants`, unpaginated; sub-assistants are not
 * listed by the API) as `revox.Assistant` resources, then every number routed to one of them as a
 * `revox.PhoneNumber`.
 *
 * What the API answers besides the configuration is left out: FAQ ids and the items the platform adds
 * itself (`source: "ai"`), `pending_faq_count`, `created_by` and the `is_*` flags.
 * Numbers need no adoptId: routing a number to the assistant that already answers it changes nothing.
 * Unrouted numbers are listed in a comment only (declaring one would route it).
 */
import type { ApiClient } from "../../provider/client";
import { envName } from "../../provider/config";
import { NotFoundError, VoiceAiError } from "../../provider/errors";
import { assistantSpec } from "../../provider/revox/assistant";
import { revoxPlatform } from "../../provider/revox/platform";
import { describeShape, isObject, literal, str, type PlatformExporter, type Props } from "./core";

const hint = () => `is ${envName(revoxPlatform, "baseUrl")} the Revox API (e.g. ${revoxPlatform.defaultBaseUrl})?`;

/** Read-only fields of an assistant answer (`revox.md` §3.2): not configuration. */
const READ_ONLY = ["pending_faq_count", "created_by", "is_realestate_assistant", "is_inbound_receptionist"];

/** GET `path`'s `key` list; a 404 or another shape fails naming the endpoint (never echoing the body). */
async function listed(client: ApiClient, path: string, key: string): Promise<Props[]> {
  let body: unknown;
  try {
    body = await client.get<unknown>(path);
  } catch (err) {
    if (err instanceof NotFoundError) throw new VoiceAiError(`GET ${path} answered 404: ${hint()}`, { cause: err });
    throw err;
  }
  const items = isObject(body) ? body[key] : undefined;
  if (!Array.isArray(items)) throw new VoiceAiError(`GET ${path} answered ${describeShape(body)}, expected {"${key}": [...]}: ${hint()}`);
  const bad = items.findIndex((item) => !isObject(item) || item.id === undefined || item.id === null);
  if (bad >= 0) throw new VoiceAiError(`GET ${path}: item ${bad} of "${key}" is not an object with an id`);
  return items as Props[];
}

/** Every assistant, as the provider reads them (FAQ items as `{question, answer}`, the platform's own left out). */
async function listAssistants(client: ApiClient): Promise<Props[]> {
  const items = await listed(client, assistantSpec.collection, assistantSpec.listEnvelope!);
  const { read } = revoxPlatform.rest.listPage(assistantSpec, 0);
  return read({ [assistantSpec.listEnvelope!]: items }).items.map((a) => Object.fromEntries(Object.entries(a).filter(([k]) => !READ_ONLY.includes(k))));
}

export const revoxExporter: PlatformExporter = {
  platform: revoxPlatform,
  sdkModule: "pulumi-voiceai/revox",
  collections: [{ spec: assistantSpec, noun: "assistant", list: listAssistants }],
  secretKeyWords: (path) => {
    const [a, b, c, d, e] = path;
    if (a === "llmModel" && b === "apiKey") return ["llm", "api", "key"];
    // `<var>Tool0Header0`, `<var>Tool0Query0`
    if (a === "customTools" && typeof b === "number" && (c === "headers" || c === "queryParams") && typeof d === "number" && e === "value") {
      return ["tool", String(b), c === "headers" ? "header" : "query", String(d)];
    }
    return undefined;
  },
  notes: ["// FAQ ids, the FAQ items Revox adds itself and the read-only flags (created_by, is_*) are left out: they are not configuration."],
  async epilogue(printed, client) {
    const variables = new Map(printed.filter((p) => p.kind === "Assistant").map((p) => [p.id, p.variable]));
    const numbers = await listed(client, "/phone-numbers", "phone_numbers");
    const lines: string[] = [];
    const unrouted: string[] = [];
    for (const n of numbers) {
      const routed = isObject(n.inbound_assistant) ? String(n.inbound_assistant.id) : undefined;
      const variable = routed && variables.get(routed);
      if (!variable) {
        unrouted.push(String(n.phone_number));
        continue;
      }
      const props: Props = { phoneNumber: n.phone_number, assistantId: "" };
      if (typeof n.label === "string") props.label = n.label;
      const source = literal(props, "").replace('assistantId: ""', `assistantId: ${variable}.id`);
      lines.push(`new revox.PhoneNumber(${str(`number-${String(n.phone_number).replace(/\D/g, "")}`)}, ${source});`, "");
    }
    if (unrouted.length) {
      lines.push(`// Not routed to an exported assistant (declaring one would route it): ${unrouted.join(", ")}.`);
    }
    return lines;
  },
};
