// examples/revox through the real Pulumi CLI and engine, over real HTTP, against the Revox emulator
// (strict: an unknown or removed request key is a 400). Nobody can run Revox's server; the emulator's
// contract is checked with Revox's own SDK in test/revox-sdk-witness.test.ts.
//
// up → preview and refresh clean → edits update in place (the id kept; FAQ items replaced) → drift
// per field group is seen and undone → a number routed elsewhere is refused → reassignment keeps the
// number → destroy leaves every number in the account, unrouted; no secret in the state or the output.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../emulator/server";
import { TestStack } from "./harness";

const PROGRAM = fs.readFileSync(path.join(__dirname, "..", "examples", "revox", "index.ts"), "utf8");
const KEY = "sk_test_revox_e2e";
const TOKEN = "calendar-token-never-in-plaintext";
const NUMBERS = ["+15555550200", "+15555550201"];
const STEP_TIMEOUT = 600_000;

describe("examples/revox against the Revox emulator", () => {
  let emulator: Emulator<any>;
  let stack: TestStack;
  /** Everything the CLI printed, to check no secret ever shows. */
  const printed: string[] = [];
  const run = async (...args: string[]) => {
    const result = await stack.run(...args);
    printed.push(result.stdout, result.stderr);
    return result;
  };
  const outputs = async () => (await stack.outputs()) as Record<string, string>;
  /** A raw request as the dashboard or another tool would make it. */
  const api = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${emulator.url}${route}`, {
      method,
      headers: { authorization: `Bearer ${KEY}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const assistant = async (id: string) => (await api("GET", `/assistants/${id}`)).body;
  const numberOf = async (e164: string) => ((await api("GET", "/phone-numbers")).body.phone_numbers as any[]).find((n) => n.phone_number === e164);
  const stateOf = async (name: string) =>
    (JSON.parse((await run("stack", "export")).stdout).deployment.resources as any[]).find((r) => r.urn.endsWith(`::${name}`));

  beforeAll(async () => {
    emulator = await startEmulator({ platform: "revox", strict: true, apiKeys: [KEY], phoneNumbers: NUMBERS });
    stack = await TestStack.create({
      name: "revox-e2e",
      program: PROGRAM,
      emulator,
      platform: "revox",
      apiKey: KEY,
      config: { phoneNumber: NUMBERS[0] },
      secrets: { calendarApiToken: TOKEN },
    });
  }, STEP_TIMEOUT);

  afterAll(async () => {
    await stack?.dispose();
    await emulator?.close();
  }, STEP_TIMEOUT);

  it(
    "up → clean preview and refresh → in-place edits → drift seen and undone → routing refused, reassigned → destroy unroutes",
    async () => {
      const up = await run("up", "--yes", "--skip-preview");
      expect(up.stdout).toMatch(/\+ 3 created/);
      const { assistantId, routedNumber } = await outputs();
      expect(routedNumber).toBe(NUMBERS[0]);
      const created = await assistant(assistantId);
      expect(created).toMatchObject({
        name: "Acme Dental bookings",
        first_sentence_mode: "static",
        voice: { provider: "cartesia", model: "sonic-3", speed: 1 },
        call_retry_config: { allowed_days: ["monday", "tuesday", "wednesday", "thursday", "friday"], max_retry_attempts: 3, timezone: "Europe/Paris" },
      });
      expect(created.custom_tools[0].headers[0]).toEqual({ key: "Authorization", value: `Bearer ${TOKEN}` });
      expect(created.faq_items.map((f: any) => f.question)).toEqual(["Where are you?", "When are you open?"]);
      const line = await numberOf(NUMBERS[0]);
      expect(line.inbound_assistant?.id).toBe(assistantId);
      expect(line.label).toBe("Acme Dental bookings");

      await run("preview", "--expect-no-changes");
      await run("refresh", "--yes", "--expect-no-changes");
      await run("preview", "--expect-no-changes");

      // Secrets: encrypted in the state (inputs and outputs), never printed; the API key is not in the state.
      const state = (await run("stack", "export")).stdout;
      expect(state).not.toContain(TOKEN);
      expect(state).not.toContain(KEY);
      expect(state).toContain("ciphertext");
      expect(state).toContain("pulumi-nodejs:dynamic/revox:Assistant");

      // One nested value: one in-place update, the id kept, `voice` sent whole, nothing else touched.
      const record = stack.recordRequests();
      await run("config", "set", "voiceSpeed", "1.2");
      expect((await stack.previewChanges()).map((s) => [s.op, s.name])).toEqual([["update", "booking"]]);
      await run("up", "--yes", "--skip-preview");
      expect((await outputs()).assistantId).toBe(assistantId);
      const patches = record().filter((r) => r.method === "PATCH");
      expect(patches.map((r) => r.path)).toEqual([`/api/assistants/${assistantId}`]);
      const edited = await assistant(assistantId);
      expect(edited.voice).toEqual({ ...created.voice, speed: 1.2 });
      for (const key of ["prompt", "call_retry_config", "custom_tools", "structured_output_config", "llm_model"]) expect(edited[key], key).toEqual(created[key]);
      await run("preview", "--expect-no-changes");

      // A prompt edit (a config knob of the example): in place, and the FAQ list is not sent.
      await run("config", "set", "prompt", "You book appointments for Acme Dental. Be brief.");
      await run("up", "--yes", "--skip-preview");
      const reprompted = await assistant(assistantId);
      expect(reprompted.prompt).toBe("You book appointments for Acme Dental. Be brief.");
      expect(reprompted.faq_items.map((f: any) => f.id)).toEqual(edited.faq_items.map((f: any) => f.id));

      // Drift in three field groups, made as a dashboard would: refresh takes it into the state, the
      // program then differs, and `up` puts the program back. FAQ items the platform adds itself and
      // the prompt-derived speech context are server-side, not drift.
      const drifted = await api("PATCH", `/assistants/${assistantId}`, {
        first_sentence: "Hi! (edited in the dashboard)",
        voice: { ...reprompted.voice, speed: 0.8 },
        faq_items: [{ question: "Where are you?", answer: "Moved to Lyon." }, reprompted.faq_items[1]].map(({ question, answer }: any) => ({ question, answer })),
      });
      expect(drifted.status).toBe(200);
      await run("refresh", "--yes");
      const refreshed = await stateOf("booking");
      expect(refreshed.outputs.firstSentence).toBe("Hi! (edited in the dashboard)");
      expect(refreshed.outputs.voice.speed).toBe(0.8);
      expect(refreshed.outputs.faqItems[0]).toEqual({ question: "Where are you?", answer: "Moved to Lyon." });
      expect((await stack.tryRun("preview", "--expect-no-changes")).code).not.toBe(0);
      await run("up", "--yes", "--skip-preview");
      const restored = await assistant(assistantId);
      expect(restored.first_sentence).toBe(created.first_sentence);
      expect(restored.voice.speed).toBe(1.2);
      expect(restored.faq_items.map(({ question, answer }: any) => ({ question, answer }))).toEqual(
        created.faq_items.map(({ question, answer }: any) => ({ question, answer })),
      );
      await run("preview", "--expect-no-changes");

      // The second number is routed to an assistant this stack does not manage: moving the line there
      // fails naming that assistant, and both numbers stay where they were.
      const other = await api("POST", "/assistants", { name: `e2e-other-${Date.now()}`, prompt: "Someone else's assistant." });
      expect(other.status).toBe(200);
      const otherId = other.body.assistant.id;
      const second = await numberOf(NUMBERS[1]);
      expect((await api("PATCH", `/phone-numbers/${second.id}`, { inbound_assistant_id: otherId })).status).toBe(200);
      await run("config", "set", "phoneNumber", NUMBERS[1]);
      const refused = await stack.tryRun("up", "--yes", "--skip-preview");
      printed.push(refused.stdout, refused.stderr);
      expect(refused.code).not.toBe(0);
      expect(refused.stdout + refused.stderr).toContain(`is routed to Revox assistant ${otherId} ("${other.body.assistant.name}")`);
      expect((await numberOf(NUMBERS[1])).inbound_assistant?.id).toBe(otherId);
      expect((await numberOf(NUMBERS[0])).inbound_assistant?.id).toBe(assistantId);

      // Freed there, the line moves to the second number (a replacement: the first is unrouted, both stay).
      expect((await api("PATCH", `/phone-numbers/${second.id}`, { inbound_assistant_id: null })).status).toBe(200);
      await run("up", "--yes", "--skip-preview");
      expect((await numberOf(NUMBERS[1])).inbound_assistant?.id).toBe(assistantId);
      expect((await numberOf(NUMBERS[0])).inbound_assistant).toBeNull();
      await run("preview", "--expect-no-changes");

      // Routed to another assistant of the same program: an update of the routing, the number keeps its id.
      const numberState = await stateOf("main-line");
      const reassign = PROGRAM.replace("assistantId: booking.id,", 'assistantId: config.get("routeTo") ?? booking.id,');
      expect(reassign).not.toBe(PROGRAM);
      stack.setProgram(reassign);
      await run("config", "set", "routeTo", otherId);
      expect((await stack.previewChanges()).map((s) => [s.op, s.name])).toEqual([["update", "main-line"]]);
      await run("up", "--yes", "--skip-preview");
      expect((await stateOf("main-line")).id).toBe(numberState.id);
      expect((await numberOf(NUMBERS[1])).inbound_assistant?.id).toBe(otherId);
      await run("config", "rm", "routeTo");
      await run("up", "--yes", "--skip-preview");
      expect((await numberOf(NUMBERS[1])).inbound_assistant?.id).toBe(assistantId);

      const deletes = stack.recordRequests();
      await run("destroy", "--yes", "--skip-preview");
      expect((await api("GET", `/assistants/${assistantId}`)).status).toBe(404);
      // Unrouted, never released: every number is still in the account.
      const left = (await api("GET", "/phone-numbers")).body.phone_numbers as any[];
      expect(left.map((n) => n.phone_number).sort()).toEqual(NUMBERS);
      expect(left.every((n) => n.inbound_assistant === null)).toBe(true);
      expect(deletes().filter((r) => r.method === "DELETE" && r.path.startsWith("/api/phone-numbers"))).toEqual([]);
      await api("DELETE", `/assistants/${otherId}`);

      for (const text of printed) expect(text).not.toContain(TOKEN);
    },
    STEP_TIMEOUT * 2,
  );
});
