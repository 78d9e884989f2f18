/**
 * Exporting a Burki organization: every assistant (all pages of `GET /api/v1/assistants?skip=&limit=`,
 * oldest first), as `burki.Assistant` resources. Burki answers every settings block complete, so
 * fields equal to the server's defaults are left out; `toolsSettings.enabledTools` is computed.
 *
 * Phone numbers cannot be exported from this server (a74512a): every number listing is broken (B1,
 * B2 in the shared `burki.md`), and a number can only be looked up by its E.164
 * (`/assistants/by-phone/…`). The program ends with a comment saying how to declare them; a
 * `burki.PhoneNumber` needs no adoptId (assigning a number to the assistant that holds it is a no-op).
 */
import { assistantSpec } from "../../provider/burki/assistant";
import { burkiPlatform } from "../../provider/burki/platform";
import type { ApiClient } from "../../provider/client";
import { envName } from "../../provider/config";
import { NotFoundError, VoiceAiError } from "../../provider/errors";
import { describeShape, isObject, pathWords, type PlatformExporter, type Props } from "./core";

const hint = () => `is ${envName(burkiPlatform, "baseUrl")} the Burki server's origin (e.g. ${burkiPlatform.defaultBaseUrl}, without /api/v1)?`;

/** Every assistant of the organization, all pages read, oldest first (the API lists newest first). */
async function listAssistants(client: ApiClient): Promise<Props[]> {
  const byId = new Map<string, Props>();
  for (let page = 0; ; page++) {
    const { path, read } = burkiPlatform.rest.listPage(assistantSpec, page);
    let body: unknown;
    try {
      body = await client.get<unknown>(path);
    } catch (err) {
      if (err instanceof NotFoundError && page === 0) throw new VoiceAiError(`GET ${path} answered 404: ${hint()}`, { cause: err });
      throw err;
    }
    if (!Array.isArray(body)) throw new VoiceAiError(`GET ${path} answered ${describeShape(body)}, expected a JSON array of assistants: ${hint()}`);
    const bad = body.findIndex((item) => !isObject(item) || !/^\d+$/.test(String(item.id)));
    if (bad >= 0) throw new VoiceAiError(`GET ${path}: item ${bad} is not an object with an integer id`);
    // An assistant created while the pages are read shifts them by one: the same id may come twice.
    for (const item of body as Props[]) byId.set(String(item.id), item);
    if (!read(body).more) break;
  }
  return [...byId.values()].sort((a, b) => Number(a.id) - Number(b.id));
}

export const burkiExporter: PlatformExporter = {
  platform: burkiPlatform,
  sdkModule: "pulumi-voiceai/burki",
  collections: [{ spec: assistantSpec, noun: "assistant", list: listAssistants }],
  omitNestedDefaults: true,
  // `custom_settings.structured_data_schema` is the JSON Schema of post-call extraction.
  schemaDocKeys: ["parameters", "schema", "structured_data_schema"],
  // Short config keys for the modelled secrets: `<var>LlmApiKey`, `<var>TtsApiKey`, `<var>Fallback0ApiKey`.
  secretKeyWords: (path) => {
    const [a, b, c] = path;
    if (a === "llmProviderConfig" && b === "apiKey" && path.length === 2) return ["llm", "api", "key"];
    if (a === "ttsSettings" && b === "providerConfig") return ["tts", ...(path.length > 2 ? pathWords(path.slice(2)) : ["provider", "config"])];
    if (a === "llmFallbackProviders" && b === "fallbacks" && typeof c === "number") return ["fallback", String(c), ...pathWords(path.slice(3))];
    return undefined;
  },
  notes: ["// Fields equal to the server's defaults are left out (the assistants keep them), and so is toolsSettings.enabledTools (the server computes it)."],
  epilogue: (printed) => {
    const example = printed.find((p) => p.kind === "Assistant")?.variable ?? "assistant";
    return [
      "// Phone numbers are not exported: this Burki server cannot list them (its number listings are broken), so declare",
      "// the routing of each number by hand. A burki.PhoneNumber needs no adoptId: assigning a number to the assistant that",
      "// already holds it changes nothing (one held by another assistant fails, naming it). `GET /api/v1/assistants/by-phone/<E.164>`",
      "// answers the assistant that holds a number. For example:",
      `//   export const mainLine = new burki.PhoneNumber("main-line", { phoneNumber: "+15555550100", assistantId: ${example}.id });`,
      "// (friendlyName is written on every assignment and cannot be read back: leave it out to keep the number's current name.)",
    ];
  },
};
