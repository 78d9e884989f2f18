/**
 * Reads what `pulumi preview --json` prints, in either of its two forms:
 *
 * - the preview digest (one JSON object: `config`, `steps` with `oldState` / `newState` /
 *   `replaceReasons`, `diagnostics`, `changeSummary`). It never carries policy results: the engine
 *   drops them from the digest;
 * - the engine event stream printed when `PULUMI_ENABLE_STREAMING_JSON_PREVIEW` is set: one JSON
 *   object a line (`preludeEvent`, `resourcePreEvent` with `metadata.op/old/new/keys`,
 *   `diagnosticEvent`, `policyEvent`, `policyRemediationEvent`, `summaryEvent`, …). A replacement
 *   appears as several events of one URN (`delete-replaced`, `replace`, `create-replacement`).
 *
 * A JSON array of events, or an object `{events: [...]}` (the Pulumi Cloud API's form), is read as a
 * stream too. Several inputs (a digest and a stream of the same preview) are merged.
 */
import { userInputs, type Value } from "./values";

export type Op = "create" | "update" | "replace" | "delete" | "import";

/** One resource the preview changes. */
export interface ResourceChange {
  op: Op;
  urn: string;
  type: string;
  /** The resource name (last segment of the URN). */
  name: string;
  /** The id of the object in the state (replacements, updates, deletes). */
  oldId?: string;
  oldInputs?: Record<string, Value>;
  newInputs?: Record<string, Value>;
  /** Top-level properties the provider says force the replacement. */
  replaceReasons: string[];
  /** The old object is deleted before its replacement is created. */
  deleteBeforeReplace?: boolean;
}

export interface PolicyViolation {
  policyPack: string;
  policyPackVersion?: string;
  policy: string;
  /** `mandatory`, `warning`, `advisory`, `remediate`, `none`, … as the engine names it. */
  enforcementLevel: string;
  severity?: string;
  /** Resource URN; absent for a stack policy. */
  urn?: string;
  message: string;
}

export interface PolicyRemediation {
  policyPack: string;
  policy: string;
  urn?: string;
}

export interface Diagnostic {
  severity: "error" | "warning";
  urn?: string;
  message: string;
}

export interface Preview {
  /** `project` and `stack`, read from the URNs. */
  project?: string;
  stack?: string;
  changes: ResourceChange[];
  /** Resources the preview leaves as they are. */
  unchanged: number;
  policies: PolicyViolation[];
  remediations: PolicyRemediation[];
  /** Policy packs that ran (name → version), from the summary event. */
  policyPacks: Record<string, string>;
  diagnostics: Diagnostic[];
  /** `succeeded` / `failed` when the stream's summary says. */
  result?: string;
  /** Which forms were read: `digest`, `events`. */
  sources: string[];
}

/** Raised for input that is neither form. */
export class PreviewParseError extends Error {}

type Json = Record<string, any>;

const SKIPPED_TYPES = /^pulumi:(pulumi:Stack|providers:)/;

function opOf(raw: string): Op | "same" | undefined {
  switch (raw) {
    case "create":
    case "update":
    case "delete":
    case "same":
      return raw;
    case "replace":
    case "create-replacement":
    case "delete-replaced":
    case "discard-replaced":
      return "replace";
    case "import":
    case "import-replacement":
      return "import";
    case "discard":
      return "delete";
    default:
      // read, refresh, remove-pending-replace: not a change of the program's resources.
      return undefined;
  }
}

function nameOf(urn: string): string {
  return urn.split("::").pop() ?? urn;
}

/** Parses one input text (a digest or a stream). */
export function parseText(text: string): Preview {
  const trimmed = text.trim();
  if (!trimmed) throw new PreviewParseError("the input is empty (did `pulumi preview --json` print nothing?)");
  let whole: unknown;
  try {
    whole = JSON.parse(trimmed);
  } catch {
    whole = undefined;
  }
  if (whole && typeof whole === "object" && !Array.isArray(whole) && (whole as Json).steps !== undefined) return fromDigest(whole as Json);
  if (Array.isArray(whole)) return fromEvents(whole as Json[]);
  if (whole && typeof whole === "object" && Array.isArray((whole as Json).events)) return fromEvents((whole as Json).events);
  if (whole && typeof whole === "object" && isEvent(whole as Json)) return fromEvents([whole as Json]);
  if (whole && typeof whole === "object" && ((whole as Json).changeSummary !== undefined || (whole as Json).config !== undefined)) {
    return fromDigest(whole as Json); // a digest of a preview with no steps at all
  }
  const events: Json[] = [];
  const lines = trimmed.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      throw new PreviewParseError(`line ${i + 1} is not JSON: expected the output of \`pulumi preview --json\` (a digest, or one engine event a line)`);
    }
    if (!event || typeof event !== "object" || !isEvent(event as Json)) {
      throw new PreviewParseError(`line ${i + 1} is not an engine event (no "...Event" key)`);
    }
    events.push(event as Json);
  }
  return fromEvents(events);
}

function isEvent(obj: Json): boolean {
  return Object.keys(obj).some((k) => k.endsWith("Event"));
}

function empty(source: string): Preview {
  return { changes: [], unchanged: 0, policies: [], remediations: [], policyPacks: {}, diagnostics: [], sources: [source] };
}

function setStack(preview: Preview, urn: string): void {
  const m = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn);
  if (m && preview.stack === undefined) {
    preview.stack = m[1];
    preview.project = m[2];
  }
}

function fromDigest(digest: Json): Preview {
  const preview = empty("digest");
  for (const step of (digest.steps ?? []) as Json[]) {
    const urn = String(step.urn ?? "");
    setStack(preview, urn);
    const type = String(step.newState?.type ?? step.oldState?.type ?? urn.split("::")[2] ?? "");
    if (SKIPPED_TYPES.test(type)) continue;
    const op = opOf(String(step.op));
    if (op === "same") preview.unchanged++;
    if (!op || op === "same") continue;
    preview.changes.push({
      op,
      urn,
      type,
      name: nameOf(urn),
      oldId: step.oldState?.id || undefined,
      oldInputs: op === "create" || op === "import" ? undefined : userInputs(step.oldState?.inputs),
      newInputs: op === "delete" ? undefined : userInputs(step.newState?.inputs),
      replaceReasons: [...((step.replaceReasons ?? []) as string[])].sort(),
      deleteBeforeReplace: op === "replace" ? step.oldState?.pendingReplacement === true : undefined,
    });
  }
  for (const d of (digest.diagnostics ?? []) as Json[]) {
    const severity = d.severity === "error" ? "error" : d.severity === "warning" ? "warning" : undefined;
    if (severity && typeof d.message === "string") preview.diagnostics.push({ severity, urn: d.urn || undefined, message: d.message });
  }
  return preview;
}

function fromEvents(events: Json[]): Preview {
  const preview = empty("events");
  /** Per URN: the ops seen, in order, and the metadata of the most telling one. */
  const byUrn = new Map<string, { ops: string[]; meta: Json }>();
  const rank = (op: string) => (op === "replace" ? 0 : 1);
  for (const event of [...events].sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0))) {
    const pre = event.resourcePreEvent?.metadata as Json | undefined;
    if (pre) {
      const urn = String(pre.urn ?? "");
      setStack(preview, urn);
      const seen = byUrn.get(urn);
      if (!seen) byUrn.set(urn, { ops: [String(pre.op)], meta: pre });
      else {
        seen.ops.push(String(pre.op));
        // The `replace` event carries both states and the replacement keys.
        if (rank(String(pre.op)) < rank(String(seen.meta.op))) seen.meta = pre;
      }
    }
    const policy = event.policyEvent as Json | undefined;
    if (policy) {
      preview.policies.push({
        policyPack: String(policy.policyPackName ?? ""),
        policyPackVersion: policy.policyPackVersion || undefined,
        policy: String(policy.policyName ?? ""),
        enforcementLevel: String(policy.enforcementLevel ?? ""),
        severity: policy.severity || undefined,
        urn: policy.resourceUrn || undefined,
        message: String(policy.message ?? ""),
      });
    }
    const remediation = event.policyRemediationEvent as Json | undefined;
    if (remediation) {
      preview.remediations.push({ policyPack: String(remediation.policyPackName ?? ""), policy: String(remediation.policyName ?? ""), urn: remediation.resourceUrn || undefined });
    }
    const diag = event.diagnosticEvent as Json | undefined;
    if (diag && (diag.severity === "error" || diag.severity === "warning") && !diag.ephemeral && typeof diag.message === "string") {
      preview.diagnostics.push({ severity: diag.severity, urn: diag.urn || undefined, message: diag.message });
    }
    const failed = event.resOpFailedEvent as Json | undefined;
    if (failed?.metadata?.urn) preview.result = "failed";
    const summary = event.summaryEvent as Json | undefined;
    if (summary) {
      if (summary.PolicyPacks && typeof summary.PolicyPacks === "object") Object.assign(preview.policyPacks, summary.PolicyPacks);
      if (typeof summary.result === "string") preview.result = summary.result;
    }
  }
  for (const [urn, { ops, meta }] of byUrn) {
    const type = String(meta.type ?? meta.new?.type ?? meta.old?.type ?? "");
    if (SKIPPED_TYPES.test(type)) continue;
    const op = ops.map(opOf).find((o) => o === "replace") ?? opOf(ops[0]);
    if (op === "same") preview.unchanged++;
    if (!op || op === "same") continue;
    preview.changes.push({
      op,
      urn,
      type,
      name: nameOf(urn),
      oldId: meta.old?.id || undefined,
      oldInputs: op === "create" || op === "import" ? undefined : userInputs(meta.old?.inputs),
      newInputs: op === "delete" ? undefined : userInputs(meta.new?.inputs),
      replaceReasons: [...((meta.keys ?? []) as string[])].sort(),
      deleteBeforeReplace: op === "replace" ? ops.indexOf("delete-replaced") >= 0 && ops.indexOf("delete-replaced") < ops.indexOf("create-replacement") : undefined,
    });
  }
  return preview;
}

/** Merges the previews of several inputs: the first to describe a resource wins; policy results add up. */
export function merge(previews: Preview[]): Preview {
  const out = empty("");
  out.sources = [];
  const seen = new Set<string>();
  const seenPolicy = new Set<string>();
  for (const p of previews) {
    out.project ??= p.project;
    out.stack ??= p.stack;
    for (const c of p.changes) if (!seen.has(c.urn)) (seen.add(c.urn), out.changes.push(c));
    out.unchanged = Math.max(out.unchanged, p.unchanged);
    for (const v of p.policies) {
      const key = JSON.stringify(v);
      if (!seenPolicy.has(key)) (seenPolicy.add(key), out.policies.push(v));
    }
    out.remediations.push(...p.remediations);
    Object.assign(out.policyPacks, p.policyPacks);
    for (const d of p.diagnostics) if (!out.diagnostics.some((x) => x.message === d.message && x.urn === d.urn)) out.diagnostics.push(d);
    if (p.result === "failed" || out.result === undefined) out.result = p.result ?? out.result;
    out.sources.push(...p.sources.filter((s) => !out.sources.includes(s)));
  }
  return out;
}
