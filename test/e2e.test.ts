// End to end through the real Pulumi CLI and engine, over real HTTP to the emulator.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../emulator/server";
import { TestStack } from "./harness";

const KEY = "fl_test_e2e";
const WEBHOOK_SECRET = "whsec-e2e-do-not-print";
let emulator: Emulator;
let stack: TestStack;

const run = (...args: string[]) => stack.run(...args);
const outputs = async () => (await stack.outputs()) as Record<string, string>;

beforeAll(async () => {
  emulator = await startEmulator({ apiKeys: [KEY] });
  stack = await TestStack.create({
    name: "e2e",
    program: fs.readFileSync(path.join(__dirname, "programs", "assistant-with-number", "index.ts"), "utf8"),
    emulator,
    apiKey: KEY,
    config: { systemPrompt: "Je bent de klantenservice van Acme." },
    secrets: { webhookSecret: WEBHOOK_SECRET },
  });
});

afterAll(async () => {
  // Leave nothing behind even when a step failed half-way.
  await stack?.dispose();
  await emulator?.close();
});

describe("quickstart-shaped stack through the real engine", () => {
  it("up → no-change preview → prompt edit is one in-place update → refresh clean → destroy leaves nothing", async () => {
    const up = await run("up", "--yes", "--skip-preview");
    expect(up.stdout).toMatch(/\+ 3 created/);
    expect(up.stdout + up.stderr).not.toContain(WEBHOOK_SECRET);
    const first = await outputs();
    expect(first.assignedAssistantId).toBe(first.assistantId);
    expect(emulator.store.listAssistants(KEY)).toHaveLength(1);
    expect(emulator.store.listNumbers(KEY)).toHaveLength(1);

    // Unchanged program: the engine must report no changes (exit code 0 with --expect-no-changes).
    await run("preview", "--expect-no-changes");

    // One edit: exactly one update, nothing replaced.
    await run("config", "set", "systemPrompt", "Je bent de klantenservice van Acme. Wees kort.");
    expect((await stack.previewChanges()).map((s) => [s.op, s.name])).toEqual([["update", "support"]]);

    await stack.up();
    const second = await outputs();
    expect(second.assistantId).toBe(first.assistantId);
    expect(emulator.store.getAssistant(KEY, first.assistantId).llm_config).toMatchObject({
      messages: [{ role: "system", content: "Je bent de klantenservice van Acme. Wees kort." }],
    });

    await run("refresh", "--yes", "--expect-no-changes");
    await run("preview", "--expect-no-changes");

    // The secret is encrypted in the state, and the serialized provider holds no key.
    const state = (await run("stack", "export")).stdout;
    expect(state).not.toContain(WEBHOOK_SECRET);
    expect(state).not.toContain(KEY);
    expect(state).toContain("pulumi-nodejs:dynamic/hms:Assistant");
    expect(emulator.store.getAssistant(KEY, first.assistantId).webhook_secret).toBe(WEBHOOK_SECRET);

    await run("destroy", "--yes");
    expect(emulator.store.listAssistants(KEY)).toEqual([]);
    expect(emulator.store.listNumbers(KEY)).toEqual([]);
  });
});
