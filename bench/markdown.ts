/** The benchmark results as a Markdown document (plain Markdown, no HTML). */
import { maxSpread, opRow, platformRow, resourcesAt, seriesOp, sizeAt, sortedSizes, stateSummary, type OpRow, type SeriesOp } from "./figures";
import { count, NONE, OP_LABEL, percent, ranged, rangedSeconds, seconds, times } from "./format";
import {
  OPERATIONS,
  type BenchResults,
  type PlatformFigures,
  type ProviderSizeFigures,
  type RefreshRateFigures,
  type RefreshSample,
  type SeriesSample,
  type UpSample,
} from "./results-types";
import { spread, summarize, type Summary } from "./stats";
import { evaluateTargets, type TargetResult } from "./targets";

export interface MarkdownOptions {
  /** Relative path of the chart image to embed (omitted: no image). */
  chart?: string;
}

const PLATFORM_LABEL = { hms: "HMS", burki: "Burki", revox: "Revox" } as const;

/**
 * Renders `results`: a header (machine, repetitions, load), how noisy the run was, one table per
 * size (medians with min–max, times in seconds), the other platforms, state size, peak memory, the
 * refresh-rate run, the provider-size experiment and the target verdicts.
 */
export function renderMarkdown(results: BenchResults, options: MarkdownOptions = {}): string {
  const sections = [
    `# Benchmark results\n\n${header(results)}`,
    noiseSection(results),
    ...(options.chart ? [`![Median wall time against N for each operation: provider, engine floor, network floor](${options.chart})`] : []),
    timesSection(results),
    platformsSection(results),
    stateSection(results),
    memorySection(results),
    refreshSection(results.refreshRate),
    providerSizeSection(results.providerSize),
    targetsSection(evaluateTargets(results)),
  ];
  return `${sections.join("\n\n")}\n`;
}

const load = (values: number[] | undefined) => (values ? values.map((v) => v.toFixed(2)).join(" / ") : NONE);

function header({ date, durationMinutes, repetitions, latencyMs, emulatorRateLimit, machine }: BenchResults): string {
  const limit = emulatorRateLimit === null ? "off" : `${emulatorRateLimit}/min`;
  const lines = [
    `${date} · ${repetitions} repetition${repetitions === 1 ? "" : "s"} of each series · latency ${latencyMs} ms per request · ` +
      `emulator rate limit ${limit} (size runs)` +
      (durationMinutes !== undefined ? ` · took ${durationMinutes.toFixed(1)} min` : ""),
    `Machine: ${machine.cpus} CPUs${machine.cpuModel ? ` (${machine.cpuModel})` : ""}` +
      (machine.memoryMb ? `, ${(machine.memoryMb / 1024).toFixed(1)} GB` : "") +
      (machine.os ? `, ${machine.os}` : "") +
      `, Node ${machine.node}, Pulumi ${machine.pulumi}`,
  ];
  if (machine.loadBefore || machine.loadAfter) {
    lines.push(`Load average (1 / 5 / 15 min): ${load(machine.loadBefore)} before, ${load(machine.loadAfter)} after`);
  }
  return lines.join("  \n");
}

/** Builds a Markdown table; `align` has one "l" or "r" per column. */
function table(headings: string[], align: string, rows: string[][]): string {
  const rule = [...align].map((a) => (a === "r" ? "---:" : "---"));
  return [headings, rule, ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

const pct = (share: number | undefined) => (share === undefined ? NONE : percent(share));

/** Per series, the widest spread of its wall times over the repetitions. */
function noiseSection(results: BenchResults): string {
  const rows: string[][] = [];
  const add = (label: string, n: number, series: readonly SeriesSample[]) => {
    if (series.length) rows.push([label, String(n), String(series.length), pct(maxSpread(series, OPERATIONS))]);
  };
  for (const size of sortedSizes(results)) {
    add("HMS provider", size.n, size.provider);
    add("engine floor", size.n, size.engineFloor);
    add("network floor", size.n, size.networkFloor);
  }
  for (const p of results.platforms) add(`${PLATFORM_LABEL[p.platform]} provider`, p.n, p.provider);
  const ps = results.providerSize;
  if (ps) {
    for (const [label, samples] of [["HMS provider (up only)", ps.provider], ["engine floor (up only)", ps.engineFloor], ["padded engine floor (up only)", ps.paddedFloor]] as const) {
      const s = summarize(samples.map((u) => u.ms));
      if (s) rows.push([label, String(ps.n), String(s.count), s.count > 1 ? pct(spread(s)) : NONE]);
    }
  }
  const listing = results.refreshRate?.listing ?? [];
  const ls = summarize(listing.map((s) => s.wallSeconds));
  if (ls) rows.push(["listing refresh", String(results.refreshRate!.resources / 2), String(ls.count), ls.count > 1 ? pct(spread(ls)) : NONE]);

  const intro =
    `Each series ran ${results.repetitions} time${results.repetitions === 1 ? "" : "s"} per size, alternating (provider, engine floor, ` +
    "network floor, other platforms, then again), each time on a fresh stack. Every figure below is the median, with the " +
    "min–max of the samples in brackets when they differ; every verdict is taken on medians. Spread: (max − min) / median " +
    "of the wall time, the widest over the series' operations.";
  return `## Repetitions and noise\n\n${intro}\n\n${rows.length ? table(["Series", "N", "Samples", "Max spread (% of median)"], "lrrr", rows) : "No samples in this run."}`;
}

function timesSection(results: BenchResults): string {
  const intro =
    "HMS, times in seconds. Engine floor: the same programs through the engine with a provider that makes no " +
    "HTTP call. Network floor: the provider's HTTP calls alone, no engine, with the concurrency the provider " +
    "run reached (In flight: the most requests the emulator saw at once). Overhead: median provider − median engine floor.";
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

const time = (f: SeriesOp | undefined) => (f ? rangedSeconds(f.ms) + (f.failed ? " (failed)" : "") : NONE);
const requests = (f: SeriesOp | undefined) => (f ? ranged(f.requests, count) : NONE);
const inFlight = (f: SeriesOp | undefined) => (f && f.concurrency.max > 0 ? ranged(f.concurrency, count) : NONE);

function timesRow(row: OpRow): string[] {
  return [
    OP_LABEL[row.op],
    time(row.provider),
    requests(row.provider),
    inFlight(row.provider),
    time(row.engineFloor),
    time(row.networkFloor),
    row.overheadMs === undefined ? NONE : seconds(row.overheadMs),
    row.overheadRatio === undefined ? NONE : times(row.overheadRatio),
  ];
}

function platformsSection(results: BenchResults): string {
  if (results.platforms.length === 0) return "## Other platforms\n\nSkipped.";
  const byN = new Map<number, PlatformFigures[]>();
  for (const p of results.platforms) byN.set(p.n, [...(byN.get(p.n) ?? []), p]);
  const intro =
    "The same fleet (N assistants, each with one number) on Burki and Revox, interleaved with the HMS runs of the same N. " +
    "The engine-floor program is platform-neutral (its no-HTTP resources do not depend on the platform), so the engine floor " +
    "here is the HMS size's samples, reused. No network floor is measured for these platforms.";
  const tables = [...byN].sort(([a], [b]) => a - b).map(([n, platforms]) => {
    const hms = sizeAt(results, n);
    const columns = [
      ...(hms ? [{ label: "HMS", samples: hms.provider }] : []),
      ...platforms.map((p) => ({ label: PLATFORM_LABEL[p.platform], samples: p.provider })),
    ];
    const rows = OPERATIONS.map((op) => {
      const floor = platformRow(results, platforms[0], op).engineFloor;
      const cells = columns.map((c) => seriesOp(c.samples, op));
      return [
        OP_LABEL[op],
        ...cells.map(time),
        ...cells.map(requests),
        time(floor),
        ...cells.map((c) => (c && floor ? seconds(c.ms.median - floor.ms.median) : NONE)),
      ];
    });
    const headings = [
      "Operation",
      ...columns.map((c) => `${c.label} (s)`),
      ...columns.map((c) => `${c.label} requests`),
      "Engine floor (s)",
      ...columns.map((c) => `${c.label} overhead (s)`),
    ];
    return `### N = ${n} (${resourcesAt(n)} resources)\n\n${table(headings, "l" + "r".repeat(headings.length - 1), rows)}`;
  });
  return ["## Other platforms", intro, ...tables].join("\n\n");
}

const bytes = (s: Summary | undefined) => ranged(s, (v) => v.toFixed(0));

function stateSection(results: BenchResults): string {
  const rows: string[][] = [];
  const add = (platform: string, n: number, series: string, states: ({ state?: SeriesSample["state"] } | UpSample)[]) => {
    const s = stateSummary(states.map((x) => x.state));
    if (!s) return;
    rows.push([platform, String(n), series, bytes(s.exportPerResource), bytes(s.providerPerResource), bytes(s.providerValue)]);
  };
  for (const size of sortedSizes(results)) {
    add("HMS", size.n, "provider", size.provider);
    add("—", size.n, "engine floor", size.engineFloor);
  }
  for (const p of results.platforms) add(PLATFORM_LABEL[p.platform], p.n, "provider", p.provider);
  const ps = results.providerSize;
  if (ps) {
    add("HMS", ps.n, "provider (up only)", ps.provider);
    add("—", ps.n, "engine floor (up only)", ps.engineFloor);
    add("—", ps.n, "padded engine floor (up only)", ps.paddedFloor);
  }
  const intro =
    "`pulumi stack export` after each up, in bytes: the whole export per resource, the `__provider` values per resource " +
    "(each resource carries the serialized provider in its inputs and again in its outputs), and one `__provider` value.";
  const headings = ["Platform", "N", "Series", "Export / resource (B)", "`__provider` / resource (B)", "One `__provider` (B)"];
  return `## State size\n\n${intro}\n\n${rows.length ? table(headings, "lrlrrr", rows) : "No state figures in this run."}`;
}

function memorySection(results: BenchResults): string {
  const intro =
    "Peak resident memory (VmHWM) of the dynamic-provider process over a repetition's operations, median (min–max) over the " +
    "repetitions: this package's provider, and Pulumi's same host process running the no-HTTP provider of the engine floor " +
    "(what the host itself costs).";
  const peaks = (series: readonly { peakRssMb: number }[]) => summarize(series.map((s) => s.peakRssMb).filter((mb) => mb > 0));
  const mb = (s: Summary | undefined) => ranged(s, (v) => v.toFixed(1)); // none: the sampler never saw the process
  const rows: string[][] = [];
  const add = (label: string, n: number, provider: readonly { peakRssMb: number }[], floor: readonly { peakRssMb: number }[]) => {
    const [p, f] = [peaks(provider), peaks(floor)];
    rows.push([label, String(n), mb(p), mb(f), p && f ? (p.median - f.median).toFixed(1) : NONE]);
  };
  for (const s of sortedSizes(results)) add("HMS", s.n, s.provider, s.engineFloor);
  for (const p of results.platforms) add(PLATFORM_LABEL[p.platform], p.n, p.provider, sizeAt(results, p.n)?.engineFloor ?? []);
  if (results.providerSize) add("HMS (up only)", results.providerSize.n, results.providerSize.provider, results.providerSize.engineFloor);
  const header = ["Platform", "N", "Provider peak (MB)", "Engine floor peak (MB)", "Above the floor (MB)"];
  return `## Memory\n\n${intro}\n\n${rows.length ? table(header, "lrrrr", rows) : "No sizes in this run."}`;
}

function refreshSection(run: RefreshRateFigures | undefined): string {
  if (!run) return "## Refresh against a rate limit\n\nSkipped.";
  const intro =
    `${run.resources} HMS resources (${run.resources / 2} assistants, ${run.resources / 2} numbers), created with the emulator's limit off ` +
    `(setup up: ${run.setupSeconds.toFixed(1)} s), then \`pulumi refresh --yes --skip-preview\` with the emulator enforcing ` +
    `${run.limitPerMinute} requests/minute (its window starting afresh before each refresh). Listing reads: a plain refresh, ` +
    "`hms:readFromListings` true (the default). Per-resource reads: `hms:readFromListings` false and `hms:requestsPerMinute` = " +
    `${run.limitPerMinute}, passed on by \`--run-program\` (a plain refresh configures the provider from the state); one GET per ` +
    "resource, measured once (the limiter dominates it). Achieved = requests / span (first to last request).";
  const row = (label: string, samples: RefreshSample[]): string[] => {
    const s = (pick: (x: RefreshSample) => number) => summarize(samples.map(pick));
    const achieved = s((x) => x.achievedPerMinute);
    return [
      label,
      String(samples.length),
      ranged(s((x) => x.requests), count),
      ranged(s((x) => x.wallSeconds), (v) => v.toFixed(2)),
      ranged(s((x) => x.spanSeconds), (v) => v.toFixed(2)),
      ranged(achieved, (v) => v.toFixed(1)),
      achieved && run.limitPerMinute > 0 ? percent(achieved.median / run.limitPerMinute) : NONE,
      ranged(s((x) => x.rejected), count),
      samples.some((x) => x.failed) ? "yes" : "no",
    ];
  };
  const rows = [
    ...(run.listing.length ? [row("listing reads", run.listing)] : []),
    ...(run.perResource.length ? [row("per-resource reads", run.perResource)] : []),
  ];
  const headings = ["Reads", "Samples", "Requests", "Wall (s)", "Span (s)", "Achieved (/min)", "% of limit", "429s", "Failed"];
  return `## Refresh against a rate limit\n\n${intro}\n\n${table(headings, "lrrrrrrrl", rows)}`;
}

function providerSizeSection(ps: ProviderSizeFigures | undefined): string {
  if (!ps) return "## What the serialized provider costs\n\nSkipped.";
  const ms = (samples: UpSample[]) => summarize(samples.map((s) => s.ms));
  const failed = (samples: UpSample[]) => (samples.some((s) => s.failed) ? " (failed)" : "");
  const value = (samples: UpSample[]) => bytes(stateSummary(samples.map((s) => s.state))?.providerValue);
  const series = [
    ["A. this package's HMS provider", ps.provider],
    ["B. engine floor", ps.engineFloor],
    ["C. engine floor, `__provider` padded to A's size", ps.paddedFloor],
  ] as const;
  const rows = series.map(([label, samples]) => [label, String(samples.length), rangedSeconds(ms(samples)) + failed(samples), value(samples)]);
  const [a, b, c] = [ms(ps.provider), ms(ps.engineFloor), ms(ps.paddedFloor)];
  const diff = (x: Summary | undefined, y: Summary | undefined) => (x && y ? `${seconds(x.median - y.median)} s` : NONE);
  const extra = ps.padBytes;
  const intro =
    `\`up\` only at N = ${ps.n} (${resourcesAt(ps.n)} resources), the three series alternating, each a fresh stack dropped ` +
    `without destroy. C's no-HTTP provider captures a string constant of ${extra} characters so that its serialized ` +
    "`__provider` is as long as A's.";
  const summary =
    `C − B (what the larger \`__provider\` alone costs at N=${ps.n}, medians): **${diff(c, b)}**; ` +
    `A − C (the rest of the provider's overhead): ${diff(a, c)}; A − B: ${diff(a, b)}.`;
  return `## What the serialized provider costs\n\n${intro}\n\n${table(["Series", "Samples", "up (s)", "One `__provider` (B)"], "lrrr", rows)}\n\n${summary}`;
}

function targetsSection(targets: TargetResult[]): string {
  const lines = targets.map((t) => `- ${t.id}. ${t.target}: **${t.verdict}** (${t.detail})`);
  return `## Targets\n\nVerdicts on medians; a failed sample fails its target.\n\n${lines.join("\n")}`;
}
