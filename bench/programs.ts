/**
 * The benchmark's Pulumi program: N assistants, each with one phone number routed to it. The same
 * source runs with this package's provider or, for the engine floor, with a dynamic provider that
 * makes no HTTP call (stack config `engineFloor: true`), so both series register identical inputs.
 * With `providerPad: <k>` the no-HTTP provider captures a string of k characters, so that its
 * serialized `__provider` grows by about k bytes (the provider-size experiment). The Burki and Revox
 * fleets are the same shape on those platforms (their numbers must exist in the emulator first).
 */

export const FLEET_PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as hms from "pulumi-voiceai/hms";

const config = new pulumi.Config();
const count = Number(config.require("count"));
const prompt = config.require("prompt");
const engineFloor = config.getBoolean("engineFloor") ?? false;

// The engine floor: answers every hook at once, from the inputs alone.
const noHttp: pulumi.dynamic.ResourceProvider = {
  async check(_olds: any, news: any) {
    return { inputs: news };
  },
  async create(inputs: any) {
    return { id: require("crypto").randomUUID(), outs: inputs };
  },
  async read(id: string, props: any) {
    return { id, props };
  },
  async update(_id: string, _olds: any, news: any) {
    return { outs: news };
  },
  async delete() {},
};

// The padded engine floor: the same hooks, and a captured constant that only makes the provider bigger.
const pad = "x".repeat(Number(config.get("providerPad") ?? "0"));
const paddedNoHttp: pulumi.dynamic.ResourceProvider = {
  ...noHttp,
  async check(_olds: any, news: any) {
    return { inputs: pad.length < 0 ? {} : news };
  },
};

class NoHttp extends pulumi.dynamic.Resource {
  constructor(type: string, name: string, props: Record<string, unknown>) {
    super(pad.length ? paddedNoHttp : noHttp, name, props, undefined, "bench", type);
  }
}

for (let i = 0; i < count; i++) {
  const llmConfig = { provider: "openai" as const, model: "gpt-4o-mini", messages: [{ role: "system" as const, content: \`\${prompt} (line \${i})\` }] };
  const assistant = engineFloor
    ? new NoHttp("NoHttpAssistant", \`assistant-\${i}\`, { name: \`assistant-\${i}\`, llmConfig })
    : new hms.Assistant(\`assistant-\${i}\`, { llmConfig });
  const number = { phoneNumber: \`+3185\${1000000 + i}\`, assistantId: assistant.id };
  if (engineFloor) new NoHttp("NoHttpPhoneNumber", \`number-\${i}\`, number);
  else new hms.PhoneNumber(\`number-\${i}\`, number);
}
`;

/** The prompt versions: `initial` for the first `up`, `edited` for the run that edits every assistant. */
export const PROMPTS = { initial: "Answer briefly.", edited: "Answer briefly and politely." } as const;

/** The system prompt of line `i` for a prompt version (the edit run changes the version). */
export function promptFor(version: string, i: number): string {
  return `${version} (line ${i})`;
}

/** The number of line `i`. */
export function numberFor(i: number): string {
  return `+3185${1000000 + i}`;
}

/** N Burki assistants, each with one number of the organization (config `numberPrefix`: see {@link platformNumberFor}). */
export const BURKI_FLEET_PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as burki from "pulumi-voiceai/burki";

const config = new pulumi.Config();
const count = Number(config.require("count"));
const prompt = config.require("prompt");
const prefix = config.require("numberPrefix");

for (let i = 0; i < count; i++) {
  const assistant = new burki.Assistant(\`assistant-\${i}\`, {
    name: \`assistant-\${i}\`,
    llmProvider: "openai",
    llmProviderConfig: { model: "gpt-4o-mini" },
    llmSettings: { systemPrompt: \`\${prompt} (line \${i})\` },
  });
  new burki.PhoneNumber(\`number-\${i}\`, { phoneNumber: \`\${prefix}\${String(i).padStart(4, "0")}\`, assistantId: assistant.id });
}
`;

/** N Revox assistants, each with one number of the account (config `numberPrefix`). */
export const REVOX_FLEET_PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as revox from "pulumi-voiceai/revox";

const config = new pulumi.Config();
const count = Number(config.require("count"));
const prompt = config.require("prompt");
const prefix = config.require("numberPrefix");

for (let i = 0; i < count; i++) {
  const assistant = new revox.Assistant(\`assistant-\${i}\`, { name: \`assistant-\${i}\`, prompt: \`\${prompt} (line \${i})\` });
  new revox.PhoneNumber(\`number-\${i}\`, { phoneNumber: \`\${prefix}\${String(i).padStart(4, "0")}\`, assistantId: assistant.id });
}
`;

/** The number of line `i` in a Burki or Revox fleet whose stack config has `numberPrefix: prefix`. */
export function platformNumberFor(prefix: string, i: number): string {
  return `${prefix}${String(i).padStart(4, "0")}`;
}
