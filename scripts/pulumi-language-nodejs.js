#!/usr/bin/env node
/*
 * Fallback Node.js language host for the Pulumi CLI, used only where the official Go
 * `pulumi-language-nodejs` cannot be had (see scripts/ensure-pulumi.sh: on machines that reach only
 * package registries, the Go module proxy does not serve its module).
 *
 * It does what the official host does for `preview`/`up`/`refresh`/`destroy` of a Node.js program:
 * it serves Pulumi's LanguageRuntime gRPC service (definitions from the installed @pulumi/pulumi) and
 * runs the program with the official `@pulumi/pulumi/cmd/run` script of that same package, passing
 * the engine's settings as that script expects them (flags, PULUMI_CONFIG, PULUMI_CONFIG_SECRET_KEYS,
 * PULUMI_NODEJS_TYPESCRIPT). Everything else (engine, SDK, dynamic-provider host) is Pulumi's own.
 * RPCs it does not serve answer UNIMPLEMENTED, which the engine tolerates for what it runs here.
 *
 * Like the official host, it exits when the engine that started it is gone: the CLI starts each plugin
 * in a process group of its own, so a SIGKILL of the CLI does not reach it.
 */
"use strict";
const { spawn } = require("node:child_process");
const { createRequire } = require("node:module");
const path = require("node:path");

// The plugin runs with the project directory as its working directory: load Pulumi from there.
const projectRequire = createRequire(path.join(process.cwd(), "noop.js"));
const grpc = projectRequire("@grpc/grpc-js");
const pulumiRequire = createRequire(projectRequire.resolve("@pulumi/pulumi/package.json"));
const langrpc = pulumiRequire("./proto/language_grpc_pb");
const langproto = pulumiRequire("./proto/language_pb");
const plugproto = pulumiRequire("./proto/plugin_pb");
const { version } = pulumiRequire("./package.json");

// The CLI starts a language plugin as `pulumi-language-nodejs [flags] <engine address>`.
const engineAddress = process.argv.slice(2).filter((a) => !a.startsWith("-")).pop() || "";
// Exit code of cmd/run after it has already reported the error to the engine.
const EXIT_ALREADY_REPORTED = 32;
// How often the engine's liveness is checked (the official host checks too, less often).
const ENGINE_CHECK_INTERVAL_MS = 2000;
const ENGINE_CHECK_DEADLINE_MS = 10_000;
// Programs this host is running, ended with it.
const programs = new Set();

function run(call, callback) {
  const req = call.request;
  const info = req.getInfo();
  const programDir = (info && info.getProgramDirectory()) || req.getPwd();
  const entryPoint = (info && info.getEntryPoint()) || req.getProgram() || ".";
  const options = (info && info.getOptions() && info.getOptions().toJavaScript()) || {};
  const runScript = createRequire(path.join(programDir, "noop.js")).resolve("@pulumi/pulumi/cmd/run");

  const config = {};
  for (const [k, v] of req.getConfigMap().entries()) config[k] = v;
  const flags = [
    `--monitor=${req.getMonitorAddress()}`,
    `--engine=${engineAddress}`,
    `--organization=${req.getOrganization()}`,
    `--project=${req.getProject()}`,
    `--stack=${req.getStack()}`,
    `--pwd=${programDir}`,
    `--parallel=${req.getParallel()}`,
  ];
  if (info && info.getRootDirectory()) flags.push(`--root-directory=${info.getRootDirectory()}`);
  if (req.getDryrun()) flags.push("--dry-run");
  const nodeArgs = typeof options.nodeargs === "string" ? options.nodeargs.split(/\s+/).filter(Boolean) : [];

  const child = spawn(process.execPath, [...nodeArgs, runScript, ...flags, entryPoint, ...req.getArgsList()], {
    cwd: programDir,
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      PULUMI_CONFIG: JSON.stringify(config),
      PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(req.getConfigsecretkeysList()),
      PULUMI_NODEJS_TYPESCRIPT: String(options.typescript !== false),
      ...(typeof options.tsconfig === "string" ? { PULUMI_NODEJS_TSCONFIG_PATH: options.tsconfig } : {}),
    },
  });
  programs.add(child);
  child.on("exit", () => programs.delete(child));
  child.on("error", (err) => {
    const resp = new langproto.RunResponse();
    resp.setError(`could not start node: ${err.message}`);
    callback(null, resp);
  });
  child.on("exit", (code, signal) => {
    const resp = new langproto.RunResponse();
    if (code === EXIT_ALREADY_REPORTED) resp.setBail(true);
    else if (code !== 0) resp.setError(`Program exited with ${signal ? `signal ${signal}` : `non-zero exit code: ${code}`}`);
    callback(null, resp);
  });
}

const server = new grpc.Server();
server.addService(langrpc.LanguageRuntimeService, {
  handshake: (_call, cb) => cb(null, new langproto.LanguageHandshakeResponse()),
  getRequiredPlugins: (_call, cb) => cb(null, new langproto.GetRequiredPluginsResponse()),
  getRequiredPackages: (_call, cb) => cb(null, new langproto.GetRequiredPackagesResponse()),
  getPluginInfo: (_call, cb) => {
    const resp = new plugproto.PluginInfo();
    resp.setVersion(version);
    cb(null, resp);
  },
  run,
});
/**
 * Calls the engine's gRPC health service (grpc.health.v1.Health/Check, an empty request) every
 * ENGINE_CHECK_INTERVAL_MS and ends this host and its programs on the first failure other than
 * UNIMPLEMENTED (which still proves the engine answers), as the official host does.
 */
function watchEngine(address) {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  const check = () =>
    client.makeUnaryRequest(
      "/grpc.health.v1.Health/Check",
      () => Buffer.alloc(0),
      (b) => b,
      {},
      { deadline: Date.now() + ENGINE_CHECK_DEADLINE_MS },
      (err) => {
        if (err && err.code !== grpc.status.UNIMPLEMENTED) {
          console.error(`language host: the engine at ${address} is gone (${err.details || err.message}); exiting`);
          for (const child of programs) child.kill("SIGKILL");
          process.exit(1);
        }
        setTimeout(check, ENGINE_CHECK_INTERVAL_MS).unref();
      },
    );
  setTimeout(check, ENGINE_CHECK_INTERVAL_MS).unref();
}

if (engineAddress) watchEngine(engineAddress);

server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
  if (err) {
    console.error(`language host: ${err.message}`);
    process.exit(1);
  }
  // The CLI reads the port from the first line of stdout.
  process.stdout.write(`${port}\n`);
});
