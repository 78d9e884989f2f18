/**
 * `npm run demo`: starts the embedded HMS emulator, then runs a real `pulumi up` of
 * examples/quickstart against it with a local file backend, and shows the stack outputs.
 * `npm run demo -- --platform burki` (or `revox`) does the same with that platform's emulator and
 * examples/burki (examples/revox).
 *
 * Everything lives in .pulumi/demo/ (.pulumi/demo-<platform>/ for the others: emulator state, Pulumi state),
 * so a second run finds the first run's objects and reports no changes. Delete that folder to
 * start over.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator } from "../emulator/server";
import { pulumi, REPO_ROOT } from "./pulumi-cli";

const STACK = "demo";

/** Per platform: the example, and the stack config a user would set (keys of the local emulator only: no credential anywhere else). */
const DEMOS = {
  hms: {
    example: "quickstart",
    apiKey: "fl_test_demo",
    config: {},
    secrets: { pbxPassword: "demo-pbx-password" },
  },
  burki: {
    example: "burki",
    apiKey: "burki_localdemo00000000000000000000000",
    config: { phoneNumber: "+15555550100" },
    secrets: { openaiApiKey: "sk-demo-not-a-real-key" },
  },
  revox: {
    example: "revox",
    apiKey: "sk_test_demo",
    config: { phoneNumber: "+15555550200" },
    secrets: { calendarApiToken: "demo-calendar-token" },
  },
} as const;

/** Numbers of the account where the API cannot create them (a carrier sync, the dashboard): the demo's account starts with these. */
const SEEDED_NUMBERS: Partial<Record<keyof typeof DEMOS, string[]>> = {
  burki: ["+15555550100", "+15555550101"],
  revox: ["+15555550200", "+15555550201"],
};

async function main(): Promise<void> {
  const flag = process.argv.indexOf("--platform");
  const platform = (flag >= 0 ? process.argv[flag + 1] : "hms") as keyof typeof DEMOS;
  const demo = DEMOS[platform];
  if (!demo) throw new Error(`--platform must be one of ${Object.keys(DEMOS).join(", ")}`);
  const dir = path.join(REPO_ROOT, ".pulumi", platform === "hms" ? "demo" : `demo-${platform}`);
  fs.mkdirSync(path.join(dir, "state"), { recursive: true });
  const emulator = await startEmulator({
    platform,
    stateFile: path.join(dir, "emulator-state.json"),
    apiKeys: [demo.apiKey],
    ...(SEEDED_NUMBERS[platform] ? { phoneNumbers: SEEDED_NUMBERS[platform] } : {}),
  });
  console.log(`${platform} emulator listening on ${emulator.url}`);
  const env = { PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`, PULUMI_CONFIG_PASSPHRASE: "" };
  // HMS runs from the repository root (its Pulumi.yaml points at examples/quickstart); another platform
  // in its example's folder (its stack config file there is git-ignored).
  const cwd = platform === "hms" ? REPO_ROOT : path.join(REPO_ROOT, "examples", demo.example);
  const stack = ["--stack", STACK];
  try {
    await pulumi(["stack", "select", "--create", STACK, "--non-interactive"], { cwd, env });
    // The key goes into the stack config as a secret, the way a user would store a real one.
    const secrets: Record<string, string> = { [`${platform}:apiKey`]: demo.apiKey, ...demo.secrets };
    const plain: Record<string, string> = { [`${platform}:baseUrl`]: emulator.url, ...demo.config };
    for (const [k, v] of Object.entries(plain)) await pulumi(["config", "set", k, v, ...stack], { cwd, env });
    for (const [k, v] of Object.entries(secrets)) await pulumi(["config", "set", "--secret", k, v, ...stack], { cwd, env });
    await pulumi(["up", "--yes", "--non-interactive", "--skip-preview", ...stack], { cwd, env, stdio: "inherit" });
    await pulumi(["stack", "output", ...stack], { cwd, env, stdio: "inherit" });
  } finally {
    await emulator.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
