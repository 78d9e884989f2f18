// pulumi-voiceai-summary: the Markdown of a real preview of the engine (an HMS program against the
// emulator whose 40-line prompt gets one line edited, its first message reworded, a secret changed
// on the assistant and one on the SIP trunk (a replacement), its number moved (a replacement) and a
// second assistant removed), compared with golden files. The preview digest and the event stream of
// the same preview give the same Markdown. Policy results (only in the stream) are read from a
// recorded fixture of the documented `policyEvent` shape.
//
// UPDATE_GOLDEN=1 rewrites the golden files (test/fixtures/summary/*.md) instead of comparing.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../emulator/server";
import { runPulumi } from "../scripts/pulumi-cli";
import { scratchEnv } from "../scripts/scratch-stack";
import { parseText, summarize, unifiedDiff } from "../scripts/summary";
import { TestStack } from "./harness";

const ROOT = path.resolve(__dirname, "..");
const FIXTURES = path.join(__dirname, "fixtures", "summary");
const BIN = path.join(ROOT, "dist", "scripts", "summary.js");
const KEY = "fl_test_summary";
const SECRETS = { one: { pbx: "pbx-password-one", hook: "whsec-hook-one" }, two: { pbx: "pbx-password-two", hook: "whsec-hook-two" } };
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Ids the emulator draws per run, as `<id-1>`, `<id-2>`, … in order of first appearance. */
function normaliseIds(text: string): string {
  const seen = new Map<string, string>();
  return text.replace(UUID, (id) => {
    if (!seen.has(id)) seen.set(id, `<id-${seen.size + 1}>`);
    return seen.get(id)!;
  });
}

/** Compares `text` with the golden file `name` (or rewrites it under UPDATE_GOLDEN=1). */
function expectGolden(name: string, text: string): void {
  const file = path.join(FIXTURES, name);
  if (process.env.UPDATE_GOLDEN === "1") {
    fs.writeFileSync(file, text);
    return;
  }
  if (!fs.existsSync(file)) throw new Error(`golden file ${path.relative(ROOT, file)} is missing: run with UPDATE_GOLDEN=1 to write it`);
  expect(text).toBe(fs.readFileSync(file, "utf8"));
}

const PROMPT = Array.from({ length: 40 }, (_, i) => `${i + 1}. Rule ${i + 1} of the Acme support desk: answer briefly, in Dutch.`);

/** The program: `edited` edits line 20 of the prompt, rewords the first message, moves the number and drops `sales`. */
function program(edited: boolean): string {
  const prompt = PROMPT.map((line, i) => (edited && i === 19 ? "20. Offer a callback when the queue is longer than five minutes." : line)).join("\n");
  return `import * as pulumi from "@pulumi/pulumi";
import * as hms from "pulumi-voiceai/hms";

const config = new pulumi.Config();
const pbx = new hms.SipTrunk("office-pbx", { host: "pbx.acme.example", port: 5060, username: "hms", password: config.requireSecret("pbxPassword") });
const support = new hms.Assistant("support", {
  name: "Acme support",
  firstMessage: ${JSON.stringify(edited ? "Goedendag, u spreekt met Acme. Waarmee kan ik helpen?" : "Hallo, welkom bij Acme. Waarmee kan ik u helpen?")},
  webhookUrl: "https://hooks.acme.example/hms",
  webhookSecret: config.requireSecret("webhookSecret"),
  llmConfig: { provider: "openai", model: "gpt-4o-mini", messages: [{ role: "system", content: ${JSON.stringify(prompt)} }] },
});
${edited ? "" : 'new hms.Assistant("sales", { name: "Acme sales", firstMessage: "Hallo, verkoop van Acme." });\n'}new hms.PhoneNumber("main-line", { phoneNumber: ${JSON.stringify(edited ? "+31850835038" : "+31850835037")}, name: "Acme main line", assistantId: support.id, transferTrunkId: pbx.id });
`;
}

describe("pulumi-voiceai-summary on a real preview", () => {
  let emulator: Emulator;
  let stack: TestStack | undefined;
  let digest: string;
  let stream: string;

  beforeAll(async () => {
    emulator = await startEmulator({ apiKeys: [KEY] });
    stack = await TestStack.create({
      name: "summary",
      project: "summary-e2e",
      program: program(false),
      emulator,
      apiKey: KEY,
      secrets: { pbxPassword: SECRETS.one.pbx, webhookSecret: SECRETS.one.hook },
    });
    await stack.up();
    stack.setProgram(program(true));
    await stack.setConfig({}, { pbxPassword: SECRETS.two.pbx, webhookSecret: SECRETS.two.hook });
    digest = (await stack.run("preview", "--json")).stdout;
    const streamed = await runPulumi(["preview", "--json", "--stack", "test", "--non-interactive"], {
      cwd: stack.dir,
      env: { ...scratchEnv(stack.dir, emulator.url), PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" },
    });
    expect(streamed.code, streamed.stderr).toBe(0);
    stream = streamed.stdout;
  });

  afterAll(async () => {
    await stack?.dispose();
    await emulator?.close();
  });

  it("reads both forms the engine prints: the digest and the event stream", () => {
    expect(() => JSON.parse(digest)).not.toThrow();
    expect(stream.trim().split("\n").length).toBeGreaterThan(3);
    const fromDigest = parseText(digest);
    const fromStream = parseText(stream);
    expect(fromDigest.sources).toEqual(["digest"]);
    expect(fromStream.sources).toEqual(["events"]);
    const ops = (p: typeof fromDigest) => p.changes.map((c) => `${c.op} ${c.name}`).sort();
    expect(ops(fromDigest)).toEqual(["delete sales", "replace main-line", "replace office-pbx", "update support"]);
    expect(ops(fromStream)).toEqual(ops(fromDigest));
    expect(fromStream.changes.find((c) => c.name === "office-pbx")?.replaceReasons).toEqual(["password"]);
  });

  it("writes the golden Markdown, the same from the digest and from the stream", () => {
    const fromDigest = summarize([digest]);
    const fromStream = summarize([stream]);
    expect(fromStream).toBe(fromDigest);
    expectGolden("hms-preview.md", normaliseIds(fromDigest));
  });

  it("diffs only the edited prompt line, with a little context", () => {
    const md = summarize([digest]);
    const block = /`llmConfig\.messages\[0\]\.content`[^\n]*\n\n```diff\n([\s\S]*?)\n```/.exec(md)?.[1];
    expect(block).toBeDefined();
    const lines = block!.split("\n");
    expect(lines.filter((l) => l.startsWith("-"))).toEqual([`-${PROMPT[19]}`]);
    expect(lines.filter((l) => l.startsWith("+"))).toEqual(["+20. Offer a callback when the queue is longer than five minutes."]);
    expect(lines.filter((l) => l.startsWith(" "))).toHaveLength(6);
    expect(lines[0]).toBe("@@ -17,7 +17,7 @@");
    expect(md).not.toContain(PROMPT[0]);
    expect(md).toMatch(/`firstMessage` \(first message\):\n\n```diff\n@@ -1,1 \+1,1 @@\n-Hallo, welkom bij Acme/);
  });

  it("calls out the replacements with what they cost, and the deletion", () => {
    const md = normaliseIds(summarize([stream]));
    expect(md).toContain("`phoneNumber` cannot change in place (`replaceOnChanges`). The number `+31850835037` is released from HMS Sovereign (deleted first)");
    expect(md).toMatch(/\*\*`office-pbx`\*\* \(`hms:SipTrunk`\): `password` changed \(every change replaces a SipTrunk\)\. HMS Sovereign cannot change a SIP trunk in place/);
    expect(md).toMatch(/\*\*`sales`\*\* \(`hms:Assistant`\): The HMS Sovereign assistant \(id `<id-\d+>`\) is deleted/);
  });

  it("never shows a secret: both secret forms become [secret]", () => {
    for (const md of [summarize([digest]), summarize([stream]), summarize([digest, stream])]) {
      for (const secret of [...Object.values(SECRETS.one), ...Object.values(SECRETS.two)]) expect(md).not.toContain(secret);
      expect(md).toContain("`webhookSecret`: `[secret]` _(not compared)_");
      expect(md).toContain("`password`: `[secret]` changed **(replaces)**");
    }
    // The stream writes secrets as signature objects; the digest as "[secret]".
    expect(stream).toContain("4dabf18193072939515e22adb298388d");
    expect(digest).toContain('"[secret]"');
  });

  it("runs as a bin: a file argument, stdin, --help, and an error for input that is not a preview", async () => {
    expect(fs.existsSync(BIN), "build first: npx tsc -p tsconfig.json").toBe(true);
    const file = path.join(stack!.dir, "preview.ndjson");
    fs.writeFileSync(file, stream);
    const run = promisify(execFile);
    const byFile = await run(process.execPath, [BIN, file]);
    expect(byFile.stdout).toBe(summarize([stream]));
    const byStdin = await new Promise<string>((resolve, reject) => {
      const child = execFile(process.execPath, [BIN], (err, stdout) => (err ? reject(err) : resolve(stdout)));
      child.stdin!.end(digest);
    });
    expect(byStdin).toBe(summarize([digest]));
    const help = await run(process.execPath, [BIN, "--help"]);
    expect(help.stdout).toMatch(/^Usage: pulumi-voiceai-summary/);
    const bad = await run(process.execPath, [BIN, path.join(ROOT, "package.json"), "--title", "x"]).catch((err: { code: number; stderr: string }) => err);
    expect((bad as { code: number }).code).toBe(1);
    expect((bad as { stderr: string }).stderr).toMatch(/pulumi-voiceai-summary: /);
  });
});

describe("pulumi-voiceai-summary on recorded events", () => {
  it("lists policy violations of the documented policyEvent shape, mandatory first (recorded fixture)", () => {
    const md = summarize([fs.readFileSync(path.join(FIXTURES, "policy-events.ndjson"), "utf8")]);
    expectGolden("policy-events.md", md);
    expect(md).toContain("❌ **The preview failed**: see the policy violations below.");
    expect(md.indexOf("mandatory (high)")).toBeLessThan(md.indexOf("| warning |"));
    expect(md).not.toContain("<{%reset%}>");
    // Signature objects holding a plaintext (a preview run with --show-secrets) still print [secret].
    expect(md).not.toMatch(/tok-(old|new)-never-printed/);
    expect(md).toContain("`customTools[0].headers[0].value`: `[secret]`");
  });

  it("says so when nothing changes", () => {
    const md = summarize([JSON.stringify({ config: {}, steps: [{ op: "same", urn: "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev" }], changeSummary: { same: 1 } })]);
    expect(md).toBe("## Pulumi preview · `p/dev`\n\n**No changes**\n");
  });

  it("uses a longer fence when a prompt holds one", () => {
    const block = unifiedDiff("a\n```\nb", "a\n```\nc");
    expect(block.startsWith("````diff\n")).toBe(true);
    expect(block).toContain("-b\n+c");
  });
});
