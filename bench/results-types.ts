/**
 * The figures one `npm run bench` produces (written as bench/results/results.json and rendered by
 * bench/report.ts). Every sample is kept: the report's medians and ranges can be recomputed from
 * this file alone (bench/stats.ts, bench/figures.ts).
 */

/** The operations measured through the engine, in the order they run. */
export type Operation = "up" | "preview" | "preview-refresh" | "edit-up" | "destroy";

export const OPERATIONS: readonly Operation[] = ["up", "preview", "preview-refresh", "edit-up", "destroy"];

/** The platforms whose providers the benchmark drives. */
export type Platform = "hms" | "burki" | "revox";

/** One operation of one series in one repetition. */
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
   * with the concurrency the provider run reached for the same operation in the same repetition.
   */
  concurrency: number;
}

/** What `pulumi stack export` holds after an `up`. */
export interface StateFigures {
  /** Bytes of the whole export (UTF-8). */
  exportBytes: number;
  /** Resources carrying a `__provider` (the program's dynamic resources). */
  resources: number;
  /** Bytes of all `__provider` values, inputs and outputs together, over all resources. */
  providerBytes: number;
  /** Bytes of one `__provider` value (the longest seen). */
  providerValueBytes: number;
}

/** One repetition of one series: a fresh stack, the operations in order. */
export interface SeriesSample {
  /** 1-based repetition number (the order in which the runs alternate). */
  repetition: number;
  ops: OpFigures[];
  /** Peak resident memory (VmHWM) of the dynamic-provider process over the repetition, MB (0: not sampled). */
  peakRssMb: number;
  /** The state after `up` (absent for the network floor, and when the export failed). */
  state?: StateFigures;
}

/** Every figure for HMS programs of `n` assistants, each with one phone number (2n resources). */
export interface SizeFigures {
  n: number;
  /** This package's HMS provider through the real engine, over HTTP to the emulator. */
  provider: SeriesSample[];
  /** The same programs and engine with a dynamic provider that makes no HTTP call. */
  engineFloor: SeriesSample[];
  /** A plain undici script making the provider's HTTP calls with the same concurrency, no engine. */
  networkFloor: SeriesSample[];
}

/**
 * Another platform's provider at `n` (n assistants, each with one number), interleaved with the HMS
 * runs of the same n: the engine floor program is platform-neutral, so its samples are the HMS size's.
 */
export interface PlatformFigures {
  platform: Exclude<Platform, "hms">;
  n: number;
  provider: SeriesSample[];
}

/** One refresh of the refresh-rate run. */
export interface RefreshSample {
  repetition: number;
  /** Stack config `hms:readFromListings`. */
  readFromListings: boolean;
  /** Requests the emulator received (all of them, including any answered 429). */
  requests: number;
  /** Wall time of the refresh, seconds. */
  wallSeconds: number;
  /** Seconds from the first request to the last. */
  spanSeconds: number;
  /** requests / span, per minute (0 with fewer than two requests). */
  achievedPerMinute: number;
  /** Requests the emulator answered 429. */
  rejected: number;
  /** Whether the refresh failed (non-zero exit). */
  failed: boolean;
}

/**
 * `pulumi refresh --yes --skip-preview` of `resources` resources (half assistants, half numbers),
 * created with no limit, then refreshed against an emulator enforcing `limitPerMinute` (the
 * provider given the same client-side limit).
 */
export interface RefreshRateFigures {
  resources: number;
  limitPerMinute: number;
  /** Wall time of the setup `up` (no limit), seconds. */
  setupSeconds: number;
  /** readFromListings = true, once per repetition. */
  listing: RefreshSample[];
  /** readFromListings = false (one GET per resource; dominated by the limiter: measured once). */
  perResource: RefreshSample[];
}

/** One `up` of the provider-size experiment. */
export interface UpSample {
  repetition: number;
  ms: number;
  failed: boolean;
  peakRssMb: number;
  state?: StateFigures;
}

/**
 * `up` only at N = n, interleaved: this package's HMS provider, the engine floor as it is, and the
 * engine floor whose `__provider` is padded to the size of ours.
 */
export interface ProviderSizeFigures {
  n: number;
  /** Characters of padding the padded floor's provider captures (ours − the floor's, per value). */
  padBytes: number;
  provider: UpSample[];
  engineFloor: UpSample[];
  paddedFloor: UpSample[];
}

export interface MachineFigures {
  cpus: number;
  /** CPU model (os.cpus()[0].model). */
  cpuModel?: string;
  /** Total memory, MB. */
  memoryMb?: number;
  node: string;
  pulumi: string;
  /** `${os.type()} ${os.release()}`. */
  os?: string;
  /** os.loadavg() (1, 5, 15 minutes) when the run started and when it ended. */
  loadBefore?: number[];
  loadAfter?: number[];
}

export interface BenchResults {
  /** ISO timestamp of the run. */
  date: string;
  /** Minutes the run took. */
  durationMinutes?: number;
  /** Repetitions of each series (the alternating A B A B … runs). */
  repetitions: number;
  /** Added latency per API request in the emulator, ms. */
  latencyMs: number;
  /** Requests per minute the emulator enforced during the size runs (null: none). */
  emulatorRateLimit: number | null;
  machine: MachineFigures;
  sizes: SizeFigures[];
  /** Burki and Revox beside HMS. */
  platforms: PlatformFigures[];
  /** Absent when the refresh-rate run was skipped. */
  refreshRate?: RefreshRateFigures;
  /** Absent when the provider-size experiment was skipped. */
  providerSize?: ProviderSizeFigures;
}
