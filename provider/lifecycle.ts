/**
 * The lifecycle every resource of every platform shares: check → diff → create/read/update/delete
 * over one REST collection. A resource file supplies a {@link ResourceSpec} (its platform's wire
 * conventions, its schema with the per-field rules of `./fields`); this file holds the rules that
 * must be the same for all of them (canonical form, unknowns during preview, adoption, the escape hatch,
 * 404 handling, and creates that neither duplicate nor orphan an object when a request or the whole
 * run fails part-way: see {@link identity} and `create`).
 *
 * Two inputs exist on every resource besides the API's own fields:
 * - `adoptId`: the id of an existing object to bring under management instead of creating one;
 * - `additionalFields`: API fields this package does not model yet, in the API's snake_case, merged
 *   into every request body as written.
 *
 * It knows no vendor: envelopes, listing pages, the update verb and how an update body is completed
 * come from `spec.platform` (see `./platform`).
 */
import type * as pulumi from "@pulumi/pulumi";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { changedKeys, containsUnknown, deepMerge, isPlainObject, projectOnto, prune, UNKNOWN } from "./canonical";
import { camelToSnake, fromWire, toSnake, toWire, wireName } from "./casing";
import { ApiClient, path } from "./client";
import { envName, resolvePlatformConfig, setStackConfig } from "./config";
import { ConflictError, NotFoundError, VoiceAiError } from "./errors";
import { childNode, jsonSchemaOf, pathSegments as segments, pathsWith, rulesOf, topLevelWith, type SchemaNode } from "./fields";
import { forgetListings, markCreated, readThroughListing, scopeOf, sharedListing, writing } from "./listings";
import { isAutoName } from "./naming";
import type { Platform, RemovedField } from "./platform";

type Props = Record<string, unknown>;

/** A rule an input breaks: the Pulumi property path (`llmConfig.tools[0].name`) and the rule. */
export interface Problem {
  path: string;
  rule: string;
}

export interface ResourceSpec {
  /** The platform's wire conventions and configuration (`provider/<platform>/platform.ts`). */
  platform: Platform;
  /** Pulumi type name, e.g. `Assistant`. */
  kind: string;
  /** Collection path under the base URL, e.g. `/assistants`. */
  collection: string;
  /** Response envelope key, e.g. `assistant` for `{"assistant": {...}}` (platforms that wrap objects). */
  envelope?: string;
  /** Envelope key of the collection listing, e.g. `assistants` for `{"assistants": [...]}`. */
  listEnvelope?: string;
  /** Envelope keys accepted as aliases (the deprecated `/agents` routes answer `{"agent": ...}`). */
  envelopeAliases?: string[];
  /**
   * Whether reads (`pulumi refresh`, `Resource.get`) come from the run's one listing of the collection
   * (see `./listings`): `"every"` when the listing holds every object, `"some"` when it may leave some
   * out (a missing one is then asked for with a GET). Absent: one GET per object (a collection whose
   * listing is broken or lacks fields a GET has). Stack config `<name>:readFromListings false` turns it off.
   */
  listed?: "every" | "some";
  /**
   * Validates the camelCase inputs (the modelled API fields); its issue paths become check failures.
   * Its fields carry the per-field rules (`secret`, `writeOnly`, `readOnly`, `replaceOnChanges`,
   * `default`, `wireName`, `verbatim`: see `./fields`).
   */
  schema: z.ZodObject;
  /**
   * Cross-field rules checked after the schema passes, e.g. "a realtime LLM takes no ttsConfig";
   * `old` holds the inputs in the state (empty for a resource new to it).
   */
  refine?: (inputs: Props, old: Props) => Problem[];
  /** `"all"`: the API cannot change the object in place at all (no update route): every change replaces it. */
  replaceOnChanges?: "all";
  /** Delete the old object before creating its replacement (for unique keys such as an E.164 number). */
  deleteBeforeReplace: boolean;
  /** Live field aliases: the API may answer `agentId` where it means `assistantId`. */
  liveAliases?: Record<string, string>;
  /**
   * The property the SDK fills with `<resource name>-<7 hex>` when the program omits it. The suffix
   * is this resource's alone (see sdk/resource.ts), so an object carrying it was made by this resource.
   */
  autoNamed?: string;
  /**
   * A property no two objects of the account share (a phone number's `phoneNumber`). Without one,
   * the {@link autoNamed} property identifies the object. See {@link identity}.
   */
  uniqueKey?: string;
  /**
   * Fields a request body needs because of others (snake_case, changed in place): a speech-to-speech
   * LLM needs `tts_config: null`, or the live voice stays and the API refuses the pair.
   */
  completeBody?: (body: Props, declared: Props, op: "create" | "update") => void;
}

/** Wraps the object a recover lookup found (already unwrapped, unlike an answer). */
const RECOVERED = "__pulumiVoiceaiRecovered";
/** The engine's reserved input holding the serialized provider. */
const PROVIDER_KEY = "__provider";
/**
 * Set by the SDK when it generated the {@link ResourceSpec.autoNamed} value: check then keeps the
 * name the state already holds (auto-names were once derived differently; a rename is never implied).
 * Consumed by check, never stored.
 */
export const AUTO_NAMED_KEY = "__autoNamed";
/** Inputs that are about the resource, not fields of the API object. */
const ADOPT_ID = "adoptId";
const ADDITIONAL = "additionalFields";
const META_KEYS = [ADOPT_ID, ADDITIONAL];
/** Fields the server owns on every object; they are never part of the state (a platform may add its own). */
export const SERVER_FIELDS = ["id", "created_at", "updated_at"];

/** Every field the server owns on `platform`'s objects: never in the state, never sent. */
export function serverOwned(platform: Platform): string[] {
  return [...SERVER_FIELDS, ...(platform.rest.serverFields ?? [])];
}

/** A spec's per-field rules, read once from its schema (see `./fields`). */
export interface SpecRules {
  /** Top-level properties whose change replaces the resource. */
  replaceOnChanges: string[];
  /** The value each top-level property goes back to when removed from the program. */
  defaults: Props;
  /** Top-level properties the API never returns. */
  writeOnly: string[];
  /** Top-level secret properties (the SDK wraps them and lists them as secret outputs). */
  secrets: string[];
  /**
   * Every secret value, nested ones included, as property paths (`[]` for each item of a list):
   * `llmConfig.tools[].server.secret`. The provider marks these secret in every output it returns,
   * whatever the program did (a `Resource.get` has no inputs to take secrecy from).
   */
  secretPaths: string[];
  /** Paths of fields the server computes (outputs only), e.g. `toolsSettings.enabledTools`. */
  readOnlyPaths: string[];
  /** Top-level properties with an explicit `clearable` rule, and its value. */
  clearable: Map<string, boolean>;
}

const rulesBySpec = new WeakMap<object, SpecRules>();

/** The per-field rules of `spec`'s schema (computed once per spec). */
export function specRules(spec: Pick<ResourceSpec, "schema">): SpecRules {
  let rules = rulesBySpec.get(spec);
  if (!rules) {
    rules = {
      replaceOnChanges: [...topLevelWith(spec.schema, "replaceOnChanges").keys()],
      defaults: Object.fromEntries(topLevelWith(spec.schema, "default")),
      writeOnly: [...topLevelWith(spec.schema, "writeOnly").keys()],
      secrets: [...topLevelWith(spec.schema, "secret").keys()],
      secretPaths: pathsWith(spec.schema, "secret"),
      readOnlyPaths: pathsWith(spec.schema, "readOnly"),
      clearable: topLevelWith(spec.schema, "clearable"),
    };
    rulesBySpec.set(spec, rules);
  }
  return rules;
}

/** A client for the spec's platform, configured from the stack (see `./config`). */
function clientFor(spec: ResourceSpec): ApiClient {
  return new ApiClient(spec.platform, resolvePlatformConfig(spec.platform));
}

/** The two inputs every resource has besides its API fields (see {@link metaInputsShape}). */
export type MetaInputs = z.input<z.ZodObject<typeof metaInputsShape>>;

/** Schema of the two inputs every resource has besides its API fields. */
export const metaInputsShape = {
  /**
   * Id of an existing object to bring under management instead of creating a new one (`pulumi
   * import` does not work for dynamic resources). The first `pulumi up` reads the object and updates
   * only the declared properties that differ; once adopted, removing `adoptId` changes nothing.
   * `pulumi destroy` deletes the adopted object (set the `retainOnDelete` resource option to keep it).
   */
  adoptId: z.string().min(1, { error: "must be the id of an existing object" }).optional(),
  /**
   * Escape hatch for API fields this package does not model yet: a JSON object in the API's
   * snake_case, deep-merged into every create and update body as written (objects merge key by key;
   * setting a value a modelled property also sets fails check), compared and refreshed like any
   * declared property. Not validated. Example: `{ tts_config: { new_vendor_option: 3 } }`.
   */
  additionalFields: z.record(z.string(), z.unknown()).optional(),
};

/** Implements `pulumi.dynamic.ResourceProvider` for one {@link ResourceSpec}. */
export function lifecycle(spec: ResourceSpec): pulumi.dynamic.ResourceProvider {
  const schema = spec.schema.extend(metaInputsShape);
  const rules = specRules(spec);
  const replacing = (k: string) => spec.replaceOnChanges === "all" || rules.replaceOnChanges.includes(k);

  return {
    async configure(req) {
      setStackConfig(req.config);
    },

    async check(olds, news) {
      const inputs = prune(userProps(news));
      const autoNamed = inputs[AUTO_NAMED_KEY] === true;
      delete inputs[AUTO_NAMED_KEY];
      // In the state already: keep its name (or its lack of one), whatever the SDK derives today.
      const oldInputs = userProps(olds);
      if (autoNamed && spec.autoNamed && Object.keys(oldInputs).length > 0) {
        if (oldInputs[spec.autoNamed] === undefined || oldInputs[spec.autoNamed] === null) delete inputs[spec.autoNamed];
        else inputs[spec.autoNamed] = oldInputs[spec.autoNamed];
      }
      const parsed = schema.safeParse(inputs);
      const problems = parsed.success
        ? [...(spec.refine?.(inputs, oldInputs) ?? []), ...hatchConflicts(spec, inputs), ...computedInputs(spec, inputs), ...uncleared(spec, oldInputs, inputs)]
        : parsed.error.issues.flatMap((issue) => describeIssue(inputs, issue, spec.kind));
      // Adoption names an object that must exist: say so at preview, once (before it is in the state).
      if (problems.length === 0 && typeof inputs[ADOPT_ID] === "string" && inputs[ADOPT_ID] !== UNKNOWN && !olds?.[ADOPT_ID]) {
        const missing = await readLive(clientFor(spec), spec, inputs[ADOPT_ID] as string).then(() => false, (err) => (isNotFound(err) ? true : Promise.reject(err)));
        if (missing) problems.push({ path: ADOPT_ID, rule: `no ${spec.kind} with id ${inputs[ADOPT_ID]} exists for this API key` });
      }
      // Which keys the state already holds, and which a resource new to the state brings (see create).
      const old = identity(spec, oldInputs);
      const key = identity(spec, inputs);
      if (old) keysInState.add(old.id);
      else if (key) keysEntering.add(key.id);
      // The path goes into the reason, not into `property`: the engine prints the value of a failing
      // top-level `property` (in plaintext, even for a secret) and `{<nil>}` for a nested path.
      const failures = problems.map((p) => ({ property: "", reason: `${p.path}: ${p.rule}` }));
      return { inputs: { ...inputs, [PROVIDER_KEY]: news[PROVIDER_KEY] }, failures };
    },

    async diff(_id, olds, news) {
      // `adoptId` matters only when the resource enters the state.
      const changed = changedKeys(declaredOnly(spec, userProps(olds)), declaredOnly(spec, userProps(news)), [ADOPT_ID]);
      const replaces = changed.filter(replacing);
      return {
        changes: changed.length > 0,
        replaces,
        deleteBeforeReplace: replaces.length > 0 && spec.deleteBeforeReplace,
      };
    },

    async create(inputs) {
      const client = clientFor(spec);
      const declared = userProps(inputs);
      const adoptId = declared[ADOPT_ID];
      if (typeof adoptId === "string") return adopt(client, inputs, await readLive(client, spec, adoptId));
      const key = identity(spec, declared);
      if (!key) return created(await client.post<unknown>(spec.collection, wireBody(spec, declared)));
      const entering = keysEntering.delete(key.id) && !keysInState.has(key.id);
      // A name the user chose may be shared by other resources of this run: one create of it at a
      // time, each deciding on a listing taken after the previous one's object exists.
      return key.shared ? serialized(key.id, () => createWithKey(key, entering, true)) : createWithKey(key, entering, false);

      async function createWithKey(key: Identity, entering: boolean, fresh: boolean): Promise<pulumi.dynamic.CreateResult> {
        // What already carries this key: for a key only this resource has, the run's one listing of
        // the collection (taken before any POST of this key) is enough.
        const all = fresh ? await freshListing(client, spec) : await listing(client, spec);
        const holders = all.filter((o) => key.matches(o) && !isClaimed(spec, o.id));
        // A leftover of a run that died after its POST: adopt it rather than create a twin (only when
        // it carries this resource's own mark and the resource is new to the state; a replacement's old
        // object carries the same key).
        const leftover = entering ? holders.find(key.isOurs) : undefined;
        if (leftover) {
          if (spec.replaceOnChanges !== "all" || !changedKeys(declaredOnly(spec, outputsFor(spec, declared, leftover)), declared, [ADOPT_ID]).length) {
            return adopt(client, inputs, leftover);
          }
          // It cannot be changed in place to what is declared now: remove it and create afresh.
          await deleteQuietly(client, spec, String(leftover.id));
        } else if (key.unique && holders.length) {
          // Someone else's object (a stranger's registration, another stack's, a hand-made one): never
          // taken over unless the program says so with adoptId.
          throw conflict(spec, key, holders[0]);
        }
        // After a POST whose outcome is unknown the client asks here before sending it again: an object
        // the API created anyway carries the key, was not there before and is no other resource's.
        const known = new Set(all.filter(key.matches).map((o) => String(o.id)));
        const recover = async (failure: Error): Promise<Props | undefined> => {
          const now = await freshListing(client, spec).catch((lookup: unknown) => Promise.reject(unresolved(spec, key, failure, lookup)));
          const found = now.find((o) => key.matches(o) && !known.has(String(o.id)) && !isClaimed(spec, o.id));
          return found && { [RECOVERED]: found };
        };
        try {
          return created(await client.post<unknown>(spec.collection, wireBody(spec, declared), { recover }));
        } catch (err) {
          if (err instanceof ConflictError) throw await explainConflict(client, spec, key, err);
          throw err;
        }
      }

      function created(body: unknown) {
        // A recover lookup hands back the listed object itself.
        const found = isPlainObject(body) && isPlainObject(body[RECOVERED]) ? (body[RECOVERED] as Props) : undefined;
        const live = found ?? unwrap(spec, body);
        claim(spec, live.id);
        markCreated(scope(client, spec), String(live.id));
        const outs = markSecrets(spec, outputsFor(spec, declared, live));
        const unstored = unstoredHatch(declared, live);
        // The object exists: the error carries it, so the state records it rather than orphaning it.
        if (unstored.length) throw Object.assign(unstoredError(spec, String(live.id), unstored), { id: String(live.id), properties: { ...outs, [PROVIDER_KEY]: inputs[PROVIDER_KEY] } });
        return { id: String(live.id), outs };
      }
    },

    async read(id, props) {
      const live = await readOrGone(clientFor(spec), spec, id);
      // Deleted outside Pulumi: no id tells the engine the resource is gone.
      if (!live) return {};
      const declared = declaredOnly(spec, userProps(props));
      // `Resource.get(name, id)` reads with no declared properties: report every live field.
      const outs = markSecrets(spec, Object.keys(declared).length ? outputsFor(spec, declared, live) : liveFields(spec, live));
      return { id, props: outs, inputs: declaredOnly(spec, outs) };
    },

    async update(id, olds, news) {
      const stored = declaredOnly(spec, userProps(olds));
      const declared = declaredOnly(spec, userProps(news));
      const changed = changedKeys(stored, declared, [ADOPT_ID]);
      // A property removed without a documented default leaves the state but sends nothing.
      const body = patchBody(declared, changed);
      const client = clientFor(spec);
      try {
        if (!Object.keys(body).length) return { outs: markSecrets(spec, outputsFor(spec, declared, await readLive(client, spec, id))) };
        const complete = spec.platform.rest.completeUpdate;
        const live = complete || !client.config.overwriteLiveChanges ? await readLive(client, spec, id) : undefined;
        if (!client.config.overwriteLiveChanges) refuseUnseenEdits(client, id, stored, declared, changed, live!);
        const reset = changed.filter((k) => !(k in declared) && k in rules.defaults).map((k) => wireKey(spec, k));
        complete?.(body, live!, removedPaths(spec, stored, declared, changed), reset);
        const answer = await sendUpdate(client, spec, id, body);
        const unstored = changed.includes(ADDITIONAL) ? unstoredHatch(declared, answer) : [];
        if (unstored.length) throw unstoredError(spec, id, unstored);
        return { outs: markSecrets(spec, outputsFor(spec, declared, answer)) };
      } catch (err) {
        if (!isNotFound(err)) throw err;
        throw new VoiceAiError(
          `${spec.kind} ${id} no longer exists on the platform (deleted outside Pulumi?). Run \`pulumi refresh\` to drop it from ` +
            `the state; the next \`pulumi up\` creates it again. (${(err as Error).message})`,
          { cause: err },
        );
      }
    },

    async delete(id) {
      // Adopted by another resource in this run (with adoptId, by a resource that replaces this one
      // in the program): the object has a new owner and stays.
      if (adoptedInRun.has(`${spec.collection}/${id}`)) return;
      await deleteQuietly(clientFor(spec), spec, id);
    },
  };

  /**
   * The API has no ETag, so this is the optimistic concurrency it lacks: before writing, the live
   * value of every property about to be written must still be what the state last recorded. A
   * dashboard edit of such a property fails the update instead of being overwritten unseen.
   * Properties not being written are not compared (their edits stay, and `refresh` shows them).
   */
  function refuseUnseenEdits(client: ApiClient, id: string, stored: Props, declared: Props, changed: string[], liveWire: Props): void {
    const live = declaredOnly(spec, outputsFor(spec, stored, liveWire));
    // Already what the program declares (an update stored by a run that died before saving its
    // state): writing it overwrites nothing.
    const wanted = declaredOnly(spec, outputsFor(spec, declared, liveWire));
    const edited = changed.filter(
      (k) => k in stored && k !== ADOPT_ID && !rules.writeOnly.includes(k) && !isDeepStrictEqual(live[k], stored[k]) && !(k in declared && isDeepStrictEqual(wanted[k], declared[k])),
    );
    if (!edited.length) return;
    const ns = spec.platform.name;
    throw new VoiceAiError(
      `${spec.kind} ${id} was changed outside Pulumi since the state last saw it: ${edited.join(", ")} ` +
        `${edited.length > 1 ? "differ" : "differs"} from the state, and this update would overwrite ${edited.length > 1 ? "them" : "it"}. ` +
        "Run `pulumi refresh` to see the edit (it becomes the state), then `pulumi up` to replace it with the program's value on purpose; " +
        `or set \`pulumi config set ${ns}:overwriteLiveChanges true\` (${envName(spec.platform, "overwriteLiveChanges")}=true) to let updates overwrite such edits. Nothing was written.`,
    );
  }

  /**
   * Brings an existing object under management: updates only the declared properties that differ
   * (nothing for an identical configuration). Should that PATCH fail, the object is still recorded
   * in the state (an error carrying `id` and `properties`), so it is never orphaned; the next
   * `pulumi up` sends the difference again.
   */
  async function adopt(client: ApiClient, inputs: Props, live: Props): Promise<pulumi.dynamic.CreateResult> {
    const declared = declaredOnly(spec, userProps(inputs));
    const id = String(live.id);
    claim(spec, id);
    adoptedInRun.add(`${spec.collection}/${id}`);
    const current = outputsFor(spec, declared, live);
    const changed = changedKeys(declaredOnly(spec, current), declared, [ADOPT_ID]);
    if (changed.length && spec.replaceOnChanges === "all") {
      throw new VoiceAiError(
        `${spec.kind} ${id} cannot be adopted: it differs in ${changed.join(", ")} and the API cannot change a ${spec.kind} in place. ` +
          "Declare its current values to adopt it, or drop adoptId to create a new one.",
      );
    }
    if (!changed.length) return { id, outs: markSecrets(spec, current) };
    try {
      const body = patchBody(declared, changed);
      spec.platform.rest.completeUpdate?.(body, live, [], []);
      return { id, outs: markSecrets(spec, outputsFor(spec, declared, await sendUpdate(client, spec, id, body))) };
    } catch (err) {
      throw Object.assign(new VoiceAiError(`${spec.kind} ${id} was adopted but not yet updated: ${(err as Error).message}`, { cause: err }), {
        id,
        properties: { ...markSecrets(spec, current), [PROVIDER_KEY]: inputs[PROVIDER_KEY] },
      });
    }
  }

  /**
   * The PATCH body for the changed properties. Each changed top-level field is sent whole (nested
   * objects are replaced, never merged); a removed property goes back to its documented default.
   */
  function patchBody(declared: Props, changed: string[]): Props {
    const wire = wireFields(spec, declared);
    const fields = new Set<string>();
    for (const k of changed) {
      if (k === ADDITIONAL) {
        for (const f of Object.keys((declared[ADDITIONAL] ?? {}) as Props)) fields.add(f);
      } else if (k in declared) {
        fields.add(wireKey(spec, k));
      } else if (k in rules.defaults) {
        Object.assign(wire, toWire(spec.schema, { [k]: rules.defaults[k] }));
        fields.add(wireKey(spec, k));
      }
    }
    const body = Object.fromEntries([...fields].filter((f) => f in wire).map((f) => [f, wire[f]]));
    spec.completeBody?.(body, declared, "update");
    return body;
  }
}

/** The declared API fields (no meta inputs) as the API names them. */
function modelledWire(spec: ResourceSpec, declared: Props): Props {
  return toWire(spec.schema, Object.fromEntries(Object.entries(declared).filter(([k]) => !META_KEYS.includes(k)))) as Props;
}

/** The API's name of a top-level property. */
function wireKey(spec: ResourceSpec, property: string): string {
  return wireName(spec.schema, property);
}

/** The declared inputs as API fields, with `additionalFields` merged in. */
function wireFields(spec: ResourceSpec, declared: Props): Props {
  return deepMerge(modelledWire(spec, declared), (declared[ADDITIONAL] ?? {}) as Props);
}

/** The create body for the declared inputs: {@link wireFields} and what they imply. */
function wireBody(spec: ResourceSpec, declared: Props): Props {
  const body = wireFields(spec, declared);
  spec.completeBody?.(body, declared, "create");
  return body;
}

/**
 * The state of a resource: exactly the declared properties, with their live values. Write-only
 * properties keep the declared value; `additionalFields` is read back in the API's snake_case.
 */
function outputsFor(spec: ResourceSpec, declared: Props, liveWire: Props): Props {
  const live = liveFields(spec, liveWire);
  const out: Props = {};
  for (const [k, v] of Object.entries(declared)) {
    if (k === ADOPT_ID || specRules(spec).writeOnly.includes(k)) out[k] = v;
    else if (k === ADDITIONAL) out[k] = projectOnto(v, liveWire);
    else out[k] = projectOnto(v, live[k]);
  }
  // What the server computes inside a declared object is reported too (never compared: see declaredOnly).
  for (const p of specRules(spec).readOnlyPaths) copyPath(live, out, segments(p));
  // The SDK always passes an auto-name, and the engine answers a property missing from the outputs
  // with the program's value: an object that keeps having no name (check dropped the auto-name) must
  // say null, or its `name` output would show a name it does not have.
  if (spec.autoNamed && !(spec.autoNamed in declared)) out[spec.autoNamed] = null;
  return out;
}

/**
 * Stored properties without that null auto-named one (see {@link outputsFor}): it is not declared.
 * A declared auto-named property is never null (the schemas require a non-empty name).
 */
function declaredOnly(spec: ResourceSpec, stored: Props): Props {
  let out = stored;
  for (const p of specRules(spec).readOnlyPaths) out = withoutPath(out, segments(p)) as Props;
  if (!spec.autoNamed || out[spec.autoNamed] !== null) return out;
  const { [spec.autoNamed]: _undeclared, ...rest } = out;
  return rest;
}


/** `value` without what lies at `path` (copies only what it changes). */
function withoutPath(value: unknown, path: string[]): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (head === "[]") return Array.isArray(value) ? value.map((v) => withoutPath(v, rest)) : value;
  if (!isPlainObject(value) || !(head in value)) return value;
  if (rest.length === 0) {
    const { [head]: _gone, ...others } = value;
    return others;
  }
  return { ...value, [head]: withoutPath(value[head], rest) };
}

/** Copies the value at `path` from `from` into `to` where `to` already holds its parent objects (lists item by item). */
function copyPath(from: unknown, to: unknown, path: string[]): void {
  if (!isPlainObject(to) && !Array.isArray(to)) return;
  const [head, ...rest] = path;
  if (head === "[]") {
    if (Array.isArray(from) && Array.isArray(to)) to.forEach((item, i) => copyPath(from[i], item, rest));
    return;
  }
  if (!isPlainObject(from) || !isPlainObject(to) || !(head in from)) return;
  if (rest.length === 0) to[head] = from[head];
  else if (head in to) copyPath(from[head], to[head], rest);
}

/** Pulumi's wire form of a secret value, which the engine accepts in a provider's outputs. */
const SECRET_SIG = { [specialSigKey]: specialSecretSig };

/** `outs` with the value at every {@link ResourceSpec.secretPaths} entry marked as a Pulumi secret. */
function markSecrets(spec: ResourceSpec, outs: Props): Props {
  const mark = (value: unknown, path: string[]): unknown => {
    if (value === undefined || value === null) return value;
    if (path.length === 0) return { ...SECRET_SIG, value };
    const [head, ...rest] = path;
    if (head === "[]") return Array.isArray(value) ? value.map((v) => mark(v, rest)) : value;
    if (!isPlainObject(value) || !(head in value)) return value;
    return { ...value, [head]: mark(value[head], rest) };
  };
  let out: unknown = outs;
  for (const p of secretSegments(spec)) out = mark(out, p);
  return out as Props;
}

/** Each of the spec's secret paths as segments (`llmConfig.tools[].server.secret` → `llmConfig`, `tools`, `[]`, …), split once per spec. */
const segmentsBySpec = new WeakMap<ResourceSpec, string[][]>();
function secretSegments(spec: ResourceSpec): string[][] {
  let split = segmentsBySpec.get(spec);
  if (!split) {
    split = specRules(spec).secretPaths.map(segments);
    segmentsBySpec.set(spec, split);
  }
  return split;
}

/** Every field of a live object in camelCase, aliases resolved, without the server's own bookkeeping. */
function liveFields(spec: ResourceSpec, liveWire: Props): Props {
  const owned = serverOwned(spec.platform);
  const live = fromWire(spec.schema, Object.fromEntries(Object.entries(liveWire).filter(([k]) => !owned.includes(k)))) as Props;
  for (const [alias, name] of Object.entries(spec.liveAliases ?? {})) {
    if (alias in live) {
      if (!(name in live)) live[name] = live[alias];
      delete live[alias];
    }
  }
  return live;
}

/**
 * What identifies the object a create makes, when anything does: the {@link ResourceSpec.uniqueKey}
 * or, failing that, the auto-named property.
 */
interface Identity {
  /** `Kind:field=value`, for {@link keysInState} and {@link keysEntering}. */
  id: string;
  /** The property, its API field, its value. */
  property: string;
  field: string;
  value: string;
  /** The account keeps the key unique (a phone number is registered once). */
  unique: boolean;
  /** Other resources may declare the same key: a name the user chose (hand-made objects may share it too). */
  shared: boolean;
  matches: (live: Props) => boolean;
  /**
   * Whether an object carrying the key was made by this very resource, so that a leftover of a dead
   * run may be adopted: it carries this resource's auto-generated name (the hash names one resource
   * of one stack). A user-chosen name, or a unique key without that mark, proves nothing.
   */
  isOurs: (live: Props) => boolean;
  /** The resource carries such a mark, so a rerun after a crash can find and adopt its object. */
  adoptable: boolean;
}

function identity(spec: ResourceSpec, declared: Props): Identity | undefined {
  const property = spec.uniqueKey ?? spec.autoNamed;
  const value = property === undefined ? undefined : declared[property];
  if (property === undefined || typeof value !== "string" || value === UNKNOWN) return undefined;
  const field = wireKey(spec, property);
  const mark = spec.autoNamed === undefined ? undefined : declared[spec.autoNamed];
  const markField = spec.autoNamed === undefined ? "" : wireKey(spec, spec.autoNamed);
  const marked = isAutoName(mark);
  return {
    id: `${spec.kind}:${property}=${value}`,
    property,
    field,
    value,
    unique: spec.uniqueKey !== undefined,
    shared: spec.uniqueKey === undefined && !marked,
    matches: (live) => String(live[field]) === value,
    isOurs: (live) => marked && live[markField] === mark,
    adoptable: marked,
  };
}

/**
 * Keys seen by check this run: with old inputs (a resource in the state), and without (a resource
 * new to the state). A replacement is checked twice, with its old inputs and then again without
 * them (so providers can pick new auto-names), hence a key only enters when no resource in the state
 * holds it. The engine calls check and create of a resource in the same provider process and through
 * the same module, so module-level sets are enough (unlike the connection pool and the rate limit,
 * nothing here must be shared with another copy of the package).
 */
const keysInState = new Set<string>();
const keysEntering = new Set<string>();

/**
 * `collection/id` of the objects created or adopted in this run: no other resource may claim them
 * (a lookup after an ambiguous POST, a leftover adoption).
 */
const claimedInRun = new Set<string>();
/** `collection/id` of the objects adopted in this run: deleting them would pull them from their new owner. */
const adoptedInRun = new Set<string>();
const claim = (spec: ResourceSpec, id: unknown) => claimedInRun.add(`${spec.collection}/${String(id)}`);
const isClaimed = (spec: ResourceSpec, id: unknown) => claimedInRun.has(`${spec.collection}/${String(id)}`);

/** The tail of each key's queue of creates (see {@link serialized}). */
const keyQueues = new Map<string, Promise<unknown>>();

/** Runs `task` after every earlier task of the same key has settled. */
function serialized<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = keyQueues.get(key) ?? Promise.resolve();
  const run = previous.then(task, task);
  const tail = run.catch(() => undefined);
  keyQueues.set(key, tail);
  void tail.then(() => keyQueues.get(key) === tail && keyQueues.delete(key));
  return run;
}

/**
 * Forgets what this process learned about the current deployment (listings, keys seen by check,
 * adopted objects). The engine starts a provider process per deployment; tests that play several
 * deployments in one process call this between them.
 */
export function forgetRun(): void {
  forgetListings();
  keysInState.clear();
  keysEntering.clear();
  claimedInRun.clear();
  adoptedInRun.clear();
}

function scope(client: ApiClient, spec: ResourceSpec): string {
  return scopeOf(client.config.baseUrl, client.config.apiKey, spec.collection);
}

/**
 * The run's one listing of the collection (one request per page however many objects are created or
 * read; see `./listings`). The create path relies on it being taken before any POST of a key.
 */
async function listing(client: ApiClient, spec: ResourceSpec): Promise<Props[]> {
  return (await sharedListing(scope(client, spec), () => listAll(client, spec))).items;
}

/** Every object of the collection, read afresh. */
async function freshListing(client: ApiClient, spec: ResourceSpec): Promise<Props[]> {
  return (await listAll(client, spec)).items;
}

/** Every object of the collection, all pages read (see `RestWire.listPage`), and how many pages that took. */
async function listAll(client: ApiClient, spec: ResourceSpec): Promise<{ items: Props[]; pages: number }> {
  const items: Props[] = [];
  for (let page = 0; ; page++) {
    const { path: p, read } = spec.platform.rest.listPage(spec, page);
    const answer = read(await client.get(p));
    items.push(...answer.items);
    if (!answer.more || answer.items.length === 0) return { items, pages: page + 1 };
  }
}

/**
 * The live object, or undefined when it is gone: from the run's listing where the collection has
 * one that can answer (see {@link ResourceSpec.listed}), else by its GET.
 */
async function readOrGone(client: ApiClient, spec: ResourceSpec, id: string): Promise<Props | undefined> {
  const get = () => readLive(client, spec, id).catch((err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err)));
  if (!spec.listed || client.config.readFromListings === false) return get();
  return readThroughListing(scope(client, spec), () => listAll(client, spec), id, spec.listed === "every", get);
}

/** A 409 on create, explained: which object already holds the key. */
async function explainConflict(client: ApiClient, spec: ResourceSpec, key: Identity, err: ConflictError): Promise<Error> {
  const holder = await freshListing(client, spec).then((all) => all.find(key.matches), () => undefined);
  return conflict(spec, key, holder, err);
}

/** The key is held by an object this resource did not make: name it and say how to take it on. */
function conflict(spec: ResourceSpec, key: Identity, holder: Props | undefined, cause?: Error): Error {
  const name = holder?.name && key.field !== "name" ? ` ("${String(holder.name)}")` : "";
  const who = holder ? ` by ${spec.kind} ${String(holder.id)}${name}` : "";
  const adopt = holder ? `adoptId: "${String(holder.id)}"` : "adoptId";
  return new VoiceAiError(
    `${spec.kind} ${key.property} ${key.value} is already taken${who}, which this resource did not create: another stack, the ` +
      `dashboard or another resource of this stack manages it. Nothing was changed. Remove the duplicate declaration, or take the ` +
      `existing object over on purpose with ${adopt} (if you renamed this resource, add its old name to \`aliases\` instead).` +
      (cause ? ` (${cause.message})` : ""),
    { cause },
  );
}

/** A POST whose outcome is unknown and could not be looked up: say what may exist and how it heals. */
function unresolved(spec: ResourceSpec, key: Identity, post: unknown, lookup: unknown): Error {
  const heal = key.adoptable
    ? "Run `pulumi up` again: it finds that object by its key and adopts it instead of creating another."
    : `Check the dashboard for a ${spec.kind} with ${key.property} "${key.value}" before running \`pulumi up\` again, and delete the duplicate if there is one (a name you chose is not unique, so it cannot be adopted automatically).`;
  return new VoiceAiError(
    `${spec.kind} with ${key.property} ${key.value} may or may not have been created: ${(post as Error).message}; ` +
      `looking it up failed too: ${(lookup as Error).message}. ${heal}`,
  );
}

async function deleteQuietly(client: ApiClient, spec: ResourceSpec, id: string): Promise<void> {
  try {
    await writing(scope(client, spec), id, () => client.delete(itemPath(spec, id)));
  } catch (err) {
    // Already gone is what delete wants.
    if (!isNotFound(err)) throw err;
  }
}

function itemPath(spec: ResourceSpec, id: string): string {
  return spec.collection + path`/${id}`;
}

async function readLive(client: ApiClient, spec: ResourceSpec, id: string): Promise<Props> {
  return unwrap(spec, await client.get(itemPath(spec, id)));
}

/** Sends an update body with the platform's verb and returns the object it answers with. */
async function sendUpdate(client: ApiClient, spec: ResourceSpec, id: string, body: Props): Promise<Props> {
  const send = () => (spec.platform.rest.updateMethod === "PUT" ? client.put(itemPath(spec, id), body) : client.patch(itemPath(spec, id), body));
  return unwrap(spec, await writing(scope(client, spec), id, send));
}

/** The object inside an answer, as the API wrote it (the platform knows its envelope). */
function unwrap(spec: ResourceSpec, body: unknown): Props {
  return spec.platform.rest.item(body, spec);
}

function isNotFound(err: unknown): boolean {
  return err instanceof NotFoundError;
}

/** Inputs without the engine's reserved `__provider` entry. */
function userProps(props: Props): Props {
  const { [PROVIDER_KEY]: _provider, ...rest } = props ?? {};
  return rest;
}

/**
 * The rules `inputs` break under `schema`, named by Pulumi property path (values unknown at preview
 * pass), for a provider that does not use {@link lifecycle} itself.
 */
export function validate(schema: z.ZodType, inputs: Props, kind: string, options: { additionalFields: boolean } = { additionalFields: true }): Problem[] {
  const parsed = schema.safeParse(inputs);
  return parsed.success ? [] : parsed.error.issues.flatMap((issue) => describeIssue(inputs, issue, kind, options.additionalFields));
}

/**
 * Check failures for the engine. The path goes into the reason, not into `property`: the engine
 * prints the value of a failing top-level `property` (in plaintext, even for a secret) and `{<nil>}`
 * for a nested path.
 */
export function failuresOf(problems: Problem[]): pulumi.dynamic.CheckFailure[] {
  return problems.map((p) => ({ property: "", reason: `${p.path}: ${p.rule}` }));
}

/**
 * The `configure`, `check` and `diff` of a provider that does not use {@link lifecycle} (a resource
 * that is not a REST collection, such as a number's routing): config from the stack, the schema's
 * rules with the core's messages, and a diff that replaces on the schema's `replaceOnChanges` fields
 * (the replacement is made before the old one is deleted).
 */
export function schemaHooks(schema: z.ZodObject, kind: string): Required<Pick<pulumi.dynamic.ResourceProvider, "configure" | "check" | "diff">> {
  const replaceOn = specRules({ schema }).replaceOnChanges;
  return {
    async configure(req) {
      setStackConfig(req.config);
    },
    async check(_olds, news) {
      const inputs = prune(userProps(news));
      // No additionalFields here: an unknown key gets no pointer to it.
      return { inputs: { ...inputs, [PROVIDER_KEY]: news[PROVIDER_KEY] }, failures: failuresOf(validate(schema, inputs, kind, { additionalFields: false })) };
    },
    async diff(_id, olds, news) {
      const changed = changedKeys(userProps(olds), userProps(news));
      return { changes: changed.length > 0, replaces: changed.filter((k) => replaceOn.includes(k)), deleteBeforeReplace: false };
    },
  };
}

/** Inputs without the engine's reserved `__provider` entry (exported for providers that do not use {@link lifecycle}). */
export { userProps, PROVIDER_KEY };

/**
 * The problems one zod issue describes, named by Pulumi property path. Issues on values still
 * unknown during preview are dropped; an unrecognised key gets one problem per key that points at
 * the escape hatch; zod's generic type messages become "is required" / "must be …".
 */
function describeIssue(inputs: Props, issue: z.core.$ZodIssue, kind: string, hatch = true): Problem[] {
  if (pathHitsUnknown(inputs, issue.path)) return [];
  if (issue.code === "unrecognized_keys") {
    const hint = hatch ? "; for an API field this package does not model yet, use additionalFields" : "";
    return issue.keys.map((key) => ({
      path: formatPath([...issue.path, key]),
      rule: `is not a property of ${issue.path.length ? formatPath(issue.path) : kind}${hint}`,
    }));
  }
  let rule = issue.message;
  if (issue.code === "invalid_type" && valueAt(inputs, issue.path) === undefined) rule = "is required";
  else if (issue.code === "invalid_type" && rule.startsWith("Invalid input")) rule = `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
  return [{ path: formatPath(issue.path), rule }];
}

const TYPE_NAMES: Record<string, string> = {
  boolean: "true or false",
  string: "a string",
  number: "a number",
  object: "an object",
  record: "an object",
  array: "a list",
};

/**
 * `additionalFields` entries that set a value a modelled property also sets: the two would fight
 * (the API gets one, the state compares the other) and every preview would show a change.
 */
function hatchConflicts(spec: ResourceSpec, inputs: Props): Problem[] {
  const extra = inputs[ADDITIONAL];
  if (!isPlainObject(extra)) return [];
  const problems: Problem[] = [];
  // Columns the server owns (ids, tenancy, timestamps) are never sent: a server that writes any
  // column it is given would move the object to another tenant or rename its id.
  for (const k of Object.keys(extra)) {
    if (serverOwned(spec.platform).includes(k)) {
      problems.push({ path: `${ADDITIONAL}.${k}`, rule: `is a field the server owns (${k}); it is never sent` });
    }
  }
  const walk = (hatch: Props, model: Props, at: string[]) => {
    for (const [k, v] of Object.entries(hatch)) {
      if (!(k in model)) continue;
      const inner = model[k];
      if (isPlainObject(v) && isPlainObject(inner)) walk(v, inner, [...at, k]);
      else problems.push({ path: `${ADDITIONAL}.${[...at, k].join(".")}`, rule: `sets ${[...at, k].join(".")}, which a modelled property already sets; declare it in one place` });
    }
  };
  walk(extra, modelledWire(spec, inputs), []);
  return problems;
}

/** Declared values of fields the server computes: outputs only. */
function computedInputs(spec: ResourceSpec, inputs: Props): Problem[] {
  return specRules(spec)
    .readOnlyPaths.filter((p) => pathValues(inputs, segments(p)).length > 0)
    .map((p) => ({ path: p, rule: "is computed by the server: an output, not an input; remove it" }));
}

/**
 * Properties removed from the program that the API cannot clear (it ignores null) and that have no
 * default to go back to: sending nothing would be a silent no-op, and keeping the old value in the
 * state a perpetual diff, so the preview says so.
 */
function uncleared(spec: ResourceSpec, old: Props, inputs: Props): Problem[] {
  const rules = specRules(spec);
  const clearable = (k: string) => rules.clearable.get(k) ?? spec.platform.rest.acceptsNull;
  return Object.keys(declaredOnly(spec, old))
    .filter((k) => !META_KEYS.includes(k) && k !== spec.autoNamed && !(k in inputs) && !clearable(k))
    .filter((k) => rules.defaults[k] === undefined || rules.defaults[k] === null)
    .map((k) => ({
      path: k,
      rule:
        `cannot be removed: the ${spec.platform.title} API cannot clear it once set, so the ${spec.kind} would keep its value unseen. ` +
        `Keep declaring it (with the value you want instead), or recreate the ${spec.kind} without it by renaming the resource in the program (the old one is deleted and the id changes)`,
    }));
}

/** The values at `path` (every item of a list for `[]`), where present. */
function pathValues(value: unknown, path: string[]): unknown[] {
  if (path.length === 0) return value === undefined ? [] : [value];
  const [head, ...rest] = path;
  if (head === "[]") return Array.isArray(value) ? value.flatMap((v) => pathValues(v, rest)) : [];
  return isPlainObject(value) && head in value ? pathValues(value[head], rest) : [];
}

/**
 * The wire paths the program stopped declaring inside changed objects (`tts_settings.stability`):
 * an API that replaces a nested object whole resets them to its defaults when they are left out.
 */
function removedPaths(spec: ResourceSpec, stored: Props, declared: Props, changed: string[]): RemovedField[] {
  const root = jsonSchemaOf(spec.schema);
  const out: RemovedField[] = [];
  const walk = (before: unknown, after: unknown, node: SchemaNode | undefined, at: string[]) => {
    if (!isPlainObject(before) || !isPlainObject(after)) return;
    // Inside a free-form object keys are data: no wire names, no defaults.
    const verbatim = node !== undefined && rulesOf(node, root).verbatim === true;
    for (const k of Object.keys(before)) {
      const child = verbatim ? undefined : childNode(node, k, root);
      const rules = rulesOf(child, root);
      const path = [...at, verbatim ? k : (rules.wireName ?? camelToSnake(k))];
      if (!(k in after)) out.push(rules.default === undefined ? { path } : { path, default: toSnake(rules.default) });
      else walk(before[k], after[k], child, path);
    }
  };
  for (const k of changed) {
    if (META_KEYS.includes(k) || !(k in declared) || !(k in stored)) continue;
    walk({ [k]: stored[k] }, { [k]: declared[k] }, root, []);
  }
  return out;
}

/**
 * Leaves of `additionalFields` the API did not store (it answered without them): a server that
 * silently drops fields it does not know would otherwise show them as a change on every preview.
 */
function unstoredHatch(declared: Props, liveWire: Props): string[] {
  const out: string[] = [];
  const walk = (want: unknown, have: unknown, at: string[]) => {
    if (isPlainObject(want)) {
      for (const [k, v] of Object.entries(want)) walk(v, isPlainObject(have) ? have[k] : undefined, [...at, k]);
    } else if (want !== null && want !== undefined && (have === undefined || have === null)) {
      out.push(at.join("."));
    }
  };
  walk(declared[ADDITIONAL], liveWire, []);
  return out;
}

function unstoredError(spec: ResourceSpec, id: string, fields: string[]): VoiceAiError {
  return new VoiceAiError(
    `${spec.kind} ${id}: the ${spec.platform.title} API did not store ${fields.map((f) => `${ADDITIONAL}.${f}`).join(", ")} ` +
      `(it ignores fields it does not know), so ${fields.length > 1 ? "they" : "it"} would show as a change on every preview. ` +
      `Remove ${fields.length > 1 ? "them" : "it"} from ${ADDITIONAL}.`,
  );
}

function valueAt(value: unknown, p: PropertyKey[]): unknown {
  let cur = value;
  for (const key of p) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/** True when the value at `path` (or one of its parents) is still unknown: preview cannot validate it. */
function pathHitsUnknown(value: unknown, issuePath: PropertyKey[]): boolean {
  return issuePath.some((_, i) => valueAt(value, issuePath.slice(0, i)) === UNKNOWN) || containsUnknown(valueAt(value, issuePath));
}

/** `["llmConfig", "tools", 0, "name"]` → `llmConfig.tools[0].name` (Pulumi's property path syntax). */
function formatPath(p: PropertyKey[]): string {
  return p.reduce<string>((out, k) => (typeof k === "number" ? `${out}[${k}]` : out ? `${out}.${String(k)}` : String(k)), "");
}
