/**
 * Seeded, reproducible fault injection ("chaos profile") for resilience tests and benchmarks.
 *
 * Unlike the one-shot rules in faults.ts, a profile applies to every API request with a probability
 * per fault kind. Every decision is a pure function of (seed, fault kind, method, path, identity,
 * occurrence), hashed with sha256 into a uniform number in [0,1): the outcome for a request therefore
 * does not depend on how concurrent requests interleave, and the same seed with the same request
 * sequence injects the same faults. The one exception is inherently time-based: whether a request
 * falls inside a running 429 storm depends on when it arrives.
 *
 * `slow` and `late-commit` both keep a client waiting past its timeout, in opposite orders: a slow
 * request is stored at once and its answer held back (the object exists before the client gives up),
 * a late-commit write is held first and stored only after `lateCommitMs` (the object appears after
 * the client gave up). With a client timeout T, a `lateCommitMs` a little above T (T + 100 ms, say)
 * makes the object appear after the client's timeout but before its first retry (at least 250 ms
 * after it with the default backoff): a client that looks the object up only after that wait finds
 * it, one that looks at once does not and creates a second one.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { InvalidInput } from "./platform";

/** Upper bound for every duration in a profile, so a typo cannot hang a test run for hours. */
export const MAX_CHAOS_MS = 600_000;

/** A chaos profile as configured; every field is optional. */
export interface ChaosProfile {
  /** Seed of every draw (integer, default 1); another seed gives another, equally reproducible, sequence. */
  seed?: number;
  /** Delay in ms added before handling every API request (integer ≥ 0; not a fault, not counted). */
  latencyMs?: number;
  /** Probability (0–1) of answering 500, 502 or 503 before handling: nothing is committed. */
  errorRate?: number;
  /** Probability (0–1) that a request starts a 429 storm when none is running. */
  rateLimitStormRate?: number;
  /** Length of a 429 storm in ms (integer > 0, default 3000); every API request during it gets a 429. */
  rateLimitStormMs?: number;
  /** Probability (0–1) of handling the request (the store commits) and then closing the connection unanswered. */
  dropAfterCommitRate?: number;
  /** Probability (0–1) of closing the connection before handling: nothing is committed. */
  resetBeforeCommitRate?: number;
  /** Probability (0–1) of handling the request (the store commits) and then holding the response for `slowMs`. */
  slowRate?: number;
  /** How long in ms a slow response is held back (integer > 0, default 5000). */
  slowMs?: number;
  /**
   * Probability (0–1) that a write (POST, PATCH, DELETE) is held for `lateCommitMs` before it is
   * handled: the store commits only then, and the answer follows (to a client still waiting).
   */
  lateCommitRate?: number;
  /**
   * How long in ms a late-commit write is held before it is stored (integer > 0, default 30100: just
   * past the provider's default 30 s timeout, before its first retry). Choose it above the client's
   * timeout, and below the timeout plus the client's first backoff wait.
   */
  lateCommitMs?: number;
}

/** A validated profile with its defaults filled in (what GET /__control/chaos reports). */
export type ResolvedChaosProfile = ChaosProfile & Required<Pick<ChaosProfile, "seed" | "rateLimitStormMs" | "slowMs" | "lateCommitMs">>;

const rate = z.number().min(0).max(1).optional();
const duration = (min: number) => z.int().min(min).max(MAX_CHAOS_MS);

// Strict: a misspelt field ("errorrate") must be a 400, not a profile that silently does nothing.
const chaosProfileSchema: z.ZodType<ResolvedChaosProfile, ChaosProfile> = z.strictObject({
  seed: z.int().default(1),
  latencyMs: duration(0).optional(),
  errorRate: rate,
  rateLimitStormRate: rate,
  rateLimitStormMs: duration(1).default(3000),
  dropAfterCommitRate: rate,
  resetBeforeCommitRate: rate,
  slowRate: rate,
  slowMs: duration(1).default(5000),
  lateCommitRate: rate,
  lateCommitMs: duration(1).default(30_100),
});

/** The faults a profile injects, as named in RequestRecord.fault and the injected counters. */
export type ChaosFault = "error" | "rate-limit-storm" | "drop-after-commit" | "reset-before-commit" | "slow" | "late-commit";

export const CHAOS_FAULTS: readonly ChaosFault[] = [
  "error",
  "rate-limit-storm",
  "drop-after-commit",
  "reset-before-commit",
  "slow",
  "late-commit",
];

/** The methods `lateCommitRate` applies to. */
const WRITES = new Set(["POST", "PATCH", "PUT", "DELETE"]);

/** The statuses an injected error picks from. */
export const CHAOS_ERROR_STATUSES = [500, 502, 503] as const;

/** What a profile decided for one request. All draws happen when the request arrives. */
export interface ChaosPlan {
  /** Delay before handling, in ms (0 for none). */
  latencyMs: number;
  resetBeforeCommit: boolean;
  /** The status to answer instead of handling, or null. */
  errorStatus: (typeof CHAOS_ERROR_STATUSES)[number] | null;
  /** Whether this request starts a 429 storm if none is running when it gets there. */
  startsStorm: boolean;
  dropAfterCommit: boolean;
  /** How long to hold the response after handling, in ms (0 for not slow). */
  slowMs: number;
  /** How long to hold a write before handling (so before it commits), in ms (0 for not late). */
  lateCommitMs: number;
}

/** What GET /__control/chaos answers. */
export interface ChaosStatus {
  chaos: ResolvedChaosProfile | null;
  /** Requests affected per fault kind since the profile was set. */
  injected: Record<ChaosFault, number>;
}

/**
 * One draw: a uniform number in [0,1) from sha256 of the inputs. `kind` keeps the draws of the fault
 * kinds independent of each other; `occurrence` makes a retry of the same request a fresh draw.
 */
export function chaosDraw(
  seed: number,
  kind: ChaosFault,
  method: string,
  path: string,
  identity: string,
  occurrence: number,
): number {
  const digest = createHash("sha256").update(JSON.stringify([seed, kind, method, path, identity, occurrence])).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48; // 48 bits: exact in a double, plenty for probabilities
}

/**
 * The identity part of a request's key: the body's `name` or `phone_number`, so two creates on the same
 * path with different bodies draw independently while a retry of the same create counts as a repeat.
 */
export function chaosIdentity(body: unknown): string {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return "";
  const record = body as Record<string, unknown>;
  if (typeof record.name === "string") return record.name;
  if (typeof record.phone_number === "string") return record.phone_number;
  return "";
}

/** Holds the active profile, the occurrence counts, the running storm and the injected counters. */
export class Chaos {
  private profile: ResolvedChaosProfile | null = null;
  private occurrences = new Map<string, number>();
  private stormEndsAt = 0;
  private injected = zeroCounts();

  /** Validates and installs a profile, starting over: occurrences, storm and counters are reset. */
  set(input: unknown): ResolvedChaosProfile {
    const parsed = chaosProfileSchema.safeParse(input ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const unknownKey = issue?.code === "unrecognized_keys" ? issue.keys[0] : undefined;
      const param = unknownKey ?? (issue?.path.map(String).join(".") || null);
      throw new InvalidInput(param, `Invalid chaos profile: ${param ?? "body"}: ${issue?.message ?? "invalid"}`);
    }
    this.reset();
    this.profile = parsed.data;
    return { ...parsed.data };
  }

  /** Turns chaos off (and forgets occurrences, storm and counters). */
  clear(): void {
    this.reset();
    this.profile = null;
  }

  /** The active profile (null when off) and the injected counters. */
  status(): ChaosStatus {
    return { chaos: this.profile && { ...this.profile }, injected: { ...this.injected } };
  }

  /**
   * Draws every decision for one API request, or null when chaos is off. Counts the request as the
   * next occurrence of its (method, path, identity), so call it exactly once per request.
   */
  plan(method: string, path: string, body: unknown): ChaosPlan | null {
    const profile = this.profile;
    if (!profile) return null;
    const identity = chaosIdentity(body);
    const key = JSON.stringify([method, path, identity]);
    const occurrence = this.occurrences.get(key) ?? 0;
    this.occurrences.set(key, occurrence + 1);
    const draw = (kind: ChaosFault) => chaosDraw(profile.seed, kind, method, path, identity, occurrence);

    // A kind whose rate is 0 or unset can never fire: skip its hash (a draw is never below 0).
    const hits = (kind: ChaosFault, rate: number | undefined) => rate !== undefined && rate > 0 && draw(kind) < rate;

    const errorRate = profile.errorRate ?? 0;
    let errorStatus: ChaosPlan["errorStatus"] = null;
    if (errorRate > 0) {
      const errorDraw = draw("error");
      // Below the rate, the same draw spread evenly over the statuses picks one.
      if (errorDraw < errorRate) {
        errorStatus =
          CHAOS_ERROR_STATUSES[Math.min(CHAOS_ERROR_STATUSES.length - 1, Math.floor((errorDraw / errorRate) * CHAOS_ERROR_STATUSES.length))];
      }
    }
    return {
      latencyMs: profile.latencyMs ?? 0,
      resetBeforeCommit: hits("reset-before-commit", profile.resetBeforeCommitRate),
      errorStatus,
      startsStorm: hits("rate-limit-storm", profile.rateLimitStormRate),
      dropAfterCommit: hits("drop-after-commit", profile.dropAfterCommitRate),
      slowMs: hits("slow", profile.slowRate) ? profile.slowMs : 0,
      // Only a write has something to commit late; a read held back would be `latencyMs`.
      lateCommitMs: WRITES.has(method.toUpperCase()) && hits("late-commit", profile.lateCommitRate) ? profile.lateCommitMs : 0,
    };
  }

  /**
   * The end (epoch ms) of the 429 storm a request at `now` falls into, or null. A request whose plan
   * says so starts a storm when none is running. Time-based by nature: see the file comment.
   */
  stormFor(plan: ChaosPlan, now: number = Date.now()): number | null {
    const profile = this.profile;
    if (now < this.stormEndsAt) return this.stormEndsAt;
    if (!profile || !plan.startsStorm) return null;
    this.stormEndsAt = now + profile.rateLimitStormMs;
    return this.stormEndsAt;
  }

  /** Counts one request affected by `fault`. */
  count(fault: ChaosFault): void {
    this.injected[fault] += 1;
  }

  private reset(): void {
    this.occurrences.clear();
    this.stormEndsAt = 0;
    this.injected = zeroCounts();
  }
}

function zeroCounts(): Record<ChaosFault, number> {
  return Object.fromEntries(CHAOS_FAULTS.map((fault) => [fault, 0])) as Record<ChaosFault, number>;
}
