// Through the real Pulumi CLI and engine against the emulator: what the provider takes over (only what
// the program claims), how auto-names stay one resource's own, secrets read by `Resource.get`, the
// switch to a speech-to-speech LLM, and dashboard edits an update would overwrite. Each describe owns
// one stack; the tests inside it run in order.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../emulator/server";
import { TestStack } from "./harness";

const KEY = "fl_test_ownership";
let emulator: Emulator;
const stacks: TestStack[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ apiKeys: [KEY] });
});
afterAll(async () => {
  for (const stack of stacks) await stack.dispose();
  await emulator?.close();
});

async function stackFor(name: string, program: string, config: Record<string, string> = {}): Promise<TestStack> {
  const stack = await TestStack.create({ name, program, emulator, apiKey: KEY, config });
  stacks.push(stack);
  return stack;
}

const LLM = `{ provider: "openai", model: "gpt-4o-mini", messages: [{ role: "system", content: "Be brief." }] }`;

describe("a phone number registered outside this stack is never taken over", () => {
  const NUMBER = "+31850000001";
  const program = `import * as hms from "pulumi-voiceai/hms";
const a = new hms.Assistant("a", { llmConfig: ${LLM} });
new hms.PhoneNumber("line", { phoneNumber: "${NUMBER}", assistantId: a.id });
`;
  let stack: TestStack;
  let strangerId: string;

  it("up fails naming the registration, which stays as it was; destroy leaves it", async () => {
    strangerId = String(emulator.store.createNumber(KEY, { phone_number: NUMBER, name: "Registered by hand" }).id);
    stack = await stackFor("takeover", program);
    const up = await stack.tryRun("up", "--yes", "--skip-preview");
    expect(up.code).not.toBe(0);
    expect(up.stdout + up.stderr).toMatch(new RegExp(`PhoneNumber phoneNumber \\${NUMBER} is already taken by PhoneNumber ${strangerId} \\("Registered by hand"\\), which this resource did not create`));
    expect(up.stdout + up.stderr).toContain(`adoptId: "${strangerId}"`);
    expect(emulator.store.listNumbers(KEY)).toEqual([expect.objectContaining({ id: strangerId, name: "Registered by hand", assistant_id: null })]);
    await stack.run("destroy", "--yes", "--skip-preview");
    expect(emulator.store.listNumbers(KEY).map((n) => n.id)).toEqual([strangerId]);
  });

  it("with adoptId it is managed, as the program says", async () => {
    stack.setProgram(program.replace(`phoneNumber: "${NUMBER}",`, `phoneNumber: "${NUMBER}", adoptId: "${strangerId}",`));
    await stack.up();
    const live = emulator.store.listNumbers(KEY);
    expect(live).toHaveLength(1);
    expect(live[0].id).toBe(strangerId);
    expect(live[0].assistant_id).toBe(emulator.store.listAssistants(KEY)[0].id);
    await stack.run("destroy", "--yes", "--skip-preview");
  });
});

describe("auto-names are one resource's own, inside components too", () => {
  it("Assistant(\"support\") under two component types gets two names, and a rerun changes nothing", async () => {
    const stack = await stackFor(
      "components",
      `import * as pulumi from "@pulumi/pulumi";
import * as hms from "pulumi-voiceai/hms";
// Children's URNs hold their parents' types, not names: two component types, one child name each.
class Team extends pulumi.ComponentResource {
  readonly name: pulumi.Output<string>;
  constructor(type: string, name: string) {
    super(type, name);
    this.name = new hms.Assistant("support", { llmConfig: ${LLM} }, { parent: this }).name;
  }
}
export const names = [new Team("acme:index:Sales", "sales").name, new Team("acme:index:Billing", "billing").name];
`,
    );
    await stack.up();
    const names = (await stack.outputs()).names as string[];
    expect(names).toHaveLength(2);
    expect(names[0]).toMatch(/^support-[0-9a-f]{7}$/);
    expect(names[1]).toMatch(/^support-[0-9a-f]{7}$/);
    expect(names[0]).not.toBe(names[1]);
    expect(emulator.store.listAssistants(KEY).map((a) => a.name).sort()).toEqual([...names].sort());
    await stack.run("preview", "--expect-no-changes");
    await stack.run("destroy", "--yes", "--skip-preview");
  });
});

describe("Assistant.get keeps tool and webhook secrets out of the state", () => {
  it("stack export holds no secret in plaintext", async () => {
    const made = emulator.store.createAssistant(KEY, {
      name: "Made in the dashboard",
      webhook_url: "https://hooks.example.com/voice",
      webhook_secret: "whsec-get-do-not-store",
      llm_config: {
        provider: "openai",
        model: "gpt-4o-mini",
        tools: [{ type: "function", function: { name: "lookup" }, server: { url: "https://tools.example.com", secret: "tool-get-do-not-store" } }],
      },
    });
    const stack = await stackFor(
      "get-secrets",
      `import * as hms from "pulumi-voiceai/hms";
const existing = hms.Assistant.get("existing", "${String(made.id)}");
export const model = existing.llmConfig.apply((c) => c?.model);
`,
    );
    const up = await stack.up();
    expect(up.stdout + up.stderr).not.toMatch(/do-not-store/);
    const exported = (await stack.run("stack", "export")).stdout;
    expect(exported).toContain("Made in the dashboard");
    expect(exported).not.toContain("whsec-get-do-not-store");
    expect(exported).not.toContain("tool-get-do-not-store");
    // Still readable with --show-secrets: marked secret, not dropped.
    expect((await stack.run("stack", "export", "--show-secrets")).stdout).toContain("tool-get-do-not-store");
    await stack.run("destroy", "--yes", "--skip-preview");
    expect(emulator.store.getAssistant(KEY, String(made.id)).name).toBe("Made in the dashboard");
  });
});

describe("switching to a speech-to-speech LLM", () => {
  it("preview and up agree: omitting ttsConfig removes the live voice", async () => {
    const program = (llm: string) => `import * as hms from "pulumi-voiceai/hms";
export const id = new hms.Assistant("voice", {
  llmConfig: ${llm},
  ttsConfig: undefined,
}).id;
`;
    const stack = await stackFor("realtime", program(LLM));
    await stack.up();
    const id = String((await stack.outputs()).id);
    expect(emulator.store.getAssistant(KEY, id).tts_config).not.toBeNull();
    stack.setProgram(program(`{ provider: "xai_realtime", model: "grok-voice", voice: "ara" }`));
    await stack.run("preview");
    const up = await stack.tryRun("up", "--yes", "--skip-preview");
    expect(up.code, up.stdout + up.stderr).toBe(0);
    expect(emulator.store.getAssistant(KEY, id).tts_config).toBeNull();
    await stack.run("preview", "--refresh", "--expect-no-changes");
    await stack.run("destroy", "--yes", "--skip-preview");
  });
});

describe("a dashboard edit is not overwritten unseen", () => {
  const program = (firstMessage: string, temperature: number) => `import * as hms from "pulumi-voiceai/hms";
export const id = new hms.Assistant("support", {
  firstMessage: "${firstMessage}",
  llmConfig: { provider: "openai", model: "gpt-4o-mini", temperature: ${temperature} },
}).id;
`;
  let stack: TestStack;
  let id: string;

  it("an up that changes the edited property fails naming it; the edit stays", async () => {
    stack = await stackFor("dashboard-edit", program("Hallo", 0.7));
    await stack.up();
    id = String((await stack.outputs()).id);
    emulator.store.forcePatchAssistant(KEY, id, { first_message: "Edited in the dashboard" });
    stack.setProgram(program("Goedemiddag", 0.7));
    const up = await stack.tryRun("up", "--yes", "--skip-preview");
    expect(up.code).not.toBe(0);
    expect(up.stdout + up.stderr).toMatch(/was changed outside Pulumi since the state last saw it: firstMessage differs/);
    expect(emulator.store.getAssistant(KEY, id).first_message).toBe("Edited in the dashboard");
  });

  it("an up that changes another property goes through and keeps the edit", async () => {
    stack.setProgram(program("Hallo", 0.2));
    await stack.up();
    const live = emulator.store.getAssistant(KEY, id);
    expect((live.llm_config as { temperature: number }).temperature).toBe(0.2);
    expect(live.first_message).toBe("Edited in the dashboard");
  });

  it("refresh then up overwrites it on purpose; so does hms:overwriteLiveChanges", async () => {
    stack.setProgram(program("Goedemiddag", 0.2));
    await stack.run("refresh", "--yes");
    await stack.up();
    expect(emulator.store.getAssistant(KEY, id).first_message).toBe("Goedemiddag");

    emulator.store.forcePatchAssistant(KEY, id, { first_message: "Edited again" });
    stack.setProgram(program("Tot ziens", 0.2));
    await stack.run("config", "set", "hms:overwriteLiveChanges", "true");
    await stack.up();
    expect(emulator.store.getAssistant(KEY, id).first_message).toBe("Tot ziens");
    await stack.run("destroy", "--yes", "--skip-preview");
  });
});
