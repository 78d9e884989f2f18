/**
 * What the tests that install this package from a tarball share (test/package.e2e.test.ts,
 * test/upgrade.e2e.test.ts): the check that dist/ is current, `npm pack` of a package folder, the
 * versions the repository pins, and Pulumi runs in a project folder.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT, runPulumi, type PulumiResult } from "../scripts/pulumi-cli";
import { scratchEnv } from "../scripts/scratch-stack";

export const run = promisify(execFile);

/** Fails early, with what to do, when dist/ is older than the sources it is built from. */
export function assertBuilt(): void {
  const newest = (dir: string, ext: string): number =>
    fs
      .readdirSync(path.join(REPO_ROOT, dir), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith(ext) && !f.endsWith(".d.ts"))
      .reduce((max, f) => Math.max(max, fs.statSync(path.join(REPO_ROOT, dir, f)).mtimeMs), 0);
  for (const dir of ["sdk", "provider", "scripts"]) {
    const built = fs.existsSync(path.join(REPO_ROOT, "dist", dir)) ? newest(path.join("dist", dir), ".js") : 0;
    if (newest(dir, ".ts") > built) throw new Error(`dist/${dir} is older than ${dir}/: run \`npm run -s build\` first`);
  }
}

export interface Packed {
  /** Absolute path of the tarball. */
  tarball: string;
  /** The files it holds, sorted. */
  files: string[];
}

/**
 * `npm pack --ignore-scripts` of the package in `dir` into `destination`. --ignore-scripts: `npm
 * pack` would run `prepare` (a full rebuild of dist/; in the repository, under the feet of the other
 * test files), so the caller makes sure dist/ is built (see {@link assertBuilt}).
 */
export async function pack(dir: string, destination: string): Promise<Packed> {
  fs.mkdirSync(destination, { recursive: true });
  const { stdout } = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", destination], { cwd: dir, maxBuffer: 16 << 20 });
  const [info] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  return { tarball: path.join(destination, info.filename), files: info.files.map((f) => f.path).sort() };
}

/** The version of a package installed in the repository's node_modules (what the repository pins). */
export function repoVersionOf(pkg: string): string {
  return (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;
}

/**
 * `pulumi <args> --non-interactive` in the project folder `project`, with its scratch environment
 * against the API at `baseUrl` (scripts/scratch-stack.ts); resolves with the exit code.
 */
export function pulumiInProject(project: string, baseUrl: string, args: string[]): Promise<PulumiResult> {
  return runPulumi([...args, "--non-interactive"], { cwd: project, env: scratchEnv(project, baseUrl) });
}
