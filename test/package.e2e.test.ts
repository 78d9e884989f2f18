// The package as a user installs it: `npm pack`, installed from the tarball into a fresh Pulumi
// project that has no `typescript` (nor `ts-node`) of its own, like `pulumi new` without
// devDependencies. Pulumi then compiles the program with the TypeScript 3.8.3 and ts-node 7 that
// `@pulumi/pulumi` vendors (tsutils.js: `require("typescript")` fails → vendor/typescript@3.8.3),
// so the public types must hold up there. The program is the one the installed export bin prints,
// and `pulumi preview` runs it through the real engine against the emulator.
//
// The project lives in the OS temp folder, not under test/.work: Node resolves `typescript` by
// walking up node_modules folders, and from inside the repository it would find the repository's
// own TypeScript 5, hiding exactly what this test is about.
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../emulator/server";
import { REPO_ROOT, type PulumiResult } from "../scripts/pulumi-cli";
import { endMarkedProcesses } from "../scripts/scratch-stack";
import { assertBuilt, pack, pulumiInProject, repoVersionOf, run } from "./packaging";

const KEY = "fl_test_package";
const WEBHOOK_SECRET = "whsec-package-not-in-code";

let emulator: Emulator;
let tmp: string;
let project: string;
let packed: string[];

const pulumiIn = (args: string[]): Promise<PulumiResult> => pulumiInProject(project, emulator.url, args);

beforeAll(async () => {
  assertBuilt();
  emulator = await startEmulator({ apiKeys: [KEY] });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-voiceai-package-"));
  // pack() runs `npm pack --ignore-scripts` (no rebuild of dist/ under the feet of the other test
  // files); assertBuilt() made sure dist/ is current instead.
  const { tarball, files } = await pack(REPO_ROOT, tmp);
  packed = files;

  project = path.join(tmp, "project");
  fs.mkdirSync(project);
  fs.writeFileSync(
    path.join(project, "package.json"),
    JSON.stringify({ name: "voiceai-user", private: true, dependencies: { "@pulumi/pulumi": repoVersionOf("@pulumi/pulumi"), "pulumi-voiceai": `file:${tarball}` } }, null, 2),
  );
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: project, maxBuffer: 16 << 20 });
}, 600_000);

afterAll(async () => {
  if (project) await endMarkedProcesses(project);
  await emulator?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe("the packed package", () => {
  it("ships what a user's program, the dynamic provider and the export bin run, and no test or build tooling", () => {
    // The resource classes, the provider modules the serialized provider requires by name, the bin.
    for (const file of [
      "package.json",
      "README.md",
      "dist/sdk/index.js",
      "dist/sdk/index.d.ts",
      "dist/sdk/hms/index.js",
      "dist/sdk/hms/index.d.ts",
      "dist/provider/hms/assistant.js",
      "dist/provider/hms/phone-number.js",
      "dist/provider/hms/sip-trunk.js",
      "dist/sdk/burki/index.js",
      "dist/sdk/burki/index.d.ts",
      "dist/provider/burki/assistant.js",
      "dist/provider/burki/phone-number.js",
      "docs/reference/burki/assistant.md",
      "dist/sdk/revox/index.js",
      "dist/sdk/revox/index.d.ts",
      "dist/provider/revox/assistant.js",
      "dist/provider/revox/phone-number.js",
      "docs/reference/revox/assistant.md",
      "dist/scripts/export-code.js",
      "dist/scripts/export/revox.js",
      // The policy pack (`pulumi preview --policy-pack node_modules/pulumi-voiceai/policy`).
      "policy/PulumiPolicy.yaml",
      "policy/package.json",
      "dist/policy/index.js",
      // The pull-request summary bin.
      "dist/scripts/summary.js",
      "dist/scripts/summary/parse.js",
      "dist/scripts/summary/render.js",
      "dist/scripts/summary/resources.js",
      "dist/scripts/summary/values.js",
    ]) {
      expect(packed, file).toContain(file);
    }
    const unwanted = packed.filter((f) =>
      /^(test|bench|emulator|examples)\/|^dist\/(test|bench|emulator)\/|scratch-stack|pulumi-cli|demo|reference-docs|ensure-pulumi|pulumi-language-nodejs|pulumi\.sh|link-self|sdk-types/.test(f) ||
      (f.endsWith(".ts") && !f.endsWith(".d.ts")),
    );
    expect(unwanted).toEqual([]);
  });

  it("ships a policy pack whose main resolves, with @pulumi/policy and @pulumi/pulumi, from the installed package", () => {
    const packDir = path.join(project, "node_modules", "pulumi-voiceai", "policy");
    expect(fs.readFileSync(path.join(packDir, "PulumiPolicy.yaml"), "utf8")).toMatch(/^runtime: nodejs$/m);
    const main = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8")).main as string;
    expect(fs.existsSync(path.resolve(packDir, main))).toBe(true);
    // What the language host and the pack resolve from the pack's folder.
    const fromPack = createRequire(path.join(packDir, "noop.js"));
    expect(fromPack.resolve("@pulumi/pulumi/cmd/run-policy-pack")).toContain(project);
    expect(createRequire(path.resolve(packDir, main)).resolve("@pulumi/policy")).toContain(project);
  });

  it("installs without a TypeScript of its own (Pulumi falls back to its vendored 3.8.3)", () => {
    const resolve = createRequire(path.join(project, "index.js")).resolve;
    expect(() => resolve("typescript")).toThrow();
    expect(() => resolve("ts-node")).toThrow();
    const fromPulumi = createRequire(path.join(project, "node_modules", "@pulumi", "pulumi", "tsutils.js"));
    expect(() => fromPulumi.resolve("typescript")).toThrow();
    expect(fs.existsSync(path.join(project, "node_modules", "@pulumi", "pulumi", "vendor", "typescript@3.8.3", "typescript.js"))).toBe(true);
  });

  it("previews the program its export bin prints, through the real engine, compiled by Pulumi's own TypeScript", async () => {
    const { store } = emulator;
    const trunk = store.createSipTrunk(KEY, { name: "Office PBX", host: "pbx.example.com", username: "hms", password: "pw" });
    const support = store.createAssistant(KEY, {
      name: "Support",
      first_message: "Hallo!",
      webhook_url: "https://hooks.example.com/hms",
      webhook_secret: WEBHOOK_SECRET,
      llm_config: {
        provider: "openai",
        model: "gpt-4o-mini",
        temperature: 0.3,
        messages: [{ role: "system", content: "Wees kort." }],
        tools: [{ type: "end_call" }, { type: "transfer_call", destinations: [{ type: "number", number: "+31201234567" }] }],
      },
      tts_config: { provider: "elevenlabs", voice_id: "21m00Tcm4TlvDq8ikWAM", stability: 0.5 },
    });
    store.createNumber(KEY, { phone_number: "+31850835037", name: "Main line", assistant_id: support.id, transfer_trunk_id: trunk.id });

    // The installed bin, as `npx pulumi-voiceai-export` runs it.
    const bin = path.join(project, "node_modules", ".bin", "pulumi-voiceai-export");
    const { stdout: program } = await run(bin, [], { cwd: project, env: { ...process.env, HMS_SOVEREIGN_API_KEY: KEY, HMS_SOVEREIGN_BASE_URL: emulator.url } });
    expect(program).toContain(`adoptId: "${trunk.id}"`);
    expect(program).toMatch(/new hms\.PhoneNumber\([\s\S]*adoptId:/);
    expect(program).not.toContain(WEBHOOK_SECRET);

    fs.writeFileSync(path.join(project, "index.ts"), program);
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: voiceai-user\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nmain: index.ts\n");
    // The tsconfig.json of `pulumi new typescript` (strict).
    fs.writeFileSync(
      path.join(project, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { strict: true, outDir: "bin", target: "es2020", module: "commonjs", moduleResolution: "node", sourceMap: true, experimentalDecorators: true, pretty: true, noFallthroughCasesInSwitch: true, noImplicitReturns: true, forceConsistentCasingInFileNames: true }, files: ["index.ts"] }, null, 2),
    );
    fs.mkdirSync(path.join(project, ".state"));

    const init = await pulumiIn(["stack", "init", "test"]);
    expect(init.code, init.stdout + init.stderr).toBe(0);
    const secrets = [...program.matchAll(/^\/\/\s+pulumi config set --secret (\S+)/gm)].map((m) => m[1]);
    expect(secrets).toHaveLength(1);
    const config = await pulumiIn(["config", "set-all", "--stack", "test", "--secret", `hms:apiKey=${KEY}`, "--secret", `${secrets[0]}=${WEBHOOK_SECRET}`]);
    expect(config.code, config.stdout + config.stderr).toBe(0);

    const preview = await pulumiIn(["preview", "--stack", "test"]);
    expect(preview.code, `pulumi preview failed:\n${preview.stdout}\n${preview.stderr}`).toBe(0);
    expect(preview.stdout).toMatch(/4 to create/);
    expect(preview.stdout + preview.stderr).not.toContain(WEBHOOK_SECRET);
  });

  it("runs the installed policy pack on that program: pulumi preview --policy-pack node_modules/pulumi-voiceai/policy", async () => {
    // The exported assistant uses OpenAI and ElevenLabs and sets no maximum call length: not compliant with the defaults.
    const preview = await pulumiIn(["preview", "--stack", "test", "--policy-pack", "node_modules/pulumi-voiceai/policy"]);
    const out = preview.stdout + preview.stderr;
    expect(preview.code, out).not.toBe(0);
    expect(out).toMatch(/\[mandatory\]\s+voiceai-data-residency/);
    expect(out).toMatch(/hms\.Assistant "[^"]+": LLM provider `openai`/);
    expect(out).not.toContain(WEBHOOK_SECRET);
  });
});
