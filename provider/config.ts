/**
 * Provider configuration: where a platform's API is and which key to use, with the client settings.
 *
 * Read in the dynamic provider's `configure` hook, from the stack configuration in the platform's
 * namespace (`<name>:apiKey`, a secret, and `<name>:baseUrl`, …) or, failing that, from the
 * environment (`<ENV_PREFIX>_API_KEY`, `<ENV_PREFIX>_BASE_URL`, …; see `Platform`). Nothing here is
 * ever written into the state: the serialized provider only holds a `require` of this package.
 */
import type * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "./errors";
import type { Platform } from "./platform";

export interface ClientConfig {
  /** Bearer key. */
  apiKey: string;
  /** Where the key came from, named in authentication errors: `hms:apiKey` or `HMS_SOVEREIGN_API_KEY`. */
  apiKeySource?: string;
  /** API base URL without a trailing slash, e.g. `https://api.hmsovereign.com/api/v1`. */
  baseUrl: string;
  /** Per-request timeout in milliseconds (stack config `<name>:requestTimeoutMs`, default 30000). */
  requestTimeoutMs: number;
  /**
   * Requests per minute the whole run may send with this key (stack config `<name>:requestsPerMinute`;
   * the platform's documented limit by default, 100 for HMS, off for Burki; 0 turns the limit off).
   */
  requestsPerMinute?: number;
  /**
   * Retries after a 429, a 5xx or a network failure (stack config `<name>:maxRetries`, default 5); a
   * POST is only repeated where the API provably did not act.
   */
  maxRetries?: number;
  /**
   * `debug`: the HTTP client writes one line per attempt to stderr, which the Pulumi CLI shows
   * (stack config `<name>:log` or `<ENV_PREFIX>_LOG`; off by default). Never bodies, never the key.
   */
  log?: "debug";
  /**
   * Let an update overwrite a property that was edited outside Pulumi since the state last saw it
   * (stack config `<name>:overwriteLiveChanges`, default false: such an update fails naming the property).
   */
  overwriteLiveChanges?: boolean;
  /**
   * Answer reads (`pulumi refresh`, `preview --refresh`, `Resource.get`) from one listing of each
   * collection per run instead of one GET per resource (stack config `<name>:readFromListings`,
   * default true). Turn it off for a small stack in an account with very many objects, where the
   * listing costs more than the GETs it saves.
   */
  readFromListings?: boolean;
}

/** Defaults of the optional settings (the request limit is the platform's). */
export const DEFAULTS = { requestTimeoutMs: 30_000, requestsPerMinute: 100, maxRetries: 5 };

type ConfigSource = Pick<pulumi.dynamic.Config, "get">;

// configure() runs once per resource type in the same process; the stack configuration is process-wide
// (the same whole configuration reaches every provider, whatever its platform).
const store = globalThis as typeof globalThis & { __pulumiVoiceaiHmsConfig?: ConfigSource };

/** Remembers the stack configuration handed to a provider's `configure` hook. */
export function setStackConfig(config: ConfigSource): void {
  store.__pulumiVoiceaiHmsConfig = config;
}

/** The environment variable of a setting: `HMS_SOVEREIGN_REQUEST_TIMEOUT_MS`. */
export function envName(platform: Pick<Platform, "envPrefix" | "envNames">, setting: string): string {
  const override = platform.envNames?.[setting];
  return override ?? `${platform.envPrefix}_${setting.replace(/[A-Z]/g, (c) => "_" + c).toUpperCase()}`;
}

/**
 * The effective configuration of `platform`: stack config first, then environment variables.
 * @throws ConfigError when no API key is set anywhere, or a setting is invalid (the error names the
 *   config key, its environment variable and the rule).
 */
export function resolvePlatformConfig(
  platform: Pick<Platform, "name" | "title" | "envPrefix" | "envNames" | "defaultBaseUrl" | "defaultRequestsPerMinute">,
  env: NodeJS.ProcessEnv = process.env,
): ClientConfig {
  const ns = platform.name;
  const stack = store.__pulumiVoiceaiHmsConfig;
  const read = (setting: string) => stack?.get(`${ns}:${setting}`) ?? env[envName(platform, setting)];
  const fromStack = stack?.get(`${ns}:apiKey`);
  const apiKey = fromStack ?? env[envName(platform, "apiKey")];
  if (!apiKey) {
    throw new ConfigError(
      `No ${platform.title} API key: set it with \`pulumi config set --secret ${ns}:apiKey <key>\` or the ${envName(platform, "apiKey")} environment variable`,
    );
  }
  const setting = (name: string, min: number, fallback: number, unit: string): number => {
    const raw = read(name)?.trim();
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || value < min) {
      throw new ConfigError(`${ns}:${name} (or ${envName(platform, name)}) must be an integer ≥ ${min}${unit}, got "${raw}"`);
    }
    return value;
  };
  const flag = (name: string, fallback: boolean): boolean => {
    const raw = read(name)?.trim().toLowerCase();
    if (raw === undefined || raw === "") return fallback;
    if (raw === "false") return false;
    if (raw === "true") return true;
    throw new ConfigError(`${ns}:${name} (or ${envName(platform, name)}) must be true or false, got "${raw}"`);
  };
  const log = read("log")?.trim().toLowerCase();
  if (log !== undefined && !["", "off", "debug"].includes(log)) {
    throw new ConfigError(`${ns}:log (or ${envName(platform, "log")}) must be debug or off, got "${log}"`);
  }
  const baseUrl = (read("baseUrl") ?? platform.defaultBaseUrl).trim().replace(/\/+$/, "");
  if (!/^https?:\/\/[^/\s]+/.test(baseUrl)) {
    throw new ConfigError(`${ns}:baseUrl (or ${envName(platform, "baseUrl")}) must be an http:// or https:// URL, got "${baseUrl}"`);
  }
  return {
    ...(log === "debug" ? { log: "debug" as const } : {}),
    apiKey,
    apiKeySource: fromStack ? `${ns}:apiKey` : envName(platform, "apiKey"),
    baseUrl,
    requestTimeoutMs: setting("requestTimeoutMs", 1, DEFAULTS.requestTimeoutMs, " (milliseconds)"),
    requestsPerMinute: setting("requestsPerMinute", 0, platform.defaultRequestsPerMinute, " (0 turns the limit off)"),
    maxRetries: setting("maxRetries", 0, DEFAULTS.maxRetries, ""),
    overwriteLiveChanges: flag("overwriteLiveChanges", false),
    readFromListings: flag("readFromListings", true),
  };
}
