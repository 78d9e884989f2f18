/**
 * Mapping between the SDK's camelCase properties and the API's snake_case fields.
 *
 * Values under `schema` and `parameters` are JSON Schema documents written by the user (the
 * analysis plan's structured-data schema, a tool's parameters): their keys are data, not field
 * names, and are copied as they are.
 */
const VERBATIM = new Set(["schema", "parameters"]);

export const camelToSnake = (key: string): string => key.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
export const snakeToCamel = (key: string): string => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function mapKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => mapKeys(v, rename));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[rename(k)] = VERBATIM.has(k) ? v : mapKeys(v, rename);
  }
  return out;
}

/** `{voiceId: "x", useSpeakerBoost: true}` → `{voice_id: "x", use_speaker_boost: true}`, deeply. */
export const toSnake = (value: unknown): unknown => mapKeys(value, camelToSnake);
/** `{voice_id: "x"}` → `{voiceId: "x"}`, deeply. */
export const toCamel = (value: unknown): unknown => mapKeys(value, snakeToCamel);
