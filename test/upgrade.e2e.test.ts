// A stack deployed by an earlier release keeps working after the package is upgraded. Every state the
// baseline wrote holds `__provider` stubs that `require("pulumi-voiceai/provider/hms/<resource>")`,
// so `npm install` of a new version changes the code existing resources run: it must read their
// state as it is, rename nothing, replace nothing, and keep their secrets secret.
//
// The baseline package is built from a commit of this repository (`git archive`, no change to the
// working tree) and installed from its `npm pack` tarball into a fresh project in the OS temp folder
// (see test/package.e2e.test.ts for why not under the repository); the program covers what changed
// since: auto-names of a component's child (now seeded with the parent's URN), a phone number without
// `name` (now auto-named), secrets inside outputs (now marked by the provider), a speech-to-speech
// assistant (now sends `tts_config: null`), a SIP trunk password. Then the current package is packed
// and installed over it, and refresh, preview, an edit and destroy run with the current code.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startEmulator, type Emulator } from "../emulator/server";
import { autoNameFor } from "../provider/naming";
import { REPO_ROOT, type PulumiResult } from "../scripts/pulumi-cli";
import { endMarkedProcesses } from "../scripts/scratch-stack";
import { assertBuilt, pack, pulumiInProject, repoVersionOf, run } from "./packaging";

/** A baseline release, pinned by its full hash. */
interface Baseline {
  commit: string;
  /**
   * Whether it predates auto-named phone numbers and children's names seeded with the parent's URN:
   * then the current SDK derives other names than the state holds, and only the provider's
   * name-keeping stands between them and a rename.
   */
  legacyNames: boolean;
}

const BASELINES: Baseline[] = [
  // e92fc43 ("Latency profile check allows the timers' millisecond rounding"): before auto-names of a
  // component's children were seeded with the parent's URN, before phone numbers were auto-named,
  // before the provider marked secret paths in its outputs and before the SDK's types were generated
  // interfaces.
  { commit: "e92fc439e43d29e9090a4031e689828b708bb8ad", legacyNames: true },
  // 6ca7647 (the review commit of issues 10 and 11): the last main before the core/platform split, its
  // provider modules still HMS-only (`provider/lifecycle.ts` calling the HMS client, `Hms*` errors).
  { commit: "6ca76477b2bd2ca77b18d96f865008fb9ae1aea7", legacyNames: false },
];

const KEY = "fl_test_upgrade";
const PROJECT = "voiceai-upgrade";
const STACK = "test";
const NUMBER = "+31850835037";
const WEBHOOK_SECRET = "whsec-upgrade-not-in-state";
const TOOL_SECRET = "toolsecret-upgrade-not-in-state";
const TRUNK_PASSWORD = "trunkpw-upgrade-not-in-state";
const ASSISTANT = "pulumi-nodejs:dynamic/hms:Assistant";
/** Vitest timeouts: building the baseline takes minutes on 2 cores; each step runs the CLI a few times. */
const SETUP_TIMEOUT = 1_200_000;
const STEP_TIMEOUT = 600_000;
const NUMBER_TYPE = "pulumi-nodejs:dynamic/hms:PhoneNumber";

/** Why the baseline cannot be built here, or undefined when it can. */
function baselineUnavailable(commit: string): string | undefined {
  try {
    execFileSync("git", ["-C", REPO_ROOT, "cat-file", "-e", `${commit}^{commit}`], { stdio: "ignore" });
    return undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return "git is not installed";
    return `commit ${commit} is not in ${REPO_ROOT} (a shallow clone or a checkout without .git?)`;
  }
}

/** The program; `edited` changes the component child's prompt and routes the number to that child. */
function program(edited: boolean): string {
  const prompt = edited ? "Je bent de supportafdeling van Acme. Vraag eerst naar het ordernummer." : "Je bent de supportafdeling van Acme.";
  return `import * as pulumi from "@pulumi/pulumi";
import * as hms from "pulumi-voiceai/hms";

class Team extends pulumi.ComponentResource {
  readonly support: hms.Assistant;
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("acme:index:Team", name, {}, opts);
    // No name: auto-named, and since the baseline seeded with the parent's URN.
    this.support = new hms.Assistant(
      "support",
      {
        firstMessage: "Hallo, met support.",
        llmConfig: { provider: "openai", model: "gpt-4o-mini", messages: [{ role: "system", content: ${JSON.stringify(prompt)} }] },
      },
      { parent: this },
    );
    this.registerOutputs({ support: this.support.id });
  }
}

const team = new Team("sales");

const frontDesk = new hms.Assistant("front-desk", {
  firstMessage: "Welkom bij Acme.",
  webhookUrl: "https://hooks.example.com/hms",
  webhookSecret: "${WEBHOOK_SECRET}",
  llmConfig: {
    provider: "openai",
    model: "gpt-4o-mini",
    temperature: 0.3,
    messages: [{ role: "system", content: "Je bent de receptie van Acme." }],
    tools: [
      { type: "end_call" },
      {
        type: "function",
        function: { name: "lookup_order", description: "Looks an order up", parameters: { type: "object", properties: { orderId: { type: "string" } }, required: ["orderId"] } },
        server: { url: "https://tools.example.com/orders", secret: "${TOOL_SECRET}" },
      },
    ],
  },
});

// Speech-to-speech: no ttsConfig.
const voice = new hms.Assistant("voice", {
  firstMessage: "Hoi!",
  llmConfig: { provider: "xai_realtime", model: "grok-voice", voice: "ara" },
});

const pbx = new hms.SipTrunk("pbx", { host: "pbx.example.com", username: "hms", password: "${TRUNK_PASSWORD}" });

// No name: the baseline registered it without one; since then numbers are auto-named.
const line = new hms.PhoneNumber("main-line", { phoneNumber: "${NUMBER}", assistantId: ${edited ? "team.support" : "frontDesk"}.id, transferTrunkId: pbx.id });

export const names = { support: team.support.name, frontDesk: frontDesk.name, voice: voice.name, pbx: pbx.name, line: line.name };
export const ids = { support: team.support.id, frontDesk: frontDesk.id, voice: voice.id, pbx: pbx.id, line: line.id };
`;
}

interface Outputs {
  names: Record<string, string | undefined>;
  ids: Record<string, string>;
}

interface StateResource {
  urn: string;
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

let emulator: Emulator;
let tmp: string;
let project: string;
let baselineTarball: string;
let currentTarball: string;

const pulumiIn = (args: string[]): Promise<PulumiResult> => pulumiInProject(project, emulator.url, args);

/** `pulumi <args> --stack test`, failing the test with the CLI's output on a non-zero exit. */
async function pulumi(...args: string[]): Promise<PulumiResult> {
  const result = await pulumiIn([...args, "--stack", STACK]);
  expect(result.code, `pulumi ${args.join(" ")} exited with ${result.code}\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result;
}

async function outputs(): Promise<Outputs> {
  return JSON.parse((await pulumi("stack", "output", "--json", "--show-secrets")).stdout) as Outputs;
}

async function stateResources(): Promise<{ text: string; resources: StateResource[] }> {
  const text = (await pulumi("stack", "export")).stdout;
  return { text, resources: (JSON.parse(text) as { deployment: { resources: StateResource[] } }).deployment.resources };
}

/** What the account holds: every object's id with its display name. */
function live(): { assistants: Record<string, string>; numbers: Record<string, string>; trunks: Record<string, string> } {
  const byId = (objects: { id: string; name: string }[]) => Object.fromEntries(objects.map((o) => [o.id, o.name]));
  return {
    assistants: byId(emulator.store.listAssistants(KEY)),
    numbers: byId(emulator.store.listNumbers(KEY)),
    trunks: byId(emulator.store.listSipTrunks(KEY)),
  };
}

/**
 * The phone number resource in the state keeps the name the baseline gave it: none for a legacy
 * baseline (no `name` input, a null output), its auto-name otherwise.
 */
async function expectNumberNameKept(baseline: Baseline, name: string | undefined): Promise<void> {
  const { resources } = await stateResources();
  const line = resources.find((r) => r.type === NUMBER_TYPE);
  expect(line?.inputs).toHaveProperty("phoneNumber", NUMBER);
  expect(line?.inputs).not.toHaveProperty("__autoNamed");
  if (baseline.legacyNames) {
    expect(line?.inputs).not.toHaveProperty("name");
    expect(line?.outputs?.name ?? null).toBeNull();
  } else {
    expect(line?.inputs?.name).toBe(name);
    expect(line?.outputs?.name).toBe(name);
  }
}

/** The version of pulumi-voiceai installed in the project: the current one has the platform seam (`provider/platform`) and Burki. */
function installedIsCurrent(): boolean {
  const dist = path.join(project, "node_modules", "pulumi-voiceai", "dist");
  return fs.existsSync(path.join(dist, "provider", "platform.js")) && fs.existsSync(path.join(dist, "sdk", "burki", "index.js"));
}

async function buildBaseline(commit: string): Promise<string> {
  const source = path.join(tmp, "baseline");
  fs.mkdirSync(source);
  await run("bash", ["-o", "pipefail", "-c", 'git -C "$1" archive "$2" | tar -x -C "$3"', "archive", REPO_ROOT, commit, source]);
  const npm = (args: string[]) => run("npm", [...args, "--loglevel=error"], { cwd: source, maxBuffer: 64 << 20 });
  await npm(["ci", "--no-audit", "--no-fund", "--prefer-offline"]);
  await npm(["run", "build"]);
  return (await pack(source, path.join(tmp, "baseline-pack"))).tarball;
}

describe.each(BASELINES)("a stack deployed by the baseline package ($commit), after upgrading to this one", (baseline) => {
  const skipReason = baselineUnavailable(baseline.commit);
  if (skipReason) console.log(`upgrade.e2e: skipped, the baseline ${baseline.commit} cannot be built: ${skipReason}`);
  const it = skipReason ? test.skip : test;
  /** After the baseline's `pulumi up`: its outputs and what the account held. */
  let deployed: Outputs;
  let deployedLive: ReturnType<typeof live>;

  beforeAll(async () => {
    if (skipReason) return;
    assertBuilt();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-voiceai-upgrade-"));
    [baselineTarball, currentTarball] = await Promise.all([buildBaseline(baseline.commit), pack(REPO_ROOT, path.join(tmp, "current-pack")).then((p) => p.tarball)]);
    emulator = await startEmulator({ apiKeys: [KEY] });

    project = path.join(tmp, "project");
    fs.mkdirSync(project);
    fs.writeFileSync(
      path.join(project, "package.json"),
      JSON.stringify(
        {
          name: PROJECT,
          private: true,
          dependencies: { "@pulumi/pulumi": repoVersionOf("@pulumi/pulumi"), "pulumi-voiceai": `file:${baselineTarball}`, typescript: repoVersionOf("typescript") },
        },
        null,
        2,
      ),
    );
    await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: project, maxBuffer: 16 << 20 });
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), `name: ${PROJECT}\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nmain: index.ts\n`);
    // The tsconfig.json of `pulumi new typescript` (strict).
    fs.writeFileSync(
      path.join(project, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { strict: true, outDir: "bin", target: "es2020", module: "commonjs", moduleResolution: "node", sourceMap: true, experimentalDecorators: true, pretty: true, noFallthroughCasesInSwitch: true, noImplicitReturns: true, forceConsistentCasingInFileNames: true }, files: ["index.ts"] }, null, 2),
    );
    fs.writeFileSync(path.join(project, "index.ts"), program(false));
    fs.mkdirSync(path.join(project, ".state"));
    const init = await pulumiIn(["stack", "init", STACK]);
    expect(init.code, init.stdout + init.stderr).toBe(0);
    await pulumi("config", "set", "--secret", "hms:apiKey", KEY);
  }, SETUP_TIMEOUT);

  afterAll(async () => {
    if (skipReason) return;
    if (project) await endMarkedProcesses(project);
    await emulator?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("deploys with the baseline", async () => {
    expect(installedIsCurrent()).toBe(false);
    await pulumi("up", "--yes", "--skip-preview");
    deployed = await outputs();
    deployedLive = live();
    expect(Object.keys(deployedLive.assistants)).toHaveLength(3);
    expect(Object.keys(deployedLive.numbers)).toHaveLength(1);
    expect(Object.keys(deployedLive.trunks)).toHaveLength(1);

    const support = deployed.names.support;
    const childSeed = `urn:pulumi:${STACK}::${PROJECT}::acme:index:Team::sales/hms:Assistant/support`;
    expect(deployedLive.assistants[deployed.ids.support]).toBe(support);
    if (baseline.legacyNames) {
      // What makes this an upgrade test: the current SDK would derive another name for the child and
      // would name the number, so only the provider's name-keeping stands between them and a rename.
      expect(support).toBe(autoNameFor("support", `${PROJECT}/${STACK}/hms:Assistant/support`));
      expect(support).not.toBe(autoNameFor("support", childSeed));
      expect(deployed.names.line).toBeUndefined();
      // The API's default display name of a number registered without one: the number itself.
      expect(deployedLive.numbers[deployed.ids.line]).toBe(NUMBER);
    } else {
      // Names as the current SDK derives them; what changed since is the provider's code underneath.
      expect(support).toBe(autoNameFor("support", childSeed));
      expect(deployed.names.line).toBe(autoNameFor("main-line", `${PROJECT}/${STACK}/hms:PhoneNumber/main-line`));
      expect(deployedLive.numbers[deployed.ids.line]).toBe(deployed.names.line);
    }
  }, STEP_TIMEOUT);

  it("after `npm install` of the current package, refresh and preview find nothing to change and nothing is renamed", async () => {
    await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", currentTarball], { cwd: project, maxBuffer: 16 << 20 });
    const dependency = (JSON.parse(fs.readFileSync(path.join(project, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies["pulumi-voiceai"];
    expect(dependency).toContain("current-pack");
    expect(installedIsCurrent()).toBe(true);

    await pulumi("refresh", "--yes", "--expect-no-changes", "--diff");
    await pulumi("preview", "--expect-no-changes", "--diff");

    expect(live()).toEqual(deployedLive);
    await expectNumberNameKept(baseline, deployed.names.line);
  }, STEP_TIMEOUT);

  it("an edit (a prompt, the number's assistant) updates in place: no create, delete or replace, names kept", async () => {
    fs.writeFileSync(path.join(project, "index.ts"), program(true));
    const preview = JSON.parse((await pulumi("preview", "--json")).stdout) as { steps?: { op: string; urn: string }[] };
    const changes = (preview.steps ?? [])
      .filter((s) => s.op !== "same")
      .map((s) => `${s.op} ${s.urn.split("::").pop()}`)
      .sort();
    expect(changes).toEqual(["update main-line", "update support"]);

    const up = await pulumi("up", "--yes", "--skip-preview");
    expect(up.stdout).toMatch(/~ 2 updated/);
    expect(up.stdout).not.toMatch(/\d+ (created|deleted|replaced)/);

    // Same objects, same names; the prompt and the routing changed.
    expect(live()).toEqual(deployedLive);
    await expectNumberNameKept(baseline, deployed.names.line);
    const support = emulator.store.getAssistant(KEY, deployed.ids.support);
    expect((support.llm_config as { messages: { content: string }[] }).messages[0].content).toMatch(/ordernummer/);
    expect(emulator.store.getNumber(KEY, deployed.ids.line).assistant_id).toBe(deployed.ids.support);

    await pulumi("preview", "--expect-no-changes", "--diff");
  }, STEP_TIMEOUT);

  it("the program's outputs, after an `up` with the current package, report the names the objects have", async () => {
    // Stack outputs are only rewritten by `up` (not by refresh or preview): this reads the edit's.
    const { ids, names } = await outputs();
    expect(ids).toEqual(deployed.ids);
    const actual = live();
    expect(names.support).toBe(actual.assistants[ids.support]);
    expect(names.frontDesk).toBe(actual.assistants[ids.frontDesk]);
    expect(names.voice).toBe(actual.assistants[ids.voice]);
    expect(names.pbx).toBe(actual.trunks[ids.pbx]);
    if (baseline.legacyNames) {
      // The number has no name of ours: its `name` output says null (the provider reports the dropped
      // auto-name as null), never an auto-name it does not carry.
      expect(names.line ?? null, `names.line is ${names.line}; the number is named ${actual.numbers[ids.line]}`).toBeNull();
    } else {
      expect(names.line).toBe(actual.numbers[ids.line]);
    }
  }, STEP_TIMEOUT);

  it("the state holds no plaintext of the webhook secret, the tool secret or the trunk password", async () => {
    const { text, resources } = await stateResources();
    for (const secret of [WEBHOOK_SECRET, TOOL_SECRET, TRUNK_PASSWORD, KEY]) expect(text).not.toContain(secret);
    // They are there, encrypted: the front desk's webhook secret and tools, the trunk's password.
    const frontDesk = resources.find((r) => r.type === ASSISTANT && r.urn.endsWith("::front-desk"));
    expect(JSON.stringify(frontDesk?.outputs?.webhookSecret)).toContain("ciphertext");
    expect(JSON.stringify(frontDesk?.outputs?.llmConfig)).toContain("ciphertext");
    const pbx = resources.find((r) => r.urn.endsWith("::pbx"));
    expect(JSON.stringify(pbx?.inputs?.password)).toContain("ciphertext");
  }, STEP_TIMEOUT);

  it("destroy deletes everything the stack made", async () => {
    await pulumi("destroy", "--yes", "--skip-preview");
    expect(live()).toEqual({ assistants: {}, numbers: {}, trunks: {} });
  }, STEP_TIMEOUT);
});
