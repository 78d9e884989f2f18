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
 * Policy packs (`pulumi preview --policy-pack DIR`): since Pulumi v3.221 the CLI starts a Node.js pack
 * through `RunPlugin` (kind `analyzer`). As the official host does, this runs the pack with
 * `@pulumi/pulumi/cmd/run-policy-pack` resolved from the pack's folder, streams its stdout/stderr and
 * exit code back, and puts an Analyzer proxy in front of it: the proxy answers `Handshake` and
 * `ConfigureStack` itself, starts the pack only then, with the stack's organization, project, stack,
 * dry-run flag and config in its environment (PULUMI_NODEJS_*, PULUMI_CONFIG, PULUMI_CONFIG_SECRET_KEYS),
 * forwards that `ConfigureStack` to it and relays every other Analyzer call to it unchanged.
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
const analyzerrpc = pulumiRequire("./proto/analyzer_grpc_pb");
const analyzerproto = pulumiRequire("./proto/analyzer_pb");
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


// Largest Analyzer message relayed (the policy SDK accepts 400 MiB: a whole stack in AnalyzeStack).
const MAX_ANALYZER_MESSAGE = 400 * 1024 * 1024;

/** `KEY=VALUE` strings (RunPluginRequest.env) as an object; the whole environment when the list is empty. */
function envFromList(list) {
  if (!list.length) return { ...process.env };
  const env = {};
  for (const entry of list) {
    const i = entry.indexOf("=");
    if (i > 0) env[entry.slice(0, i)] = entry.slice(i + 1);
  }
  return env;
}

/**
 * An Analyzer gRPC server in front of a policy pack that is started only once the engine has sent
 * `ConfigureStack` (or, without one, at the first other call, as for `pulumi policy publish`).
 * `start(config)` starts the pack (config: the AnalyzerStackConfigureRequest or null) and resolves
 * with its port. Every call but Handshake and ConfigureStack is relayed as raw bytes.
 */
function analyzerProxy(start) {
  let configured = null;
  let target = null; // Promise<grpc.Client>
  const connect = () => {
    target ??= start(configured).then(async (port) => {
      const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
        "grpc.max_receive_message_length": MAX_ANALYZER_MESSAGE,
        "grpc.max_send_message_length": MAX_ANALYZER_MESSAGE,
      });
      if (configured) await unary(client, analyzerrpc.AnalyzerService.configureStack.path, Buffer.from(configured.serializeBinary()), {});
      return client;
    });
    return target;
  };
  const unary = (client, method, bytes, options) =>
    new Promise((resolve, reject) =>
      client.makeUnaryRequest(method, (b) => b, (b) => b, bytes, new grpc.Metadata(), options, (err, res) => (err ? reject(err) : resolve(res))),
    );
  const definition = {};
  const handlers = {};
  for (const [name, method] of Object.entries(analyzerrpc.AnalyzerService)) {
    if (name === "handshake") {
      definition[name] = method;
      handlers[name] = (_call, cb) => cb(null, new analyzerproto.AnalyzerHandshakeResponse());
    } else if (name === "configureStack") {
      definition[name] = method;
      handlers[name] = (call, cb) => {
        if (!target) configured = call.request;
        cb(null, new analyzerproto.AnalyzerStackConfigureResponse());
        connect().catch(() => {}); // A start failure is reported on the RunPlugin stream and to the next call.
      };
    } else {
      definition[name] = { ...method, requestDeserialize: (b) => b, responseSerialize: (b) => b };
      handlers[name] = (call, cb) => {
        const deadline = call.getDeadline();
        connect()
          .then((client) => unary(client, method.path, call.request, deadline && deadline !== Infinity ? { deadline } : {}))
          .then((res) => cb(null, res))
          .catch((err) => cb(err.code !== undefined ? err : { code: grpc.status.UNAVAILABLE, details: `policy pack not started: ${err.message}` }));
      };
    }
  }
  const server = new grpc.Server({ "grpc.max_receive_message_length": MAX_ANALYZER_MESSAGE, "grpc.max_send_message_length": MAX_ANALYZER_MESSAGE });
  server.addService(definition, handlers);
  return {
    listen: () =>
      new Promise((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port))),
      ),
    close: () => {
      server.forceShutdown();
      target?.then((c) => c.close(), () => {});
    },
  };
}

/**
 * RunPlugin, kind `analyzer`: a Node.js policy pack (see the header). Output goes back on the stream as
 * stdout/stderr chunks, then the exit code; a failure before the pack runs is the stream's error
 * status (`call.emit("error")`: destroying the call would leave the CLI waiting).
 */
function runPlugin(call) {
  const req = call.request;
  const info = req.getInfo();
  const packDir = (info && info.getProgramDirectory()) || req.getPwd();
  const options = (info && info.getOptions() && info.getOptions().toJavaScript()) || {};
  let done = false;
  let child;
  let proxy;
  const write = (set, value) => {
    if (done) return;
    const resp = new langproto.RunPluginResponse();
    resp[set](value);
    call.write(resp);
  };
  const end = () => {
    done = true;
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    proxy?.close();
  };
  const fail = (message) => {
    if (done) return;
    end();
    call.emit("error", { code: grpc.status.UNKNOWN, details: message });
  };
  // The engine ends the plugin by cancelling the call.
  call.on("cancelled", end);

  if (req.getKind() !== "analyzer") {
    call.emit("error", { code: grpc.status.UNIMPLEMENTED, details: `this language host runs only policy packs (kind "analyzer"), not "${req.getKind()}" plugins` });
    return;
  }
  let runScript;
  try {
    runScript = createRequire(path.join(packDir, "noop.js")).resolve("@pulumi/pulumi/cmd/run-policy-pack");
  } catch (err) {
    call.emit("error", {
      code: grpc.status.FAILED_PRECONDITION,
      details: `Cannot find module '@pulumi/pulumi/cmd/run-policy-pack' from the policy pack ${packDir}: it looks like the policy pack's dependencies are not installed; try running npm install in ${packDir} (${err.message.split("\n")[0]})`,
    });
    return;
  }
  const env = envFromList(req.getEnvList());
  if (options.typescript !== false) env.PULUMI_NODEJS_TYPESCRIPT = "true";
  if (typeof options.tsconfig === "string") env.PULUMI_NODEJS_TSCONFIG_PATH = options.tsconfig;
  const nodeArgs = typeof options.nodeargs === "string" ? options.nodeargs.split(/\s+/).filter(Boolean) : [];

  const start = (config) =>
    new Promise((resolve, reject) => {
      if (done) return reject(new Error("the plugin was ended"));
      if (config) {
        const set = (k, v) => {
          if (v) env[k] = v;
        };
        set("PULUMI_NODEJS_ORGANIZATION", config.getOrganization());
        set("PULUMI_NODEJS_PROJECT", config.getProject());
        set("PULUMI_NODEJS_STACK", config.getStack());
        set("PULUMI_NODEJS_DRY_RUN", String(config.getDryRun()));
        env.PULUMI_CONFIG = JSON.stringify(Object.fromEntries(config.getConfigMap().entries()));
        env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(config.getConfigSecretKeysList());
      }
      // As the official host: the engine address and the pack's folder are the script's arguments, the
      // pack's folder its working directory.
      child = spawn(process.execPath, [...nodeArgs, runScript, ...req.getArgsList(), packDir], { cwd: packDir, env, stdio: ["ignore", "pipe", "pipe"] });
      programs.add(child);
      let port = null;
      let head = "";
      child.stdout.on("data", (chunk) => {
        if (port !== null) return write("setStdout", chunk);
        head += chunk.toString("utf8");
        // The pack prints its port on a line of its own; anything printed before it is passed on.
        for (let nl = head.indexOf("\n"); nl >= 0 && port === null; nl = head.indexOf("\n")) {
          const line = head.slice(0, nl).trim();
          if (/^\d+$/.test(line)) port = Number(line);
          else write("setStdout", Buffer.from(head.slice(0, nl + 1)));
          head = head.slice(nl + 1);
        }
        if (port === null) return;
        if (head) write("setStdout", Buffer.from(head));
        head = "";
        resolve(port);
      });
      child.stderr.on("data", (chunk) => write("setStderr", chunk));
      child.on("error", (err) => {
        programs.delete(child);
        reject(err);
        fail(`could not start node for the policy pack: ${err.message}`);
      });
      child.on("close", (code, signal) => {
        programs.delete(child);
        if (port === null) {
          if (head) write("setStdout", Buffer.from(head));
          reject(new Error(`the policy pack exited (${signal ? `signal ${signal}` : `exit code ${code}`}) before it served`));
        }
        if (done) return;
        write("setExitcode", code ?? 128);
        end();
        call.end();
      });
    });

  proxy = analyzerProxy(start);
  proxy.listen().then(
    (port) => write("setStdout", Buffer.from(`${port}\n`)),
    (err) => fail(`could not start the policy pack proxy: ${err.message}`),
  );
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
  runPlugin,
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
