/**
 * Figures derived from the raw samples: the per-operation row the report shows and the targets judge
 * (medians over the repetitions; the provider's overhead above the engine floor, median − median, and
 * that overhead against the median network floor).
 */
import type { BenchResults, OpFigures, Operation, PlatformFigures, SeriesSample, SizeFigures, StateFigures } from "./results-types";
import { spread, summarize, type Summary } from "./stats";

/** One series' samples of one operation, summarized. */
export interface SeriesOp {
  /** Wall time, ms. */
  ms: Summary;
  /** Requests sent, per sample. */
  requests: Summary;
  /** Most requests in flight at once. */
  concurrency: Summary;
  /** Whether any sample failed. */
  failed: boolean;
  /** The samples themselves. */
  samples: OpFigures[];
}

/** One operation at one size, across the three series. Any series may lack the operation. */
export interface OpRow {
  op: Operation;
  provider?: SeriesOp;
  engineFloor?: SeriesOp;
  networkFloor?: SeriesOp;
  /** Median provider time minus median engine-floor time, ms (undefined when either is missing). */
  overheadMs?: number;
  /** overheadMs / median network-floor time (undefined unless the network floor took > 0 ms). */
  overheadRatio?: number;
}

/** The samples of `op` in `series`, summarized (undefined when no sample has it). */
export function seriesOp(series: readonly SeriesSample[], op: Operation): SeriesOp | undefined {
  const samples = series.flatMap((s) => s.ops.filter((f) => f.op === op));
  if (samples.length === 0) return undefined;
  return {
    ms: summarize(samples.map((f) => f.ms))!,
    requests: summarize(samples.map((f) => f.requests))!,
    concurrency: summarize(samples.map((f) => f.concurrency))!,
    failed: samples.some((f) => f.failed),
    samples,
  };
}

/** The row of `op` from a provider's, an engine floor's and a network floor's samples. */
export function rowOf(op: Operation, provider: readonly SeriesSample[], engineFloor: readonly SeriesSample[], networkFloor: readonly SeriesSample[]): OpRow {
  const p = seriesOp(provider, op);
  const e = seriesOp(engineFloor, op);
  const w = seriesOp(networkFloor, op);
  const overheadMs = p && e ? p.ms.median - e.ms.median : undefined;
  // A zero network floor (preview makes no request) leaves nothing to compare the overhead with.
  const overheadRatio = overheadMs !== undefined && w && w.ms.median > 0 ? overheadMs / w.ms.median : undefined;
  return { op, provider: p, engineFloor: e, networkFloor: w, overheadMs, overheadRatio };
}

/** The row of `op` at `size`. */
export function opRow(size: SizeFigures, op: Operation): OpRow {
  return rowOf(op, size.provider, size.engineFloor, size.networkFloor);
}

/** The row of `op` for another platform at its size, against the HMS engine floor of that size (no network floor). */
export function platformRow(results: BenchResults, platform: PlatformFigures, op: Operation): OpRow {
  return rowOf(op, platform.provider, sizeAt(results, platform.n)?.engineFloor ?? [], []);
}

/**
 * The widest spread, (max − min) / median, over the operations of `series` (wall times; operations
 * whose median is 0 are left out). Undefined with fewer than two samples.
 */
export function maxSpread(series: readonly SeriesSample[], ops: readonly Operation[]): number | undefined {
  const spreads = ops
    .map((op) => seriesOp(series, op)?.ms)
    .filter((s): s is Summary => s !== undefined && s.count > 1 && s.median > 0)
    .map(spread);
  return spreads.length ? Math.max(...spreads) : undefined;
}

/** Per-resource state figures of some samples, summarized (undefined when none has state). */
export function stateSummary(states: readonly (StateFigures | undefined)[]): { exportPerResource: Summary; providerPerResource: Summary; providerValue: Summary } | undefined {
  const known = states.filter((s): s is StateFigures => s !== undefined && s.resources > 0);
  if (known.length === 0) return undefined;
  return {
    exportPerResource: summarize(known.map((s) => s.exportBytes / s.resources))!,
    providerPerResource: summarize(known.map((s) => s.providerBytes / s.resources))!,
    providerValue: summarize(known.map((s) => s.providerValueBytes))!,
  };
}

/** Resources a program of `n` assistants declares: each assistant has one phone number. */
export const resourcesAt = (n: number) => 2 * n;

/** The figures for N = `n`, if this run measured that size. */
export const sizeAt = (results: BenchResults, n: number) => results.sizes.find((s) => s.n === n);

/** Sizes in ascending N. */
export const sortedSizes = (results: BenchResults) => [...results.sizes].sort((a, b) => a.n - b.n);
