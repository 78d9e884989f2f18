/**
 * Exporting an HMS Sovereign account: every SIP trunk, assistant and phone number (listed from their
 * unpaginated envelopes, `{"assistants": [...]}`), printed trunks first so that a number references
 * its assistant and transfer trunk by variable (`assistantId: support.id`). SIP trunk passwords,
 * which the API never returns, are left out with a comment saying how to declare them.
 */
import type { ApiClient } from "../../provider/client";
import { envName } from "../../provider/config";
import { VoiceAiError } from "../../provider/errors";
import { assistantSpec } from "../../provider/hms/assistant";
import { phoneNumberSpec } from "../../provider/hms/phone-number";
import { hmsPlatform } from "../../provider/hms/platform";
import { sipTrunkSpec } from "../../provider/hms/sip-trunk";
import type { ResourceSpec } from "../../provider/lifecycle";
import { describeShape, isObject, type PlatformExporter, type Props } from "./core";

/**
 * Every object of a spec's collection, from its list envelope (e.g. `{"assistants": [...]}`). An
 * answer of another shape fails naming the endpoint (and never echoing the body, which may hold secrets).
 */
async function listAll(client: ApiClient, spec: ResourceSpec): Promise<Props[]> {
  const page = await client.get<unknown>(spec.collection);
  const list = isObject(page) ? page[spec.listEnvelope!] : undefined;
  if (!Array.isArray(list)) {
    throw new VoiceAiError(
      `GET ${spec.collection} answered ${describeShape(page)}, expected {"${spec.listEnvelope}": [...]}: is ${envName(hmsPlatform, "baseUrl")} the HMS API (…/api/v1)?`,
    );
  }
  const bad = list.findIndex((item) => !isObject(item) || typeof item.id !== "string" || !item.id);
  if (bad >= 0) throw new VoiceAiError(`GET ${spec.collection}: item ${bad} of "${spec.listEnvelope}" is not an object with a string id`);
  return list as Props[];
}

export const hmsExporter: PlatformExporter = {
  platform: hmsPlatform,
  sdkModule: "pulumi-voiceai/hms",
  collections: [
    { spec: assistantSpec, noun: "assistant", list: (c) => listAll(c, assistantSpec) },
    {
      spec: phoneNumberSpec,
      noun: "number",
      list: (c) => listAll(c, phoneNumberSpec),
      displayName: (live) => live.name ?? live.phone_number,
      // Numbers and trunks have always been printed with every field (`port: 5060` included).
      omitDefaults: false,
      // Referenced by variable, so the program keeps the routing if one is replaced.
      references: { assistantId: "Assistant", transferTrunkId: "SipTrunk" },
    },
    {
      spec: sipTrunkSpec,
      noun: "trunk",
      list: (c) => listAll(c, sipTrunkSpec),
      omitDefaults: false,
      comments: (props, variable) =>
        props.password === undefined
          ? [`// The API never returns a trunk's password: add \`password: config.requireSecret("${variable}Password")\` to manage it.`]
          : [],
    },
  ],
  printOrder: ["SipTrunk", "Assistant", "PhoneNumber"],
  // The familiar name of a tool's secret: `<var>Tool0Secret`.
  secretKeyWords: (path) => {
    const tool = path.join(".").match(/^llmConfig\.tools\.(\d+)\.server\.secret$/);
    return tool ? ["tool", tool[1], "secret"] : undefined;
  },
};
