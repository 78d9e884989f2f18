// examples/ci/github-actions.yml: what can be checked without GitHub. The workflow parses; it uses
// the standard actions; every `run:` step's commands exist (the package's bin, the CLI's subcommands
// and flags, the policy pack's path inside the installed package). Then the steps run as GitHub
// would run them (bash, GITHUB_OUTPUT), verbatim, in a project laid out as a user's (the package in
// node_modules with its bin linked) against the HMS emulator: the preview step's output piped
// through the summary step gives the comment; the drift step passes on a clean stack and fails once
// the dashboard (the emulator's API) changes an assistant.
import { execFile, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { startEmulator, type Emulator } from "../emulator/server";
import { pulumiBinDir } from "../scripts/pulumi-cli";
import { scratchEnv } from "../scripts/scratch-stack";
import { TestStack } from "./harness";

const ROOT = path.resolve(__dirname, "..");
const WORKFLOW = path.join(ROOT, "examples", "ci", "github-actions.yml");
const KEY = "fl_test_summary_ci";
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { bin: Record<string, string>; files: string[] };

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Job {
  if?: string;
  steps: Step[];
  permissions?: Record<string, string>;
}
const workflow = parse(fs.readFileSync(WORKFLOW, "utf8")) as { on: Record<string, unknown>; env: Record<string, string>; jobs: Record<string, Job> };

/** The `run:` steps of a job, by name. */
const runOf = (job: string, name: string): string => {
  const step = workflow.jobs[job].steps.find((s) => s.name === name);
  if (!step?.run) throw new Error(`no run step "${name}" in job ${job}`);
  return step.run;
};

/** The commands of a script: its lines joined at trailing backslashes, without `set`/`echo`/`exit`. */
function commands(script: string): string[][] {
  return script
    .replace(/\\\n\s*/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => l.split(">")[0].trim().split(/\s+/).filter((w) => !/^[A-Z_]+=/.test(w)))
    .filter((words) => !["set", "echo", "exit"].includes(words[0]));
}

const PROGRAM = `import * as hms from "pulumi-voiceai/hms";
export const id = new hms.Assistant("support", {
  name: "Acme support",
  firstMessage: process.env.FIRST_MESSAGE ?? "Hallo, welkom bij Acme.",
  llmConfig: { provider: "openai", model: "gpt-4o-mini", messages: [{ role: "system", content: "Line one.\\nLine two.\\nLine three." }] },
}).id;
`;

describe("examples/ci/github-actions.yml", () => {
  it("parses, runs on pull requests, merges to main and a schedule, with the standard actions and GitHub secrets", () => {
    expect(Object.keys(workflow.on).sort()).toEqual(["pull_request", "push", "schedule", "workflow_dispatch"]);
    expect(workflow.on.push).toEqual({ branches: ["main"] });
    expect(Object.keys(workflow.jobs).sort()).toEqual(["drift", "preview", "up"]);
    expect(workflow.jobs.preview.if).toContain("pull_request");
    expect(workflow.jobs.up.if).toContain("refs/heads/main");
    expect(workflow.jobs.drift.if).toContain("schedule");
    expect(workflow.jobs.preview.permissions).toMatchObject({ "pull-requests": "write" });
    const uses = new Set(Object.values(workflow.jobs).flatMap((j) => j.steps.map((s) => s.uses).filter(Boolean)));
    expect([...uses].sort()).toEqual(["actions/checkout@v4", "actions/setup-node@v4", "marocchino/sticky-pull-request-comment@v2", "pulumi/actions@v6"]);
    for (const name of ["PULUMI_ACCESS_TOKEN", "HMS_SOVEREIGN_API_KEY", "BURKI_API_KEY", "REVOX_API_KEY"]) {
      expect(workflow.env[name]).toBe(`\${{ secrets.${name} }}`);
    }
    const comment = workflow.jobs.preview.steps.find((s) => s.uses?.startsWith("marocchino/"));
    expect(comment?.with?.path).toBe("summary.md");
  });

  it("runs only commands that exist: the package's bin, the policy pack it ships, the CLI's subcommands and flags", async () => {
    const all = Object.values(workflow.jobs).flatMap((j) => j.steps.flatMap((s) => (s.run ? commands(s.run) : [])));
    expect(all.length).toBeGreaterThan(4);
    const helpOf = new Map<string, string>();
    for (const words of all) {
      if (words[0] === "npm") expect(words).toEqual(["npm", "ci"]);
      else if (words[0] === "npx") {
        const bin = PKG.bin[words[1]];
        expect(bin, `${words[1]} is a bin of package.json`).toBeDefined();
        expect(fs.existsSync(path.join(ROOT, bin)), `${bin} is built`).toBe(true);
        expect(PKG.files).toContain(bin);
      } else if (words[0] === "pulumi") {
        const sub = words[1];
        if (!helpOf.has(sub)) {
          const { stdout } = await promisify(execFile)(path.join(pulumiBinDir(), "pulumi"), [sub, "--help"]);
          helpOf.set(sub, stdout);
        }
        for (const flag of words.filter((w) => w.startsWith("--"))) expect(helpOf.get(sub), `pulumi ${sub} ${flag}`).toContain(`${flag} `);
        const pack = words[words.indexOf("--policy-pack") + 1];
        if (words.includes("--policy-pack")) {
          // node_modules/pulumi-voiceai/ is this repository once installed: the pack must be in it and in the package.
          expect(pack.startsWith("node_modules/pulumi-voiceai/")).toBe(true);
          const inRepo = pack.slice("node_modules/pulumi-voiceai/".length);
          expect(fs.existsSync(path.join(ROOT, inRepo, "PulumiPolicy.yaml")), `${inRepo}/PulumiPolicy.yaml exists`).toBe(true);
          expect(PKG.files.some((f) => f === inRepo || f.startsWith(`${inRepo}/`)), `package.json files ship ${inRepo}`).toBe(true);
        }
      } else throw new Error(`unexpected command in the workflow: ${words.join(" ")}`);
    }
  });
});

describe("the workflow's steps, run as GitHub runs them, against the HMS emulator", () => {
  let emulator: Emulator;
  let stack: TestStack | undefined;
  let env: NodeJS.ProcessEnv;

  /** Runs a step's script with `bash -e` (GitHub's default shell) in the project; resolves with its exit code and output. */
  const step = (script: string, extra: NodeJS.ProcessEnv = {}) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn("bash", ["-e", "-c", script], { cwd: stack!.dir, env: { ...env, ...extra }, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d));
      child.stderr.on("data", (d: Buffer) => (stderr += d));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
    });

  beforeAll(async () => {
    emulator = await startEmulator({ apiKeys: [KEY] });
    stack = await TestStack.create({ name: "summary-ci", project: "summary-ci", program: PROGRAM, emulator, apiKey: KEY });
    await stack.up();
    // A user's project: the package installed in node_modules, its bin linked in node_modules/.bin.
    const dir = stack.dir;
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "voice-ai", private: true, dependencies: { "pulumi-voiceai": "*" } }));
    fs.mkdirSync(path.join(dir, "node_modules", ".bin"), { recursive: true });
    fs.symlinkSync(ROOT, path.join(dir, "node_modules", "pulumi-voiceai"), "dir");
    const shim = path.join(dir, "node_modules", ".bin", "pulumi-voiceai-summary");
    fs.writeFileSync(shim, `#!/bin/sh\nexec node "$(dirname "$0")/../pulumi-voiceai/${PKG.bin["pulumi-voiceai-summary"]}" "$@"\n`, { mode: 0o755 });
    env = {
      ...process.env,
      ...scratchEnv(dir, emulator.url),
      PATH: `${pulumiBinDir()}:${process.env.PATH}`,
      STACK: "test",
      GITHUB_OUTPUT: path.join(dir, "github-output"),
      FIRST_MESSAGE: "Goedendag, u spreekt met Acme.",
    };
    fs.writeFileSync(env.GITHUB_OUTPUT!, "");
  });

  afterAll(async () => {
    await stack?.dispose();
    await emulator?.close();
  });

  it("preview with the policy pack → summary → the comment's Markdown", async () => {
    const preview = await step(runOf("preview", "Preview with the policy pack"));
    expect(preview.code, preview.stderr).toBe(0);
    expect(fs.readFileSync(env.GITHUB_OUTPUT!, "utf8")).toMatch(/^exit-code=\d+$/m);
    const summary = await step(runOf("preview", "Summarize the preview"));
    expect(summary.code, summary.stderr).toBe(0);
    const md = fs.readFileSync(path.join(stack!.dir, "summary.md"), "utf8");
    expect(md).toMatch(/^## Voice AI preview \(test\) · `summary-ci\/test`\n/);
    expect(md).toContain("| 🟡 | update | `support` | `hms:Assistant` | `firstMessage`: first message edited (diff below) |");
    expect(md).toContain("-Hallo, welkom bij Acme.\n+Goedendag, u spreekt met Acme.");
    // The real policy pack ran: its violations come from the stream's policyEvents; mandatory ones fail the preview.
    expect(md).toMatch(/### 🛡️ Policy violations \(\d+\)/);
    expect(md).toMatch(/\| mandatory \| `voiceai-max-call-duration` \(pulumi-voiceai@[\d.]+\) \| `support` \(`hms:Assistant`\) \|/);
    expect(md).toContain("❌ **The preview failed**");
    expect(fs.readFileSync(env.GITHUB_OUTPUT!, "utf8")).not.toMatch(/^exit-code=0$/m);
    // ... and the job's last step then fails it, after the comment is posted.
    const fail = workflow.jobs.preview.steps.find((s) => s.name === "Fail when the preview failed")!;
    expect(fail.if).toBe("steps.preview.outputs.exit-code != '0'");
    expect((await step(fail.run!)).code).toBe(1);
  });

  it("drift check: passes on a clean stack, fails once the dashboard changes the assistant", async () => {
    const drift = runOf("drift", "Fail when the dashboard and the code disagree");
    const clean = await step(drift, { FIRST_MESSAGE: "Hallo, welkom bij Acme." });
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    const { id } = (await stack!.outputs()) as { id: string };
    const res = await fetch(`${emulator.url}/assistants/${id}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ first_message: "Edited in the dashboard" }),
    });
    expect(res.status).toBe(200);
    const drifted = await step(drift, { FIRST_MESSAGE: "Hallo, welkom bij Acme." });
    expect(drifted.code).not.toBe(0);
    expect(drifted.stdout + drifted.stderr).toMatch(/no changes were expected for preview but changes were proposed/);
  });
});
