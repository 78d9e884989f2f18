/**
 * The figures one `npm run bench` produces (written as bench/results/results.json and rendered by
 * bench/report.ts).
 */

/** The operations measured through the engine, in the order they run. */
export type Operation = "up" | "preview" | "preview-refresh" | "edit-up" | "destroy";

export const OPERATIONS: readonly Operation[] = ["up", "preview", "preview-refresh", "edit-up", "destroy"];

/** One operation of one series at one size. */
export interface OpFigures {
  op: Operation;
  /** Wall time in milliseconds. */
  ms: number;
  /** HTTP requests the emulator received during the operation (0 for the engine floor). */
  requests: number;
  /** Whether the operation failed (non-zero exit, or a failed request). */
  failed: boolean;
  /**
   * Most requests in flight at once (from the emulator's log). The network floor sends its calls
   * with the concurrency the provider run reached for the same operation.
   */
  concurrency: number;
}

/** Every figure for programs of `n` assistants, each with one phone number (2n resources). */
export interface SizeFigures {
  n: number;
  /** This package's provider through the real engine, over HTTP to the emulator. */
  provider: OpFigures[];
  /** The same programs and engine with a dynamic provider that makes no HTTP call. */
  engineFloor: OpFigures[];
  /** A plain undici script making the provider's HTTP calls with the same concurrency, no engine. */
  networkFloor: OpFigures[];
  /** Peak resident memory (VmHWM) of the dynamic-provider process over all provider operations, in MB (0: not sampled). */
  providerPeakRssMb: number;
  /** The same for the engine floor's dynamic-provider process (Pulumi's host with the no-HTTP provider), in MB. */
  engineFloorPeakRssMb: number;
}

/** An `up` of `resources` resources against an emulator enforcing `limitPerMinute`. */
export interface RateFigures {
  resources: number;
  limitPerMinute: number;
  /** Requests the emulator received (all of them, including any answered 429). */
  requests: number;
  /** Seconds from the first request to the last. */
  spanSeconds: number;
  /** requests / span, per minute. */
  achievedPerMinute: number;
  /** Requests the emulator answered 429. */
  rejected: number;
  /** Whether the up failed. */
  failed: boolean;
  /** Wall time of the up in seconds. */
  wallSeconds: number;
}

export interface BenchResults {
  /** ISO timestamp of the run. */
  date: string;
  /** Added latency per API request in the emulator, ms. */
  latencyMs: number;
  /** Requests per minute the emulator enforced during the size runs (null: none). */
  emulatorRateLimit: number | null;
  machine: { cpus: number; node: string; pulumi: string };
  sizes: SizeFigures[];
  /** Absent when the rate run was skipped. */
  rate?: RateFigures;
}
