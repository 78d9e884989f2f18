/**
 * Resilience through the real engine, over real HTTP to the emulator on loopback:
 * - a fleet of 30 assistants and 30 numbers deployed under each seeded fault profile converges within
 *   two `pulumi up` runs, with exactly the declared objects on the platform and a clean preview;
 * - `pulumi up` killed with SIGKILL at random moments recovers with the README's steps, again with no
 *   duplicate and no orphan, and no process of the killed run is left running;
 * - 150 assistants deploy through an enforced 100 requests/minute without a failed operation.
 */
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChaosFault, ChaosProfile } from "../emulator/chaos";
import { startEmulator, type Emulator } from "../emulator/server";
import { TestStack, usesFallbackLanguageHost } from "./harness";

const FLEET = 30;

/** N auto-named assistants, each with a number routed to it; `prompt` and the counts come from config. */
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as hms from "pulumi-voiceai/hms";

const config = new pulumi.Config();
const count = Number(config.require("count"));
const withNumbers = config.require("numbers") === "true";
const prompt = config.require("prompt");

const assistants = [];
const numbers = [];
for (let i = 0; i < count; i++) {
  const assistant = new hms.Assistant(\`assistant-\${i}\`, {
    llmConfig: { provider: "openai", model: "gpt-4o-mini", messages: [{ role: "system", content: \`\${prompt} (line \${i})\` }] },
  });
  assistants.push({ id: assistant.id, name: assistant.name });
  if (withNumbers) {
    const number = new hms.PhoneNumber(\`number-\${i}\`, { phoneNumber: \`+3185\${1000000 + i}\`, assistantId: assistant.id });
    numbers.push({ id: number.id, phoneNumber: number.phoneNumber, assistantId: number.assistantId });
  }
}
export const fleet = { assistants, numbers };
`;

interface Fleet {
  assistants: { id: string; name: string }[];
  numbers: { id: string; phoneNumber: string; assistantId: string }[];
}

let emulator: Emulator;
const stacks: TestStack[] = [];
let keys = 0;

beforeAll(async () => {
  emulator = await startEmulator();
});

afterAll(async () => {
  emulator?.chaos.clear();
  for (const stack of stacks) await stack.dispose();
  await emulator?.close();
});

/** A fresh stack on its own tenant (API key) of the shared emulator. */
async function fleetStack(name: string, config: Record<string, string> = {}): Promise<{ stack: TestStack; key: string }> {
  const key = `fl_test_resilience_${++keys}`;
  const stack = await TestStack.create({
    name,
    // Fixed per test: the auto-names, and so where a seeded chaos profile's faults land, are the same on every run.
    project: `resilience-${name}`.toLowerCase().replace(/[^a-z0-9-]/g, "-"),
    program: PROGRAM,
    emulator,
    apiKey: key,
    config: { count: String(FLEET), numbers: "true", prompt: "Answer briefly.", ...config },
  });
  stacks.push(stack);
  return { stack, key };
}

/**
 * The platform holds exactly what the stack declares: one assistant per declared one (by id and by
 * its auto-generated name, each name once), one number per declared one routed to the right
 * assistant, and nothing else.
 */
/** Within 15 s of a kill, no language host of the stack is running (the official host checks less often: not asserted). */
async function expectLanguageHostGone(stack: TestStack): Promise<void> {
  if (!usesFallbackLanguageHost()) return;
  const hosts = () => stack.processes().filter((p) => p.command.includes("pulumi-language-nodejs"));
  for (let waited = 0; hosts().length > 0 && waited < 15_000; waited += 250) await new Promise((r) => setTimeout(r, 250));
  expect(hosts()).toEqual([]);
}

async function expectExactlyDeclared(stack: TestStack, key: string, count: number): Promise<void> {
  const { fleet } = (await stack.outputs()) as { fleet: Fleet };
  const assistants = emulator.store.listAssistants(key);
  expect(fleet.assistants).toHaveLength(count);
  expect(assistants.map((a) => a.id).sort()).toEqual(fleet.assistants.map((a) => a.id).sort());
  expect(assistants.map((a) => a.name).sort()).toEqual(fleet.assistants.map((a) => a.name).sort());
  expect(new Set(assistants.map((a) => a.name)).size).toBe(count);
  const numbers = emulator.store.listNumbers(key);
  expect(numbers.map((n) => n.id).sort()).toEqual(fleet.numbers.map((n) => n.id).sort());
  expect(numbers.map((n) => n.phone_number).sort()).toEqual(Array.from({ length: count }, (_, i) => `+3185${1000000 + i}`).sort());
  const routed = Object.fromEntries(numbers.map((n) => [n.phone_number, n.assistant_id]));
  fleet.assistants.forEach((a, i) => expect(routed[`+3185${1000000 + i}`]).toBe(a.id));
}

/** `pulumi up`, and a second one if the first failed: the fleet must converge within two. */
async function upWithinTwo(stack: TestStack): Promise<{ runs: number; output: string }> {
  const first = await stack.tryRun("up", "--yes", "--skip-preview");
  if (first.code === 0) return { runs: 1, output: first.stdout };
  const second = await stack.tryRun("up", "--yes", "--skip-preview");
  expect(second.code, `second up failed:\n${second.stdout}\n${second.stderr}\nfirst:\n${first.stdout}`).toBe(0);
  return { runs: 2, output: first.stdout + second.stdout };
}

interface Profile {
  name: string;
  chaos: ChaosProfile;
  /** The fault the profile must have injected at least once (so the case can fail). */
  expects?: ChaosFault;
  /** The fault hits POSTs (before or after commit), so the create must have faulted some: the dedupe path runs. */
  hitsPosts?: boolean;
  /** Every API request of the stack during the create must have taken at least this long (injected latency). */
  minDurationMs?: number;
  /** Extra stack config, e.g. a client timeout below the slow answers. */
  config?: Record<string, string>;
}

const PROFILES: Profile[] = [
  // 150 ms of latency, measured in whole milliseconds by timers that may fire a millisecond early;
  // without it a request here takes a few milliseconds.
  { name: "latency", chaos: { seed: 11, latencyMs: 150 }, minDurationMs: 140 },
  { name: "5xx", chaos: { seed: 12, errorRate: 0.2 }, expects: "error", hitsPosts: true },
  { name: "429-storms", chaos: { seed: 13, rateLimitStormRate: 0.02, rateLimitStormMs: 2000 }, expects: "rate-limit-storm" },
  { name: "drop-after-commit", chaos: { seed: 14, dropAfterCommitRate: 0.2 }, expects: "drop-after-commit", hitsPosts: true },
  { name: "reset-before-commit", chaos: { seed: 15, resetBeforeCommitRate: 0.2 }, expects: "reset-before-commit", hitsPosts: true },
  {
    name: "slower-than-timeout",
    chaos: { seed: 16, slowRate: 0.1, slowMs: 2500 },
    expects: "slow",
    hitsPosts: true,
    config: { "hms:requestTimeoutMs": "1000" },
  },
  {
    // Writes held 1100 ms before they are stored, past the client's 1000 ms timeout: such a create
    // gives up on an object that appears 100 ms later, before the client's first retry is due (250 ms
    // or more after the timeout). Looking it up after that wait finds it; looking up at once does not,
    // and the re-sent POST duplicates the assistant (a number's second POST gets a 409).
    name: "late-commit",
    chaos: { seed: 17, lateCommitRate: 0.2, lateCommitMs: 1100 },
    expects: "late-commit",
    hitsPosts: true,
    config: { "hms:requestTimeoutMs": "1000" },
  },
];

describe("fault matrix: 30 assistants + 30 numbers converge under each fault profile", () => {
  for (const profile of PROFILES) {
    it(`${profile.name}: within two ups, 0 duplicates, 0 orphans, clean preview; an edit of every assistant converges too`, async () => {
      const { stack, key } = await fleetStack(`fault-${profile.name}`, profile.config);
      emulator.chaos.set(profile.chaos);
      const record = stack.recordRequests();
      const created = await upWithinTwo(stack);
      // Preview sends no requests, so it runs under the same profile.
      await stack.run("preview", "--expect-no-changes");
      const injected = emulator.chaos.status().injected;
      const faultedPosts = record().filter((r) => r.method === "POST" && r.fault).length;
      const createDurations = record()
        .filter((r) => r.apiKey === key)
        .map((r) => r.durationMs);

      // Updates go through the same faults: every assistant's prompt changes, ids stay.
      await stack.setConfig({ prompt: "Answer briefly and politely." });
      const edited = await upWithinTwo(stack);
      await stack.run("preview", "--expect-no-changes");
      const injectedTotal = emulator.chaos.status().injected;
      emulator.chaos.clear();

      console.log(
        `[fault matrix] ${profile.name}: create converged in ${created.runs} up(s), edit in ${edited.runs}; ` +
          `requests ${record().length}, faults injected ${JSON.stringify(injectedTotal)}, faulted POSTs during create ${faultedPosts}`,
      );
      if (profile.expects) expect(injected[profile.expects]).toBeGreaterThan(0);
      if (profile.hitsPosts) expect(faultedPosts).toBeGreaterThan(0);
      if (profile.minDurationMs !== undefined) {
        expect(createDurations.length).toBeGreaterThan(0);
        expect(Math.min(...createDurations)).toBeGreaterThanOrEqual(profile.minDurationMs);
      }
      await expectExactlyDeclared(stack, key, FLEET);
      for (const a of emulator.store.listAssistants(key)) {
        expect((a.llm_config as { messages: { content: string }[] }).messages[0].content).toMatch(/^Answer briefly and politely\. \(line \d+\)$/);
      }
      // No 429 or retry noise reached the user when the first up succeeded.
      if (created.runs === 1) expect(created.output).not.toMatch(/failed with 429|rate_limit_exceeded|Too many requests/);
    });
  }
});

describe("crash: pulumi up killed with SIGKILL at random moments recovers with the documented steps", () => {
  // A moment is "when the API has received the K-th request of this run": K is drawn (seeded) from the
  // first 55 of the ~62 requests a create of the fleet makes, so each kill lands part-way, with requests
  // in flight (never at the last request).
  const TRIALS = 5;
  let seed = 20261121;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const moments = Array.from({ length: TRIALS }, () => 1 + Math.floor(random() * 55));

  moments.forEach((k, trial) => {
    it(`trial ${trial + 1}: killed at API request ${k} → cancel, refresh, up → exactly the declared objects`, async () => {
      const { stack, key } = await fleetStack(`crash-${trial + 1}`);
      // Latency keeps requests in flight when the kill lands.
      emulator.chaos.set({ seed: trial + 1, latencyMs: 100 });
      const seen = () => emulator.requests.filter((r) => r.apiKey === key).length;
      const killed = await stack.upKilledWhen(() => seen() >= k);
      emulator.chaos.clear();
      expect(killed.killed, killed.stdout).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 500)); // let requests already sent land
      // The killed CLI's plugins outlive it (each has a process group of its own). The language host
      // ends itself once the engine is gone; dynamic providers do not, so the trial ends them.
      await expectLanguageHostGone(stack);
      const ended = await stack.endProcesses();
      expect(stack.processes()).toEqual([]);
      const before = { assistants: emulator.store.listAssistants(key).length, numbers: emulator.store.listNumbers(key).length };

      // The README's recovery: put back the previous checkpoint if the kill landed while the file
      // backend rewrote it, release the dead run's lock, make the state honest, deploy again.
      const restored = stack.restoreCheckpointBackup();
      const pending = (JSON.parse((await stack.run("stack", "export")).stdout).deployment.pending_operations ?? []).length;
      await stack.run("cancel", "--yes");
      await stack.run("refresh", "--yes");
      const up = await stack.tryRun("up", "--yes", "--skip-preview");
      expect(up.code, up.stdout + up.stderr).toBe(0);
      console.log(
        `[crash] trial ${trial + 1}: killed at request ${k}: ${before.assistants} assistants and ${before.numbers} numbers on the platform, ` +
          `${pending} pending operations in the state${restored ? " (checkpoint restored from .bak)" : ""}; recovery up: ${/\+ (\d+) created/.exec(up.stdout)?.[1] ?? 0} created; ` +
          `ended ${ended.length} leftover process(es) of the killed run (${ended.map((p) => path.basename(p.command.split(" ")[1] ?? p.command)).join(", ") || "none"})`,
      );
      await expectExactlyDeclared(stack, key, FLEET);
      await stack.run("preview", "--expect-no-changes");
    });
  });
});

describe("rate limit: 150 assistants through an enforced 100 requests/minute", () => {
  let limited: Emulator;

  beforeAll(async () => {
    limited = await startEmulator({ requestsPerMinute: 100 });
  });
  afterAll(async () => {
    await limited?.close();
  });

  it("pulumi up completes with no failed operation and no 429 surfaced", async () => {
    const key = "fl_test_rate_limited";
    const stack = await TestStack.create({
      name: "rate-limit",
      program: PROGRAM,
      emulator: limited,
      apiKey: key,
      config: { count: "150", numbers: "false", prompt: "Answer briefly." },
    });
    stacks.push(stack);
    const started = Date.now();
    const up = await stack.tryRun("up", "--yes", "--skip-preview");
    const seconds = (Date.now() - started) / 1000;
    expect(up.code, up.stdout + up.stderr).toBe(0);
    expect(up.stdout).toMatch(/\+ 151 created/); // 150 assistants and the stack
    expect(up.stdout + up.stderr).not.toMatch(/failed with 429|rate_limit_exceeded|Too many requests/);
    const requests = limited.requests.filter((r) => r.apiKey === key);
    const rejected = requests.filter((r) => r.status === 429).length;
    const span = (requests[requests.length - 1].time - requests[0].time) / 1000;
    console.log(
      `[rate limit] up of 150 assistants: ${seconds.toFixed(1)} s, ${requests.length} requests over ${span.toFixed(1)} s ` +
        `(${((requests.length / Math.max(span, 1)) * 60).toFixed(1)}/min), ${rejected} answered 429`,
    );
    // The limit came into play: request 101 cannot arrive before the first minute is (nearly) over.
    expect(requests.length).toBeGreaterThan(100);
    expect(span).toBeGreaterThanOrEqual(55);
    const assistants = limited.store.listAssistants(key);
    expect(assistants).toHaveLength(150);
    expect(new Set(assistants.map((a) => a.name)).size).toBe(150);
    // A destroy would take another 90 s at this limit; the emulator goes away with the test instead.
    stacks.splice(stacks.indexOf(stack), 1);
    await stack.dispose({ destroy: false });
  });
});
