/**
 * scripts/ensure-pulumi.sh, the CLI provisioning every new user runs first, with a stub `go` on PATH
 * instead of the Go toolchain: no network, no build. The stub answers `go mod download -json` the way
 * different module proxies do (this machine kind's reports no Origin; others report the commit; some
 * refuse a module) and writes a tiny script for every `go build -o`, so each test sees which language
 * host the script chose and what it printed.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../scripts/pulumi-cli";

const VERSION = "3.248.0";
const COMMIT = "4f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6";
const PKG = `github.com/pulumi/pulumi/pkg/v3@v${VERSION}`;
const LANGUAGE_HOST = `github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3@${COMMIT}`;

const STUB_GO = path.join(REPO_ROOT, "test", "fixtures", "stub-go");

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** The folder the script printed on success, or the one it would have filled. */
  bin: string;
  calls: string[];
}

function provision(stub: Record<string, string>): Run {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ensure-pulumi-"));
  dirs.push(dir);
  const stubBin = path.join(dir, "stub-bin");
  fs.mkdirSync(stubBin);
  fs.copyFileSync(STUB_GO, path.join(stubBin, "go"));
  fs.chmodSync(path.join(stubBin, "go"), 0o755);
  fs.writeFileSync(path.join(dir, "calls.log"), "");
  const cache = path.join(dir, "cache");
  const result = spawnSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-pulumi.sh")], {
    encoding: "utf8",
    env: {
      // Only the stub, node and the base system: no pulumi, no real go.
      PATH: [stubBin, path.dirname(process.execPath), "/usr/bin", "/bin"].join(":"),
      HOME: dir,
      PULUMI_VERSION: VERSION,
      PULUMI_VOICEAI_CACHE: cache,
      PULUMI_VOICEAI_FORCE_BUILD: "1",
      STUB_DIR: dir,
      STUB_COMMIT: COMMIT,
      ...stub,
    },
  });
  return {
    code: result.status ?? 1,
    stdout: result.stdout,
    stderr: result.stderr,
    bin: path.join(cache, `pulumi-v${VERSION}`, "bin"),
    calls: fs.readFileSync(path.join(dir, "calls.log"), "utf8").split("\n").filter(Boolean),
  };
}

const fallbackHost = fs.readFileSync(path.join(REPO_ROOT, "scripts", "pulumi-language-nodejs.js"), "utf8");

function expectFallbackHost(run: Run): void {
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout.trim()).toBe(run.bin);
  expect(fs.readFileSync(path.join(run.bin, "pulumi"), "utf8")).toContain("stub pulumi");
  expect(fs.existsSync(path.join(run.bin, ".fallback-language-host"))).toBe(true);
  expect(fs.readFileSync(path.join(run.bin, "pulumi-language-nodejs"), "utf8")).toBe(fallbackHost);
  expect(fs.existsSync(path.join(run.bin, "pulumi-resource-pulumi-nodejs"))).toBe(true);
}

describe("ensure-pulumi.sh with a stub go (no network)", () => {
  it("a proxy that reports no Origin (this machine kind's): builds the CLI and installs the fallback host", () => {
    const run = provision({});
    expectFallbackHost(run);
    expect(run.stderr).toMatch(/did not report the commit of pkg\/v3\.248\.0 \(no Origin\.Hash\)/);
    expect(run.calls).toContain(`mod download -json ${PKG}`);
    // Without a commit there is nothing to ask for.
    expect(run.calls.some((c) => c.includes("pulumi-language-nodejs/v3@"))).toBe(false);
  });

  it("a proxy that reports the commit: builds the official host at that commit", () => {
    const run = provision({ STUB_ORIGIN: "1" });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(run.bin);
    expect(run.calls).toContain(`mod download -json ${LANGUAGE_HOST}`);
    expect(fs.readFileSync(path.join(run.bin, "pulumi-language-nodejs"), "utf8")).toContain("stub pulumi-language-nodejs");
    expect(fs.existsSync(path.join(run.bin, ".fallback-language-host"))).toBe(false);
  });

  it("a proxy that reports the commit but refuses the host's module: fallback host, with the proxy's own words", () => {
    const run = provision({ STUB_ORIGIN: "1", STUB_REFUSE: LANGUAGE_HOST });
    expectFallbackHost(run);
    expect(run.stderr).toMatch(/does not serve the official nodejs language host \(.*403 Forbidden/);
  });

  it("the official host fails to build: fallback host", () => {
    const run = provision({ STUB_ORIGIN: "1", STUB_BUILD_FAIL: "pulumi-language-nodejs" });
    expectFallbackHost(run);
    expect(run.stderr).toMatch(/go build of pulumi-language-nodejs failed/);
    expect(run.stderr).toMatch(/official nodejs language host did not build/);
  });

  it("a proxy that does not serve the CLI's module: fails saying what failed, the proxy's error and what to do", () => {
    const run = provision({ STUB_REFUSE: PKG });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`error: could not download ${PKG}`);
    expect(run.stderr).toMatch(/403 Forbidden.*This module version is not available/);
    expect(run.stderr).toMatch(/what to do: check that the Go module proxy \(https:\/\/proxy\.example\) is reachable/);
    expect(fs.existsSync(run.bin)).toBe(false);
  });

  it("the CLI fails to build: prints the compiler's lines and what to do, installs nothing", () => {
    const run = provision({ STUB_BUILD_FAIL: "pulumi" });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/go build of pulumi failed \(exit 1\)/);
    expect(run.stderr).toContain("cmd/main.go:12:3: undefined: brokenThing");
    expect(run.stderr).toMatch(/error: could not build the Pulumi CLI/);
    expect(fs.existsSync(run.bin)).toBe(false);
  });
});
