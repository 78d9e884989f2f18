#!/usr/bin/env node
/**
 * `pulumi-voiceai-export`: prints a Pulumi program (TypeScript) that adopts every object of an
 * account, with its current configuration, so that a team can bring a dashboard-built setup under
 * management: paste the program, set the secrets it names, run `pulumi up` (which writes nothing),
 * and the next preview is clean.
 *
 * - HMS Sovereign (the default): every assistant, phone number and SIP trunk.
 *   `HMS_SOVEREIGN_API_KEY=fl_live_… npx pulumi-voiceai-export > index.ts`
 * - Burki: every assistant of the organization (its numbers cannot be listed: the program says how
 *   to declare them). `BURKI_API_KEY=burki_… npx pulumi-voiceai-export --platform burki > index.ts`
 *   (`--platform` may be left out when only BURKI_API_KEY is set).
 * - Revox: every assistant, then every number routed to one of them as a `revox.PhoneNumber`.
 *   `REVOX_API_KEY=sk_… npx pulumi-voiceai-export --platform revox > index.ts`
 *
 * The settings are those of the provider (`<PREFIX>_API_KEY`, `<PREFIX>_BASE_URL` pointing at another
 * API such as the local emulator, `<PREFIX>_REQUEST_TIMEOUT_MS`, …; see `provider/config.ts`).
 *
 * Secrets are never printed. Every string (or number) held by a secret field (`webhookSecret`, a
 * tool's `server.secret`, Burki's `llmProviderConfig.apiKey` and `ttsSettings.providerConfig`, and in
 * fields this package does not model or free-form objects, at any depth: `password`, `token`,
 * `api_key`, `authorization`, `private_key`, `credentials`, …) becomes a `config.requireSecret(...)`
 * call, and the header lists the `pulumi config set --secret` commands to run. Values the API never
 * returns (SIP trunk passwords) are left out with a comment.
 *
 * The printed program compiles whatever the objects are called: variable names are ASCII
 * identifiers that are never a reserved word, never one of the program's own names (`pulumi`, the
 * platform's namespace, `config`) and never the same for two objects.
 *
 * The program rendering is vendor-free (`./export/core.ts`); each platform is one module
 * (`./export/hms.ts`, `./export/burki.ts`) listed in `./export/platforms.ts`.
 */
import { ApiClient } from "../provider/client";
import { envName, resolvePlatformConfig } from "../provider/config";
import { ConfigError } from "../provider/errors";
import { renderProgram, type PlatformExporter } from "./export/core";
import { EXPORTERS, exporterNamed } from "./export/platforms";

export { looksSecret } from "./export/core";
export { EXPORTERS } from "./export/platforms";

/** The program source for everything the client's account holds (the exporter of the client's platform by default). */
export function exportProgram(client: ApiClient, exporter?: PlatformExporter): Promise<string> {
  const chosen = exporter ?? exporterNamed(client.platform.name);
  if (!chosen) return Promise.reject(new ConfigError(`pulumi-voiceai-export cannot export ${client.platform.name}: it exports ${EXPORTERS.map((e) => e.platform.name).join(", ")}`));
  return renderProgram(client, chosen);
}

const USAGE = `Usage: pulumi-voiceai-export [--platform ${EXPORTERS.map((e) => e.platform.name).join("|")}] > index.ts

Prints a Pulumi program (TypeScript) that adopts every object of the account with its current
configuration. The platform is ${EXPORTERS[0].platform.name} unless --platform says otherwise or only one
platform's API key is set (${EXPORTERS.map((e) => envName(e.platform, "apiKey")).join(", ")}).
Settings come from the environment: ${EXPORTERS.map((e) => `${envName(e.platform, "apiKey")}, ${envName(e.platform, "baseUrl")}`).join("; ")}.
`;

/**
 * The exporter a command line asks for: `--platform <name>` (or `--platform=<name>`); without it,
 * the only platform whose API key is set, else the first (HMS).
 * @throws ConfigError for an unknown platform or argument.
 */
export function chooseExporter(args: string[], env: NodeJS.ProcessEnv = process.env): PlatformExporter {
  let name: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const m = /^--platform(?:=(.*))?$/.exec(arg);
    if (!m) throw new ConfigError(`pulumi-voiceai-export: unknown argument "${arg}"\n\n${USAGE}`);
    name = m[1] ?? args[++i];
    if (!name) throw new ConfigError(`pulumi-voiceai-export: --platform needs a value (${EXPORTERS.map((e) => e.platform.name).join(", ")})`);
  }
  if (name !== undefined) {
    const exporter = exporterNamed(name.trim().toLowerCase());
    if (!exporter) throw new ConfigError(`pulumi-voiceai-export: --platform must be one of ${EXPORTERS.map((e) => e.platform.name).join(", ")}, got "${name}"`);
    return exporter;
  }
  const configured = EXPORTERS.filter((e) => env[envName(e.platform, "apiKey")]);
  return configured.length === 1 ? configured[0] : EXPORTERS[0];
}

/** The command: prints the program of the chosen platform's account. */
export async function main(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const exporter = chooseExporter(args, env);
  return exportProgram(new ApiClient(exporter.platform, resolvePlatformConfig(exporter.platform, env)), exporter);
}

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(USAGE);
  } else {
    main(args)
      .then((source) => process.stdout.write(source))
      .catch((err: unknown) => {
        console.error(err instanceof Error ? err.message : err);
        process.exit(1);
      });
  }
}
