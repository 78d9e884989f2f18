/**
 * HMS configuration: stack config `hms:apiKey` (a secret), `hms:baseUrl`, `hms:requestTimeoutMs`,
 * `hms:requestsPerMinute` (default 100, the documented limit), `hms:maxRetries`, `hms:log`,
 * `hms:overwriteLiveChanges`; or the environment `HMS_SOVEREIGN_API_KEY`, `HMS_SOVEREIGN_BASE_URL`, ….
 */
import { resolvePlatformConfig, type ClientConfig } from "../config";
import { hmsPlatform } from "./platform";

export { DEFAULT_BASE_URL } from "./platform";
export { DEFAULTS, setStackConfig } from "../config";

/** The HMS client settings (see `ClientConfig`). */
export type HmsConfig = ClientConfig;

/**
 * The effective HMS configuration: stack config first, then environment variables.
 * @throws ConfigError (`HmsConfigError`) when no API key is set anywhere, or a setting is invalid.
 */
export function resolveConfig(env: NodeJS.ProcessEnv = process.env): HmsConfig {
  return resolvePlatformConfig(hmsPlatform, env);
}
