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
  /** Where the key came from, named in authentication errors: `hms:apiKey` or `HMS_SOVEREIGN_API_KEY`. */
  apiKeySource?: string;
  /** API base URL without a trailing slash, e.g. `https://api.hmsovereign.com/api/v1`. */
  baseUrl: string;
  /** Per-request timeout in milliseconds (stack config `hms:requestTimeoutMs`, default 30000). */
  requestTimeoutMs: number;
  /**
   * Requests per minute the whole run may send with this key (stack config `hms:requestsPerMinute`,
   * default 100, the API's documented limit; 0 turns the client-side limit off).
   */
  requestsPerMinute?: number;
  /**
   * Retries after a 429, a 5xx or a network failure (stack config `hms:maxRetries`, default 5); a POST
   * is only repeated where the API provably did not act.
   */
  maxRetries?: number;
  /**
   * `debug`: the HTTP client writes one line per attempt to stderr, which the Pulumi CLI shows
   * (stack config `hms:log` or `HMS_SOVEREIGN_LOG`; off by default). Never bodies, never the key.
   */
  log?: "debug";
  /**
   * Let an update overwrite a property that was edited outside Pulumi since the state last saw it
   * (stack config `hms:overwriteLiveChanges`, default false: such an update fails naming the property).
   */
  overwriteLiveChanges?: boolean;
}

/** Defaults of the optional settings. */
export const DEFAULTS = { requestTimeoutMs: 30_000, requestsPerMinute: 100, maxRetries: 5 };

type ConfigSource = Pick<pulumi.dynamic.Config, "get">;

// configure() runs once per resource type in the same process; the settings are process-wide.
const store = globalThis as typeof globalThis & { __pulumiVoiceaiHmsConfig?: ConfigSource };

/** Remembers the stack configuration handed to a provider's `configure` hook. */
export function setStackConfig(config: ConfigSource): void {
  store.__pulumiVoiceaiHmsConfig = config;
}

/**
 * The effective configuration: stack config first, then environment variables.
 * @throws HmsConfigError when no API key is set anywhere, or a number setting is not a valid number
 *   (the error names the config key and the rule).
 */
export function resolveConfig(env: NodeJS.ProcessEnv = process.env): HmsConfig {
  const stack = store.__pulumiVoiceaiHmsConfig;
  const fromStack = stack?.get("hms:apiKey");
  const apiKey = fromStack ?? env.HMS_SOVEREIGN_API_KEY;
  if (!apiKey) {
    throw new HmsConfigError(
      "No HMS API key: set it with `pulumi config set --secret hms:apiKey <key>` or the HMS_SOVEREIGN_API_KEY environment variable",
    );
  }
  const setting = (name: string, envName: string, min: number, fallback: number, unit: string): number => {
    const raw = (stack?.get(`hms:${name}`) ?? env[envName])?.trim();
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || value < min) {
      throw new HmsConfigError(`hms:${name} (or ${envName}) must be an integer ≥ ${min}${unit}, got "${raw}"`);
    }
    return value;
  };
  const flag = (name: string, envName: string): boolean => {
    const raw = (stack?.get(`hms:${name}`) ?? env[envName])?.trim().toLowerCase();
    if (raw === undefined || raw === "" || raw === "false") return false;
    if (raw === "true") return true;
    throw new HmsConfigError(`hms:${name} (or ${envName}) must be true or false, got "${raw}"`);
  };
  const log = (stack?.get("hms:log") ?? env.HMS_SOVEREIGN_LOG)?.trim().toLowerCase();
  if (log !== undefined && !["", "off", "debug"].includes(log)) {
    throw new HmsConfigError(`hms:log (or HMS_SOVEREIGN_LOG) must be debug or off, got "${log}"`);
  }
  return {
    ...(log === "debug" ? { log: "debug" as const } : {}),
    apiKey,
    apiKeySource: fromStack ? "hms:apiKey" : "HMS_SOVEREIGN_API_KEY",
    baseUrl: (stack?.get("hms:baseUrl") ?? env.HMS_SOVEREIGN_BASE_URL ?? DEFAULT_BASE_URL).replace(/\/+$/, ""),
    requestTimeoutMs: setting("requestTimeoutMs", "HMS_SOVEREIGN_REQUEST_TIMEOUT_MS", 1, DEFAULTS.requestTimeoutMs, " (milliseconds)"),
    requestsPerMinute: setting("requestsPerMinute", "HMS_SOVEREIGN_REQUESTS_PER_MINUTE", 0, DEFAULTS.requestsPerMinute, " (0 turns the limit off)"),
    maxRetries: setting("maxRetries", "HMS_SOVEREIGN_MAX_RETRIES", 0, DEFAULTS.maxRetries, ""),
    overwriteLiveChanges: flag("overwriteLiveChanges", "HMS_SOVEREIGN_OVERWRITE_LIVE_CHANGES"),
  };
}
