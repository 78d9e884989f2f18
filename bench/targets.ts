/**
 * The benchmark's targets, judged from one run's figures, always on the medians over the
 * repetitions (one slow sample does not flip a verdict; a failed sample does: a failure is not
 * noise). A target whose size or run is absent is "not measured", never "met": a run with
 * --sizes 10 says nothing about N = 100.
 */
import { opRow, resourcesAt, sizeAt, sortedSizes } from "./figures";
import { count, list, OP_LABEL, percent, seconds, times } from "./format";
import { OPERATIONS, type BenchResults, type Operation, type RefreshSample } from "./results-types";
import { median } from "./stats";

export type Verdict = "met" | "not met" | "not measured";

export interface TargetResult {
  /** "a" to "e", in the order the targets are listed. */
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
/** Share of the enforced rate limit the per-resource refresh must achieve. */
export const MIN_RATE_SHARE = 0.9;
/** Size at which the memory target is judged (N assistants). */
export const MEMORY_N = 500;
/** Peak resident memory allowed for the dynamic-provider process, MB (exclusive). */
export const MAX_PEAK_RSS_MB = 200;
/** Requests a refresh from listings may send: one per collection page (assistants and numbers, one page each). */
export const MAX_LISTING_REQUESTS = 2;
/** Wall time a refresh from listings must stay under, seconds (exclusive). */
export const MAX_LISTING_SECONDS = 10;

/** Verdicts for targets a-e, computed from `results` alone (pure). */
export function evaluateTargets(results: BenchResults): TargetResult[] {
  return [overheadTarget(results), requestsTarget(results), rateTarget(results), memoryTarget(results), listingTarget(results)];
}

/** a. Provider overhead ≤ 1.2 × network floor at N = 100, judged on up's medians. */
function overheadTarget(results: BenchResults): TargetResult {
  const id = "a";
  const target = `Provider overhead (median time above the engine floor's median) ≤ ${MAX_OVERHEAD_RATIO} × median network floor at N=${OVERHEAD_N}, for up`;
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
    (failed ? "up failed in at least one sample; " : "") +
    `up ${times(up.overheadRatio)}: overhead ${seconds(up.overheadMs)} s over a ${seconds(up.networkFloor.ms.median)} s network floor ` +
    `(medians of ${up.provider!.ms.count}, ${up.engineFloor!.ms.count} and ${up.networkFloor.ms.count} samples)` +
    (others.length ? `; other operations: ${others.join(", ")}` : "");
  const verdict = !failed && up.overheadRatio <= MAX_OVERHEAD_RATIO ? "met" : "not met";
  return { id, target, verdict, detail };
}

/** b. preview sends no request and preview --refresh at most one per resource, at every N (medians). */
function requestsTarget(results: BenchResults): TargetResult {
  const id = "b";
  const target = "preview sends 0 requests and preview --refresh ≤ 1 request per resource (2N), at every HMS N (medians)";
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
    else if (preview.requests.median > 0) broken.push(`preview sent ${count(preview.requests.median)} requests at N=${n}`);
    if (!refresh) missing.push(`preview --refresh at N=${n}`);
    else if (refresh.failed) broken.push(`preview --refresh failed at N=${n}`);
    else if (refresh.requests.median > resourcesAt(n)) {
      broken.push(`preview --refresh sent ${count(refresh.requests.median)} requests for ${resourcesAt(n)} resources at N=${n}`);
    }
  }
  if (broken.length) return { id, target, verdict: "not met", detail: broken.join("; ") };
  if (missing.length) return { id, target, verdict: "not measured", detail: `no figures for ${list(missing)}` };

  const requests = (op: Operation) => sizes.map((s) => count(opRow(s, op).provider!.requests.median));
  const detail =
    `preview sent ${list(requests("preview"))} requests; preview --refresh sent ${list(requests("preview-refresh"))} ` +
    `for ${list(sizes.map((s) => resourcesAt(s.n)))} resources, at N=${list(sizes.map((s) => s.n))}`;
  return { id, target, verdict: "met", detail };
}

/** The median figures of some refresh samples. */
function refreshMedians(samples: readonly RefreshSample[]) {
  return {
    requests: median(samples.map((s) => s.requests)),
    wallSeconds: median(samples.map((s) => s.wallSeconds)),
    achievedPerMinute: median(samples.map((s) => s.achievedPerMinute)),
    rejected: median(samples.map((s) => s.rejected)),
    failed: samples.some((s) => s.failed),
  };
}

/** c. The per-resource refresh achieves ≥ 90% of the enforced limit and succeeds. */
function rateTarget(results: BenchResults): TargetResult {
  const id = "c";
  const target = `Achieved rate ≥ ${percent(MIN_RATE_SHARE)} of the enforced limit, no failure (refresh with per-resource reads)`;
  const run = results.refreshRate;
  if (!run) return { id, target, verdict: "not measured", detail: "refresh-rate run skipped" };
  if (!(run.limitPerMinute > 0)) return { id, target, verdict: "not measured", detail: "the refresh-rate run enforced no limit" };
  if (run.perResource.length === 0) return { id, target, verdict: "not measured", detail: "no per-resource refresh in this run" };

  const m = refreshMedians(run.perResource);
  // Fewer requests than resources: the reads were not one per resource (readFromListings=false not
  // honoured), and a rate over a handful of requests says nothing about pacing.
  if (m.requests < run.resources) {
    return { id, target, verdict: "not measured", detail: `the per-resource refresh sent ${count(m.requests)} requests for ${run.resources} resources` };
  }
  const share = m.achievedPerMinute / run.limitPerMinute;
  const detail =
    `${m.achievedPerMinute.toFixed(0)}/min of ${run.limitPerMinute}/min (${percent(share)}), ${count(m.requests)} requests in ` +
    `${m.wallSeconds.toFixed(1)} s, ${count(m.rejected)} answered 429, refresh ${m.failed ? "failed" : "succeeded"}`;
  const verdict = !m.failed && share >= MIN_RATE_SHARE ? "met" : "not met";
  return { id, target, verdict, detail };
}

/** d. The dynamic-provider process peaks under 200 MB at N = 500 (median over the provider's up samples). */
function memoryTarget(results: BenchResults): TargetResult {
  const id = "d";
  const target = `Dynamic-provider process peak memory < ${MAX_PEAK_RSS_MB} MB at N=${MEMORY_N} (median)`;
  // The provider-size experiment's up at N=500 when it ran; else a size run of N=500 (all five operations).
  const experiment = results.providerSize?.n === MEMORY_N ? results.providerSize : undefined;
  const size = sizeAt(results, MEMORY_N);
  const peaks = (experiment ? experiment.provider : (size?.provider ?? [])).map((s) => s.peakRssMb).filter((mb) => mb > 0);
  const floorPeaks = (experiment ? experiment.engineFloor : (size?.engineFloor ?? [])).map((s) => s.peakRssMb).filter((mb) => mb > 0);
  if (!experiment && !size) return { id, target, verdict: "not measured", detail: `N=${MEMORY_N} not in this run` };
  // 0 means the sampler never saw the process (it exited before the first sample, or no /proc).
  if (peaks.length === 0) return { id, target, verdict: "not measured", detail: "no memory figure" };

  const peak = median(peaks);
  const floor = floorPeaks.length ? `; Pulumi's host alone, with the no-HTTP provider: ${median(floorPeaks).toFixed(1)} MB` : "";
  const source = experiment ? "up" : "all operations";
  const detail = `peak ${peak.toFixed(1)} MB (median of ${peaks.length}, ${source})${floor}`;
  return { id, target, verdict: peak < MAX_PEAK_RSS_MB ? "met" : "not met", detail };
}

/** e. A refresh from listings sends ≤ 1 request per collection page and ends in under 10 s (medians). */
function listingTarget(results: BenchResults): TargetResult {
  const id = "e";
  const target =
    `Refresh with listing reads sends ≤ 1 request per collection page (≤ ${MAX_LISTING_REQUESTS}) and ends in < ${MAX_LISTING_SECONDS} s ` +
    `(medians, against the enforced limit)`;
  const run = results.refreshRate;
  if (!run) return { id, target, verdict: "not measured", detail: "refresh-rate run skipped" };
  if (run.listing.length === 0) return { id, target, verdict: "not measured", detail: "no listing refresh in this run" };

  const m = refreshMedians(run.listing);
  const detail =
    `${count(m.requests)} requests, ${m.wallSeconds.toFixed(2)} s for ${run.resources} resources (medians of ${run.listing.length}), ` +
    `${count(m.rejected)} answered 429, refresh ${m.failed ? "failed" : "succeeded"}`;
  const verdict = !m.failed && m.requests <= MAX_LISTING_REQUESTS && m.wallSeconds < MAX_LISTING_SECONDS ? "met" : "not met";
  return { id, target, verdict, detail };
}
