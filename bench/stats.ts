/** Medians and ranges of repeated samples: every figure the report shows and every verdict it takes. */

/** The median, minimum and maximum of some samples. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  /** How many samples. */
  count: number;
}

/** The median of `values` (the mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median, min and max of `values`; undefined when there is none. */
export function summarize(values: readonly number[]): Summary | undefined {
  if (values.length === 0) return undefined;
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), count: values.length };
}

/** (max − min) / median: how wide the samples spread (0 for one sample, or a zero median). */
export function spread(summary: Summary): number {
  return summary.median > 0 ? (summary.max - summary.min) / summary.median : 0;
}
