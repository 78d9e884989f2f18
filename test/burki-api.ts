/**
 * A Burki target for the tests that run against both the Burki emulator and a real Burki server:
 * its base URL, keys and seeded numbers, and a tiny raw client (what a dashboard user or another
 * tool would do, out of band). The real server comes from the environment that
 * `../shared/burki-server/start.sh` prints (`BURKI_URL`, `BURKI_API_KEY`, `BURKI_OTHER_API_KEY`,
 * `BURKI_PHONE_NUMBER_1`, `BURKI_PHONE_NUMBER_2`).
 */
import { request } from "undici";
import { startEmulator, type Emulator } from "../emulator/server";

export interface BurkiTarget {
  /** `emulator` or `real server`. */
  label: string;
  baseUrl: string;
  apiKey: string;
  /** Two numbers of the key's organization, free at the start. */
  numbers: [string, string];
  /** The emulator, for the emulator target. */
  emulator?: Emulator<any>;
  close(): Promise<void>;
}

/** Why the real-server target is not available, or undefined when it is. */
export function realServerMissing(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const missing = ["BURKI_URL", "BURKI_API_KEY", "BURKI_PHONE_NUMBER_1", "BURKI_PHONE_NUMBER_2"].filter((k) => !env[k]);
  if (missing.length === 0) return undefined;
  return (
    `no real Burki server configured (${missing.join(", ")} unset): start one with ../shared/burki-server/start.sh and ` +
    "`set -a; . ~/.cache/burki-state/8000/env; set +a`, or point BURKI_URL=… BURKI_API_KEY=… BURKI_PHONE_NUMBER_1=… BURKI_PHONE_NUMBER_2=… at a server"
  );
}

const EMULATOR_KEY = "burki_" + "e2etestkey0000000000000000000000".slice(0, 32);
const EMULATOR_NUMBERS: [string, string] = ["+15555550100", "+15555550101"];

export async function emulatorTarget(): Promise<BurkiTarget> {
  const emulator = await startEmulator({ platform: "burki", apiKeys: [EMULATOR_KEY], phoneNumbers: EMULATOR_NUMBERS });
  return { label: "emulator", baseUrl: emulator.url, apiKey: EMULATOR_KEY, numbers: EMULATOR_NUMBERS, emulator, close: () => emulator.close() };
}

export function realTarget(env: NodeJS.ProcessEnv = process.env): BurkiTarget {
  return {
    label: "real server",
    baseUrl: env.BURKI_URL!.replace(/\/+$/, ""),
    apiKey: env.BURKI_API_KEY!,
    numbers: [env.BURKI_PHONE_NUMBER_1!, env.BURKI_PHONE_NUMBER_2!],
    close: async () => undefined,
  };
}

/** One raw request; resolves with the status and the parsed body (the text when it is not JSON). */
export async function burkiRequest(target: BurkiTarget, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await request(target.baseUrl + path, {
    method: method as "GET",
    headers: { authorization: `Bearer ${target.apiKey}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // plain text (a 500)
  }
  return { status: res.statusCode, body: parsed };
}

/** The assistant holding `phoneNumber`, or undefined. */
export async function holderOf(target: BurkiTarget, phoneNumber: string): Promise<any> {
  const res = await burkiRequest(target, "GET", `/api/v1/assistants/by-phone/${encodeURIComponent(phoneNumber)}`);
  return res.status === 200 ? res.body : undefined;
}

/** Deletes every assistant whose name starts with `prefix` (what a test run may have left behind). */
export async function deleteAssistantsNamed(target: BurkiTarget, prefix: string): Promise<void> {
  const list = await burkiRequest(target, "GET", "/api/v1/assistants?limit=1000");
  for (const a of Array.isArray(list.body) ? list.body : []) {
    if (typeof a.name === "string" && a.name.startsWith(prefix)) await burkiRequest(target, "DELETE", `/api/v1/assistants/${a.id}`);
  }
}
