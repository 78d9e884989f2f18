/**
 * `npm run bench -- [options]`: what a deploy costs per resource, measured side by side in one run.
 *
 *   --sizes 10,100,500       programs of N assistants, each with one phone number (2N resources)
 *   --latency-ms 50          latency the emulator adds to every API request
 *   --rate-limit <n>         requests/minute the emulator enforces during the size runs (default off;
 *                            the provider is then given the same limit, else no client-side limit)
 *   --rate-resources 300     resources in the rate run (half assistants, half numbers)
 *   --rate-run-limit 100     requests/minute the emulator enforces in the rate run
 *   --skip-rate              leave out the rate run (it takes rate-resources / limit minutes)
 *   --out bench/results      where results.md, chart.png and results.json go
 *
 * For each N, through the real Pulumi engine: `up` (create), `preview` with no change, `preview
 * --refresh`, an `up` that edits every assistant, and `destroy`, each with wall time, requests sent
 * and the dynamic-provider process's peak memory; the same programs with a provider that makes no
 * HTTP call (the engine floor); and a plain undici script making the same calls (the network floor).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import type { ChaosProfile } from "../emulator/chaos";
import { startEmulator, type Emulator, type RequestRecord } from "../emulator/server";
import { REPO_ROOT, runPulumi, type PulumiResult } from "../scripts/pulumi-cli";
import { ScratchStack } from "../scripts/scratch-stack";
import { networkFloor } from "./network-floor";
import { ProviderMemory } from "./process-memory";
import { FLEET_PROGRAM, PROMPTS } from "./programs";
import { writeReport } from "./report";
import type { BenchResults, OpFigures, Operation, RateFigures, SizeFigures } from "./results-types";

interface Options {
  sizes: number[];
  latencyMs: number;
  rateLimit: number | null;
  rateResources: number;
  rateRunLimit: number;
  skipRate: boolean;
  out: string;
}

const USAGE = `usage: npm run bench -- [--sizes 10,100,500] [--latency-ms 50] [--rate-limit <n>] [--rate-resources 300]
                        [--rate-run-limit 100] [--skip-rate] [--out bench/results]
`;

const WORK = path.join("bench", "work");
let tenants = 0;

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = Date.now();
  const pulumiVersion = (await runPulumi(["version"])).stdout.trim();
  const results: BenchResults = {
    date: new Date().toISOString(),
    latencyMs: options.latencyMs,
    emulatorRateLimit: options.rateLimit,
    machine: { cpus: (await import("node:os")).cpus().length, node: process.version, pulumi: pulumiVersion },
    sizes: [],
  };

  const emulator = await startEmulator({ requestsPerMinute: options.rateLimit, chaos: latencyChaos(options) });
  try {
    for (const n of options.sizes) {
      log(`N=${n}: provider`);
      const memory = new ProviderMemory();
      const provider = await engineRun(emulator, n, false, options, memory);
      log(`N=${n}: engine floor`);
      const floorMemory = new ProviderMemory();
      const engineFloor = await engineRun(emulator, n, true, options, floorMemory);
      log(`N=${n}: network floor`);
      const concurrency = Object.fromEntries(provider.map((f) => [f.op, f.concurrency])) as Record<Operation, number>;
      const floor = await networkFloor({ baseUrl: emulator.url, apiKey: nextKey() }, n, concurrency);
      results.sizes.push({ n, provider, engineFloor, networkFloor: floor, providerPeakRssMb: memory.peakMb, engineFloorPeakRssMb: floorMemory.peakMb } satisfies SizeFigures);
    }
  } finally {
    await emulator.close();
  }

  if (!options.skipRate) {
    log(`rate: ${options.rateResources} resources at ${options.rateRunLimit}/min`);
    results.rate = await rateRun(options);
  }

  const { markdown, files } = await writeReport(results, path.resolve(REPO_ROOT, options.out));
  process.stdout.write(`\n${markdown}\n`);
  log(`wrote ${files.map((f) => path.relative(REPO_ROOT, f)).join(", ")} in ${((Date.now() - started) / 60_000).toFixed(1)} min`);
  fs.rmSync(path.join(REPO_ROOT, WORK), { recursive: true, force: true });
}

/**
 * The five operations for programs of `n` assistants with numbers, through the engine. With
 * `engineFloor` the program's resources use the no-HTTP provider.
 */
async function engineRun(emulator: Emulator, n: number, engineFloor: boolean, options: Options, memory: ProviderMemory): Promise<OpFigures[]> {
  const key = nextKey();
  const stack = await ScratchStack.create({
    name: `bench-${n}${engineFloor ? "-floor" : ""}`,
    root: WORK,
    program: FLEET_PROGRAM,
    emulator,
    apiKey: key,
    config: {
      count: String(n),
      prompt: PROMPTS.initial,
      engineFloor: String(engineFloor),
      // The client-side limit follows the emulator's: none when it enforces none.
      "hms:requestsPerMinute": String(options.rateLimit ?? 0),
    },
  });
  const steps: [Operation, () => Promise<PulumiResult>][] = [
    ["up", () => stack.tryRun("up", "--yes", "--skip-preview")],
    ["preview", () => stack.tryRun("preview")],
    ["preview-refresh", () => stack.tryRun("preview", "--refresh")],
    ["edit-up", () => stack.tryRun("up", "--yes", "--skip-preview")],
    ["destroy", () => stack.tryRun("destroy", "--yes", "--skip-preview")],
  ];
  const figures: OpFigures[] = [];
  for (const [op, run] of steps) {
    // Every assistant's prompt changes (outside the timed run).
    if (op === "edit-up") await stack.setConfig({ prompt: PROMPTS.edited });
    const recorded = stack.recordRequests();
    memory.start();
    const t0 = performance.now();
    const { code, stdout, stderr } = await run();
    const ms = performance.now() - t0;
    memory.stop();
    if (code !== 0) log(`  ${op} failed:\n${(stdout + stderr).split("\n").slice(-25).join("\n")}`);
    const requests = recorded().filter((r) => r.apiKey === key);
    const failed = code !== 0 || requests.some((r) => r.status >= 400 || r.status === 0);
    const concurrency = maxInFlight(requests);
    figures.push({ op, ms, requests: requests.length, failed, concurrency });
    log(`  ${op}: ${(ms / 1000).toFixed(2)} s, ${requests.length} requests, at most ${concurrency} at once${code !== 0 ? " (FAILED)" : ""}`);
  }
  await stack.dispose({ destroy: false });
  return figures;
}

/** An `up` of `rateResources` resources against an emulator enforcing `rateRunLimit`, with the provider's default limit. */
async function rateRun(options: Options): Promise<RateFigures> {
  const emulator = await startEmulator({ requestsPerMinute: options.rateRunLimit, chaos: latencyChaos(options) });
  try {
    const key = nextKey();
    const stack = await ScratchStack.create({
      name: "bench-rate",
      root: WORK,
      program: FLEET_PROGRAM,
      emulator,
      apiKey: key,
      config: { count: String(Math.ceil(options.rateResources / 2)), prompt: PROMPTS.initial, "hms:requestsPerMinute": String(options.rateRunLimit) },
    });
    const t0 = performance.now();
    const up = await stack.tryRun("up", "--yes", "--skip-preview");
    const wallSeconds = (performance.now() - t0) / 1000;
    const requests = emulator.requests.filter((r) => r.apiKey === key);
    const spanSeconds = requests.length > 1 ? (requests[requests.length - 1].time - requests[0].time) / 1000 : 0;
    await stack.dispose({ destroy: false });
    return {
      resources: options.rateResources,
      limitPerMinute: options.rateRunLimit,
      requests: requests.length,
      spanSeconds,
      achievedPerMinute: spanSeconds > 0 ? (requests.length / spanSeconds) * 60 : 0,
      rejected: requests.filter((r) => r.status === 429).length,
      failed: up.code !== 0,
      wallSeconds,
    };
  } finally {
    await emulator.close();
  }
}

/** The emulator's chaos option: only the added latency (none when `--latency-ms 0`). */
function latencyChaos(options: Options): ChaosProfile | undefined {
  return options.latencyMs ? { latencyMs: options.latencyMs } : undefined;
}

/** The most requests in flight at once, from their arrival times and durations. */
function maxInFlight(requests: RequestRecord[]): number {
  const edges = requests.flatMap((r) => [
    [r.time, 1],
    [r.time + r.durationMs, -1],
  ]);
  // At the same instant an end comes before a start: back-to-back requests do not overlap.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let most = 0;
  for (const [, step] of edges) most = Math.max(most, (current += step));
  return most;
}

function nextKey(): string {
  return `fl_test_bench_${++tenants}`;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: "string", default: "10,100,500" },
      "latency-ms": { type: "string", default: "50" },
      "rate-limit": { type: "string" },
      "rate-resources": { type: "string", default: "300" },
      "rate-run-limit": { type: "string", default: "100" },
      "skip-rate": { type: "boolean", default: false },
      out: { type: "string", default: path.join("bench", "results") },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const int = (flag: string, raw: string, min: number): number => {
    if (!/^\d+$/.test(raw) || Number(raw) < min) throw new Error(`--${flag} must be an integer ≥ ${min}, got "${raw}"`);
    return Number(raw);
  };
  return {
    sizes: values.sizes.split(",").map((s) => int("sizes", s.trim(), 1)),
    latencyMs: int("latency-ms", values["latency-ms"], 0),
    rateLimit: values["rate-limit"] === undefined ? null : int("rate-limit", values["rate-limit"], 1),
    rateResources: int("rate-resources", values["rate-resources"], 2),
    rateRunLimit: int("rate-run-limit", values["rate-run-limit"], 1),
    skipRate: values["skip-rate"],
    out: values.out,
  };
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
