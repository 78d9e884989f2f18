/**
 * Targets of the Burki contract suite (test/burki-contract.test.ts): the Burki emulator, always, and
 * the real Burki server when BURKI_URL and BURKI_API_KEY are set (see ../shared/burki-server/README.md:
 * `start.sh 8000`, then `set -a; . ~/.cache/burki-state/8000/env; set +a`). Also a small HTTP helper
 * that copes with Burki's text/plain 500s, and the cleanup the real server needs.
 */
import { randomBytes } from "node:crypto";
import type { BurkiStore } from "../emulator/burki/store";
import { startEmulator, type Emulator } from "../emulator/server";

export interface BurkiTarget {
  /** The origin, like BURKI_URL (the API is under /api/v1/assistants). */
  url: string;
  /** The main organization's key. */
  key: string;
  /** A second organization's key (tenancy tests), or null when not configured. */
  otherKey: string | null;
  /** Two numbers of the main organization, or null. */
  numbers: [string, string] | null;
  /** A number of the second organization, or null. */
  otherNumber: string | null;
  /** The emulator behind the target (null for the real server). */
  emulator: Emulator<BurkiStore> | null;
}

export interface TargetSpec {
  name: string;
  /** Why the target cannot run (null: it can). */
  unavailable: string | null;
  start(): Promise<BurkiTarget>;
  stop(target: BurkiTarget): Promise<void>;
}

/** A fresh key in Burki's format: `burki_` and 32 of [a-z0-9]. */
export function newBurkiKey(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  return `burki_${Array.from(randomBytes(32), (b) => alphabet[b % alphabet.length]).join("")}`;
}

/** The same numbers as the real server's start.sh: two for the main organization, one for the other. */
export const SEEDED_NUMBERS: [string, string] = ["+15555550100", "+15555550101"];
export const OTHER_SEEDED_NUMBER = "+15555550199";

/** The Burki emulator on a free port, with a second organization and the real server's numbers. */
export function emulatorTarget(): TargetSpec {
  return {
    name: "Burki emulator",
    unavailable: null,
    async start() {
      const key = newBurkiKey();
      const otherKey = newBurkiKey();
      const emulator = await startEmulator({
        platform: "burki",
        port: 0,
        phoneNumbers: { [key]: [...SEEDED_NUMBERS], [otherKey]: [OTHER_SEEDED_NUMBER] },
      });
      return { url: emulator.url, key, otherKey, numbers: [...SEEDED_NUMBERS], otherNumber: OTHER_SEEDED_NUMBER, emulator };
    },
    async stop(target) {
      await target.emulator?.close();
    },
  };
}

export const REAL_SERVER_HINT =
  "BURKI_URL=… BURKI_API_KEY=… npx vitest run test/burki-contract.test.ts " +
  "(or ../shared/burki-server/start.sh 8000, then `set -a; . ~/.cache/burki-state/8000/env; set +a`; " +
  "BURKI_OTHER_API_KEY, BURKI_PHONE_NUMBER_1/_2 and BURKI_OTHER_PHONE_NUMBER enable the tenancy and number tests)";

/** The real server named by the environment, when it is. */
export function realServerTarget(env: NodeJS.ProcessEnv = process.env): TargetSpec {
  const url = env.BURKI_URL?.replace(/\/+$/, "");
  const key = env.BURKI_API_KEY;
  const n1 = env.BURKI_PHONE_NUMBER_1;
  const n2 = env.BURKI_PHONE_NUMBER_2;
  return {
    name: "real Burki server",
    unavailable: url && key ? null : `BURKI_URL and BURKI_API_KEY are not set: ${REAL_SERVER_HINT}`,
    async start() {
      return {
        url: url!,
        key: key!,
        otherKey: env.BURKI_OTHER_API_KEY || null,
        numbers: n1 && n2 ? [n1, n2] : null,
        otherNumber: env.BURKI_OTHER_PHONE_NUMBER || null,
        emulator: null,
      };
    },
    async stop() {},
  };
}

export interface Res {
  status: number;
  headers: Headers;
  /** The body as received. */
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON (Burki's text/plain 500s). */
  // Test code inspects arbitrary JSON; `any` keeps the assertions readable.
  json: any;
}

/**
 * One request to `target`: `key` (default the target's main key; null: no Authorization header),
 * `body` as JSON or `raw` verbatim (with `contentType`, default application/json).
 */
export async function request(
  target: BurkiTarget,
  method: string,
  path: string,
  options: { key?: string | null; body?: unknown; raw?: string; contentType?: string; authorization?: string } = {},
): Promise<Res> {
  const headers: Record<string, string> = {};
  const key = options.key === undefined ? target.key : options.key;
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  else if (key !== null) headers.authorization = `Bearer ${key}`;
  let payload: string | undefined;
  if (options.raw !== undefined || options.body !== undefined) {
    headers["content-type"] = options.contentType ?? "application/json";
    payload = options.raw ?? JSON.stringify(options.body);
  }
  const response = await fetch(`${target.url}${path}`, { method, headers, body: payload, redirect: "manual" });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Remembers what a test created so that it can be removed afterwards, whatever the outcome. */
export class Cleanup {
  private assistants: Array<{ key: string; id: number }> = [];

  track(key: string, id: number): number {
    this.assistants.push({ key, id });
    return id;
  }

  /** Deletes every tracked assistant (404 = already gone); deleting an assistant also frees its numbers. */
  async run(target: BurkiTarget): Promise<void> {
    const pending = this.assistants.splice(0).reverse();
    const failures: string[] = [];
    for (const { key, id } of pending) {
      const res = await request(target, "DELETE", `/api/v1/assistants/${id}`, { key });
      if (res.status !== 200 && res.status !== 404) failures.push(`DELETE ${id}: ${res.status} ${res.text.slice(0, 200)}`);
    }
    if (failures.length > 0) throw new Error(`cleanup failed: ${failures.join("; ")}`);
  }
}

/** A name prefix unique to this run, so leftovers of a crashed run can be told from others' assistants. */
export const RUN_PREFIX = `contract-${Date.now().toString(36)}-`;
/** What every run's names start with. */
export const NAME_PREFIX = "contract-";

/**
 * Makes sure `number` is assigned to no assistant: a leftover of an earlier run of this suite (its name
 * starts with NAME_PREFIX) is unassigned; a number someone else holds fails the test, naming the holder.
 */
export async function ensureNumberFree(target: BurkiTarget, number: string, key = target.key): Promise<void> {
  const res = await request(target, "GET", `/api/v1/assistants/by-phone/${encodeURIComponent(number)}`, { key });
  if (res.status === 404) return;
  if (res.status !== 200) throw new Error(`by-phone ${number}: ${res.status} ${res.text}`);
  const holder = res.json as { id: number; name: string };
  if (!holder.name.startsWith(NAME_PREFIX)) {
    throw new Error(`${number} is held by assistant ${holder.id} (${holder.name}), not by this suite: free it before running the number tests`);
  }
  const freed = await request(target, "POST", `/api/v1/assistants/${holder.id}/phone-numbers/unassign-by-number`, { key, body: { phone_number: number } });
  if (freed.status !== 200) throw new Error(`unassign ${number} from ${holder.id}: ${freed.status} ${freed.text}`);
}
