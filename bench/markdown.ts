/** The benchmark results as a Markdown document (plain Markdown, no HTML). */
import { opRow, resourcesAt, sortedSizes, type OpRow } from "./figures";
import { NONE, OP_LABEL, percent, seconds, times } from "./format";
import { OPERATIONS, type BenchResults, type RateFigures } from "./results-types";
import { evaluateTargets, type TargetResult } from "./targets";

export interface MarkdownOptions {
  /** Relative path of the chart image to embed (omitted: no image). */
  chart?: string;
}

/**
 * Renders `results`: a header line, one table per size (times in seconds), peak memory per size, the
 * rate run and the target verdicts.
 */
export function renderMarkdown(results: BenchResults, options: MarkdownOptions = {}): string {
  const sections = [
    `# Benchmark results\n\n${header(results)}`,
    ...(options.chart ? [`![Time against N for each operation: provider, engine floor, network floor](${options.chart})`] : []),
    timesSection(results),
    memorySection(results),
    rateSection(results.rate),
    targetsSection(evaluateTargets(results)),
  ];
  return `${sections.join("\n\n")}\n`;
}

function header({ date, latencyMs, emulatorRateLimit, machine }: BenchResults): string {
  const limit = emulatorRateLimit === null ? "off" : `${emulatorRateLimit}/min`;
  return (
    `${date} · latency ${latencyMs} ms per request · emulator rate limit ${limit} · ` +
    `${machine.cpus} CPUs, Node ${machine.node}, Pulumi ${machine.pulumi}`
  );
}

/** Builds a Markdown table; `align` has one "l" or "r" per column. */
function table(headings: string[], align: string, rows: string[][]): string {
  const rule = [...align].map((a) => (a === "r" ? "---:" : "---"));
  return [headings, rule, ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

function timesSection(results: BenchResults): string {
  const intro =
    "Times in seconds. Engine floor: the same programs through the engine with a provider that makes no " +
    "HTTP call. Network floor: the provider's HTTP calls alone, no engine, with the concurrency the provider " +
    "run reached (In flight: the most requests the emulator saw at once). Overhead: provider − engine floor.";
  const tables = sortedSizes(results).map(
    (size) =>
      `### N = ${size.n} (${resourcesAt(size.n)} resources)\n\n` +
      table(
        ["Operation", "Provider (s)", "Requests", "In flight", "Engine floor (s)", "Network floor (s)", "Overhead (s)", "Overhead / network"],
        "lrrrrrrr",
        OPERATIONS.map((op) => timesRow(opRow(size, op))),
      ),
  );
  return ["## Times", intro, ...(tables.length ? tables : ["No sizes in this run."])].join("\n\n");
}

function timesRow(row: OpRow): string[] {
  const time = (f: { ms: number; failed: boolean } | undefined) => (f ? seconds(f.ms) + (f.failed ? " (failed)" : "") : NONE);
  return [
    OP_LABEL[row.op],
    time(row.provider),
    row.provider ? String(row.provider.requests) : NONE,
    row.provider?.concurrency ? String(row.provider.concurrency) : NONE,
    time(row.engineFloor),
    time(row.networkFloor),
    row.overheadMs === undefined ? NONE : seconds(row.overheadMs),
    row.overheadRatio === undefined ? NONE : times(row.overheadRatio),
  ];
}

function memorySection(results: BenchResults): string {
  const intro =
    "Peak resident memory (VmHWM) of the dynamic-provider process over all operations: this package's provider, and " +
    "Pulumi's same host process running the no-HTTP provider of the engine floor (what the host itself costs).";
  const mb = (value: number) => (value > 0 ? value.toFixed(1) : NONE); // 0: the sampler never saw the process
  const rows = sortedSizes(results).map((s) => [
    String(s.n),
    String(resourcesAt(s.n)),
    mb(s.providerPeakRssMb),
    mb(s.engineFloorPeakRssMb),
    s.providerPeakRssMb > 0 && s.engineFloorPeakRssMb > 0 ? (s.providerPeakRssMb - s.engineFloorPeakRssMb).toFixed(1) : NONE,
  ]);
  const header = ["N", "Resources", "Provider peak (MB)", "Engine floor peak (MB)", "Above the floor (MB)"];
  return `## Memory\n\n${intro}\n\n${rows.length ? table(header, "rrrrr", rows) : "No sizes in this run."}`;
}

function rateSection(rate: RateFigures | undefined): string {
  if (!rate) return "## Rate run\n\nSkipped.";
  const share = rate.limitPerMinute > 0 ? percent(rate.achievedPerMinute / rate.limitPerMinute) : NONE;
  return (
    `## Rate run\n\nOne up against an emulator enforcing the limit; achieved = requests / span.\n\n` +
    table(
      ["Resources", "Limit (/min)", "Requests", "Span (s)", "Achieved (/min)", "% of limit", "429s", "Failed"],
      "rrrrrrrl",
      [
        [
          String(rate.resources),
          String(rate.limitPerMinute),
          String(rate.requests),
          rate.spanSeconds.toFixed(2),
          rate.achievedPerMinute.toFixed(1),
          share,
          String(rate.rejected),
          rate.failed ? "yes" : "no",
        ],
      ],
    )
  );
}

function targetsSection(targets: TargetResult[]): string {
  const lines = targets.map((t) => `- ${t.id}. ${t.target}: **${t.verdict}** (${t.detail})`);
  return `## Targets\n\n${lines.join("\n")}`;
}
