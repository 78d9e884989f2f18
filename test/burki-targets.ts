/**
 * Targets of the Burki tests that run the same steps against the Burki emulator (always) and the real
 * Burki server (when BURKI_URL and BURKI_API_KEY are set: see ../shared/burki-server/README.md,
 * `start.sh 8000`, then `set -a; . ~/.cache/burki-state/8000/env; set +a`): the contract suite
 * (test/burki-contract.test.ts), the provider's hooks (test/burki-provider.test.ts) and examples/burki
 * end to end (test/burki.e2e.test.ts). Also a small raw HTTP client that copes with Burki's text/plain
 * 500s (what a dashboard user or another tool would do, out of band), a recording proxy (the request
 * bodies a client sent, for either target), and the cleanup the real server needs.
 */
import { randomBytes } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { BurkiStore } from "../emulator/burki/store";
import { startEmulator, type Emulator } from "../emulator/server";
import { lockRealServer } from "./real-server-lock";

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

/**
 * The real server named by the environment, when it is. `needsNumbers`: a suite that cannot run
 * without the two numbers of the main organization (BURKI_PHONE_NUMBER_1/_2) is unavailable without them.
 */
export function realServerTarget(env: NodeJS.ProcessEnv = process.env, options: { needsNumbers?: boolean } = {}): TargetSpec {
  const url = env.BURKI_URL?.replace(/\/+$/, "");
  const key = env.BURKI_API_KEY;
  const n1 = env.BURKI_PHONE_NUMBER_1;
  const n2 = env.BURKI_PHONE_NUMBER_2;
  const missing = ["BURKI_URL", "BURKI_API_KEY", ...(options.needsNumbers ? ["BURKI_PHONE_NUMBER_1", "BURKI_PHONE_NUMBER_2"] : [])].filter((k) => !env[k]);
  let release: (() => void) | undefined;
  return {
    name: "real Burki server",
    unavailable: missing.length === 0 ? null : `${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} not set: ${REAL_SERVER_HINT}`,
    async start() {
      // The test files share the server's seeded numbers: one file at a time (vitest runs files in parallel).
      release = await lockRealServer(url!);
      return {
        url: url!,
        key: key!,
        otherKey: env.BURKI_OTHER_API_KEY || null,
        numbers: n1 && n2 ? [n1, n2] : null,
        otherNumber: env.BURKI_OTHER_PHONE_NUMBER || null,
        emulator: null,
      };
    },
    async stop() {
      release?.();
      release = undefined;
    },
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
 * One raw request to `target`: `key` (default the target's main key; null: no Authorization header),
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

/** The assistant `phoneNumber` is routed to (GET /by-phone), or undefined when it is routed to none. */
export async function holderOf(target: BurkiTarget, phoneNumber: string, key: string = target.key): Promise<any> {
  const res = await request(target, "GET", `/api/v1/assistants/by-phone/${encodeURIComponent(phoneNumber)}`, { key });
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw new Error(`by-phone ${phoneNumber}: ${res.status} ${res.text}`);
  return res.json;
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
 * Makes sure `number` is assigned to no assistant: a leftover of an earlier run of a suite (its name
 * starts with `prefix`, default the contract suite's NAME_PREFIX) is unassigned; a number someone else
 * holds fails the test, naming the holder.
 */
export async function ensureNumberFree(target: BurkiTarget, number: string, key = target.key, prefix = NAME_PREFIX): Promise<void> {
  const holder = (await holderOf(target, number, key)) as { id: number; name: string } | undefined;
  if (!holder) return;
  if (!holder.name.startsWith(prefix)) {
    throw new Error(`${number} is held by assistant ${holder.id} (${holder.name}), not by this suite: free it before running the number tests`);
  }
  const freed = await request(target, "POST", `/api/v1/assistants/${holder.id}/phone-numbers/unassign-by-number`, { key, body: { phone_number: number } });
  if (freed.status !== 200) throw new Error(`unassign ${number} from ${holder.id}: ${freed.status} ${freed.text}`);
}

/** Deletes every assistant of the key's organization whose name starts with `prefix` (what a crashed run may have left). */
export async function deleteAssistantsNamed(target: BurkiTarget, prefix: string, key = target.key): Promise<void> {
  const list = await request(target, "GET", "/api/v1/assistants?limit=1000", { key });
  for (const a of Array.isArray(list.json) ? list.json : []) {
    if (typeof a.name === "string" && a.name.startsWith(prefix)) await request(target, "DELETE", `/api/v1/assistants/${a.id}`, { key });
  }
}

/** One request that went through a {@link RecordingProxy}. */
export interface ProxiedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** The query string without `?` ("" when none). */
  query: string;
  /** The request body parsed as JSON (undefined without a body; the text when it is not JSON). */
  body: any;
  /** The answer's status (0 when the target could not be reached). */
  status: number;
  /** The answer parsed as JSON (undefined when it is not JSON). */
  answer: any;
}

export interface RecordingProxy {
  /** The proxy's origin: give it to a client instead of the target's URL. */
  url: string;
  /** Every request forwarded, oldest first; clear it in place (`requests.length = 0`). */
  requests: ProxiedRequest[];
  close(): Promise<void>;
}

/**
 * A loopback HTTP proxy in front of `target` that records each request with its body: what a client
 * really sent, for the real server as for the emulator (whose own request log has no bodies).
 */
export async function recordingProxy(target: BurkiTarget): Promise<RecordingProxy> {
  const requests: ProxiedRequest[] = [];
  const parse = (text: string): unknown => {
    if (!text) return undefined;
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const [path, query = ""] = (req.url ?? "/").split("?");
      const record: ProxiedRequest = { method: req.method ?? "GET", path, query, body: parse(text), status: 0, answer: undefined };
      requests.push(record);
      const headers: Record<string, string> = {};
      for (const h of ["authorization", "content-type", "accept"]) if (typeof req.headers[h] === "string") headers[h] = req.headers[h] as string;
      try {
        const answer = await fetch(`${target.url}${req.url}`, { method: record.method, headers, body: text === "" ? undefined : text, redirect: "manual" });
        const body = await answer.text();
        record.status = answer.status;
        const parsed = parse(body);
        record.answer = typeof parsed === "string" ? undefined : parsed;
        const out: Record<string, string> = {};
        for (const h of ["content-type", "www-authenticate", "retry-after", "x-request-id"]) {
          const v = answer.headers.get(h);
          if (v !== null) out[h] = v;
        }
        res.writeHead(answer.status, out).end(body);
      } catch {
        res.destroy();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
