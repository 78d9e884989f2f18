/**
 * Command line entry of the emulator:
 *
 *   node dist/emulator/main.js --port 8787 [--host 127.0.0.1] [--state-file state.json]
 *     [--requests-per-minute 100] [--rate-limit-window-ms 60000] [--api-key fl_test_x]... [--log]
 *
 * Prints `HMS emulator listening on <api base url>` once ready; stops cleanly on SIGINT/SIGTERM.
 */
import { parseArgs } from "node:util";
import { startEmulator, type EmulatorOptions } from "./server";

const USAGE =
  "usage: main.js [--port <n>] [--host <addr>] [--state-file <path>] [--requests-per-minute <n>]\n" +
  "               [--rate-limit-window-ms <n>] [--api-key <key>]... [--log]";

/** Turns command line arguments into emulator options; throws with a readable message on bad input. */
export function parseCommandLine(argv: string[]): EmulatorOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "state-file": { type: "string" },
      "requests-per-minute": { type: "string" },
      "rate-limit-window-ms": { type: "string" },
      "api-key": { type: "string", multiple: true },
      log: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) return "help";
  return {
    port: integerOption("--port", values.port, 0, 65535),
    host: values.host,
    stateFile: values["state-file"],
    requestsPerMinute: integerOption("--requests-per-minute", values["requests-per-minute"], 0) ?? null,
    rateLimitWindowMs: integerOption("--rate-limit-window-ms", values["rate-limit-window-ms"], 1),
    apiKeys: values["api-key"],
    log: values.log ?? false,
  };
}

function integerOption(flag: string, raw: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new Error(`${flag} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

async function main(): Promise<void> {
  let options: EmulatorOptions | "help";
  try {
    options = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    process.exit(2);
  }
  if (options === "help") {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  const emulator = await startEmulator(options);
  process.stdout.write(`HMS emulator listening on ${emulator.url}\n`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`HMS emulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
