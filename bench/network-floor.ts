/**
 * The network floor: the HTTP calls the provider makes for each operation, sent by a plain undici
 * script with the same connection pool (16 connections per origin), the same dependency order
 * (numbers after their assistants on create, before them on destroy) and the same concurrency (the
 * most requests the provider run had in flight for that operation). No engine, no validation, no
 * state: what the wire alone costs.
 */
import pLimit from "p-limit";
import { Agent, request } from "undici";
import type { OpFigures, Operation } from "./results-types";
import { numberFor, PROMPTS, promptFor } from "./programs";

interface Target {
  /** API base URL, e.g. http://127.0.0.1:PORT/api/v1. */
  baseUrl: string;
  apiKey: string;
}

/**
 * Runs create → (preview: nothing) → refresh reads → edit → destroy for `n` assistants with one
 * number each, each operation with at most `concurrency[op]` requests in flight, and returns one
 * figure per operation.
 */
export async function networkFloor(target: Target, n: number, concurrency: Record<Operation, number>): Promise<OpFigures[]> {
  const agent = new Agent({ connections: 16, keepAliveTimeout: 10_000 });
  let requests = 0;
  let limit = pLimit(1);
  const call = (method: "GET" | "POST" | "PATCH" | "DELETE", path: string, body?: unknown): Promise<Record<string, any>> =>
    limit(() => send(method, path, body));
  const send = async (method: "GET" | "POST" | "PATCH" | "DELETE", path: string, body?: unknown): Promise<Record<string, any>> => {
    requests++;
    const res = await request(target.baseUrl + path, {
      method,
      dispatcher: agent,
      headers: { authorization: `Bearer ${target.apiKey}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.body.text();
    if (res.statusCode >= 300) throw new Error(`${method} ${path} answered ${res.statusCode}: ${text.slice(0, 200)}`);
    return text ? JSON.parse(text) : {};
  };
  const lines = Array.from({ length: n }, (_, i) => i);
  const assistantIds: string[] = [];
  const numberIds: string[] = [];

  const steps: Record<Operation, () => Promise<unknown>> = {
    // The provider lists each collection once before its first create (its crash-safety lookup).
    up: async () => {
      await Promise.all([call("GET", "/assistants"), call("GET", "/numbers")]);
      const assistants = await Promise.all(
        lines.map((i) => call("POST", "/assistants", { name: `assistant-${i}`, llm_config: llmConfig(PROMPTS.initial, i) })),
      );
      assistants.forEach((a, i) => (assistantIds[i] = a.assistant.id));
      const numbers = await Promise.all(lines.map((i) => call("POST", "/numbers", { phone_number: numberFor(i), assistant_id: assistantIds[i] })));
      numbers.forEach((num, i) => (numberIds[i] = num.number.id));
    },
    preview: async () => undefined,
    "preview-refresh": () => Promise.all([...assistantIds.map((id) => call("GET", `/assistants/${id}`)), ...numberIds.map((id) => call("GET", `/numbers/${id}`))]),
    "edit-up": () => Promise.all(lines.map((i) => call("PATCH", `/assistants/${assistantIds[i]}`, { llm_config: llmConfig(PROMPTS.edited, i) }))),
    destroy: async () => {
      await Promise.all(numberIds.map((id) => call("DELETE", `/numbers/${id}`)));
      await Promise.all(assistantIds.map((id) => call("DELETE", `/assistants/${id}`)));
    },
  };

  const figures: OpFigures[] = [];
  try {
    for (const op of Object.keys(steps) as Operation[]) {
      limit = pLimit(Math.max(1, concurrency[op]));
      const before = requests;
      const started = performance.now();
      let failed = false;
      try {
        await steps[op]();
      } catch {
        failed = true;
      }
      // An operation without requests (preview) costs the wire nothing.
      const sent = requests - before;
      figures.push({ op, ms: sent ? performance.now() - started : 0, requests: sent, failed, concurrency: sent ? limit.concurrency : 0 });
    }
  } finally {
    await agent.close();
  }
  return figures;
}

function llmConfig(version: string, i: number) {
  return { provider: "openai", model: "gpt-4o-mini", messages: [{ role: "system", content: promptFor(version, i) }] };
}
