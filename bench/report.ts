/**
 * The benchmark report: results.md (tables and target verdicts), chart.png and results.json, written
 * side by side so the Markdown's image link resolves.
 */
import * as fs from "node:fs/promises";
import * as path from "node:path";
import { renderChart } from "./chart";
import { renderMarkdown } from "./markdown";
import type { BenchResults } from "./results-types";

export { renderChart } from "./chart";
export { renderMarkdown } from "./markdown";
export { evaluateTargets } from "./targets";

const CHART = "chart.png";

/**
 * Writes results.md, chart.png and results.json into `dir` (created if needed). Returns the Markdown
 * and the absolute paths written, in that order.
 */
export async function writeReport(results: BenchResults, dir: string): Promise<{ markdown: string; files: string[] }> {
  await fs.mkdir(dir, { recursive: true });
  const markdown = renderMarkdown(results, { chart: CHART });
  const files = {
    "results.md": markdown,
    [CHART]: await renderChart(results),
    "results.json": `${JSON.stringify(results, null, 2)}\n`,
  };
  const written: string[] = [];
  for (const [name, content] of Object.entries(files)) {
    const file = path.resolve(dir, name);
    await fs.writeFile(file, content);
    written.push(file);
  }
  return { markdown, files: written };
}
