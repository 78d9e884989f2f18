/**
 * Runs the real Pulumi CLI (through scripts/pulumi.sh, which provisions it) for the demo, the tests
 * and the benchmark: one place that knows the offline settings.
 */
import { execFileSync, spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** The repository root, whether this file runs from scripts/ (tests) or dist/scripts/ (built). */
export const REPO_ROOT = findRoot(__dirname);

function findRoot(dir: string): string {
  while (!fs.existsSync(path.join(dir, "scripts", "pulumi.sh"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("scripts/pulumi.sh not found above " + __dirname);
    dir = parent;
  }
  return dir;
}

export interface PulumiRunOptions {
  /** Folder holding Pulumi.yaml (default: the repository root, which runs examples/quickstart). */
  cwd?: string;
  /** Extra environment (backend URL, passphrase, HMS credentials). */
  env?: NodeJS.ProcessEnv;
  /** "inherit" streams the CLI's output to this terminal; "pipe" (default) captures it. */
  stdio?: "inherit" | "pipe";
  /** Start the CLI in its own process group, so that `process.kill(-child.pid)` kills it with its plugins. */
  processGroup?: boolean;
}

export interface PulumiResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `pulumi <args>` and resolves with its exit code and output (never rejects on a non-zero exit). */
export function runPulumi(args: string[], options: PulumiRunOptions = {}): Promise<PulumiResult> {
  return spawnPulumi(args, options).result;
}

/** Starts `pulumi <args>` and returns the child process with the promise of its result. */
export function spawnPulumi(args: string[], options: PulumiRunOptions = {}): { child: ChildProcess; result: Promise<PulumiResult> } {
  const stdio: StdioOptions = options.stdio === "inherit" ? ["ignore", "inherit", "inherit"] : ["ignore", "pipe", "pipe"];
  const child = spawn("bash", [path.join(REPO_ROOT, "scripts", "pulumi.sh"), ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: withPulumiVersion({ ...process.env, ...options.env }),
    stdio,
    detached: options.processGroup ?? false,
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const result = new Promise<PulumiResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
  return { child, result };
}

/**
 * The version of the installed @pulumi/pulumi, read once: ensure-pulumi.sh takes it from
 * PULUMI_VERSION when set, instead of spending a `node -p` on every CLI run. Undefined when the
 * package is missing (the script then reports it).
 */
let sdkVersion: string | undefined;
function installedSdkVersion(): string | undefined {
  if (sdkVersion === undefined) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")) as { version?: unknown };
      if (typeof pkg.version === "string") sdkVersion = pkg.version;
    } catch {
      // Missing or unreadable: leave it to ensure-pulumi.sh.
    }
  }
  return sdkVersion;
}

/** `env` with PULUMI_VERSION set to the installed @pulumi/pulumi's version, unless it already sets one. */
function withPulumiVersion(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (!env.PULUMI_VERSION) {
    const version = installedSdkVersion();
    if (version) env.PULUMI_VERSION = version;
  }
  return env;
}

/** Like {@link runPulumi}, but throws with the CLI's output when it exits non-zero. */
export async function pulumi(args: string[], options: PulumiRunOptions = {}): Promise<PulumiResult> {
  const result = await runPulumi(args, options);
  if (result.code !== 0) {
    throw new Error(`pulumi ${args.join(" ")} exited with ${result.code}\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

/** The folder holding the CLI and its plugins (scripts/ensure-pulumi.sh, which provisions it if needed), asked once. */
let binDir: string | undefined;
export function pulumiBinDir(): string {
  binDir ??= execFileSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-pulumi.sh")], {
    encoding: "utf8",
    env: withPulumiVersion({ ...process.env }),
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
  return binDir;
}

/** Whether the provisioned CLI runs programs with this package's fallback language host. */
export function usesFallbackLanguageHost(): boolean {
  return fs.existsSync(path.join(pulumiBinDir(), ".fallback-language-host"));
}
