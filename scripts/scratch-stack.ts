/**
 * A throwaway Pulumi project and stack (file backend, empty passphrase) running a TypeScript program
 * through the real Pulumi CLI against an emulator on loopback: the harness of the end-to-end tests
 * (`test/harness.ts`) and of the benchmark.
 *
 * Projects live under a folder inside the repository (`test/.work/`, `bench/work/`, both git-ignored)
 * so that the program resolves `pulumi-voiceai` and `@pulumi/pulumi` from the repository's
 * node_modules, as a user's project would.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Emulator, RequestRecord } from "../emulator/server";
import { pulumi, REPO_ROOT, runPulumi, spawnPulumi, type PulumiResult } from "./pulumi-cli";

/** Environment variable naming the project folder in every process a project's runs start. */
const MARKER = "PULUMI_VOICEAI_SCRATCH_STACK";

/**
 * The environment of a throwaway project in `dir`: a file backend inside it, an empty passphrase, a
 * `PULUMI_HOME` of its own, the HMS API at `hmsBaseUrl` (when given), and the marker its processes inherit (see
 * {@link markedProcesses}).
 */
export function scratchEnv(dir: string, hmsBaseUrl?: string): NodeJS.ProcessEnv {
  return {
    PULUMI_BACKEND_URL: `file://${path.join(dir, ".state")}`,
    PULUMI_CONFIG_PASSPHRASE: "",
    PULUMI_HOME: path.join(dir, ".pulumi-home"),
    ...(hmsBaseUrl === undefined ? {} : { HMS_SOVEREIGN_BASE_URL: hmsBaseUrl }),
    // Inherited by the CLI's plugins and programs: how leftovers of a killed run are found.
    [MARKER]: dir,
  };
}

/**
 * The processes still running whose environment carries the marker of the project in `dir` (CLI,
 * language host, program, dynamic providers). Linux only (/proc).
 */
export function markedProcesses(dir: string): { pid: number; command: string }[] {
  const found: { pid: number; command: string }[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const environ = fs.readFileSync(`/proc/${entry}/environ`, "utf8").split("\0");
      if (!environ.includes(`${MARKER}=${dir}`)) continue;
      const command = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ").trim();
      const state = /^State:\s+(\w)/m.exec(fs.readFileSync(`/proc/${entry}/status`, "utf8"))?.[1];
      if (state !== "Z") found.push({ pid: Number(entry), command });
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

/**
 * Ends (SIGKILL) every process of {@link markedProcesses} and returns what it ended. Kills are
 * delivered asynchronously and a dying shell may still fork, so it looks again until none is left
 * (up to 10 s).
 */
export async function endMarkedProcesses(dir: string): Promise<{ pid: number; command: string }[]> {
  const ended = new Map<number, string>();
  for (let waited = 0; waited < 10_000; waited += 100) {
    const left = markedProcesses(dir);
    if (left.length === 0) break;
    for (const { pid, command } of left) {
      if (!ended.has(pid)) ended.set(pid, command);
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return [...ended].map(([pid, command]) => ({ pid, command }));
}

export interface StackOptions {
  /** Project name (also the folder name prefix); letters, digits and dashes. */
  name: string;
  /** The program's `index.ts` source. */
  program: string;
  /**
   * The emulator the stack talks to (its request log is {@link ScratchStack.recordRequests}); for
   * HMS its URL becomes `HMS_SOVEREIGN_BASE_URL`. Omitted for a real server (`baseUrl`).
   */
  emulator?: Emulator<any>;
  /** API key, stored as the secret stack config `<platform>:apiKey`. */
  apiKey: string;
  /** The platform's config namespace (default `hms`). */
  platform?: string;
  /** Base URL of the API, stored as `<platform>:baseUrl` (default the emulator's URL). */
  baseUrl?: string;
  /** Plain stack config of the project namespace (`config.require(k)` in the program). */
  config?: Record<string, string>;
  /** Secret stack config of the project namespace (`config.requireSecret(k)`). */
  secrets?: Record<string, string>;
  /** Folder (relative to the repository) holding the project folders; default `test/.work`. */
  root?: string;
  /**
   * The Pulumi project name; default derived from the folder's random name. Fixed, the SDK's
   * auto-names (seeded with project, stack, type and name) are the same on every run, and so is
   * everything a seeded chaos profile draws from them.
   */
  project?: string;
}

export interface PreviewStep {
  op: string;
  urn: string;
  /** Last segment of the URN: the resource name. */
  name: string;
}

export class ScratchStack {
  private constructor(
    readonly dir: string,
    readonly emulator: Emulator<any> | undefined,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  static async create(options: StackOptions): Promise<ScratchStack> {
    const root = path.join(REPO_ROOT, options.root ?? path.join("test", ".work"));
    fs.mkdirSync(root, { recursive: true });
    const dir = fs.mkdtempSync(path.join(root, `${options.name}-`));
    const project = options.project ?? path.basename(dir).toLowerCase().replace(/[^a-z0-9-]/g, "-");
    fs.writeFileSync(
      path.join(dir, "Pulumi.yaml"),
      `name: ${project}\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nmain: index.ts\n`,
    );
    fs.writeFileSync(path.join(dir, "index.ts"), options.program);
    const ns = options.platform ?? "hms";
    const baseUrl = options.baseUrl ?? options.emulator?.url;
    if (!baseUrl) throw new Error("ScratchStack.create needs an emulator or a baseUrl");
    // HMS reads its URL from the environment here; another platform gets `<platform>:baseUrl` in the stack config.
    const env = scratchEnv(dir, ns === "hms" ? baseUrl : undefined);
    fs.mkdirSync(path.join(dir, ".state"));
    const stack = new ScratchStack(dir, options.emulator, env);
    await pulumi(["stack", "init", "test", "--non-interactive"], { cwd: dir, env });
    const api: Record<string, string> = ns === "hms" ? {} : { [`${ns}:baseUrl`]: baseUrl };
    await stack.setConfig({ ...api, ...options.config }, { [`${ns}:apiKey`]: options.apiKey, ...options.secrets });
    return stack;
  }

  /** Runs `pulumi <args> --stack test --non-interactive` and throws with the output on a non-zero exit. */
  run(...args: string[]): Promise<PulumiResult> {
    return pulumi([...args, "--stack", "test", "--non-interactive"], { cwd: this.dir, env: this.env });
  }

  /** Like {@link run}, but resolves with the exit code instead of throwing. */
  tryRun(...args: string[]): Promise<PulumiResult> {
    return runPulumi([...args, "--stack", "test", "--non-interactive"], { cwd: this.dir, env: this.env });
  }

  /** `pulumi up --yes --skip-preview`. */
  up(...extra: string[]): Promise<PulumiResult> {
    return this.run("up", "--yes", "--skip-preview", ...extra);
  }

  /**
   * Starts `pulumi up` and, as soon as `shouldKill()` holds (polled every 10 ms) and unless the run
   * ended first, kills the CLI's process group with SIGKILL, as when a CI runner dies. That does not
   * reach the plugins (the CLI starts each in a process group of its own): see {@link processes}.
   * `killed` says whether it was killed.
   */
  async upKilledWhen(shouldKill: () => boolean): Promise<PulumiResult & { killed: boolean }> {
    const args = ["up", "--yes", "--skip-preview", "--stack", "test", "--non-interactive"];
    const { child, result } = spawnPulumi(args, { cwd: this.dir, env: this.env, processGroup: true });
    let killed = false;
    const poll = setInterval(() => {
      if (killed || !shouldKill()) return;
      try {
        process.kill(-child.pid!, "SIGKILL");
        killed = true;
      } catch {
        // Already gone.
      }
    }, 10);
    const outcome = await result;
    clearInterval(poll);
    return { ...outcome, killed };
  }

  /** This stack's processes still running (see {@link markedProcesses}). */
  processes(): { pid: number; command: string }[] {
    return markedProcesses(this.dir);
  }

  /** Ends every process of {@link processes} (see {@link endMarkedProcesses}). */
  endProcesses(): Promise<{ pid: number; command: string }[]> {
    return endMarkedProcesses(this.dir);
  }

  /**
   * The README's first recovery step for a file backend killed while rewriting its checkpoint: when
   * the stack's state file or its `.attrs` companion (the blob store's metadata) no longer parses (the
   * CLI says `failed to load checkpoint`), put back the `.bak` copies of the previous checkpoint that
   * the backend keeps beside them. Returns whether it did.
   */
  restoreCheckpointBackup(): boolean {
    const stacks = path.join(this.dir, ".state", ".pulumi", "stacks");
    const state = fs
      .readdirSync(stacks, { recursive: true })
      .map((file) => path.join(stacks, String(file)))
      .find((file) => path.basename(file) === "test.json");
    if (!state) return false;
    const pairs = [
      [state, `${state}.bak`],
      [`${state}.attrs`, `${state}.bak.attrs`],
    ];
    if (pairs.every(([file]) => !fs.existsSync(file) || parses(file))) return false;
    for (const [file, backup] of pairs) if (fs.existsSync(backup)) fs.copyFileSync(backup, file);
    return true;
  }

  /**
   * The steps of `pulumi preview --json` (plus `extra` flags such as `--refresh`) that change
   * something: without `same` steps, and without the `refresh` steps `--refresh` lists for every
   * resource (drift it finds shows as an `update` step).
   */
  async previewChanges(...extra: string[]): Promise<PreviewStep[]> {
    const out = JSON.parse((await this.run("preview", "--json", ...extra)).stdout) as { steps?: { op: string; urn: string }[] };
    return (out.steps ?? [])
      .filter((s) => s.op !== "same" && s.op !== "refresh" && !s.urn.includes("pulumi:pulumi:Stack"))
      .map((s) => ({ op: s.op, urn: s.urn, name: s.urn.split("::").pop() ?? "" }));
  }

  /** Stack outputs. */
  async outputs(): Promise<Record<string, unknown>> {
    return JSON.parse((await this.run("stack", "output", "--json", "--show-secrets")).stdout) as Record<string, unknown>;
  }

  /** Replaces the program's source (the next command runs the new program). */
  setProgram(source: string): void {
    fs.writeFileSync(path.join(this.dir, "index.ts"), source);
  }

  /** Sets plain and secret stack config in one CLI run (`pulumi config set-all`). */
  setConfig(plain: Record<string, string>, secrets: Record<string, string> = {}): Promise<PulumiResult> {
    const pairs = (flag: string, values: Record<string, string>) => Object.entries(values).flatMap(([k, v]) => [flag, `${k}=${v}`]);
    return this.run("config", "set-all", ...pairs("--plaintext", plain), ...pairs("--secret", secrets));
  }

  /** The emulator's requests recorded from now on: call the returned function to read them. */
  recordRequests(): () => RequestRecord[] {
    const emulator = this.emulator;
    if (!emulator) throw new Error("recordRequests needs an emulator");
    const start = emulator.requests.length;
    return () => emulator.requests.slice(start);
  }

  /** Destroys the stack's resources (best effort, unless `destroy` is false) and deletes the project folder. */
  async dispose({ destroy = true } = {}): Promise<void> {
    if (destroy) await this.tryRun("destroy", "--yes", "--skip-preview");
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

function parses(file: string): boolean {
  try {
    JSON.parse(fs.readFileSync(file, "utf8"));
    return true;
  } catch {
    return false;
  }
}
