// pulumi-voiceai-export: objects built in the dashboard (here: created straight in the emulator's
// store) become a program that adopts them; through the real engine, its first `up` writes nothing
// and the next preview is clean.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../emulator/server";
import { HmsClient } from "../provider/client";
import { exportProgram } from "../scripts/export-code";
import { TestStack } from "./harness";

const KEY = "fl_test_export";
const WEBHOOK_SECRET = "whsec-export-not-in-code";
const TOOL_SECRET = "tool-secret-not-in-code";
let emulator: Emulator;
let stack: TestStack | undefined;

beforeAll(async () => {
  emulator = await startEmulator({ apiKeys: [KEY] });
});
afterAll(async () => {
  await stack?.dispose();
  await emulator?.close();
});

describe("export as code, then adopt", () => {
  it("adopts an existing account without writing anything, and previews clean afterwards", async () => {
    const { store } = emulator;
    const trunk = store.createSipTrunk(KEY, { name: "Office PBX", host: "pbx.example.com", username: "hms", password: "pw" });
    const support = store.createAssistant(KEY, {
      name: "Acme klantenservice",
      first_message: "Hallo!",
      webhook_url: "https://hooks.example.com/hms",
      webhook_secret: WEBHOOK_SECRET,
      llm_config: {
        provider: "openai",
        model: "gpt-4o-mini",
        messages: [{ role: "system", content: "Wees kort." }],
        tools: [{ type: "function", function: { name: "lookup", parameters: { type: "object", properties: { orderId: { type: "string" } } } }, server: { url: "https://tools.example.com", secret: TOOL_SECRET } }],
      },
      brand_new_field: { enabled: true },
    });
    store.createAssistant(KEY, { name: "Sales" });
    const number = store.createNumber(KEY, { phone_number: "+31850835037", assistant_id: support.id, transfer_trunk_id: trunk.id });

    const source = await exportProgram(new HmsClient({ apiKey: KEY, baseUrl: emulator.url, requestTimeoutMs: 5000 }));
    expect(source).not.toContain(WEBHOOK_SECRET);
    expect(source).not.toContain(TOOL_SECRET);
    expect(source).toContain(`adoptId: "${support.id}"`);
    expect(source).toContain("assistantId: acmeKlantenservice.id");
    expect(source).toContain("additionalFields");
    expect(source).toContain("brand_new_field");

    stack = await TestStack.create({
      name: "export",
      program: source,
      emulator,
      apiKey: KEY,
      secrets: { acmeKlantenserviceWebhookSecret: WEBHOOK_SECRET, acmeKlantenserviceTool0Secret: TOOL_SECRET },
    });
    const requests = stack.recordRequests();
    await stack.up();
    // Adoption of an identical configuration reads, and never writes.
    expect(requests().filter((r) => r.method !== "GET")).toEqual([]);
    expect(store.listAssistants(KEY)).toHaveLength(2);
    expect(store.listNumbers(KEY)).toHaveLength(1);
    expect(store.listSipTrunks(KEY)).toHaveLength(1);
    const outputs = await stack.outputs();
    expect((outputs.acmeKlantenservice as { id: string }).id).toBe(support.id);
    expect((outputs.acmeKlantenservice as { id: string }).id).toBe(store.getNumber(KEY, number.id).assistant_id);

    expect(await stack.previewChanges()).toEqual([]);
    expect(await stack.previewChanges("--refresh")).toEqual([]);
  });
});
