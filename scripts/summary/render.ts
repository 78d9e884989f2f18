/**
 * The Markdown of a preview (`./parse.ts`) for a pull-request comment: counts, a table of the
 * resources that change with their changed properties, the replacements and deletions with what
 * they cost, a unified diff of every prompt that changes (only the changed lines and a little
 * context), policy violations, errors.
 *
 * Deterministic: no time, no duration; rows and lists sorted; the same preview read from the digest
 * or from the event stream gives the same text (apart from the policy results only the stream has).
 */
import { structuredPatch } from "diff";
import type { Preview, ResourceChange } from "./parse";
import { genericReplacement, kindOf, typeLabel, type CostContext, type PromptField } from "./resources";
import { diffValues, expandPattern, formatPath, SECRET, UNKNOWN, valueAt, type PropertyChange, type Segment, type Value } from "./values";

export interface RenderOptions {
  /** The comment's heading (default `Pulumi preview`). */
  title?: string;
  /** Lines of context around each changed prompt line (default 3). */
  context?: number;
  /** Longest Markdown to print; prompt diffs are cut beyond it (default 60000: GitHub comments hold 65536). */
  maxLength?: number;
}

const OP_ORDER = ["replace", "delete", "create", "import", "update"] as const;
const OP_LABEL: Record<string, string> = { create: "create", update: "update", replace: "replace", delete: "delete", import: "import" };
const OP_MARK: Record<string, string> = { create: "🟢", update: "🟡", replace: "🟠", delete: "🔴", import: "🔵" };
const LEVEL_ORDER = ["mandatory", "remediate", "warning", "advisory", "none"];
/** Longest value written inline in the table. */
const INLINE_MAX = 60;
/** Changed properties listed per resource before "and N more". */
const LIST_MAX = 12;

/** A code span holding `text` whatever backticks it contains. */
export function code(text: string): string {
  const runs = text.match(/`+/g) ?? [];
  const fence = "`".repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Text safe inside a table cell (one line, no column break). */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");
}

/** Removes the CLI's colour tags (`<{%reset%}>`) and ANSI escapes. */
export function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/<\{%[^%]*%\}>/g, "").replace(/\u001b\[[0-9;]*m/g, "");
}

/** A value for Markdown: `[secret]`, `(known after apply)`, or a code span (long text shortened). */
export function show(v: Value | undefined): string {
  if (v === SECRET) return "`[secret]`";
  if (v === UNKNOWN) return "_(known after apply)_";
  if (v === undefined) return "_(none)_";
  if (typeof v === "string") {
    const oneLine = v.includes("\n") ? `${v.split("\n")[0]}…` : v;
    return code(oneLine.length > INLINE_MAX ? `${oneLine.slice(0, INLINE_MAX - 1)}…` : oneLine);
  }
  if (Array.isArray(v)) return `_(list of ${v.length})_`;
  if (v !== null && typeof v === "object") return "_(object)_";
  return code(JSON.stringify(v));
}

function isPromptPath(path: Segment[], prompts: PromptField[]): PromptField | undefined {
  const generic = formatPath(path.map((s) => (typeof s === "number" ? -1 : s))).replace(/\[-1\]/g, "[]");
  return prompts.find((p) => p.path === generic);
}

/** The changed properties of an update or replacement, as table text. */
function changedProperties(change: ResourceChange): string {
  if (change.op === "delete") return "—";
  if (change.op === "create" || change.op === "import") {
    const keys = Object.keys(change.newInputs ?? {}).sort();
    return keys.length ? `new: ${keys.map((k) => code(k)).join(", ")}` : "—";
  }
  const prompts = kindOf(change.type)?.prompts ?? [];
  const diffs = diffValues(change.oldInputs ?? {}, change.newInputs ?? {});
  const items = diffs.map((d) => describeChange(d, prompts, change.replaceReasons));
  // A secret the preview shows as `[secret]` on both sides: changed only if the engine says so.
  if (!items.length) return "_(no visible change)_";
  const shown = items.slice(0, LIST_MAX);
  if (items.length > LIST_MAX) shown.push(`_and ${items.length - LIST_MAX} more_`);
  return shown.join("<br>");
}

function describeChange(d: PropertyChange, prompts: PromptField[], replaceReasons: string[]): string {
  const name = code(formatPath(d.path) || "(all)");
  const top = String(d.path[0] ?? "");
  const forcesReplace = replaceReasons.includes(top) ? " **(replaces)**" : "";
  if (d.secretUnknown) {
    return replaceReasons.includes(top) ? `${name}: \`[secret]\` changed${forcesReplace}` : `${name}: \`[secret]\` _(not compared)_`;
  }
  const prompt = isPromptPath(d.path, prompts);
  if (prompt && typeof d.old === "string" && typeof d.new === "string") return `${name}: ${prompt.label} edited (diff below)${forcesReplace}`;
  const long = (v: Value | undefined) => typeof v === "string" && (v.length > INLINE_MAX || v.includes("\n"));
  if (long(d.old) || long(d.new)) return `${name}: text edited${forcesReplace}`;
  if (d.old === undefined) return `${name}: added ${show(d.new)}${forcesReplace}`;
  if (d.new === undefined) return `${name}: removed (was ${show(d.old)})${forcesReplace}`;
  return `${name}: ${show(d.old)} → ${show(d.new)}${forcesReplace}`;
}

function sortChanges(changes: ResourceChange[]): ResourceChange[] {
  return [...changes].sort(
    (a, b) =>
      OP_ORDER.indexOf(a.op) - OP_ORDER.indexOf(b.op) ||
      typeLabel(a.type).localeCompare(typeLabel(b.type)) ||
      a.name.localeCompare(b.name) ||
      a.urn.localeCompare(b.urn),
  );
}

function counts(preview: Preview): string {
  const n = (op: string) => preview.changes.filter((c) => c.op === op).length;
  const parts = [
    ["create", "to create"],
    ["import", "to import"],
    ["update", "to update"],
    ["replace", "to replace"],
    ["delete", "to delete"],
  ]
    .filter(([op]) => n(op) > 0)
    .map(([op, label]) => `${n(op)} ${label}`);
  const unchanged = preview.unchanged ? ` (${preview.unchanged} unchanged)` : "";
  return parts.length ? `**${parts.join(" · ")}**${unchanged}` : `**No changes**${unchanged}`;
}

function reasonText(change: ResourceChange): string {
  const kind = kindOf(change.type);
  const reasons = change.replaceReasons.map((r) => code(r));
  if (!reasons.length) return "";
  if (kind?.replaceOnChanges === "all") return `${reasons.join(", ")} changed (every change replaces a ${kind.label.split(":")[1]}).`;
  const ruled = change.replaceReasons.filter((r) => kind?.replaceOnChanges.includes(r));
  const other = change.replaceReasons.filter((r) => !kind?.replaceOnChanges.includes(r));
  const out: string[] = [];
  if (ruled.length) out.push(`${ruled.map((r) => code(r)).join(", ")} cannot change in place (\`replaceOnChanges\`).`);
  if (other.length) out.push(`${other.map((r) => code(r)).join(", ")} changed and the provider or the program's \`replaceOnChanges\` option replaces the resource for it.`);
  return out.join(" ");
}

function costContext(change: ResourceChange): CostContext {
  return { old: change.oldInputs, new: change.newInputs, oldId: change.oldId, show };
}

function resourceRef(change: ResourceChange): string {
  return `**${code(change.name)}** (${code(typeLabel(change.type))})`;
}

/** The prompt diffs of one resource: one block per changed prompt field. */
function promptDiffs(change: ResourceChange, context: number): string[] {
  const kind = kindOf(change.type);
  if (!kind || change.op === "delete") return [];
  const out: string[] = [];
  for (const field of kind.prompts) {
    for (const path of expandPattern(field.path, [change.oldInputs, change.newInputs])) {
      const before = valueAt(change.oldInputs, path);
      const after = valueAt(change.newInputs, path);
      if (before === after) continue;
      const where = `${resourceRef(change)} · ${code(formatPath(path))} (${field.label}${roleOf(change, path)})`;
      if (before === SECRET || after === SECRET) {
        if (before === SECRET && after === SECRET) continue; // cannot tell: listed in the table
        out.push(`${where}: \`[secret]\`, not shown.`);
        continue;
      }
      if (after === UNKNOWN) {
        out.push(`${where}: _(known after apply)_.`);
        continue;
      }
      const a = typeof before === "string" ? before : before === undefined || before === null ? "" : JSON.stringify(before);
      const b = typeof after === "string" ? after : after === undefined || after === null ? "" : JSON.stringify(after);
      if (a === b) continue;
      out.push(`${where}${change.op === "create" || change.op === "import" ? ", new" : ""}:\n\n${unifiedDiff(a, b, context)}`);
    }
  }
  return out;
}

/** `, system` for an HMS message whose role is known. */
function roleOf(change: ResourceChange, path: Segment[]): string {
  if (path[path.length - 1] !== "content") return "";
  const role = valueAt(change.newInputs ?? change.oldInputs, [...path.slice(0, -1), "role"]);
  return typeof role === "string" ? `, ${role}` : "";
}

/** A fenced `diff` block with the hunks of `before` → `after` (only changed lines and `context` lines around them). */
export function unifiedDiff(before: string, after: string, context = 3): string {
  // A final newline on both sides: the last line is compared as a line, without "\ No newline" markers.
  const patch = structuredPatch("before", "after", before.endsWith("\n") ? before : `${before}\n`, after.endsWith("\n") ? after : `${after}\n`, "", "", { context });
  const lines: string[] = [];
  for (const hunk of patch.hunks) {
    lines.push(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`);
    for (const line of hunk.lines) if (!line.startsWith("\\")) lines.push(line);
  }
  const body = lines.join("\n");
  const runs = body.match(/`{3,}/g) ?? [];
  const fence = "`".repeat(Math.max(3, ...runs.map((r) => r.length + 1)));
  return `${fence}diff\n${body}\n${fence}`;
}

function urnRef(urn: string | undefined, preview: Preview): string {
  if (!urn) return "_(stack)_";
  const change = preview.changes.find((c) => c.urn === urn);
  const type = urn.split("::")[2]?.split("$").pop() ?? "";
  return `${code(urn.split("::").pop() ?? urn)} (${code(typeLabel(change?.type ?? type))})`;
}

/** The Markdown for `preview`. */
export function renderSummary(preview: Preview, options: RenderOptions = {}): string {
  const full = render(preview, options, true);
  const max = options.maxLength ?? 60_000;
  if (full.length <= max) return full;
  const short = render(preview, options, false);
  return short.length <= max ? short : `${short.slice(0, max - 80)}\n\n_(summary cut: longer than ${max} characters)_\n`;
}

function render(preview: Preview, options: RenderOptions, withDiffs: boolean): string {
  const context = options.context ?? 3;
  const out: string[] = [];
  const where = preview.stack ? ` · ${code(preview.project ? `${preview.project}/${preview.stack}` : preview.stack)}` : "";
  out.push(`## ${options.title ?? "Pulumi preview"}${where}`, "");
  const errors = preview.diagnostics.some((d) => d.severity === "error");
  const blocked = preview.policies.some((p) => p.enforcementLevel === "mandatory");
  if (preview.result === "failed" || errors) {
    const why = errors ? ": see the errors below" : blocked ? ": see the policy violations below" : "";
    out.push(`❌ **The preview failed**${why}.`, "");
  }
  out.push(counts(preview), "");

  const changes = sortChanges(preview.changes);
  if (changes.length) {
    out.push("| | Operation | Resource | Type | Changed properties |", "|---|---|---|---|---|");
    for (const c of changes) {
      out.push(`| ${OP_MARK[c.op]} | ${OP_LABEL[c.op]} | ${cell(code(c.name))} | ${cell(code(typeLabel(c.type)))} | ${cell(changedProperties(c))} |`);
    }
    out.push("");
    if (changes.some((c) => c.op !== "create" && c.op !== "import" && diffValues(c.oldInputs ?? {}, c.newInputs ?? {}).some((d) => d.secretUnknown))) {
      out.push("_`[secret]` (not compared): the preview never shows a secret, so it cannot tell whether that value changes._", "");
    }
  }

  const replaced = changes.filter((c) => c.op === "replace");
  if (replaced.length) {
    out.push(`### ⚠️ Replacements (${replaced.length})`, "");
    for (const c of replaced) {
      const kind = kindOf(c.type);
      const cost = (kind?.replacement ?? genericReplacement)(costContext(c));
      const order = c.deleteBeforeReplace ? " The old object is deleted before the new one is created." : "";
      out.push(`- ${resourceRef(c)}: ${[reasonText(c), cost].filter(Boolean).join(" ")}${kind?.label === "hms:PhoneNumber" ? "" : order}`);
    }
    out.push("");
  }

  const deleted = changes.filter((c) => c.op === "delete");
  if (deleted.length) {
    out.push(`### 🗑️ Deletions (${deleted.length})`, "");
    for (const c of deleted) {
      const kind = kindOf(c.type);
      out.push(`- ${resourceRef(c)}: ${kind ? kind.deletion(costContext(c)) : "deleted."}`);
    }
    out.push("");
  }

  const diffs = changes.flatMap((c) => promptDiffs(c, context));
  if (diffs.length) {
    out.push(`### 📝 Prompt changes (${diffs.length})`, "");
    if (withDiffs) for (const d of diffs) out.push(d, "");
    else for (const d of diffs) out.push(`${d.split(":\n")[0]}: _(diff left out: the comment would be too long)_`, "");
  }

  const policies = [...preview.policies].sort(
    (a, b) =>
      rankOf(LEVEL_ORDER, a.enforcementLevel) - rankOf(LEVEL_ORDER, b.enforcementLevel) ||
      a.policyPack.localeCompare(b.policyPack) ||
      a.policy.localeCompare(b.policy) ||
      (a.urn ?? "").localeCompare(b.urn ?? "") ||
      a.message.localeCompare(b.message),
  );
  const packs = Object.entries(preview.policyPacks).sort(([a], [b]) => a.localeCompare(b));
  if (policies.length) {
    const mandatory = policies.filter((p) => p.enforcementLevel === "mandatory").length;
    out.push(`### 🛡️ Policy violations (${policies.length})`, "");
    if (mandatory) out.push(`❌ ${mandatory} mandatory: \`pulumi up\` refuses to run until ${mandatory === 1 ? "it is" : "they are"} fixed.`, "");
    out.push("| Level | Policy | Resource | Message |", "|---|---|---|---|");
    for (const p of policies) {
      const level = p.severity ? `${p.enforcementLevel} (${p.severity})` : p.enforcementLevel;
      const pack = p.policyPackVersion ? `${p.policyPack}@${p.policyPackVersion}` : p.policyPack;
      out.push(`| ${cell(level)} | ${cell(`${code(p.policy)} (${pack})`)} | ${cell(urnRef(p.urn, preview))} | ${cell(plain(p.message).trim())} |`);
    }
    out.push("");
  } else if (packs.length) {
    out.push(`### 🛡️ Policies`, "", `No violations (${packs.map(([n, v]) => code(`${n}@${v}`)).join(", ")}).`, "");
  }
  if (preview.remediations.length) {
    const items = [...new Set(preview.remediations.map((r) => `- ${code(r.policy)} (${r.policyPack}) changed ${urnRef(r.urn, preview)}`))].sort();
    out.push("Remediated by policies:", "", ...items, "");
  }

  const diagnostics = preview.diagnostics.filter((d) => d.severity === "error" || d.severity === "warning");
  if (diagnostics.length) {
    out.push(`### Errors and warnings (${diagnostics.length})`, "");
    for (const d of diagnostics) {
      const text = plain(d.message).trim();
      out.push(`- **${d.severity}**${d.urn ? ` ${urnRef(d.urn, preview)}` : ""}:`, "", "  ```", ...text.split("\n").map((l) => `  ${l}`), "  ```", "");
    }
  }
  return `${out.join("\n").replace(/\n+$/, "")}\n`;
}

function rankOf(order: string[], value: string): number {
  const i = order.indexOf(value);
  return i < 0 ? order.length : i;
}
