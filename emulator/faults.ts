/**
 * Fault injection for client tests: the next matching API request(s) can be delayed, answered with a
 * chosen status (5xx, 429, …) or have their connection dropped. Rules are consumed in the order added.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { InvalidInput } from "./platform";

const faultSpecSchema = z.object({
  /** HTTP method to match (any when absent). */
  method: z.string().min(1).optional(),
  /** Prefix of the path below the API base, e.g. "/assistants" (any when absent). */
  path: z.string().startsWith("/").optional(),
  /** Only requests with this API key (any when absent). */
  apiKey: z.string().min(1).optional(),
  /** Wait this long before answering (or before handling the request normally). */
  delayMs: z.int().min(0).max(120_000).optional(),
  /** Answer with this status instead of handling the request. */
  status: z.int().min(100).max(599).optional(),
  /** Body for `status`; the platform's error body when absent. */
  body: z.json().optional(),
  /** Retry-After seconds sent with `status` (429 always carries one, default 1). */
  retryAfter: z.int().min(0).optional(),
  /** Destroy the connection without answering. */
  drop: z.boolean().optional(),
  /** How many matching requests this rule affects (default 1). */
  times: z.int().positive().optional(),
});

export type FaultSpec = z.infer<typeof faultSpecSchema>;

/** An installed rule and how many more requests it will affect. */
export interface Fault extends FaultSpec {
  id: string;
  remaining: number;
}

/** Holds fault rules and hands out the one (if any) that applies to a request. */
export class FaultInjector {
  private faults: Fault[] = [];

  /** Validates and installs a rule. */
  add(input: unknown): Fault {
    const parsed = faultSpecSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const param = issue?.path.map(String).join(".") || null;
      throw new InvalidInput(param, `Invalid fault: ${param ?? "body"}: ${issue?.message ?? "invalid"}`);
    }
    const fault: Fault = { ...parsed.data, id: randomUUID(), remaining: parsed.data.times ?? 1 };
    this.faults.push(fault);
    return { ...fault };
  }

  /** The first rule matching the request, used up by one; undefined when none applies. */
  take(method: string, apiPath: string, apiKey: string): Fault | undefined {
    const fault = this.faults.find(
      (f) =>
        (!f.method || f.method.toUpperCase() === method.toUpperCase()) &&
        (!f.path || apiPath.startsWith(f.path)) &&
        (!f.apiKey || f.apiKey === apiKey),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return { ...fault };
  }

  /** The installed rules. */
  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** Removes every rule. */
  clear(): void {
    this.faults = [];
  }
}
