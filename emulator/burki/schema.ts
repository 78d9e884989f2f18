/**
 * Burki's request and response schemas (server app/api/schemas.py at a74512a) and just enough of
 * pydantic 2.11 to apply them the way the real server does: lax coercion (`"5"` → 5, `true` → 1,
 * `"on"` → true), defaults, unknown nested keys dropped, the `before` validators (including the ones
 * that crash with a TypeError, B9: a 500), `exclude_unset` dumps for create, full dumps for PUT, and
 * errors in pydantic's shape (`type`, `loc`, `msg`, `input`, `ctx`, `url`), collected in field order.
 *
 * A validated model is a tree of nodes that remembers which fields were set, so `dump` can give both
 * `model.dict(exclude_unset=True)` (what create stores) and `model.dict()` (what PUT writes).
 */
import { BurkiInternalError, errorUrl, pythonJsonError, pythonJsonErrorString, type PydanticError } from "./errors";

/** Any JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

type Loc = Array<string | number>;

export type Type =
  | { t: "str" }
  | { t: "int" }
  | { t: "float" }
  | { t: "bool" }
  | { t: "any" }
  | { t: "dict" }
  | { t: "optional"; of: Type }
  | { t: "list"; of: Type }
  | { t: "model"; model: Model };

/** What a `before` validator hands on: a value to validate, or a finished model instance. */
type Before = { value: unknown } | { node: Node };

interface Field {
  name: string;
  type: Type;
  /** Absent: the field is required. */
  default?: () => Json | Node;
  /** A field_validator(mode="before"); it may mutate `value` in place (as Python's do). */
  before?: (value: unknown, loc: Loc, errors: PydanticError[]) => Before | undefined;
  /** `Field(exclude=True)`: validated but never dumped. */
  exclude?: boolean;
}

export interface Model {
  name: string;
  fields: Field[];
  /** "allow": unknown keys are kept as they came (AssistantBase); "ignore": dropped (pydantic's default). */
  extra: "ignore" | "allow";
}

/** A validated value: a model instance (with its set fields), a list of nodes, or a plain value. */
export type Node =
  | { kind: "model"; model: Model; fields: Map<string, Node>; set: Set<string>; extras: Map<string, Json> }
  | { kind: "list"; items: Node[] }
  | { kind: "value"; value: Json };

const str: Type = { t: "str" };
const int: Type = { t: "int" };
const float: Type = { t: "float" };
const bool: Type = { t: "bool" };
const dict: Type = { t: "dict" };
const optional = (of: Type): Type => ({ t: "optional", of });
const list = (of: Type): Type => ({ t: "list", of });
const model = (m: Model): Type => ({ t: "model", model: m });

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function error(type: string, loc: Loc, msg: string, input: unknown, ctx?: Record<string, Json>): PydanticError {
  return { type, loc, msg, input, ...(ctx ? { ctx } : {}), url: errorUrl(type) };
}

/** A ValueError raised by a validator. */
export function valueError(loc: Loc, message: string, input: unknown): PydanticError {
  return error("value_error", loc, `Value error, ${message}`, input, { error: {} });
}

// ---- scalar coercion (pydantic's lax mode on Python input) ------------------------------------

const INT_STRING = /^[+-]?\d+(?:_\d+)*(?:\.0*)?$/;
const FLOAT_STRING = /^[+-]?(?:(?:\d+(?:_\d+)*)(?:\.(?:\d+(?:_\d+)*)?)?|\.\d+(?:_\d+)*)(?:[eE][+-]?\d+(?:_\d+)*)?$/;
const TRUE_STRINGS = new Set(["1", "on", "t", "true", "y", "yes"]);
const FALSE_STRINGS = new Set(["0", "off", "f", "false", "n", "no"]);

/** A Python `int` from a lax input, or a pydantic error. */
export function coerceInt(input: unknown, loc: Loc): { value: number } | { error: PydanticError } {
  if (typeof input === "boolean") return { value: input ? 1 : 0 };
  if (typeof input === "number") {
    if (Number.isInteger(input)) return { value: input };
    return { error: error("int_from_float", loc, "Input should be a valid integer, got a number with a fractional part", input) };
  }
  if (typeof input === "string") {
    const trimmed = input.trim();
    if (INT_STRING.test(trimmed)) return { value: Math.trunc(Number(trimmed.replace(/_/g, ""))) };
    return { error: error("int_parsing", loc, "Input should be a valid integer, unable to parse string as an integer", input) };
  }
  return { error: error("int_type", loc, "Input should be a valid integer", input) };
}

function coerceFloat(input: unknown, loc: Loc): { value: number } | { error: PydanticError } {
  if (typeof input === "boolean") return { value: input ? 1 : 0 };
  if (typeof input === "number") return { value: input };
  if (typeof input === "string") {
    const trimmed = input.trim();
    if (FLOAT_STRING.test(trimmed)) return { value: Number(trimmed.replace(/_/g, "")) };
    // Python's float() also takes these; JSON cannot store them (the insert fails: see storable()).
    if (/^[+-]?(inf|infinity)$/i.test(trimmed)) return { value: trimmed.startsWith("-") ? -Infinity : Infinity };
    if (/^[+-]?nan$/i.test(trimmed)) return { value: NaN };
    return { error: error("float_parsing", loc, "Input should be a valid number, unable to parse string as a number", input) };
  }
  return { error: error("float_type", loc, "Input should be a valid number", input) };
}

/** A Python `bool` from a lax input, or a pydantic error. */
export function coerceBool(input: unknown, loc: Loc): { value: boolean } | { error: PydanticError } {
  if (typeof input === "boolean") return { value: input };
  if (typeof input === "number") {
    if (input === 0 || input === 1) return { value: input === 1 };
    return { error: error("bool_parsing", loc, "Input should be a valid boolean, unable to interpret input", input) };
  }
  if (typeof input === "string") {
    const lower = input.trim().toLowerCase();
    if (TRUE_STRINGS.has(lower)) return { value: true };
    if (FALSE_STRINGS.has(lower)) return { value: false };
    return { error: error("bool_parsing", loc, "Input should be a valid boolean, unable to interpret input", input) };
  }
  return { error: error("bool_type", loc, "Input should be a valid boolean", input) };
}

// ---- validation -------------------------------------------------------------------------------

/** Validates `input` against `type`; errors are appended to `errors` (the node is then meaningless). */
export function validate(type: Type, input: unknown, loc: Loc, errors: PydanticError[]): Node {
  const value = (v: Json): Node => ({ kind: "value", value: v });
  const fail = (e: PydanticError): Node => {
    errors.push(e);
    return value(null);
  };
  switch (type.t) {
    case "any":
      return value(input as Json);
    case "str":
      return typeof input === "string" ? value(input) : fail(error("string_type", loc, "Input should be a valid string", input));
    case "int": {
      const r = coerceInt(input, loc);
      return "error" in r ? fail(r.error) : value(r.value);
    }
    case "float": {
      const r = coerceFloat(input, loc);
      return "error" in r ? fail(r.error) : value(r.value);
    }
    case "bool": {
      const r = coerceBool(input, loc);
      return "error" in r ? fail(r.error) : value(r.value);
    }
    case "dict":
      return isPlainObject(input) ? value(input as JsonObject) : fail(error("dict_type", loc, "Input should be a valid dictionary", input));
    case "optional":
      return input === null ? value(null) : validate(type.of, input, loc, errors);
    case "list":
      if (!Array.isArray(input)) return fail(error("list_type", loc, "Input should be a valid list", input));
      return { kind: "list", items: input.map((item, i) => validate(type.of, item, [...loc, i], errors)) };
    case "model":
      return validateModel(type.model, input, loc, errors);
  }
}

/** Validates a model: fields in declaration order, defaults for the absent ones, extras kept or dropped. */
export function validateModel(m: Model, input: unknown, loc: Loc, errors: PydanticError[]): Node {
  if (!isPlainObject(input)) {
    errors.push(error("model_attributes_type", loc, "Input should be a valid dictionary or object to extract fields from", input));
    return { kind: "value", value: null };
  }
  const fields = new Map<string, Node>();
  const set = new Set<string>();
  for (const field of m.fields) {
    const fieldLoc = [...loc, field.name];
    if (!Object.prototype.hasOwnProperty.call(input, field.name)) {
      if (field.default === undefined) {
        errors.push(error("missing", fieldLoc, "Field required", input));
      } else {
        fields.set(field.name, toNode(field.default()));
      }
      continue;
    }
    set.add(field.name);
    let raw: unknown = input[field.name];
    if (field.before) {
      const before = field.before(raw, fieldLoc, errors);
      if (before === undefined) continue; // the validator raised a ValueError (already recorded)
      if ("node" in before) {
        fields.set(field.name, before.node);
        continue;
      }
      raw = before.value;
    }
    fields.set(field.name, validate(field.type, raw, fieldLoc, errors));
  }
  const extras = new Map<string, Json>();
  if (m.extra === "allow") {
    const known = new Set(m.fields.map((f) => f.name));
    for (const [key, v] of Object.entries(input)) if (!known.has(key)) extras.set(key, v as Json);
  }
  return { kind: "model", model: m, fields, set, extras };
}

function toNode(value: Json | Node): Node {
  if (typeof value === "object" && value !== null && "kind" in value && !Array.isArray(value)) return value as Node;
  return { kind: "value", value: structuredClone(value as Json) };
}

/** A model instance with every field at its default and none set, like `TTSSettings()`. */
export function defaultInstance(m: Model): Node {
  const errors: PydanticError[] = [];
  const node = validateModel(m, {}, [], errors);
  if (errors.length > 0) throw new Error(`${m.name} has required fields`);
  return node;
}

/**
 * `model.dict()` (all fields) or `model.dict(exclude_unset=True)`; excluded fields never appear,
 * extras follow the fields.
 */
export function dump(node: Node, excludeUnset: boolean): Json {
  switch (node.kind) {
    case "value":
      return node.value;
    case "list":
      return node.items.map((item) => dump(item, excludeUnset));
    case "model": {
      const out: JsonObject = {};
      for (const field of node.model.fields) {
        if (field.exclude) continue;
        if (excludeUnset && !node.set.has(field.name)) continue;
        const child = node.fields.get(field.name);
        if (child) out[field.name] = dump(child, excludeUnset);
      }
      for (const [key, value] of node.extras) out[key] = value;
      return out;
    }
  }
}

// ---- Python semantics the validators rely on ----------------------------------------------------

/** Python's `key in value` for what JSON can hold; a TypeError (→ 500) for numbers, booleans and None. */
function pyContains(value: unknown, key: string, what: string): boolean {
  if (typeof value === "string") return value.includes(key);
  if (Array.isArray(value)) return value.includes(key);
  if (isPlainObject(value)) return Object.prototype.hasOwnProperty.call(value, key);
  throw new BurkiInternalError(`TypeError in ${what}: argument of type '${pyTypeName(value)}' is not iterable`);
}

/** Python's `value[key] = item`: only a dict takes it; a str or list raises TypeError (→ 500). */
function pySetItem(value: unknown, key: string, item: Json, what: string): void {
  if (!isPlainObject(value)) throw new BurkiInternalError(`TypeError in ${what}: '${pyTypeName(value)}' object does not support item assignment`);
  value[key] = item;
}

/** Python's `value.get(key, fallback)`: only a dict has `.get` (AttributeError → 500 otherwise). */
function pyGet(value: unknown, key: string, fallback: unknown, what: string): unknown {
  if (!isPlainObject(value)) throw new BurkiInternalError(`AttributeError in ${what}: '${pyTypeName(value)}' object has no attribute 'get'`);
  return Object.prototype.hasOwnProperty.call(value, key) ? value[key] : fallback;
}

/** Python truthiness of a JSON value. */
function pyTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isPlainObject(value)) return Object.keys(value).length > 0;
  return true;
}

function pyTypeName(value: unknown): string {
  if (value === null) return "NoneType";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (typeof value === "string") return "str";
  return Array.isArray(value) ? "list" : "dict";
}

/** Python's `==` on JSON values (1 == 1.0 == True; dict key order does not matter). */
export function pyEqual(a: Json | undefined, b: Json | undefined): boolean {
  const num = (v: unknown) => (typeof v === "boolean" ? (v ? 1 : 0) : v);
  if ((typeof a === "number" || typeof a === "boolean") && (typeof b === "number" || typeof b === "boolean")) return num(a) === num(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => pyEqual(item, b[i]));
  }
  if (isPlainObject(a) || isPlainObject(b)) {
    if (!isPlainObject(a) || !isPlainObject(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && pyEqual(a[k], b[k]));
  }
  return a === b;
}

// ---- the nested settings models ---------------------------------------------------------------

const d = (value: Json) => () => value;
const instance = (m: Model) => () => defaultInstance(m);

const LLMProviderConfig: Model = {
  name: "LLMProviderConfig",
  extra: "ignore",
  fields: [
    { name: "api_key", type: optional(str), default: d(null) },
    { name: "base_url", type: optional(str), default: d(null) },
    { name: "model", type: str, default: d("gpt-4o-mini") },
    { name: "custom_config", type: optional(dict), default: d({}) },
  ],
};

const LLMSettings: Model = {
  name: "LLMSettings",
  extra: "ignore",
  fields: [
    { name: "temperature", type: float, default: d(0.5) },
    { name: "max_tokens", type: int, default: d(1000) },
    { name: "system_prompt", type: str, default: d("You are a helpful assistant that can answer questions and help with tasks.") },
    { name: "welcome_message", type: optional(str), default: d(null) },
    { name: "top_p", type: float, default: d(1.0) },
    { name: "frequency_penalty", type: float, default: d(0.0) },
    { name: "presence_penalty", type: float, default: d(0.0) },
    { name: "stop_sequences", type: list(str), default: d([]) },
  ],
};

const InterruptionSettings: Model = {
  name: "InterruptionSettings",
  extra: "ignore",
  fields: [
    { name: "interruption_threshold", type: int, default: d(3) },
    { name: "min_speaking_time", type: float, default: d(0.5) },
    { name: "interruption_cooldown", type: float, default: d(2.0) },
  ],
};

const TTSSettings: Model = {
  name: "TTSSettings",
  extra: "ignore",
  fields: [
    { name: "provider", type: str, default: d("elevenlabs") },
    { name: "voice_id", type: str, default: d("rachel") },
    { name: "model_id", type: optional(str), default: d("turbo") },
    { name: "latency", type: int, default: d(1) },
    { name: "stability", type: float, default: d(0.5) },
    { name: "similarity_boost", type: float, default: d(0.75) },
    { name: "style", type: float, default: d(0.0) },
    { name: "use_speaker_boost", type: bool, default: d(true) },
    { name: "provider_config", type: optional(dict), default: d({}) },
  ],
};

const STTEndpointingSettings: Model = {
  name: "STTEndpointingSettings",
  extra: "ignore",
  fields: [
    { name: "silence_threshold", type: int, default: d(500) },
    { name: "min_silence_duration", type: int, default: d(500) },
  ],
};

const Keyword: Model = {
  name: "Keyword",
  extra: "ignore",
  fields: [
    { name: "keyword", type: str },
    { name: "intensifier", type: float, default: d(1.0) },
  ],
};

const STTSettings: Model = {
  name: "STTSettings",
  extra: "ignore",
  fields: [
    { name: "model", type: str, default: d("nova-2") },
    { name: "language", type: str, default: d("en-US") },
    { name: "punctuate", type: bool, default: d(true) },
    { name: "interim_results", type: bool, default: d(true) },
    { name: "endpointing", type: model(STTEndpointingSettings), default: instance(STTEndpointingSettings) },
    { name: "utterance_end_ms", type: int, default: d(1000) },
    { name: "vad_turnoff", type: int, default: d(500) },
    { name: "smart_format", type: bool, default: d(true) },
    { name: "keywords", type: list(model(Keyword)), default: d([]) },
    { name: "keyterms", type: list(str), default: d([]) },
    { name: "audio_denoising", type: bool, default: d(false) },
  ],
};

const EndCallTool: Model = {
  name: "EndCallTool",
  extra: "ignore",
  fields: [
    { name: "enabled", type: bool, default: d(false) },
    { name: "scenarios", type: list(str), default: d([]) },
    { name: "custom_message", type: optional(str), default: d(null) },
  ],
};

const TransferCallTool: Model = {
  name: "TransferCallTool",
  extra: "ignore",
  fields: [
    { name: "enabled", type: bool, default: d(false) },
    { name: "scenarios", type: list(str), default: d([]) },
    { name: "transfer_numbers", type: list(str), default: d([]) },
    { name: "custom_message", type: optional(str), default: d(null) },
  ],
};

const ToolsSettings: Model = {
  name: "ToolsSettings",
  extra: "ignore",
  fields: [
    { name: "enabled_tools", type: list(str), default: d([]) },
    { name: "end_call", type: model(EndCallTool), default: instance(EndCallTool) },
    { name: "transfer_call", type: model(TransferCallTool), default: instance(TransferCallTool) },
    { name: "custom_tools", type: list(dict), default: d([]) },
  ],
};

const RAGSettings: Model = {
  name: "RAGSettings",
  extra: "ignore",
  fields: [
    // B13: the schema says false; the ORM column default (used when rag_settings is omitted) says true.
    { name: "enabled", type: bool, default: d(false) },
    { name: "search_limit", type: int, default: d(3) },
    { name: "similarity_threshold", type: float, default: d(0.7) },
    { name: "embedding_model", type: str, default: d("text-embedding-3-small") },
    { name: "chunking_strategy", type: str, default: d("recursive") },
    { name: "chunk_size", type: int, default: d(1000) },
    { name: "chunk_overlap", type: int, default: d(200) },
    { name: "auto_process", type: bool, default: d(true) },
    { name: "include_metadata", type: bool, default: d(true) },
    { name: "context_window_tokens", type: int, default: d(4000) },
  ],
};

const LLMFallbackProvider: Model = {
  name: "LLMFallbackProvider",
  extra: "ignore",
  fields: [
    { name: "provider", type: str },
    { name: "api_key", type: optional(str), default: d(null) },
    { name: "base_url", type: optional(str), default: d(null) },
    { name: "model", type: optional(str), default: d(null) },
  ],
};

const LLMFallbackSettings: Model = {
  name: "LLMFallbackSettings",
  extra: "ignore",
  fields: [
    { name: "enabled", type: bool, default: d(false) },
    { name: "fallbacks", type: list(model(LLMFallbackProvider)), default: d([]) },
  ],
};

// ---- the field validators of AssistantBase ------------------------------------------------------

const noneTo =
  (m: Model, rest?: (value: unknown) => void) =>
  (value: unknown): Before => {
    if (value === null) return { node: defaultInstance(m) };
    rest?.(value);
    return { value };
  };

const beforeLlmProviderConfig = noneTo(LLMProviderConfig);

const beforeTts = noneTo(TTSSettings, (v) => {
  if (!pyContains(v, "provider_config", "validate_tts_settings")) pySetItem(v, "provider_config", {}, "validate_tts_settings");
});

const beforeStt = noneTo(STTSettings, (v) => {
  if (!pyContains(v, "keywords", "validate_stt_settings")) pySetItem(v, "keywords", [], "validate_stt_settings");
  if (!pyContains(v, "keyterms", "validate_stt_settings")) pySetItem(v, "keyterms", [], "validate_stt_settings");
});

const beforeTools = noneTo(ToolsSettings, (v) => {
  const what = "validate_tools_settings";
  const enabled: string[] = [];
  if (pyTruthy(pyGet(pyGet(v, "end_call", {}, what), "enabled", false, what))) enabled.push("endCall");
  if (pyTruthy(pyGet(pyGet(v, "transfer_call", {}, what), "enabled", false, what))) enabled.push("transferCall");
  pySetItem(v, "enabled_tools", enabled, what);
});

const beforeFallbacks = noneTo(LLMFallbackSettings, (v) => {
  if (isPlainObject(v) && !("fallbacks" in v)) v.fallbacks = [];
});

function beforeCustomSettings(value: unknown, loc: Loc, errors: PydanticError[]): Before | undefined {
  if (value === null) return { value: null };
  if (pyContains(value, "structured_data_schema", "validate_custom_settings")) {
    if (!isPlainObject(value)) throw new BurkiInternalError("TypeError in validate_custom_settings: indices must be integers");
    const schema = value.structured_data_schema;
    if (typeof schema === "string") {
      const problem = pythonJsonError(schema);
      if (problem) {
        errors.push(valueError(loc, `Invalid JSON schema for structured_data_schema: ${pythonJsonErrorString(schema, problem)}`, value));
        return undefined;
      }
      try {
        value.structured_data_schema = JSON.parse(schema) as Json;
      } catch {
        throw new BurkiInternalError("structured_data_schema holds NaN or Infinity, which JSON cannot store");
      }
    }
  }
  return { value };
}

// ---- AssistantCreate / AssistantUpdate / AssistantResponse ---------------------------------------

const IDLE_MESSAGE = "Are you still there? I'm here to help if you need anything.";

/** Legacy flat secrets: accepted as optional strings and never stored (`Field(exclude=True)`). */
const LEGACY_BASE = ["openai_api_key", "custom_llm_url", "deepgram_api_key", "elevenlabs_api_key"];
const LEGACY_TELEPHONY = ["twilio_account_sid", "twilio_auth_token", "telnyx_api_key", "telnyx_connection_id"];
const legacy = (names: string[]): Field[] => names.map((name) => ({ name, type: optional(str), default: d(null), exclude: true }));

/** AssistantBase's fields in declaration order; `update` makes every one optional with a None default. */
function assistantFields(update: boolean): Field[] {
  const opt = (v: Json) => (update ? d(null) : d(v));
  const nested = (m: Model, before?: Field["before"]): Pick<Field, "type" | "default" | "before"> => ({
    type: update ? optional(model(m)) : model(m),
    default: update ? d(null) : instance(m),
    ...(before ? { before } : {}),
  });
  return [
    { name: "name", type: update ? optional(str) : str, ...(update ? { default: d(null) } : {}) },
    { name: "description", type: optional(str), default: d(null) },
    { name: "llm_provider", type: optional(str), default: opt("openai") },
    { name: "llm_provider_config", ...nested(LLMProviderConfig, beforeLlmProviderConfig) },
    ...legacy(LEGACY_BASE),
    { name: "llm_settings", ...nested(LLMSettings) },
    { name: "webhook_url", type: optional(str), default: d(null) },
    { name: "sms_webhook_url", type: optional(str), default: d(null) },
    { name: "messaging_service_sid", type: optional(str), default: d(null) },
    { name: "interruption_settings", ...nested(InterruptionSettings) },
    { name: "tts_settings", ...nested(TTSSettings, beforeTts) },
    { name: "stt_settings", ...nested(STTSettings, beforeStt) },
    { name: "end_call_message", type: optional(str), default: d(null) },
    { name: "transfer_call_message", type: optional(str), default: d(null) },
    { name: "idle_message", type: optional(str), default: opt(IDLE_MESSAGE) },
    { name: "max_idle_messages", type: optional(int), default: d(null) },
    { name: "idle_timeout", type: optional(int), default: d(null) },
    { name: "tools_settings", ...nested(ToolsSettings, beforeTools) },
    { name: "rag_settings", ...nested(RAGSettings) },
    { name: "llm_fallback_providers", ...nested(LLMFallbackSettings, beforeFallbacks) },
    { name: "custom_settings", type: optional(dict), default: d(null), before: beforeCustomSettings },
    { name: "is_active", type: optional(bool), default: opt(true) },
    ...legacy(LEGACY_TELEPHONY),
  ];
}

const AssistantCreate: Model = { name: "AssistantCreate", extra: "allow", fields: assistantFields(false) };
const AssistantUpdate: Model = { name: "AssistantUpdate", extra: "allow", fields: assistantFields(true) };

/** The response model: AssistantBase's fields (legacy ones excluded) plus the row's identity and timestamps. */
const AssistantResponse: Model = {
  name: "AssistantResponse",
  extra: "ignore",
  fields: [
    ...assistantFields(false).filter((f) => !f.exclude),
    { name: "id", type: int },
    { name: "organization_id", type: int },
    { name: "user_id", type: int },
    { name: "created_at", type: str },
    { name: "updated_at", type: str },
  ],
};

/** The model-level before validator: blank top-level strings become None. */
function convertEmptyStringsToNone(body: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(body)) if (typeof value === "string" && value.trim() === "") body[key] = null;
}

/**
 * Validates a body as the endpoint's body parameter of `m`: `errors` gets the problems at loc
 * ["body", …]; returns the model node (meaningless when errors were added). No body, or JSON null,
 * is a missing body.
 */
function validateBody(m: Model, body: unknown, errors: PydanticError[]): Node {
  if (body === undefined || body === null) {
    errors.push(error("missing", ["body"], "Field required", null));
    return { kind: "value", value: null };
  }
  if (isPlainObject(body)) convertEmptyStringsToNone(body);
  return validateModel(m, body, ["body"], errors);
}

/** The create body as stored: `assistant.dict(exclude_unset=True)` (extras included, legacy keys gone). */
export function validateCreateBody(body: unknown, errors: PydanticError[]): JsonObject {
  const node = validateBody(AssistantCreate, body, errors);
  return errors.length > 0 ? {} : (dump(node, true) as JsonObject);
}

/** The PUT body as written: `{k: v for k, v in body.dict().items() if v is not None}`. */
export function validateUpdateBody(body: unknown, errors: PydanticError[]): JsonObject {
  const node = validateBody(AssistantUpdate, body, errors);
  if (errors.length > 0) return {};
  return Object.fromEntries(Object.entries(dump(node, false) as JsonObject).filter(([, v]) => v !== null));
}

/**
 * The response for a stored row (AssistantResponse.from_orm): every nested object complete, the
 * `before` validators applied again (enabled_tools recomputed), timestamps as Python prints them. A
 * row that does not fit the model (an out-of-band edit) is a ResponseValidationError: a 500.
 */
export function renderAssistant(row: JsonObject): JsonObject {
  const input = structuredClone(row);
  input.created_at = pythonTimestamp(row.created_at);
  input.updated_at = pythonTimestamp(row.updated_at);
  const errors: PydanticError[] = [];
  const node = validateModel(AssistantResponse, input, ["response"], errors);
  if (errors.length > 0) throw new BurkiInternalError(`response validation: ${errors.map((e) => `${e.loc.join(".")}: ${e.msg}`).join("; ")}`);
  return dump(node, false) as JsonObject;
}

/** A stored timestamp (always six fraction digits) as Python's isoformat writes it: no fraction when it is zero. */
function pythonTimestamp(value: Json | undefined): Json {
  return typeof value === "string" ? value.replace(/\.000000$/, "") : (value ?? null);
}

// ---- the phone-number request bodies -------------------------------------------------------------

/** PhoneNumberAssignRequest / PhoneNumberUnassignRequest's phone_number validator. */
function validatePhoneNumber(value: string, loc: Loc, input: unknown, errors: PydanticError[]): string | undefined {
  const problem = (message: string) => {
    errors.push(valueError(loc, message, input));
    return undefined;
  };
  if (!value) return problem("Phone number is required");
  const v = value.trim();
  if (!v.startsWith("+")) return problem("Phone number must be in E.164 format (start with +)");
  const digits = Array.from(v.slice(1));
  // Python's str.isdigit(): at least one character, all decimal (or other) digits.
  if (digits.length === 0 || !digits.every((c) => /\p{Nd}|\p{No}/u.test(c))) return problem("Phone number must contain only digits after the + symbol");
  if (digits.length < 7 || digits.length > 15) return problem("Phone number must be between 7 and 15 digits long");
  return v;
}

export interface AssignRequest {
  phone_number: string;
  friendly_name: string | null;
  auto_sync: boolean;
}

/** Validates the body of assign-by-number (`unassign` true: of unassign-by-number, phone_number only). */
export function validateAssignBody(body: unknown, errors: PydanticError[], unassign = false): AssignRequest {
  const result: AssignRequest = { phone_number: "", friendly_name: null, auto_sync: true };
  if (body === undefined || body === null) {
    errors.push(error("missing", ["body"], "Field required", null));
    return result;
  }
  if (!isPlainObject(body)) {
    errors.push(error("model_attributes_type", ["body"], "Input should be a valid dictionary or object to extract fields from", body));
    return result;
  }
  if (!("phone_number" in body)) errors.push(error("missing", ["body", "phone_number"], "Field required", body));
  else if (typeof body.phone_number !== "string") errors.push(error("string_type", ["body", "phone_number"], "Input should be a valid string", body.phone_number));
  else result.phone_number = validatePhoneNumber(body.phone_number, ["body", "phone_number"], body.phone_number, errors) ?? "";
  if (unassign) return result;

  if ("friendly_name" in body && body.friendly_name !== null) {
    const raw = body.friendly_name;
    if (typeof raw !== "string") errors.push(error("string_type", ["body", "friendly_name"], "Input should be a valid string", raw));
    else {
      const v = raw.trim();
      if (Array.from(v).length > 100) errors.push(valueError(["body", "friendly_name"], "Friendly name must be 100 characters or less", raw));
      else result.friendly_name = v.length === 0 ? null : v;
    }
  }
  if ("auto_sync" in body) {
    const r = coerceBool(body.auto_sync, ["body", "auto_sync"]);
    if ("error" in r) errors.push(r.error);
    else result.auto_sync = r.value;
  }
  return result;
}

/** Validates the body of bulk-assign: `List[int]`. */
export function validateIdListBody(body: unknown, errors: PydanticError[]): number[] {
  if (body === undefined || body === null) {
    errors.push(error("missing", ["body"], "Field required", null));
    return [];
  }
  if (!Array.isArray(body)) {
    errors.push(error("list_type", ["body"], "Input should be a valid list", body));
    return [];
  }
  return body.map((item, i) => {
    const r = coerceInt(item, ["body", i]);
    if ("error" in r) {
      errors.push(r.error);
      return 0;
    }
    return r.value;
  });
}
