/**
 * The lifecycle every HMS resource shares: check → diff → create/read/update/delete over one REST
 * collection. A resource file supplies a {@link ResourceSpec}; this file holds the rules that must be
 * the same for all of them (canonical form, unknowns during preview, 404 handling).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { changedKeys, containsUnknown, projectOnto, prune, UNKNOWN } from "./canonical";
import { toCamel, toSnake } from "./casing";
import { hmsClient, path } from "./client";
import { setStackConfig } from "./config";
import { HmsApiError } from "./errors";

type Props = Record<string, unknown>;

export interface ResourceSpec {
  /** Pulumi type name, e.g. `Assistant`. */
  kind: string;
  /** Collection path, e.g. `/assistants`. */
  collection: string;
  /** Response envelope key, e.g. `assistant` for `{"assistant": {...}}`. */
  envelope: string;
  /** Envelope keys accepted as aliases (the deprecated `/agents` routes answer `{"agent": ...}`). */
  envelopeAliases?: string[];
  /** Validates the camelCase inputs; its issue paths become check failures. */
  schema: z.ZodType;
  /** Properties the API cannot change in place: a change replaces the resource. */
  replaceOnChanges: string[];
  /** Delete the old object before creating its replacement (for unique keys such as an E.164 number). */
  deleteBeforeReplace: boolean;
  /**
   * The value a property goes back to when the user removes it from the program (its documented
   * default). A removed property without a documented default is left as it is on the platform.
   */
  defaults: Props;
}

const PROVIDER_KEY = "__provider";

/** Implements `pulumi.dynamic.ResourceProvider` for one {@link ResourceSpec}. */
export function lifecycle(spec: ResourceSpec): pulumi.dynamic.ResourceProvider {
  // State holds exactly the declared properties, with the live values.
  const outputsFor = (declared: Props, live: Props): Props => projectOnto(userProps(declared), live) as Props;

  return {
    async configure(req) {
      setStackConfig(req.config);
    },

    async check(_olds, news) {
      const inputs = prune(userProps(news));
      const parsed = spec.schema.safeParse(inputs);
      const failures = parsed.success
        ? []
        : parsed.error.issues
            .filter((issue) => !pathHitsUnknown(inputs, issue.path))
            .map((issue) => ({ property: formatPath(issue.path), reason: issue.message }));
      return { inputs: { ...inputs, [PROVIDER_KEY]: news[PROVIDER_KEY] }, failures };
    },

    async diff(_id, olds, news) {
      const changed = changedKeys(userProps(olds), userProps(news));
      const replaces = changed.filter((k) => spec.replaceOnChanges.includes(k));
      return {
        changes: changed.length > 0,
        replaces,
        deleteBeforeReplace: replaces.length > 0 && spec.deleteBeforeReplace,
      };
    },

    async create(inputs) {
      const body = await hmsClient().post(spec.collection, toSnake(userProps(inputs)));
      const live = unwrap(spec, body);
      return { id: String(live.id), outs: outputsFor(inputs, live) };
    },

    async read(id, props) {
      let live: Props;
      try {
        live = await readLive(spec, id);
      } catch (err) {
        // Deleted outside Pulumi: no id tells the engine the resource is gone.
        if (err instanceof HmsApiError && err.status === 404) return {};
        throw err;
      }
      const outs = outputsFor(props ?? {}, live);
      return { id, props: outs, inputs: outs };
    },

    async update(id, olds, news) {
      const declared = userProps(news);
      const changed = changedKeys(userProps(olds), declared);
      const body: Props = {};
      // Send every changed property whole (nested objects are replaced, never merged); a removed
      // property goes back to its documented default.
      for (const k of changed) {
        if (k in declared) body[k] = declared[k];
        else if (k in spec.defaults) body[k] = spec.defaults[k];
      }
      const live = changed.length ? unwrap(spec, await hmsClient().patch(itemPath(spec, id), toSnake(body))) : await readLive(spec, id);
      return { outs: outputsFor(news, live) };
    },

    async delete(id) {
      try {
        await hmsClient().delete(itemPath(spec, id));
      } catch (err) {
        // Already gone is what delete wants.
        if (!(err instanceof HmsApiError && err.status === 404)) throw err;
      }
    },
  };
}

function itemPath(spec: ResourceSpec, id: string): string {
  return spec.collection + path`/${id}`;
}

async function readLive(spec: ResourceSpec, id: string): Promise<Props> {
  return unwrap(spec, await hmsClient().get(itemPath(spec, id)));
}

/** The object inside the response envelope (`{"assistant": {...}}`, or an alias), in camelCase. */
function unwrap(spec: ResourceSpec, body: unknown): Props {
  const b = (body ?? {}) as Props;
  for (const key of [spec.envelope, ...(spec.envelopeAliases ?? [])]) {
    if (b[key] && typeof b[key] === "object") return toCamel(b[key]) as Props;
  }
  throw new Error(`${spec.kind}: the HMS API answered without a "${spec.envelope}" object: ${JSON.stringify(body).slice(0, 200)}`);
}

/** Inputs without the engine's reserved `__provider` entry. */
function userProps(props: Props): Props {
  const { [PROVIDER_KEY]: _provider, ...rest } = props ?? {};
  return rest;
}

/** True when the value at `path` (or one of its parents) is still unknown: preview cannot validate it. */
function pathHitsUnknown(value: unknown, issuePath: PropertyKey[]): boolean {
  let cur: unknown = value;
  for (const key of issuePath) {
    if (cur === UNKNOWN) return true;
    if (cur === null || typeof cur !== "object") return false;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return containsUnknown(cur);
}

/** `["llmConfig", "tools", 0, "name"]` → `llmConfig.tools[0].name` (Pulumi's property path syntax). */
export function formatPath(p: PropertyKey[]): string {
  return p.reduce<string>((out, k) => (typeof k === "number" ? `${out}[${k}]` : out ? `${out}.${String(k)}` : String(k)), "");
}
