/** How the report writes numbers and operation names, so the tables and the targets agree. */
import type { Operation } from "./results-types";
import type { Summary } from "./stats";

/** The command each operation stands for. */
export const OP_LABEL: Record<Operation, string> = {
  up: "up",
  preview: "preview",
  "preview-refresh": "preview --refresh",
  "edit-up": "edit-up",
  destroy: "destroy",
};

/** Milliseconds as seconds with 2 decimals ("1.23"). */
export const seconds = (ms: number) => (ms / 1000).toFixed(2);

/** A ratio with 2 decimals and a times sign ("0.85×"). */
export const times = (ratio: number) => `${ratio.toFixed(2)}×`;

/** A percentage with no decimals ("93%"). */
export const percent = (share: number) => `${Math.round(share * 100)}%`;

/** Shown where a figure is missing or meaningless. */
export const NONE = "—";

/**
 * A summary as "median (min–max)", each written by `format`; just the median when there is one
 * sample or all samples agree.
 */
export function ranged(summary: Summary | undefined, format: (value: number) => string): string {
  if (!summary) return NONE;
  const median = format(summary.median);
  const [min, max] = [format(summary.min), format(summary.max)];
  return summary.count > 1 && min !== max ? `${median} (${min}–${max})` : median;
}

/** Summarized milliseconds in seconds: "11.34 (10.90–12.10)". */
export const rangedSeconds = (summary: Summary | undefined) => ranged(summary, seconds);

/** A count's median: integer when it is one, else 1 decimal. */
export const count = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));

/** "10, 100 and 500". */
export function list(items: readonly (string | number)[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
