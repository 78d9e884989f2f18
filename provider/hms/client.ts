/**
 * The HMS client: the core `ApiClient` with HMS's conventions (`./platform`). `HmsClient` keeps the
 * constructor earlier versions had (`new HmsClient(config, options)`).
 */
import { ApiClient, type ClientOptions } from "../client";
import type { ClientConfig } from "../config";
import { resolveConfig } from "./config";
import { hmsPlatform } from "./platform";

export class HmsClient extends ApiClient {
  constructor(config: ClientConfig, options: ClientOptions = {}) {
    super(hmsPlatform, config, options);
  }
}

/** A client for the configured stack (`hms:*` config, `HMS_SOVEREIGN_*` environment). */
export function hmsClient(): HmsClient {
  return new HmsClient(resolveConfig());
}
