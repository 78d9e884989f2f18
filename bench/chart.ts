/**
 * The benchmark chart: median wall time against N, one panel per operation, one line per series. Drawn by
 * vega-lite (spec) → vega (SVG) → resvg (PNG).
 */
import { Resvg } from "@resvg/resvg-js";
import type { TopLevelSpec } from "vega-lite" with { "resolution-mode": "import" };
import { importEsm } from "./esm";
import { seriesOp } from "./figures";
import { OP_LABEL } from "./format";
import { OPERATIONS, type BenchResults } from "./results-types";

// Type-only imports: both packages are ESM-only and load through importEsm (see esm.ts). vega-lite's
// types are reachable only through its `exports` map, hence the resolution-mode attribute under node10.
type Vega = typeof import("vega");
type VegaLite = typeof import("vega-lite", { with: { "resolution-mode": "import" } });

const SERIES = [
  { name: "provider", key: "provider", color: "#d62728" },
  { name: "engine floor", key: "engineFloor", color: "#1f77b4" },
  { name: "network floor", key: "networkFloor", color: "#2ca02c" },
] as const;

const FONT = "DejaVu Sans";

interface Point {
  n: number;
  op: string;
  series: string;
  seconds: number;
}

/** One point per size, operation and series: the median over the repetitions, in seconds. */
function points(results: BenchResults): Point[] {
  return results.sizes.flatMap((size) =>
    SERIES.flatMap(({ name, key }) =>
      OPERATIONS.flatMap((op) => {
        const figures = seriesOp(size[key], op);
        return figures ? [{ n: size.n, op: OP_LABEL[op], series: name, seconds: figures.ms.median / 1000 }] : [];
      }),
    ),
  );
}

/** The vega-lite spec of the chart (exported to open it in the vega editor when changing the chart). */
export function chartSpec(results: BenchResults): TopLevelSpec {
  const sizes = [...new Set(results.sizes.map((s) => s.n))].sort((a, b) => a - b);
  // A log axis only pays when N spans at least a decade (10 … 500); ticks sit at the measured sizes.
  const log = sizes.length > 1 && sizes[0] > 0 && sizes[sizes.length - 1] / sizes[0] >= 10;
  const domain = sizes.length ? [sizes[0], sizes[sizes.length - 1]] : undefined;
  return {
    title: { text: `Median wall time against N, HMS (${results.latencyMs} ms latency per request, ${results.repetitions} repetitions)`, fontSize: 15 },
    data: { values: points(results) },
    facet: {
      field: "op",
      type: "nominal",
      sort: OPERATIONS.map((op) => OP_LABEL[op]),
      title: null,
      header: { labelFontSize: 13, labelFontWeight: "bold" },
    },
    // Three columns keep the image narrow enough to read when a Markdown viewer scales it down.
    columns: 3,
    spacing: { row: 24, column: 24 },
    spec: {
      width: 200,
      height: 170,
      mark: { type: "line", point: true, strokeWidth: 2 },
      encoding: {
        x: {
          field: "n",
          type: "quantitative",
          title: log ? "N assistants (log scale)" : "N assistants",
          scale: { type: log ? "log" : "linear", domain, nice: false, padding: 12 }, // padding: end points not cut
          axis: { values: sizes, format: "d", grid: true },
        },
        y: { field: "seconds", type: "quantitative", title: "time (s)", scale: { zero: true } },
        color: {
          field: "series",
          type: "nominal",
          title: null,
          scale: { domain: SERIES.map((s) => s.name), range: SERIES.map((s) => s.color) },
          legend: { orient: "top", labelFontSize: 13, symbolStrokeWidth: 3 },
        },
      },
    },
    // preview takes a fraction of up's time: a shared y axis would flatten it. An x axis under every
    // panel keeps the N ticks next to each plot in the grid.
    resolve: { scale: { y: "independent" }, axis: { x: "independent" } },
    config: {
      font: FONT,
      background: "white",
      padding: 12,
      axis: { labelFontSize: 11, titleFontSize: 12 },
      // Top tick labels inside the plot, so that no panel's header is pushed up out of line.
      axisY: { labelFlush: true },
    },
  };
}

/** Renders the chart of `results` as a PNG (2× scale, about 1600 px wide). */
export async function renderChart(results: BenchResults): Promise<Buffer> {
  const [vega, vegaLite] = await Promise.all([importEsm<Vega>("vega"), importEsm<VegaLite>("vega-lite")]);
  const view = new vega.View(vega.parse(vegaLite.compile(chartSpec(results)).spec), { renderer: "none" });
  try {
    const svg = await view.toSVG();
    const resvg = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: FONT }, fitTo: { mode: "zoom", value: 2 } });
    return resvg.render().asPng();
  } finally {
    view.finalize();
  }
}
