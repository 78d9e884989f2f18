/**
 * The emulated vendors. Adding one: a folder with its store, routes, error bodies and control routes,
 * exporting an `EmulatorPlatform` (see platform.ts), and one line in PLATFORMS below.
 */
import { burkiPlatform } from "./burki/platform";
import { hmsPlatform } from "./hms/platform";
import type { EmulatorPlatform, PlatformStore } from "./platform";
import { revoxPlatform } from "./revox/platform";

export const PLATFORMS = {
  hms: hmsPlatform,
  burki: burkiPlatform,
  revox: revoxPlatform,
} as const;

export type PlatformName = keyof typeof PLATFORMS;

/** The platform of `startEmulator()` and `npm run emulator` when none is named. */
export const DEFAULT_PLATFORM = "hms" satisfies PlatformName;

/** The store type of a platform, e.g. StoreOf<"hms"> is the HMS Store. */
export type StoreOf<P extends PlatformName> = (typeof PLATFORMS)[P] extends EmulatorPlatform<infer S> ? S : PlatformStore;

export const PLATFORM_NAMES = Object.keys(PLATFORMS) as PlatformName[];

/** The registered platform called `name`; throws naming the known ones otherwise. */
export function platformNamed(name: string): EmulatorPlatform<PlatformStore> {
  if (!Object.prototype.hasOwnProperty.call(PLATFORMS, name)) {
    throw new Error(`unknown platform "${name}" (known: ${PLATFORM_NAMES.join(", ")})`);
  }
  return PLATFORMS[name as PlatformName] as unknown as EmulatorPlatform<PlatformStore>;
}
