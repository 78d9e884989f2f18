/**
 * `npm run demo`: starts the embedded HMS emulator, then runs a real `pulumi up` of
 * examples/quickstart against it with a local file backend, and shows the stack outputs.
 *
 * Everything lives in .pulumi/demo/ (emulator state, Pulumi state), so a second run finds the
 * first run's assistant and number and reports no changes. Delete that folder to start over.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator } from "../emulator/server";
import { pulumi, REPO_ROOT } from "./pulumi-cli";

// A key of the local emulator only; it is no credential anywhere else.
const DEMO_API_KEY = "fl_test_demo";
const STACK = "demo";

async function main(): Promise<void> {
  const dir = path.join(REPO_ROOT, ".pulumi", "demo");
  fs.mkdirSync(path.join(dir, "state"), { recursive: true });
  const emulator = await startEmulator({ stateFile: path.join(dir, "emulator-state.json"), apiKeys: [DEMO_API_KEY] });
  console.log(`HMS emulator listening on ${emulator.url}`);
  const env = {
    PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: "",
    HMS_SOVEREIGN_BASE_URL: emulator.url,
  };
  try {
    await pulumi(["stack", "select", "--create", STACK, "--non-interactive"], { env });
    // The key goes into the stack config as a secret, the way a user would store a real one.
    await pulumi(["config", "set", "--secret", "hms:apiKey", DEMO_API_KEY, "--stack", STACK], { env });
    await pulumi(["config", "set", "--secret", "pbxPassword", "demo-pbx-password", "--stack", STACK], { env });
    await pulumi(["up", "--yes", "--non-interactive", "--skip-preview", "--stack", STACK], { env, stdio: "inherit" });
    await pulumi(["stack", "output", "--stack", STACK], { env, stdio: "inherit" });
  } finally {
    await emulator.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
