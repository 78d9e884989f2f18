/**
 * The fallback language host (scripts/pulumi-language-nodejs.js) ends itself when the engine that
 * started it is gone: a SIGKILL of the CLI does not reach plugins (each runs in a process group of its
 * own), so without this every killed `pulumi up` would leave a host running.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../scripts/pulumi-cli";

const started: ChildProcess[] = [];
afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

/** A stand-in engine: a gRPC server with no services, so a health check gets UNIMPLEMENTED (alive). */
async function startEngine(): Promise<{ server: grpc.Server; address: string }> {
  const server = new grpc.Server();
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { server, address: `127.0.0.1:${port}` };
}

function exited(child: ChildProcess, withinMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), withinMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

describe("fallback language host", () => {
  it("keeps serving while the engine answers, and exits within seconds once the engine is gone", async () => {
    const engine = await startEngine();
    const host = spawn(process.execPath, [path.join(REPO_ROOT, "scripts", "pulumi-language-nodejs.js"), engine.address], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    started.push(host);
    let stderr = "";
    host.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const port = await new Promise<string>((resolve) => host.stdout!.once("data", (d: Buffer) => resolve(d.toString().trim())));
    expect(port).toMatch(/^\d+$/);

    // Several checks (every 2 s) answered UNIMPLEMENTED: the engine is alive, the host stays.
    expect(await exited(host, 5000)).toBe(false);

    engine.server.forceShutdown();
    expect(await exited(host, 10_000), stderr).toBe(true);
    expect(stderr).toMatch(/the engine at 127\.0\.0\.1:\d+ is gone/);
  }, 30_000);
});
