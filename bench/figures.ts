/**
 * Figures derived from one size's raw measurements: the per-operation row the report shows and the
 * targets judge (provider overhead above the engine floor, and that overhead against the network floor).
 */
import type { BenchResults, OpFigures, Operation, SizeFigures } from "./results-types";

/** One operation at one size, across the three series. Any series may lack the operation. */
export interface OpRow {
  op: Operation;
  provider?: OpFigures;
  engineFloor?: OpFigures;
  networkFloor?: OpFigures;
  /** Provider time minus engine-floor time, ms (undefined when either is missing). */
  overheadMs?: number;
  /** overheadMs / network-floor time (undefined unless the network floor took > 0 ms). */
  overheadRatio?: number;
}

const find = (series: OpFigures[], op: Operation) => series.find((f) => f.op === op);

/** The row of `op` at `size`. */
export function opRow(size: SizeFigures, op: Operation): OpRow {
  const provider = find(size.provider, op);
  const engineFloor = find(size.engineFloor, op);
  const networkFloor = find(size.networkFloor, op);
  const overheadMs = provider && engineFloor ? provider.ms - engineFloor.ms : undefined;
  // A zero network floor (preview makes no request) leaves nothing to compare the overhead with.
  const overheadRatio = overheadMs !== undefined && networkFloor && networkFloor.ms > 0 ? overheadMs / networkFloor.ms : undefined;
  return { op, provider, engineFloor, networkFloor, overheadMs, overheadRatio };
}

/** Resources a program of `n` assistants declares: each assistant has one phone number. */
export const resourcesAt = (n: number) => 2 * n;

/** The figures for N = `n`, if this run measured that size. */
export const sizeAt = (results: BenchResults, n: number) => results.sizes.find((s) => s.n === n);

/** Sizes in ascending N. */
export const sortedSizes = (results: BenchResults) => [...results.sizes].sort((a, b) => a.n - b.n);
