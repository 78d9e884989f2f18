/**
 * The platforms `pulumi-voiceai-export` can export, one module each (`./hms`, `./burki`, `./revox`); the first
 * is the default. A new platform is one module exporting a `PlatformExporter` and one entry here.
 */
import { burkiExporter } from "./burki";
import type { PlatformExporter } from "./core";
import { hmsExporter } from "./hms";
import { revoxExporter } from "./revox";

export const EXPORTERS: readonly PlatformExporter[] = [hmsExporter, burkiExporter, revoxExporter];

/** The exporter of the platform named `name` (`hms`, `burki`, `revox`), or undefined. */
export function exporterNamed(name: string): PlatformExporter | undefined {
  return EXPORTERS.find((e) => e.platform.name === name);
}
