/**
 * The benchmark's targets, judged from one run's figures. A target whose size or run is absent is
 * "not measured", never "met": a run with --sizes 10 says nothing about N = 100.
 */
import { opRow, resourcesAt, sizeAt, sortedSizes } from "./figures";
import { list, OP_LABEL, percent, seconds, times } from "./format";
import { OPERATIONS, type BenchResults, type Operation } from "./results-types";

export type Verdict = "met" | "not met" | "not measured";

export interface TargetResult {
  /** "a" to "d", in the order the targets are listed. */
  id: string;
  /** The target, in words. */
  target: string;
  verdict: Verdict;
  /** The figures behind the verdict, or why there is none. */
  detail: string;
}

/** Size at which the overhead target is judged (N assistants). */
export const OVERHEAD_N = 100;
/** Provider overhead allowed, as a multiple of the network floor. */
export const MAX_OVERHEAD_RATIO = 1.2;
/** Share of the enforced rate limit the rate run must achieve. */
export const MIN_RATE_SHARE = 0.9;
/** Size at which the memory target is judged (N assistants). */
export const MEMORY_N = 500;
/** Peak resident memory allowed for the dynamic-provider process, MB (exclusive). */
export const MAX_PEAK_RSS_MB = 200;

/** Verdicts for targets a-d, computed from `results` alone (pure). */
export function evaluateTargets(results: BenchResults): TargetResult[] {
  return [overheadTarget(results), requestsTarget(results), rateTarget(results), memoryTarget(results)];
}

/** a. Provider overhead ≤ 1.2 × network floor at N = 100, judged on `up`. */
function overheadTarget(results: BenchResults): TargetResult {
  const id = "a";
  const target = `Provider overhead (time above the engine floor) ≤ ${MAX_OVERHEAD_RATIO} × network floor at N=${OVERHEAD_N}, for up`;
  const size = sizeAt(results, OVERHEAD_N);
  if (!size) return { id, target, verdict: "not measured", detail: `N=${OVERHEAD_N} not in this run` };

  const up = opRow(size, "up");
  if (up.overheadRatio === undefined || up.overheadMs === undefined || !up.networkFloor) {
    return { id, target, verdict: "not measured", detail: `no up figures for all three series at N=${OVERHEAD_N}` };
  }
  // The other operations do not decide the verdict, but their ratios belong next to it.
  const others = OPERATIONS.filter((op) => op !== "up")
    .map((op) => opRow(size, op))
    .filter((row) => row.overheadRatio !== undefined)
    .map((row) => `${OP_LABEL[row.op]} ${times(row.overheadRatio!)}`);
  const failed = [up.provider, up.engineFloor, up.networkFloor].some((f) => f?.failed);
  const detail =
    (failed ? "up failed in at least one series; " : "") +
    `up ${times(up.overheadRatio)}: overhead ${seconds(up.overheadMs)} s over a ${seconds(up.networkFloor.ms)} s network floor` +
    (others.length ? `; other operations: ${others.join(", ")}` : "");
  const verdict = !failed && up.overheadRatio <= MAX_OVERHEAD_RATIO ? "met" : "not met";
  return { id, target, verdict, detail };
}

/** b. preview sends no request and preview --refresh at most one per resource, at every N. */
function requestsTarget(results: BenchResults): TargetResult {
  const id = "b";
  const target = "preview sends 0 requests and preview --refresh ≤ 1 request per resource (2N), at every N";
  const sizes = sortedSizes(results);
  if (sizes.length === 0) return { id, target, verdict: "not measured", detail: "no sizes in this run" };

  const broken: string[] = [];
  const missing: string[] = [];
  for (const size of sizes) {
    const { n } = size;
    const preview = opRow(size, "preview").provider;
    const refresh = opRow(size, "preview-refresh").provider;
    if (!preview) missing.push(`preview at N=${n}`);
    else if (preview.failed) broken.push(`preview failed at N=${n}`);
    else if (preview.requests > 0) broken.push(`preview sent ${preview.requests} requests at N=${n}`);
    if (!refresh) missing.push(`preview --refresh at N=${n}`);
    else if (refresh.failed) broken.push(`preview --refresh failed at N=${n}`);
    else if (refresh.requests > resourcesAt(n)) {
      broken.push(`preview --refresh sent ${refresh.requests} requests for ${resourcesAt(n)} resources at N=${n}`);
    }
  }
  if (broken.length) return { id, target, verdict: "not met", detail: broken.join("; ") };
  if (missing.length) return { id, target, verdict: "not measured", detail: `no figures for ${list(missing)}` };

  const requests = (op: Operation) => sizes.map((s) => opRow(s, op).provider!.requests);
  const detail =
    `preview sent ${list(requests("preview"))} requests; preview --refresh sent ${list(requests("preview-refresh"))} ` +
    `for ${list(sizes.map((s) => resourcesAt(s.n)))} resources, at N=${list(sizes.map((s) => s.n))}`;
  return { id, target, verdict: "met", detail };
}

/** c. The rate run achieves ≥ 90% of the enforced limit and its up succeeds. */
function rateTarget(results: BenchResults): TargetResult {
  const id = "c";
  const target = `Achieved rate ≥ ${percent(MIN_RATE_SHARE)} of the enforced limit, no failed operation (rate run)`;
  const rate = results.rate;
  if (!rate) return { id, target, verdict: "not measured", detail: "rate run skipped" };
  if (!(rate.limitPerMinute > 0)) return { id, target, verdict: "not measured", detail: "the rate run enforced no limit" };

  const share = rate.achievedPerMinute / rate.limitPerMinute;
  const detail =
    `${rate.achievedPerMinute.toFixed(0)}/min of ${rate.limitPerMinute}/min (${percent(share)}), ` +
    `${rate.rejected} answered 429, up ${rate.failed ? "failed" : "succeeded"}`;
  const verdict = !rate.failed && share >= MIN_RATE_SHARE ? "met" : "not met";
  return { id, target, verdict, detail };
}

/** d. The dynamic-provider process peaks under 200 MB at N = 500. */
function memoryTarget(results: BenchResults): TargetResult {
  const id = "d";
  const target = `Dynamic-provider process peak memory < ${MAX_PEAK_RSS_MB} MB at N=${MEMORY_N}`;
  const size = sizeAt(results, MEMORY_N);
  if (!size) return { id, target, verdict: "not measured", detail: `N=${MEMORY_N} not in this run` };
  // 0 means the sampler never saw the process (it exited before the first sample, or no /proc).
  if (!(size.providerPeakRssMb > 0)) return { id, target, verdict: "not measured", detail: "no memory figure" };

  const floor = size.engineFloorPeakRssMb > 0 ? `; Pulumi's host alone, with the no-HTTP provider: ${size.engineFloorPeakRssMb.toFixed(1)} MB` : "";
  const detail = `peak ${size.providerPeakRssMb.toFixed(1)} MB${floor}`;
  return { id, target, verdict: size.providerPeakRssMb < MAX_PEAK_RSS_MB ? "met" : "not met", detail };
}
