/** How the report writes numbers and operation names, so the tables and the targets agree. */
import type { Operation } from "./results-types";

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

/** "10, 100 and 500". */
export function list(items: readonly (string | number)[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
