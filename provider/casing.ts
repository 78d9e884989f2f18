/**
 * Mapping between the SDK's camelCase properties and an API's snake_case fields.
 *
 * {@link toWire} and {@link fromWire} follow the resource's schema: a field's `wireName` rule names
 * it on the wire, and a `verbatim` field (a JSON Schema document, vendor options: keys that are data,
 * not field names) is copied as it is. Where the schema says nothing (a live field this package does
 * not model), every key is converted.
 */
import type { z } from "zod";
import { childNode, itemNode, jsonSchemaOf, rulesOf, type SchemaNode } from "./fields";

export const camelToSnake = (key: string): string => key.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
export const snakeToCamel = (key: string): string => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function mapKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => mapKeys(v, rename));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[rename(k)] = mapKeys(v, rename);
  return out;
}

/** `{voiceId: "x", useSpeakerBoost: true}` → `{voice_id: "x", use_speaker_boost: true}`, deeply, every key. */
export const toSnake = (value: unknown): unknown => mapKeys(value, camelToSnake);
/** `{voice_id: "x"}` → `{voiceId: "x"}`, deeply, every key. */
export const toCamel = (value: unknown): unknown => mapKeys(value, snakeToCamel);

/** The API's name of a top-level property: its `wireName` rule, else its snake_case. */
export function wireName(schema: z.ZodType, property: string): string {
  const root = jsonSchemaOf(schema);
  return rulesOf(childNode(root, property, root), root).wireName ?? camelToSnake(property);
}

/** Declared camelCase inputs → the API's fields, by the schema's rules. */
export function toWire(schema: z.ZodType, value: unknown): unknown {
  const root = jsonSchemaOf(schema);
  const walk = (v: unknown, node: SchemaNode | undefined): unknown => {
    if (node && rulesOf(node, root).verbatim) return v;
    if (Array.isArray(v)) return v.map((item) => walk(item, itemNode(node, root)));
    if (v === null || typeof v !== "object") return v;
    const out: Record<string, unknown> = {};
    for (const [k, child] of Object.entries(v)) {
      const childSchema = childNode(node, k, root);
      out[rulesOf(childSchema, root).wireName ?? camelToSnake(k)] = walk(child, childSchema);
    }
    return out;
  };
  return walk(value, root);
}

/** A live object in the API's fields → camelCase properties, by the schema's rules (the inverse of {@link toWire}). */
export function fromWire(schema: z.ZodType, value: unknown): unknown {
  const root = jsonSchemaOf(schema);
  const walk = (v: unknown, node: SchemaNode | undefined): unknown => {
    if (node && rulesOf(node, root).verbatim) return v;
    if (Array.isArray(v)) return v.map((item) => walk(item, itemNode(node, root)));
    if (v === null || typeof v !== "object") return v;
    const byWire = new Map<string, string>();
    for (const alt of node ? [node] : []) {
      for (const k of propertyNames(alt, root)) {
        const wire = rulesOf(childNode(alt, k, root), root).wireName;
        if (wire) byWire.set(wire, k);
      }
    }
    const out: Record<string, unknown> = {};
    for (const [k, child] of Object.entries(v)) {
      const name = byWire.get(k) ?? snakeToCamel(k);
      out[name] = walk(child, childNode(node, name, root));
    }
    return out;
  };
  return walk(value, root);
}

function propertyNames(node: SchemaNode, root: SchemaNode): string[] {
  const names = new Set<string>();
  const visit = (n: SchemaNode) => {
    for (const k of Object.keys(n.properties ?? {})) names.add(k);
    for (const alt of n.anyOf ?? n.oneOf ?? n.allOf ?? []) visit(alt.$ref ? ((root.$defs ?? {})[alt.$ref.replace(/^#\/\$defs\//, "")] ?? alt) : alt);
  };
  visit(node);
  return [...names];
}
