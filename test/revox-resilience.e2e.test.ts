/**
 * The fault matrix of resilience.e2e.test.ts, for Revox: through the real engine, over real HTTP to
 * the Revox emulator on loopback (strict: an unknown request key is a 400), a fleet of 20 auto-named
 * `revox.Assistant`s (`voice`, `callRetryConfig` and `faqItems` each) and 5 `revox.PhoneNumber`s
 * routing seeded numbers to some of them, under each seeded fault profile of the HMS matrix:
 * - create: `pulumi up` converges within two runs (the HMS matrix allows the second one too), the
 *   platform holds exactly the 20 declared assistants (declared ids and auto-names, each name once:
 *   Revox has no idempotency key, so a create sent twice would show as a second assistant of that
 *   name) and the 5 numbers routed as declared, the state says what the server holds, and a preview
 *   with chaos off is clean;
 * - edit, under the same profile: one value of `voice` on every assistant and one number moved to
 *   another assistant; the same assertions, and every other field of every assistant is what it was
 *   on the server (the FAQ items keep their server-side ids: the list was not sent again);
 * - destroy, under the same profile (within two runs too): no assistant left, every number still in
 *   the account and unrouted. Numbers are released with `DELETE /phone-numbers/{id}`, which the
 *   provider must never send: the request log of the whole case holds none.
 *
 * Each profile gets an emulator of its own (its request log and counters are then the profile's
 * alone). The profile's seed is fixed, and so is the project name (a chaos draw depends on a POST's
 * body `name`, an auto-name seeded with the project): where the faults land on the creates is the
 * same on every run. Revox ids are random UUIDs, so draws for requests naming an id (a PATCH, a GET
 * or a DELETE of one assistant or number) differ from run to run; the assertions hold either way.
 */
import { describe, expect, it } from "vitest";
import type { ChaosFault, ChaosProfile } from "../emulator/chaos";
import type { RevoxStore } from "../emulator/revox/store";
import { startEmulator, type RequestRecord } from "../emulator/server";
import { autoNameFor } from "../provider/naming";
import { TestStack } from "./harness";

/** The project name of every profile's stack: fixed, so the auto-names and the faults drawn from them are too. */
const PROJECT = "revox-fault-matrix";
const ASSISTANTS = 20;
/** Seeded into the account: numbers cannot be created through Revox's API. */
const NUMBERS = ["+15555551000", "+15555551001", "+15555551002", "+15555551003", "+15555551004"];
/** Which assistant (index) each number routes to, before and after the edit (number 2 moves from 8 to 9). */
const ROUTES = [0, 4, 8, 12, 16];
const MOVED = 2;
const ROUTES_EDITED = ROUTES.map((a, j) => (j === MOVED ? a + 1 : a));
const SPEED = 1.0;
const SPEED_EDITED = 1.2;

/** N auto-named assistants with a voice, a retry policy and FAQ items, and numbers routed to some of them; everything variable comes from config. */
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as revox from "pulumi-voiceai/revox";

const config = new pulumi.Config();
const count = Number(config.require("count"));
const phoneNumbers: string[] = JSON.parse(config.require("numbers"));
const routes: number[] = JSON.parse(config.require("routes"));
const speed = Number(config.require("speed"));

const assistants: revox.Assistant[] = [];
for (let i = 0; i < count; i++) {
  assistants.push(
    new revox.Assistant(\`assistant-\${i}\`, {
      prompt: \`Answer briefly (line \${i}).\`,
      voice: { provider: "cartesia", id: "a0e99841-438c-4a64-b679-ae501e7d6091", model: "sonic-3", speed, volume: 1.1 },
      callRetryConfig: {
        allowedDays: ["monday", "wednesday", "friday"],
        callTwiceInARow: false,
        callingWindows: [{ callingWindowStartTime: "09:00", callingWindowEndTime: "17:30", retryDelaySeconds: 3600 }],
        maxRetryAttempts: 3,
        timezone: "Europe/Paris",
      },
      faqItems: [
        { question: "Who are you?", answer: \`Line \${i} of Acme.\` },
        { question: "When are you open?", answer: "Weekdays, 9 to 5." },
      ],
    }),
  );
}
const numbers = phoneNumbers.map(
  (phoneNumber, j) => new revox.PhoneNumber(\`number-\${j}\`, { phoneNumber, assistantId: assistants[routes[j]].id }),
);
export const fleet = {
  assistants: assistants.map((a) => ({ id: a.id, name: a.name })),
  numbers: numbers.map((n) => ({ id: n.id, phoneNumber: n.phoneNumber, assistantId: n.assistantId })),
};
`;

interface Fleet {
  assistants: { id: string; name: string }[];
  numbers: { id: string; phoneNumber: string; assistantId: string }[];
}

interface StateResource {
  urn: string;
  type: string;
  id?: string;
  outputs?: Record<string, any>;
}

type Row = Record<string, any>;

interface Profile {
  name: string;
  chaos: ChaosProfile;
  /** The fault the profile must have injected at least once during the create (so the case can fail). */
  expects?: ChaosFault;
  /** The fault hits POSTs (before or after commit), so the create must have faulted some: the dedupe path runs. */
  hitsPosts?: boolean;
  /** Every API request of the create must have taken at least this long (injected latency). */
  minDurationMs?: number;
  /** Extra stack config, e.g. a client timeout below the slow answers. */
  config?: Record<string, string>;
}

// The profiles of resilience.e2e.test.ts, rates unchanged and seeds too but one; `hms:requestTimeoutMs`
// becomes `revox:requestTimeoutMs`. See the comments there (late-commit: writes held 1100 ms, past the
// client's 1000 ms timeout, before its first retry is due). 429-storms: a Revox create makes only 31
// requests (20 POSTs, one listing, 5 number lookups and 5 PATCHes), and with seed 13 none of them
// starts a storm at a rate of 0.02 (0.98^31 ≈ 53%), so the case could never show it had one; with seed
// 313 one of the 20 POSTs starts one (their draws depend on the seed and the fixed auto-names only).
const PROFILES: Profile[] = [
  { name: "latency", chaos: { seed: 11, latencyMs: 150 }, minDurationMs: 140 },
  { name: "5xx", chaos: { seed: 12, errorRate: 0.2 }, expects: "error", hitsPosts: true },
  { name: "429-storms", chaos: { seed: 313, rateLimitStormRate: 0.02, rateLimitStormMs: 2000 }, expects: "rate-limit-storm" },
  { name: "drop-after-commit", chaos: { seed: 14, dropAfterCommitRate: 0.2 }, expects: "drop-after-commit", hitsPosts: true },
  { name: "reset-before-commit", chaos: { seed: 15, resetBeforeCommitRate: 0.2 }, expects: "reset-before-commit", hitsPosts: true },
  {
    name: "slower-than-timeout",
    chaos: { seed: 16, slowRate: 0.1, slowMs: 2500 },
    expects: "slow",
    hitsPosts: true,
    config: { "revox:requestTimeoutMs": "1000" },
  },
  {
    name: "late-commit",
    chaos: { seed: 17, lateCommitRate: 0.2, lateCommitMs: 1100 },
    expects: "late-commit",
    hitsPosts: true,
    config: { "revox:requestTimeoutMs": "1000" },
  },
];

/** A Revox key (`sk_…`) of its own for each profile. */
const keyFor = (index: number) => `sk_test_revox_resilience_${String(index).padStart(2, "0")}`;

/** The fields the program declares besides `voice` (the one the edit changes), by wire name. */
const UNCHANGED = ["name", "prompt", "call_retry_config", "faq_items"];

/** `pulumi up` (or destroy), and a second one if the first failed: the fleet must converge within two. */
async function withinTwo(stack: TestStack, ...args: string[]): Promise<{ runs: number; output: string }> {
  const first = await stack.tryRun(...args, "--yes", "--skip-preview");
  if (first.code === 0) return { runs: 1, output: first.stdout };
  const second = await stack.tryRun(...args, "--yes", "--skip-preview");
  expect(second.code, `second ${args[0]} failed:\n${second.stdout}\n${second.stderr}\nfirst:\n${first.stdout}\n${first.stderr}`).toBe(0);
  return { runs: 2, output: first.stdout + first.stderr + second.stdout };
}

function sumCounts(a: Record<ChaosFault, number>, b: Record<ChaosFault, number>): Record<ChaosFault, number> {
  return Object.fromEntries(Object.keys(a).map((k) => [k, a[k as ChaosFault] + b[k as ChaosFault]])) as Record<ChaosFault, number>;
}

/** Only the kinds that fired, for the report line. */
function nonZero(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
}

/** One line per request, for a failure message: what the emulator saw. */
function requestLog(requests: RequestRecord[]): string {
  return requests.map((r) => `${r.method} ${r.path} → ${r.status} in ${r.durationMs} ms${r.fault ? ` [${r.fault}]` : ""}`).join("\n");
}

/** The assistant a number routes to (the API embeds the whole assistant), or null. */
const routedTo = (number: Row): string | null => number.inbound_assistant?.id ?? null;

describe("Revox fault matrix: 20 assistants + 5 numbers converge under each fault profile", () => {
  PROFILES.forEach((profile, index) => {
    it(
      `${profile.name}: create, edit (a voice value everywhere, a number moved) and destroy converge; 0 duplicates, 0 orphans, 0 numbers released, truthful state, clean preview`,
      async () => {
        const key = keyFor(index + 1);
        const emulator = await startEmulator({ platform: "revox", strict: true, apiKeys: [key], phoneNumbers: NUMBERS });
        const store: RevoxStore = emulator.store;
        let stack: TestStack | undefined;
        let destroyed = false;
        try {
          stack = await TestStack.create({
            name: `revox-fault-${profile.name}`,
            // Fixed: the auto-names, and so where the seeded faults land, are the same on every run.
            project: PROJECT,
            program: PROGRAM,
            emulator,
            platform: "revox",
            baseUrl: emulator.url,
            apiKey: key,
            config: {
              count: String(ASSISTANTS),
              numbers: JSON.stringify(NUMBERS),
              routes: JSON.stringify(ROUTES),
              speed: String(SPEED),
              ...profile.config,
            },
          });
          const s = stack;
          const liveAssistants = () => store.listAssistants(key) as Row[];
          const liveNumbers = () => store.listNumbers(key) as Row[];
          // Every request of the case, to check no number was ever released.
          const wholeLog = s.recordRequests();
          // The names the SDK gives: `<resource name>-<7 hex of project/stack/type/name>` (sdk/resource.ts).
          const project = PROJECT;
          const declaredNames = Array.from({ length: ASSISTANTS }, (_, i) =>
            autoNameFor(`assistant-${i}`, [project, "test", "revox:Assistant", `assistant-${i}`].join("/")),
          );

          /** The state, read once: the fleet output and each assistant's outputs by id. */
          const state = async () => {
            const resources = JSON.parse((await s.run("stack", "export")).stdout).deployment.resources as StateResource[] | undefined;
            const fleet = resources?.find((r) => r.type === "pulumi:pulumi:Stack")?.outputs?.fleet as Fleet | undefined;
            const assistants = (resources ?? []).filter((r) => r.type === "pulumi-nodejs:dynamic/revox:Assistant");
            const numbers = (resources ?? []).filter((r) => r.type === "pulumi-nodejs:dynamic/revox:PhoneNumber");
            return { resources: resources ?? [], fleet, assistants, numbers };
          };

          /**
           * The platform holds exactly what the program declares: the declared assistants (by id and
           * auto-name, each name once, nothing else), every seeded number routed as declared, and the
           * state says what the server holds.
           */
          const expectExactlyDeclared = async (routes: number[], speed: number, log: () => RequestRecord[]) => {
            const { fleet, assistants: inState, numbers: numbersInState } = await state();
            const where = `\nrequest log:\n${requestLog(log())}`;
            expect(fleet, where).toBeDefined();
            expect(fleet!.assistants).toHaveLength(ASSISTANTS);
            const live = liveAssistants();
            expect(live.map((a) => a.id).sort(), where).toEqual(fleet!.assistants.map((a) => a.id).sort());
            expect(live.map((a) => a.name).sort(), where).toEqual([...declaredNames].sort());
            expect(new Set(live.map((a) => a.name)).size).toBe(ASSISTANTS);
            fleet!.assistants.forEach((a, i) => expect(a.name).toBe(declaredNames[i]));

            const numbers = liveNumbers();
            expect(numbers.map((n) => n.phone_number).sort()).toEqual([...NUMBERS].sort());
            const byNumber = new Map(numbers.map((n) => [n.phone_number, n]));
            expect(fleet!.numbers).toHaveLength(NUMBERS.length);
            NUMBERS.forEach((phone, j) => {
              const live = byNumber.get(phone)!;
              const declared = fleet!.assistants[routes[j]].id;
              expect(routedTo(live), `${phone} routed to${where}`).toBe(declared);
              expect(fleet!.numbers[j]).toEqual({ id: live.id, phoneNumber: phone, assistantId: declared });
            });
            // Numbers the program does not route stay unrouted (there are none left over here: all five are declared).
            expect(numbers.filter((n) => routedTo(n) !== null)).toHaveLength(NUMBERS.length);
            expect(numbersInState.map((r) => r.id).sort()).toEqual(numbers.map((n) => n.id).sort());

            // Truthful state: each assistant's recorded outputs are the server's values.
            expect(inState.map((r) => r.id).sort()).toEqual(fleet!.assistants.map((a) => a.id).sort());
            const byId = new Map(live.map((a) => [a.id as string, a]));
            for (const r of inState) {
              const row = byId.get(r.id!)!;
              const retry = row.call_retry_config;
              expect(r.outputs!.name).toBe(row.name);
              expect(r.outputs!.prompt).toBe(row.prompt);
              expect(row.prompt).toMatch(/^Answer briefly \(line \d+\)\.$/);
              expect(r.outputs!.voice).toEqual(row.voice);
              expect(row.voice).toEqual({ provider: "cartesia", id: "a0e99841-438c-4a64-b679-ae501e7d6091", model: "sonic-3", speed, volume: 1.1 });
              expect(r.outputs!.callRetryConfig).toEqual({
                allowedDays: retry.allowed_days,
                callTwiceInARow: retry.call_twice_in_a_row,
                callingWindows: retry.calling_windows.map((w: Row) => ({
                  callingWindowStartTime: w.calling_window_start_time,
                  callingWindowEndTime: w.calling_window_end_time,
                  retryDelaySeconds: w.retry_delay_seconds,
                })),
                maxRetryAttempts: retry.max_retry_attempts,
                timezone: retry.timezone,
              });
              expect(retry.allowed_days).toEqual(["monday", "wednesday", "friday"]);
              expect(r.outputs!.faqItems).toEqual(row.faq_items.map(({ question, answer }: Row) => ({ question, answer })));
              expect(row.faq_items).toHaveLength(2);
            }
          };

          /** A preview with chaos off must be clean (it sends no request to Revox). */
          const cleanPreview = async () => {
            emulator.chaos.clear();
            await s.run("preview", "--expect-no-changes");
          };
          // A request whose client gave up (its timeout) can still be held by the emulator (a slow
          // answer, a late commit) when the run ends; it enters the request log only once released.
          // So a phase's log is read that long after its run (meanwhile the preview runs).
          const holdMs =
            (profile.chaos.slowRate ? (profile.chaos.slowMs ?? 5000) : 0) + (profile.chaos.lateCommitRate ? (profile.chaos.lateCommitMs ?? 30_100) : 0);
          const settled = async (log: () => RequestRecord[]) => {
            await new Promise((resolve) => setTimeout(resolve, holdMs + 250));
            return log();
          };

          // ---- create ------------------------------------------------------------------------------
          const createLog = s.recordRequests();
          emulator.chaos.set(profile.chaos);
          const created = await withinTwo(s, "up");
          const createInjected = emulator.chaos.status().injected;
          const [createRequests] = await Promise.all([settled(createLog), cleanPreview()]);
          await expectExactlyDeclared(ROUTES, SPEED, createLog);
          const createPosts = createRequests.filter((r) => r.method === "POST");
          const faultedPosts = createPosts.filter((r) => r.fault).length;
          const before = new Map(liveAssistants().map((a) => [a.id as string, a]));

          // ---- edit: one voice value everywhere, one number moved ------------------------------------
          await s.setConfig({ speed: String(SPEED_EDITED), routes: JSON.stringify(ROUTES_EDITED) });
          const editLog = s.recordRequests();
          emulator.chaos.set(profile.chaos);
          const edited = await withinTwo(s, "up");
          const editInjected = emulator.chaos.status().injected;
          const [editRequests] = await Promise.all([settled(editLog), cleanPreview()]);
          await expectExactlyDeclared(ROUTES_EDITED, SPEED_EDITED, editLog);
          for (const after of liveAssistants()) {
            const was = before.get(after.id)!;
            expect(after.voice, `${after.name} voice`).toEqual({ ...was.voice, speed: SPEED_EDITED });
            // faq_items with their ids: a PATCH carrying the list again would have given new ones.
            for (const field of UNCHANGED) expect(after[field], `${after.name} ${field}`).toEqual(was[field]);
          }
          // The edit creates nothing: the only writes are PATCHes (a voice each, the moved number).
          const editWrites = editRequests.filter((r) => r.method !== "GET");
          expect(editWrites.filter((r) => r.method !== "PATCH"), requestLog(editRequests)).toEqual([]);

          // ---- destroy -----------------------------------------------------------------------------
          const destroyLog = s.recordRequests();
          emulator.chaos.set(profile.chaos);
          const gone = await withinTwo(s, "destroy");
          const destroyInjected = emulator.chaos.status().injected;
          emulator.chaos.clear();
          destroyed = true;
          const destroyRequests = await settled(destroyLog);
          expect(liveAssistants(), `request log:\n${requestLog(destroyRequests)}`).toEqual([]);
          // Sub-assistants are hidden from the listing: the account holds no assistant at all.
          expect(store.dump().tenants.flatMap((t) => t.assistants)).toEqual([]);
          const numbers = liveNumbers();
          expect(numbers.map((n) => n.phone_number).sort()).toEqual([...NUMBERS].sort());
          expect(numbers.filter((n) => routedTo(n) !== null)).toEqual([]);
          expect((await state()).resources).toEqual([]);
          // Unrouted, never released.
          const released = wholeLog().filter((r) => r.method === "DELETE" && r.path.startsWith("/api/phone-numbers"));
          expect(released, requestLog(released)).toEqual([]);

          const injected = sumCounts(sumCounts(createInjected, editInjected), destroyInjected);
          const all = [...createRequests, ...editRequests, ...destroyRequests];
          console.log(
            `[revox fault matrix] ${profile.name}: create converged in ${created.runs} up(s), edit in ${edited.runs}, destroy in ${gone.runs}; ` +
              `requests ${all.length} (create ${createRequests.length}, edit ${editRequests.length}, destroy ${destroyRequests.length}), ` +
              `faults injected ${JSON.stringify(nonZero(injected))} (create ${JSON.stringify(nonZero(createInjected))}), ` +
              `faulted POSTs during create ${faultedPosts} of ${createPosts.length}, faulted writes during edit ${editWrites.filter((r) => r.fault).length} of ${editWrites.length}`,
          );

          if (profile.expects) expect(createInjected[profile.expects]).toBeGreaterThan(0);
          if (profile.hitsPosts) {
            // A create makes 20 POSTs (the assistants; a number is routed with a PATCH) plus its re-sends.
            // The draws of their first attempts depend only on the seed and the fixed auto-names, so
            // which of them fault is the same on every run: with these seeds 8 (5xx), 4 (drop), 5 (reset),
            // 2 (slow, at a rate of 0.1) and 5 (late commit) of the 20. The dedupe path always runs.
            expect(faultedPosts, requestLog(createRequests)).toBeGreaterThan(0);
          }
          if (profile.minDurationMs !== undefined) {
            expect(createRequests.length).toBeGreaterThan(0);
            expect(Math.min(...createRequests.map((r) => r.durationMs))).toBeGreaterThanOrEqual(profile.minDurationMs);
          }
          // No 429 or retry noise reached the user when a run succeeded at once.
          for (const run of [created, edited, gone]) {
            if (run.runs === 1) expect(run.output).not.toMatch(/failed with 429|Too many requests/);
          }
        } finally {
          emulator.chaos.clear();
          if (stack) {
            if (!destroyed) await stack.tryRun("destroy", "--yes", "--skip-preview");
            // A run that ended normally leaves no plugin behind, but a failed case must not either.
            const left = await stack.endProcesses();
            if (left.length) console.log(`[revox fault matrix] ${profile.name}: ended ${left.length} leftover process(es)`);
            await stack.dispose({ destroy: false });
          }
          await emulator.close();
        }
      },
      600_000,
    );
  });
});
