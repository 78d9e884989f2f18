/**
 * Command line entry of the emulator:
 *
 *   node dist/emulator/main.js [--platform hms|burki|revox] --port 8787 [--host 127.0.0.1] [--state-file state.json]
 *     [--requests-per-minute 100] [--rate-limit-window-ms 60000] [--api-key fl_test_x]... [--log]
 *     [--seed 1] [--latency-ms 0] [--error-rate 0.1] [--rate-limit-storm-rate 0.01] [--rate-limit-storm-ms 3000]
 *     [--drop-after-commit-rate 0.05] [--reset-before-commit-rate 0.05] [--slow-rate 0.05] [--slow-ms 5000]
 *     [--late-commit-rate 0.05] [--late-commit-ms 30100] [--phone-number +15555550100]... [--strict]
 *
 * `--platform` picks the vendor API (default hms; one per process). `--phone-number` (Burki and Revox,
 * repeatable) sets the numbers seeded into every organization the first time its key is seen
 * (default +15555550100 and +15555550101 for Burki, +15555550200 and +15555550201 for Revox; neither
 * has an API to create numbers). `--strict` (Revox only) rejects unknown request keys with a 400.
 * The chaos flags (--seed through --late-commit-ms) set a seeded chaos profile (see chaos.ts): rates are
 * probabilities between 0 and 1, durations are in ms. Without any of them chaos is off.
 *
 * Prints `HMS emulator listening on <api base url>` (`Burki emulator listening on <origin>`) once ready,
 * then, for Revox, a line with a key to use; then the chaos profile when one is set; stops cleanly on
 * SIGINT/SIGTERM.
 */
import { parseArgs } from "node:util";
import { DEFAULT_BURKI_NUMBERS } from "./burki/platform";
import { MAX_CHAOS_MS, type ChaosProfile } from "./chaos";
import { DEFAULT_PLATFORM, PLATFORM_NAMES, platformNamed, type PlatformName } from "./platforms";
import { DEFAULT_REVOX_KEY, DEFAULT_REVOX_NUMBERS } from "./revox/platform";
import { startEmulator, type EmulatorOptions } from "./server";

const USAGE =
  `usage: main.js [--platform ${PLATFORM_NAMES.join("|")}] [--port <n>] [--host <addr>] [--state-file <path>]\n` +
  "               [--requests-per-minute <n>] [--rate-limit-window-ms <n>] [--api-key <key>]... [--log]\n" +
  "               [--seed <n>] [--latency-ms <n>] [--error-rate <r>] [--rate-limit-storm-rate <r>]\n" +
  "               [--rate-limit-storm-ms <n>] [--drop-after-commit-rate <r>] [--reset-before-commit-rate <r>]\n" +
  "               [--slow-rate <r>] [--slow-ms <n>] [--late-commit-rate <r>] [--late-commit-ms <n>]\n" +
  "               [--phone-number <E.164>]... [--strict]\n" +
  `  --platform: the vendor API to emulate (default ${DEFAULT_PLATFORM}).\n` +
  "  --api-key: only these keys are valid (default: any key of the vendor's format, each its own tenant).\n" +
  "  --requests-per-minute: enforce this limit per key (default: none).\n" +
  `  --phone-number: burki and revox; numbers seeded into every tenant on first sight (default ${DEFAULT_BURKI_NUMBERS.join(", ")};\n` +
  `                  revox ${DEFAULT_REVOX_NUMBERS.join(", ")}).\n` +
  "  --strict: revox only; unknown request keys are a 400 instead of being ignored.\n" +
  "  <r> is a probability between 0 and 1; the chaos durations are in ms.";

/** Turns command line arguments into emulator options; throws with a readable message on bad input. */
export function parseCommandLine(argv: string[]): EmulatorOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      platform: { type: "string" },
      "phone-number": { type: "string", multiple: true },
      strict: { type: "boolean" },
      port: { type: "string" },
      host: { type: "string" },
      "state-file": { type: "string" },
      "requests-per-minute": { type: "string" },
      "rate-limit-window-ms": { type: "string" },
      "api-key": { type: "string", multiple: true },
      log: { type: "boolean" },
      seed: { type: "string" },
      "latency-ms": { type: "string" },
      "error-rate": { type: "string" },
      "rate-limit-storm-rate": { type: "string" },
      "rate-limit-storm-ms": { type: "string" },
      "drop-after-commit-rate": { type: "string" },
      "reset-before-commit-rate": { type: "string" },
      "slow-rate": { type: "string" },
      "slow-ms": { type: "string" },
      "late-commit-rate": { type: "string" },
      "late-commit-ms": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) return "help";
  const platform = (values.platform ?? DEFAULT_PLATFORM) as PlatformName;
  try {
    platformNamed(platform);
  } catch (error) {
    throw new Error(`--platform: ${error instanceof Error ? error.message : String(error)}`);
  }
  const numbers = values["phone-number"];
  if (numbers && platform !== "burki" && platform !== "revox") throw new Error("--phone-number is only for --platform burki or revox");
  if (values.strict && platform !== "revox") throw new Error("--strict is only for --platform revox");
  for (const number of numbers ?? []) {
    if (!/^\+\d{7,15}$/.test(number)) throw new Error(`--phone-number must be an E.164 number (+ and 7 to 15 digits), got "${number}"`);
  }
  const options: EmulatorOptions = {
    platform,
    ...(platform === "burki" ? { phoneNumbers: numbers ?? [...DEFAULT_BURKI_NUMBERS] } : {}),
    ...(platform === "revox" ? { phoneNumbers: numbers ?? [...DEFAULT_REVOX_NUMBERS], strict: values.strict ?? false } : {}),
    port: integerOption("--port", values.port, 0, 65535),
    host: values.host,
    stateFile: values["state-file"],
    requestsPerMinute: integerOption("--requests-per-minute", values["requests-per-minute"], 0) ?? null,
    rateLimitWindowMs: integerOption("--rate-limit-window-ms", values["rate-limit-window-ms"], 1),
    apiKeys: values["api-key"],
    log: values.log ?? false,
  };
  const chaos: ChaosProfile = {
    seed: integerOption("--seed", values.seed, 0),
    latencyMs: integerOption("--latency-ms", values["latency-ms"], 0, MAX_CHAOS_MS),
    errorRate: rateOption("--error-rate", values["error-rate"]),
    rateLimitStormRate: rateOption("--rate-limit-storm-rate", values["rate-limit-storm-rate"]),
    rateLimitStormMs: integerOption("--rate-limit-storm-ms", values["rate-limit-storm-ms"], 1, MAX_CHAOS_MS),
    dropAfterCommitRate: rateOption("--drop-after-commit-rate", values["drop-after-commit-rate"]),
    resetBeforeCommitRate: rateOption("--reset-before-commit-rate", values["reset-before-commit-rate"]),
    slowRate: rateOption("--slow-rate", values["slow-rate"]),
    slowMs: integerOption("--slow-ms", values["slow-ms"], 1, MAX_CHAOS_MS),
    lateCommitRate: rateOption("--late-commit-rate", values["late-commit-rate"]),
    lateCommitMs: integerOption("--late-commit-ms", values["late-commit-ms"], 1, MAX_CHAOS_MS),
  };
  // Only the flags given, so the profile's own defaults apply to the rest; no flag at all: no chaos.
  const given = Object.fromEntries(Object.entries(chaos).filter(([, value]) => value !== undefined));
  if (Object.keys(given).length > 0) options.chaos = given;
  return options;
}

function integerOption(flag: string, raw: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new Error(`${flag} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

/** A probability: a plain decimal between 0 and 1 (e.g. 0, 0.05, .5, 1). */
function rateOption(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(raw) || value > 1) {
    throw new Error(`${flag} must be a probability between 0 and 1, got "${raw}"`);
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
  process.stdout.write(`${platformNamed(emulator.platform).title} emulator listening on ${emulator.url}\n`);
  if (emulator.platform === "revox") {
    const key = options.apiKeys?.[0] ?? DEFAULT_REVOX_KEY;
    const which = options.apiKeys?.length ? "only the --api-key keys" : "any sk_… key";
    process.stdout.write(`api key: ${key} (${which}; ${options.strict ? "strict" : "lenient"} about unknown keys)\n`);
  }
  const { chaos } = emulator.chaos.status();
  if (chaos) process.stdout.write(`chaos profile: ${JSON.stringify(chaos)}\n`);

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
    process.stderr.write(`emulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
