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
import type { BenchResults, Operation, OpFigures, SizeFigures } from "../bench/results-types";

/** ms per resource for each operation and series; requests per resource for the provider. */
const PER_RESOURCE: Record<Operation, { provider: number; engine: number; network: number; requests: number }> = {
  up: { provider: 30, engine: 20, network: 10, requests: 1 },
  preview: { provider: 6, engine: 5, network: 0, requests: 0 },
  "preview-refresh": { provider: 15, engine: 8, network: 8, requests: 1 },
  "edit-up": { provider: 25, engine: 16, network: 10, requests: 1 },
  destroy: { provider: 20, engine: 12, network: 9, requests: 1 },
};

function size(n: number): SizeFigures {
  const series = (pick: (f: (typeof PER_RESOURCE)[Operation]) => number, requests: boolean): OpFigures[] =>
    Object.entries(PER_RESOURCE).map(([op, f]) => ({
      op: op as Operation,
      // 1 s of start-up, plus the per-resource time; a series with nothing to do takes 0 ms.
      ms: pick(f) === 0 ? 0 : 1000 + pick(f) * 2 * n,
      requests: requests ? f.requests * 2 * n : 0,
      failed: false,
      concurrency: requests && f.requests ? 8 : 0,
    }));
  return {
    n,
    provider: series((f) => f.provider, true),
    engineFloor: series((f) => f.engine, false),
    networkFloor: series((f) => f.network, true),
    providerPeakRssMb: 90 + n / 10,
    engineFloorPeakRssMb: 80,
  };
}

/** A run where every target is met: at N=100, up's overhead 2.0 s over a 3.0 s network floor. */
function fakeResults(sizes = [10, 100, 500]): BenchResults {
  return {
    date: "2025-01-02T03:04:05.000Z",
    latencyMs: 50,
    emulatorRateLimit: null,
    machine: { cpus: 8, node: "v20.19.0", pulumi: "3.248.0" },
    sizes: sizes.map(size),
    rate: { resources: 200, limitPerMinute: 600, requests: 200, spanSeconds: 21, achievedPerMinute: 571.4, rejected: 3, failed: false, wallSeconds: 24 },
  };
}

const op = (results: BenchResults, n: number, series: "provider" | "engineFloor" | "networkFloor", name: Operation) =>
  results.sizes.find((s) => s.n === n)![series].find((f) => f.op === name)!;

const verdicts = (results: BenchResults) => Object.fromEntries(evaluateTargets(results).map((t) => [t.id, t.verdict]));
const target = (results: BenchResults, id: string) => evaluateTargets(results).find((t) => t.id === id)!;

describe("evaluateTargets", () => {
  it("meets every target on a good run", () => {
    expect(verdicts(fakeResults())).toEqual({ a: "met", b: "met", c: "met", d: "met" });
  });

  it("a: judges up's overhead against 1.2 × the network floor at N=100, listing the other operations", () => {
    const results = fakeResults();
    // up at N=100: provider 7.0 s, engine floor 5.0 s, network floor 3.0 s → 0.67×.
    expect(target(results, "a").detail).toContain("up 0.67×");
    expect(target(results, "a").detail).toMatch(/other operations: preview --refresh \d/);
    expect(target(results, "a").detail).not.toMatch(/(: |, )preview (?!--refresh)/); // preview has no network time

    op(results, 100, "provider", "up").ms = 5000 + 3600; // overhead exactly 1.2 × 3.0 s
    expect(target(results, "a").verdict).toBe("met");
    op(results, 100, "provider", "up").ms = 5000 + 3700;
    expect(target(results, "a").verdict).toBe("not met");
    // Other sizes and operations do not decide it.
    const slowElsewhere = fakeResults();
    op(slowElsewhere, 500, "provider", "up").ms *= 10;
    op(slowElsewhere, 100, "provider", "destroy").ms *= 10;
    expect(target(slowElsewhere, "a").verdict).toBe("met");
  });

  it("a: a failed up is not met, whatever its time", () => {
    const results = fakeResults();
    op(results, 100, "provider", "up").failed = true;
    expect(target(results, "a")).toMatchObject({ verdict: "not met", detail: expect.stringContaining("failed") });
  });

  it("a and d: not measured when N=100 or N=500 is not in the run", () => {
    const small = fakeResults([10]);
    expect(target(small, "a")).toMatchObject({ verdict: "not measured", detail: "N=100 not in this run" });
    expect(target(small, "d")).toMatchObject({ verdict: "not measured", detail: "N=500 not in this run" });
    expect(target(small, "b").verdict).toBe("met"); // judged at every N present
  });

  it("b: a request from preview, or more than one per resource from preview --refresh, is not met", () => {
    const previewCalls = fakeResults();
    op(previewCalls, 500, "provider", "preview").requests = 1;
    expect(target(previewCalls, "b")).toMatchObject({ verdict: "not met", detail: expect.stringContaining("N=500") });

    const refresh = fakeResults();
    op(refresh, 10, "provider", "preview-refresh").requests = 20; // 2N resources: still met
    expect(target(refresh, "b").verdict).toBe("met");
    op(refresh, 10, "provider", "preview-refresh").requests = 21;
    expect(target(refresh, "b")).toMatchObject({ verdict: "not met", detail: expect.stringContaining("21 requests for 20 resources") });
  });

  it("b: not measured when no size ran", () => {
    expect(target(fakeResults([]), "b").verdict).toBe("not measured");
  });

  it("c: needs ≥ 90% of the limit and a successful up", () => {
    const results = fakeResults();
    results.rate!.achievedPerMinute = 540; // exactly 90% of 600
    expect(target(results, "c").verdict).toBe("met");
    results.rate!.achievedPerMinute = 539;
    expect(target(results, "c").verdict).toBe("not met");

    const failed = fakeResults();
    failed.rate!.failed = true;
    expect(target(failed, "c")).toMatchObject({ verdict: "not met", detail: expect.stringContaining("up failed") });

    const skipped = fakeResults();
    delete skipped.rate;
    expect(target(skipped, "c")).toMatchObject({ verdict: "not measured", detail: "rate run skipped" });
  });

  it("d: the peak must stay under 200 MB at N=500", () => {
    const results = fakeResults();
    results.sizes[2].providerPeakRssMb = 199.9;
    expect(target(results, "d").verdict).toBe("met");
    results.sizes[2].providerPeakRssMb = 200;
    expect(target(results, "d")).toMatchObject({ verdict: "not met", detail: "peak 200.0 MB; Pulumi's host alone, with the no-HTTP provider: 80.0 MB" });
    results.sizes[2].providerPeakRssMb = 0; // the sampler never saw the process
    expect(target(results, "d").verdict).toBe("not measured");
  });
});

describe("renderMarkdown", () => {
  const markdown = renderMarkdown(fakeResults());

  it("writes the header line", () => {
    expect(markdown).toContain("2025-01-02T03:04:05.000Z · latency 50 ms per request · emulator rate limit off · 8 CPUs, Node v20.19.0, Pulumi 3.248.0");
    expect(renderMarkdown({ ...fakeResults(), emulatorRateLimit: 300 })).toContain("emulator rate limit 300/min");
  });

  it("writes one table per size, a row per operation, in seconds", () => {
    expect(markdown).toContain("### N = 100 (200 resources)");
    // up at N=100: provider 7.00 s, 200 requests, 8 in flight, engine 5.00 s, network 3.00 s, overhead 2.00 s, 0.67×.
    expect(markdown).toContain("| up | 7.00 | 200 | 8 | 5.00 | 3.00 | 2.00 | 0.67× |");
    // preview has no request in flight and a zero network floor: no ratio.
    expect(markdown).toContain("| preview | 2.20 | 0 | — | 2.00 | 0.00 | 0.20 | — |");
    expect(markdown).toMatch(/^\| preview --refresh \| 4\.00 \| 200 \|/m);
    expect(markdown).toMatch(/^\| edit-up \|/m);
    expect(markdown).toMatch(/^\| destroy \|/m);
    expect(markdown).not.toMatch(/<[a-z]+[ >]/i); // no HTML
  });

  it("marks failed operations", () => {
    const results = fakeResults();
    op(results, 10, "provider", "destroy").failed = true;
    expect(renderMarkdown(results)).toMatch(/^\| destroy \| [\d.]+ \(failed\) \|/m);
  });

  it("writes peak memory per size and the rate run", () => {
    expect(markdown).toContain("| 500 | 1000 | 140.0 | 80.0 | 60.0 |");
    expect(markdown).toContain("| 200 | 600 | 200 | 21.00 | 571.4 | 95% | 3 | no |");
    const skipped = fakeResults();
    delete skipped.rate;
    expect(renderMarkdown(skipped)).toContain("## Rate run\n\nSkipped.");
  });

  it("writes one verdict line per target", () => {
    const results = fakeResults([10, 100]);
    results.rate!.failed = true;
    const lines = renderMarkdown(results).split("\n").filter((l) => /^- [a-d]\. /.test(l));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^- a\. .*: \*\*met\*\* \(up 0\.67×/);
    expect(lines[1]).toMatch(/^- b\. .*: \*\*met\*\*/);
    expect(lines[2]).toMatch(/^- c\. .*: \*\*not met\*\* \(.*up failed\)$/);
    expect(lines[3]).toMatch(/^- d\. .*: \*\*not measured\*\* \(N=500 not in this run\)$/);
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
