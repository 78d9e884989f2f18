/**
 * The platforms `pulumi-voiceai-export` can export, one module each (`./hms`, `./burki`); the first
 * is the default. A new platform is one module exporting a `PlatformExporter` and one entry here.
 */
import { burkiExporter } from "./burki";
import type { PlatformExporter } from "./core";
import { hmsExporter } from "./hms";

export const EXPORTERS: readonly PlatformExporter[] = [hmsExporter, burkiExporter];

/** The exporter of the platform named `name` (`hms`, `burki`), or undefined. */
export function exporterNamed(name: string): PlatformExporter | undefined {
  return EXPORTERS.find((e) => e.platform.name === name);
}
