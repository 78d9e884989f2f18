/**
 * Provider configuration: where the HMS API is and which key to use.
 *
 * Read once per provider process in the dynamic provider's `configure` hook, from the stack
 * configuration (`hms:apiKey`, a secret, and `hms:baseUrl`) or, failing that, from the environment
 * (`HMS_SOVEREIGN_API_KEY`, `HMS_SOVEREIGN_BASE_URL`). Nothing here is ever written into the state:
 * the serialized provider only holds a `require` of this package.
 */
import type * as pulumi from "@pulumi/pulumi";
import { HmsConfigError } from "./errors";

/** The vendor's production API. */
export const DEFAULT_BASE_URL = "https://api.hmsovereign.com/api/v1";

export interface HmsConfig {
  /** Bearer key (`fl_live_…` / `fl_test_…`). */
  apiKey: string;
  /** API base URL without a trailing slash, e.g. `https://api.hmsovereign.com/api/v1`. */
  baseUrl: string;
  /** Per-request timeout in milliseconds (stack config `hms:requestTimeoutMs`, default 30000). */
  requestTimeoutMs: number;
}

type ConfigSource = Pick<pulumi.dynamic.Config, "get">;

// configure() runs once per resource type in the same process; the settings are process-wide.
const store = globalThis as typeof globalThis & { __pulumiVoiceaiHmsConfig?: ConfigSource };

/** Remembers the stack configuration handed to a provider's `configure` hook. */
export function setStackConfig(config: ConfigSource): void {
  store.__pulumiVoiceaiHmsConfig = config;
}

/**
 * The effective configuration: stack config first, then environment variables.
 * @throws HmsConfigError when no API key is set anywhere.
 */
export function resolveConfig(env: NodeJS.ProcessEnv = process.env): HmsConfig {
  const stack = store.__pulumiVoiceaiHmsConfig;
  const apiKey = stack?.get("hms:apiKey") ?? env.HMS_SOVEREIGN_API_KEY;
  if (!apiKey) {
    throw new HmsConfigError(
      "No HMS API key: set it with `pulumi config set --secret hms:apiKey <key>` or the HMS_SOVEREIGN_API_KEY environment variable",
    );
  }
  const baseUrl = (stack?.get("hms:baseUrl") ?? env.HMS_SOVEREIGN_BASE_URL ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  const timeout = Number(stack?.get("hms:requestTimeoutMs") ?? env.HMS_SOVEREIGN_REQUEST_TIMEOUT_MS ?? 30000);
  return { apiKey, baseUrl, requestTimeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : 30000 };
}
