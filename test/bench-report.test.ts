/**
 * The benchmark report on made-up figures: target verdicts (met, not met, not measured), the
 * Markdown tables and verdict lines, the PNG chart and the files writeReport leaves. No engine, no
 * emulator.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { evaluateTargets, renderChart, renderMarkdown, writeReport } from "../bench/report";
import type { BenchResults, Operation, RefreshSample, SeriesSample, SizeFigures, UpSample } from "../bench/results-types";
import { median, spread, summarize } from "../bench/stats";

/** ms per resource for each operation and series; requests per resource for the provider. */
const PER_RESOURCE: Record<Operation, { provider: number; engine: number; network: number; requests: number }> = {
  up: { provider: 30, engine: 20, network: 10, requests: 1 },
  preview: { provider: 6, engine: 5, network: 0, requests: 0 },
  "preview-refresh": { provider: 15, engine: 8, network: 8, requests: 1 },
  "edit-up": { provider: 25, engine: 16, network: 10, requests: 1 },
  destroy: { provider: 20, engine: 12, network: 9, requests: 1 },
};

/** Three repetitions: the median is the nominal figure, the others 5% below and 10% above it. */
const JITTER = [1, 0.95, 1.1];

function samples(n: number, pick: (f: (typeof PER_RESOURCE)[Operation]) => number, requests: boolean, peakRssMb: number): SeriesSample[] {
  return JITTER.map((factor, i) => ({
    repetition: i + 1,
    ops: Object.entries(PER_RESOURCE).map(([op, f]) => ({
      op: op as Operation,
      // 1 s of start-up, plus the per-resource time; a series with nothing to do takes 0 ms.
      ms: pick(f) === 0 ? 0 : (1000 + pick(f) * 2 * n) * factor,
      requests: requests ? f.requests * 2 * n : 0,
      failed: false,
      concurrency: requests && f.requests ? 8 : 0,
    })),
    peakRssMb,
    state: { exportBytes: 4000 * 2 * n, resources: 2 * n, providerBytes: (requests ? 4400 : 3200) * 2 * n, providerValueBytes: requests ? 2200 : 1600 },
  }));
}

function size(n: number): SizeFigures {
  return {
    n,
    provider: samples(n, (f) => f.provider, true, 90 + n / 10),
    engineFloor: samples(n, (f) => f.engine, false, 80),
    networkFloor: samples(n, (f) => f.network, true, 0).map((s) => ({ ...s, state: undefined, peakRssMb: 0 })),
  };
}

const refreshSample = (readFromListings: boolean, repetition: number, over: Partial<RefreshSample> = {}): RefreshSample => ({
  repetition,
  readFromListings,
  requests: readFromListings ? 2 : 300,
  wallSeconds: readFromListings ? 5 : 182,
  spanSeconds: readFromListings ? 0.2 : 180,
  achievedPerMinute: readFromListings ? 600 : 99,
  rejected: 0,
  failed: false,
  ...over,
});

const upSample = (repetition: number, ms: number, peakRssMb: number, providerValueBytes: number): UpSample => ({
  repetition,
  ms,
  failed: false,
  peakRssMb,
  state: { exportBytes: 4_000_000, resources: 1000, providerBytes: providerValueBytes * 2000, providerValueBytes },
});

/** A run where every target is met: at N=100, up's overhead 2.0 s over a 3.0 s network floor (medians). */
function fakeResults(sizes = [10, 100]): BenchResults {
  return {
    date: "2025-01-02T03:04:05.000Z",
    durationMinutes: 29.5,
    repetitions: 3,
    latencyMs: 50,
    emulatorRateLimit: null,
    machine: { cpus: 8, node: "v20.19.0", pulumi: "3.248.0", loadBefore: [0.5, 0.4, 0.3], loadAfter: [1.5, 1.2, 0.9] },
    sizes: sizes.map(size),
    platforms: [
      { platform: "burki", n: 100, provider: samples(100, (f) => f.provider * 1.1, true, 95) },
      { platform: "revox", n: 100, provider: samples(100, (f) => f.provider * 0.9, true, 93) },
    ],
    refreshRate: {
      resources: 300,
      limitPerMinute: 100,
      setupSeconds: 20,
      listing: [1, 2, 3].map((r) => refreshSample(true, r)),
      perResource: [refreshSample(false, 1)],
    },
    providerSize: {
      n: 500,
      padBytes: 569,
      provider: [1, 2, 3].map((r) => upSample(r, 134_000 + r * 1000, 150, 2200)),
      engineFloor: [1, 2, 3].map((r) => upSample(r, 103_000 + r * 1000, 120, 1600)),
      paddedFloor: [1, 2, 3].map((r) => upSample(r, 105_000 + r * 1000, 121, 2200)),
    },
  };
}

/** The samples of `name` in one series at N = `n`, in repetition order. */
const ops = (results: BenchResults, n: number, series: "provider" | "engineFloor" | "networkFloor", name: Operation) =>
  results.sizes.find((s) => s.n === n)![series].map((s) => s.ops.find((f) => f.op === name)!);
/** The median sample (repetition 1, whose jitter is 1). */
const op = (results: BenchResults, n: number, series: "provider" | "engineFloor" | "networkFloor", name: Operation) => ops(results, n, series, name)[0];

const verdicts = (results: BenchResults) => Object.fromEntries(evaluateTargets(results).map((t) => [t.id, t.verdict]));
const target = (results: BenchResults, id: string) => evaluateTargets(results).find((t) => t.id === id)!;

describe("stats", () => {
  it("median, summary and spread", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
    expect(summarize([5, 1, 3])).toEqual({ median: 3, min: 1, max: 5, count: 3 });
    expect(spread(summarize([9, 10, 12])!)).toBeCloseTo(0.3);
  });
});

describe("evaluateTargets", () => {
  it("meets every target on a good run", () => {
    expect(verdicts(fakeResults())).toEqual({ a: "met", b: "met", c: "met", d: "met", e: "met" });
  });

  it("a: judges up's median overhead against 1.2 × the median network floor at N=100, listing the other operations", () => {
    const results = fakeResults();
    // up at N=100 (medians): provider 7.0 s, engine floor 5.0 s, network floor 3.0 s → 0.67×.
    expect(target(results, "a").detail).toContain("up 0.67×");
    expect(target(results, "a").detail).toContain("medians of 3, 3 and 3 samples");
    expect(target(results, "a").detail).toMatch(/other operations: preview --refresh \d/);
    expect(target(results, "a").detail).not.toMatch(/(: |, )preview (?!--refresh)/); // preview has no network time

    const setAll = (ms: number) => ops(results, 100, "provider", "up").forEach((f) => (f.ms = ms));
    setAll(5000 + 3600); // median overhead exactly 1.2 × 3.0 s
    expect(target(results, "a").verdict).toBe("met");
    setAll(5000 + 3700);
    expect(target(results, "a").verdict).toBe("not met");
    // Other sizes and operations do not decide it.
    const slowElsewhere = fakeResults();
    op(slowElsewhere, 10, "provider", "up").ms *= 10;
    op(slowElsewhere, 100, "provider", "destroy").ms *= 10;
    expect(target(slowElsewhere, "a").verdict).toBe("met");
  });

  it("a: one outlier sample does not flip the verdict; two do (medians)", () => {
    const results = fakeResults();
    const [, second, third] = ops(results, 100, "provider", "up");
    second.ms = 60_000; // one very slow provider up: the median moves to the next sample, 7.70 s
    expect(target(results, "a").verdict).toBe("met");
    expect(target(results, "a").detail).toContain("up 0.90×");
    const fastFloor = fakeResults();
    ops(fastFloor, 100, "engineFloor", "up")[2].ms = 10; // one absurdly fast floor sample
    ops(fastFloor, 100, "networkFloor", "up")[1].ms = 100_000;
    expect(target(fastFloor, "a").verdict).toBe("met");

    third.ms = 60_000; // now the median itself is slow
    expect(target(results, "a").verdict).toBe("not met");
  });

  it("a: a failed up is not met, whatever its time", () => {
    const results = fakeResults();
    ops(results, 100, "provider", "up")[2].failed = true;
    expect(target(results, "a")).toMatchObject({ verdict: "not met", detail: expect.stringContaining("failed") });
  });

  it("a and d: not measured when N=100 or N=500 is not in the run", () => {
    const small = fakeResults([10]);
    delete small.providerSize;
    expect(target(small, "a")).toMatchObject({ verdict: "not measured", detail: "N=100 not in this run" });
    expect(target(small, "d")).toMatchObject({ verdict: "not measured", detail: "N=500 not in this run" });
    expect(target(small, "b").verdict).toBe("met"); // judged at every N present
  });

  it("b: a request from preview, or more than one per resource from preview --refresh, is not met (medians)", () => {
    const previewCalls = fakeResults();
    ops(previewCalls, 100, "provider", "preview").forEach((f) => (f.requests = 1));
    expect(target(previewCalls, "b")).toMatchObject({ verdict: "not met", detail: expect.stringContaining("N=100") });

    const refresh = fakeResults();
    ops(refresh, 10, "provider", "preview-refresh")[1].requests = 40; // one sample over: the median is 20
    expect(target(refresh, "b").verdict).toBe("met");
    ops(refresh, 10, "provider", "preview-refresh")[2].requests = 21;
    expect(target(refresh, "b")).toMatchObject({ verdict: "not met", detail: expect.stringContaining("21 requests for 20 resources") });
  });

  it("b: not measured when no size ran", () => {
    expect(target(fakeResults([]), "b").verdict).toBe("not measured");
  });

  it("c: the per-resource refresh needs ≥ 90% of the limit and must succeed", () => {
    const results = fakeResults();
    results.refreshRate!.perResource[0].achievedPerMinute = 90; // exactly 90% of 100
    expect(target(results, "c").verdict).toBe("met");
    results.refreshRate!.perResource[0].achievedPerMinute = 89.9;
    expect(target(results, "c").verdict).toBe("not met");

    const failed = fakeResults();
    failed.refreshRate!.perResource[0].failed = true;
    expect(target(failed, "c")).toMatchObject({ verdict: "not met", detail: expect.stringContaining("refresh failed") });

    // Reads from listings where per-resource reads were asked: no pacing to judge.
    const listed = fakeResults();
    listed.refreshRate!.perResource[0].requests = 2;
    expect(target(listed, "c")).toMatchObject({ verdict: "not measured", detail: expect.stringContaining("2 requests for 300 resources") });

    const skipped = fakeResults();
    delete skipped.refreshRate;
    expect(target(skipped, "c")).toMatchObject({ verdict: "not measured", detail: "refresh-rate run skipped" });
  });

  it("d: the median peak of the provider's up at N=500 must stay under 200 MB", () => {
    const results = fakeResults();
    const peaks = (mb: number[]) => results.providerSize!.provider.forEach((s, i) => (s.peakRssMb = mb[i]));
    peaks([199.9, 150, 250]); // one sample over: the median is under
    expect(target(results, "d").verdict).toBe("met");
    peaks([200, 150, 250]);
    expect(target(results, "d")).toMatchObject({
      verdict: "not met",
      detail: "peak 200.0 MB (median of 3, up); Pulumi's host alone, with the no-HTTP provider: 120.0 MB",
    });
    peaks([0, 0, 0]); // the sampler never saw the process
    expect(target(results, "d").verdict).toBe("not measured");
  });

  it("d: falls back to a size run of N=500 without the provider-size experiment", () => {
    const results = fakeResults([10, 100, 500]);
    delete results.providerSize;
    expect(target(results, "d")).toMatchObject({ verdict: "met", detail: expect.stringContaining("peak 140.0 MB (median of 3, all operations)") });
  });

  it("e: the listing refresh needs ≤ 2 requests and < 10 s (medians), and no failure", () => {
    const results = fakeResults();
    const listing = results.refreshRate!.listing;
    listing[0].wallSeconds = 60; // one slow sample
    listing[1].requests = 300; // one sample that read per resource
    expect(target(results, "e").verdict).toBe("met");
    listing[2].wallSeconds = 10; // median 10 s: not under 10
    expect(target(results, "e")).toMatchObject({ verdict: "not met", detail: expect.stringContaining("10.00 s") });

    const chatty = fakeResults();
    chatty.refreshRate!.listing.forEach((s, i) => (s.requests = [3, 3, 2][i]));
    expect(target(chatty, "e")).toMatchObject({ verdict: "not met", detail: expect.stringMatching(/^3 requests/) });

    const failed = fakeResults();
    failed.refreshRate!.listing[1].failed = true;
    expect(target(failed, "e").verdict).toBe("not met");

    const skipped = fakeResults();
    delete skipped.refreshRate;
    expect(target(skipped, "e").verdict).toBe("not measured");
  });
});

describe("renderMarkdown", () => {
  const markdown = renderMarkdown(fakeResults());

  it("writes the header: repetitions, machine and load", () => {
    expect(markdown).toContain("2025-01-02T03:04:05.000Z · 3 repetitions of each series · latency 50 ms per request · emulator rate limit off (size runs) · took 29.5 min");
    expect(markdown).toContain("Machine: 8 CPUs, Node v20.19.0, Pulumi 3.248.0");
    expect(markdown).toContain("Load average (1 / 5 / 15 min): 0.50 / 0.40 / 0.30 before, 1.50 / 1.20 / 0.90 after");
    expect(renderMarkdown({ ...fakeResults(), emulatorRateLimit: 300 })).toContain("emulator rate limit 300/min");
  });

  it("says how wide the samples spread, per series", () => {
    // Samples at 0.95, 1 and 1.1 × the median: 15%.
    expect(markdown).toContain("| HMS provider | 100 | 3 | 15% |");
    expect(markdown).toContain("| Burki provider | 100 | 3 | 15% |");
    expect(markdown).toMatch(/^\| listing refresh \| 150 \| 3 \| 0% \|$/m);
  });

  it("writes one table per size, a row per operation: medians with min–max, in seconds", () => {
    expect(markdown).toContain("### N = 100 (200 resources)");
    // up at N=100: provider 7.00 s (6.65–7.70), 200 requests, 8 in flight, engine 5.00 s, network 3.00 s, overhead 2.00 s, 0.67×.
    expect(markdown).toContain("| up | 7.00 (6.65–7.70) | 200 | 8 | 5.00 (4.75–5.50) | 3.00 (2.85–3.30) | 2.00 | 0.67× |");
    // preview has no request in flight and a zero network floor: no ratio.
    expect(markdown).toContain("| preview | 2.20 (2.09–2.42) | 0 | — | 2.00 (1.90–2.20) | 0.00 | 0.20 | — |");
    expect(markdown).toMatch(/^\| preview --refresh \| 4\.00 \(3\.80–4\.40\) \| 200 \|/m);
    expect(markdown).toMatch(/^\| edit-up \|/m);
    expect(markdown).toMatch(/^\| destroy \|/m);
    expect(markdown).not.toMatch(/<[a-z]+[ >]/i); // no HTML
  });

  it("writes one figure without a range for a single sample", () => {
    const one = fakeResults();
    for (const s of one.sizes) for (const series of [s.provider, s.engineFloor, s.networkFloor]) series.splice(1);
    expect(renderMarkdown(one)).toContain("| up | 7.00 | 200 | 8 | 5.00 | 3.00 | 2.00 | 0.67× |");
  });

  it("marks failed operations", () => {
    const results = fakeResults();
    ops(results, 10, "provider", "destroy")[1].failed = true;
    expect(renderMarkdown(results)).toMatch(/^\| destroy \| [\d.]+ \([\d.–]+\) \(failed\) \|/m);
  });

  it("writes Burki and Revox beside HMS, against the reused HMS engine floor", () => {
    expect(markdown).toContain("the engine floor here is the HMS size's samples, reused");
    // up at N=100: HMS 7.00, Burki 1000 + 6600 = 7.60, Revox 1000 + 5400 = 6.40; floor 5.00.
    expect(markdown).toMatch(/^\| up \| 7\.00 \(6\.65–7\.70\) \| 7\.60 \([\d.–]+\) \| 6\.40 \([\d.–]+\) \| 200 \| 200 \| 200 \| 5\.00 \(4\.75–5\.50\) \| 2\.00 \| 2\.60 \| 1\.40 \|$/m);
    expect(renderMarkdown({ ...fakeResults(), platforms: [] })).toContain("## Other platforms\n\nSkipped.");
  });

  it("writes state size per resource, peak memory, the refresh-rate run and the provider-size experiment", () => {
    expect(markdown).toContain("| HMS | 100 | provider | 4000 | 4400 | 2200 |");
    expect(markdown).toContain("| — | 100 | engine floor | 4000 | 3200 | 1600 |");
    expect(markdown).toContain("| HMS | 100 | 100.0 | 80.0 | 20.0 |");
    expect(markdown).toContain("| listing reads | 3 | 2 | 5.00 | 0.20 | 600.0 | 600% | 0 | no |");
    expect(markdown).toContain("| per-resource reads | 1 | 300 | 182.00 | 180.00 | 99.0 | 99% | 0 | no |");
    expect(markdown).toContain("| A. this package's HMS provider | 3 | 136.00 (135.00–137.00) | 2200 |");
    // C − B at the medians: 107 − 105 s.
    expect(markdown).toContain("**2.00 s**");
    const skipped = fakeResults();
    delete skipped.refreshRate;
    delete skipped.providerSize;
    const text = renderMarkdown(skipped);
    expect(text).toContain("## Refresh against a rate limit\n\nSkipped.");
    expect(text).toContain("## What the serialized provider costs\n\nSkipped.");
  });

  it("writes one verdict line per target", () => {
    const results = fakeResults([10, 100]);
    results.refreshRate!.perResource[0].failed = true;
    delete results.providerSize;
    const lines = renderMarkdown(results).split("\n").filter((l) => /^- [a-e]\. /.test(l));
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^- a\. .*: \*\*met\*\* \(up 0\.67×/);
    expect(lines[1]).toMatch(/^- b\. .*: \*\*met\*\*/);
    expect(lines[2]).toMatch(/^- c\. .*: \*\*not met\*\* \(.*refresh failed\)$/);
    expect(lines[3]).toMatch(/^- d\. .*: \*\*not measured\*\* \(N=500 not in this run\)$/);
    expect(lines[4]).toMatch(/^- e\. .*: \*\*met\*\*/);
  });
});

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

describe("renderChart and writeReport", () => {
  it("loads vega outside vitest too, as the CommonJS build does", () => {
    // vitest runs modules through its own runner; plain Node with ts-node (module commonjs) takes the
    // path the built dist/bench takes, where import() would become a require() that vega refuses.
    const script = `require("./bench/esm").importEsm("vega").then((v) => console.log(typeof v.View, typeof v.parse))`;
    const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
      cwd: path.join(__dirname, ".."),
      encoding: "utf8",
    });
    expect(out.trim()).toBe("function function");
  });

  it("renders a PNG chart", async () => {
    const png = await renderChart(fakeResults());
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.length).toBeGreaterThan(20_000);
    expect(png.length).toBeLessThan(2_000_000);
    const { width, height } = pngSize(png);
    expect(width).toBeGreaterThan(1000); // five panels side by side at 2× scale
    expect(height).toBeGreaterThan(300);
  });

  it("writes results.md, chart.png and results.json side by side", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "bench-report-"));
    onTestFinished(() => fs.rmSync(root, { recursive: true, force: true }));
    const dir = path.join(root, "nested");
    const results = fakeResults();
    const { markdown, files } = await writeReport(results, dir);
    expect(files).toEqual(["results.md", "chart.png", "results.json"].map((f) => path.join(dir, f)));
    expect(markdown).toMatch(/!\[[^\]]+\]\(chart\.png\)/);
    expect(fs.readFileSync(files[0], "utf8")).toBe(markdown);
    expect(fs.readFileSync(files[1]).subarray(1, 4).toString()).toBe("PNG");
    expect(JSON.parse(fs.readFileSync(files[2], "utf8"))).toEqual(results);
  });
});
