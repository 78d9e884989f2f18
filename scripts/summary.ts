#!/usr/bin/env node
/**
 * `pulumi-voiceai-summary`: turns what `pulumi preview --json` prints into Markdown for a
 * pull-request comment.
 *
 * ```sh
 * PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true pulumi preview --json --policy-pack node_modules/pulumi-voiceai/policy > preview.ndjson
 * npx pulumi-voiceai-summary preview.ndjson > summary.md
 * ```
 *
 * It reads the preview digest (plain `pulumi preview --json`) or the engine event stream
 * (`PULUMI_ENABLE_STREAMING_JSON_PREVIEW` set; the only form that carries policy results), from the
 * files given or from stdin, and prints:
 * - the counts, and a table of the resources created, updated, replaced and deleted with the
 *   properties that change;
 * - every replacement with why (the field's `replaceOnChanges` rule, or a type the API cannot
 *   update) and what it costs (a number released, a routing recreated, an id that changes), and
 *   what each deletion does;
 * - a unified diff of every prompt and first message that changes (HMS `llmConfig.messages[].content`
 *   and `firstMessage`, Burki `llmSettings.systemPrompt` and `welcomeMessage`, Revox `prompt` and
 *   `firstSentence`): only the changed lines, with three lines of context;
 * - policy violations, and the errors and warnings of the preview.
 *
 * Secrets stay secret: a value the preview shows as `[secret]` or as a secret signature object is
 * printed as `[secret]`, whatever the object holds (even a preview run with `--show-secrets`).
 *
 * The rendering lives in `./summary/` (parse, values, resources, render).
 */
import * as fs from "node:fs";
import { merge, parseText, PreviewParseError, type Preview } from "./summary/parse";
import { renderSummary, type RenderOptions } from "./summary/render";

export { merge, parseText, PreviewParseError, type Preview } from "./summary/parse";
export { renderSummary, unifiedDiff } from "./summary/render";

export const USAGE = `Usage: pulumi-voiceai-summary [--title <text>] [--context <lines>] [file ...]

Reads what \`pulumi preview --json\` prints, from the files given (- for stdin) or from stdin, and
writes Markdown for a pull-request comment to stdout: the resources that change and how, the
replacements and deletions with what they cost, a diff of every changed prompt, policy violations.

Either form of the preview's JSON is read:
  pulumi preview --json > preview.json                         (the digest)
  PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true \\
    pulumi preview --json --policy-pack <pack> > preview.ndjson  (the event stream: with policy results)

Options:
  --title <text>     heading of the comment (default "Pulumi preview")
  --context <lines>  lines of context around each changed prompt line (default 3)
  -h, --help         this text

Secrets are printed as [secret], never decrypted.
`;

export interface SummaryArgs {
  files: string[];
  options: RenderOptions;
}

/** @throws Error for an unknown option or a missing value. */
export function parseArgs(args: string[]): SummaryArgs {
  const files: string[] = [];
  const options: RenderOptions = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const m = /^--(title|context)(?:=(.*))?$/.exec(arg);
    if (m) {
      const value = m[2] ?? args[++i];
      if (value === undefined) throw new Error(`pulumi-voiceai-summary: --${m[1]} needs a value\n\n${USAGE}`);
      if (m[1] === "title") options.title = value;
      else {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 0) throw new Error(`pulumi-voiceai-summary: --context must be a whole number, got "${value}"`);
        options.context = n;
      }
    } else if (arg.startsWith("-") && arg !== "-") {
      throw new Error(`pulumi-voiceai-summary: unknown option "${arg}"\n\n${USAGE}`);
    } else files.push(arg);
  }
  return { files, options };
}

/** The Markdown summary of the given input texts (each a digest or an event stream). */
export function summarize(texts: string[], options: RenderOptions = {}): string {
  const previews: Preview[] = texts.map((text, i) => {
    try {
      return parseText(text);
    } catch (err) {
      if (err instanceof PreviewParseError && texts.length > 1) throw new PreviewParseError(`input ${i + 1}: ${err.message}`);
      throw err;
    }
  });
  return renderSummary(merge(previews), options);
}

function readStdin(): string {
  return fs.readFileSync(0, "utf8");
}

/** The command: reads the files (or stdin) and returns the Markdown. */
export function main(args: string[]): string {
  const { files, options } = parseArgs(args);
  const texts = files.length ? files.map((f) => (f === "-" ? readStdin() : fs.readFileSync(f, "utf8"))) : [readStdin()];
  return summarize(texts, options);
}

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(USAGE);
  } else {
    try {
      process.stdout.write(main(args));
    } catch (err) {
      console.error(err instanceof Error ? `pulumi-voiceai-summary: ${err.message.replace(/^pulumi-voiceai-summary: /, "")}` : err);
      process.exit(1);
    }
  }
}
