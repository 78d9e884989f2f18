/**
 * The benchmark's Pulumi program: N assistants, each with one phone number routed to it. The same
 * source runs with this package's provider or, for the engine floor, with a dynamic provider that
 * makes no HTTP call (stack config `engineFloor: true`), so both series register identical inputs.
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

class NoHttp extends pulumi.dynamic.Resource {
  constructor(type: string, name: string, props: Record<string, unknown>) {
    super(noHttp, name, props, undefined, "bench", type);
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
