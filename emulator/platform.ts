/**
 * The seam between the emulator core (server.ts: fastify, JSON parsing, bearer auth, one-shot faults,
 * seeded chaos, rate limiting, the request log, the generic control plane) and one vendor's API.
 *
 * A platform is a folder (emulator/hms/, emulator/burki/) that exports one `EmulatorPlatform`; the
 * list in platforms.ts registers it. The core never looks at a vendor's paths, bodies or state: it
 * asks the platform which requests authenticate, how its error bodies look, and lets it register its
 * routes and its out-of-band control routes. One platform per process.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { EmulatorOptions } from "./server";

/** Resolves the tenant (API key) the core's auth hook attached to a request. */
export type TenantOf = (request: FastifyRequest) => string;

/** What the core needs of a platform's state: the generic control plane resets and dumps it. */
export interface PlatformStore {
  /** Forgets every tenant (POST /__control/reset). */
  reset(): void;
  /** The whole state, secrets included (GET /__control/state; also what the state file holds). */
  dump(): unknown;
}

export interface EmulatorPlatform<S extends PlatformStore = PlatformStore> {
  /** The `--platform` value, e.g. "hms". */
  readonly name: string;
  /** Human name for the start-up line, e.g. "HMS" in "HMS emulator listening on …". */
  readonly title: string;
  /** Path prefix of the REST API; one-shot fault rules match paths relative to it. */
  readonly apiBase: string;
  /**
   * The limit reported in X-RateLimit-* headers when the emulator enforces none (HMS documents 100 a
   * minute and always sends the headers); null: the vendor has no such headers, send them only while
   * a limit is enforced.
   */
  readonly documentedRateLimit: number | null;
  /** The base URL a client of this vendor is configured with, given http://host:port. */
  clientUrl(origin: string): string;
  /** Whether a key has the vendor's format (used when no explicit `apiKeys` list is configured). */
  isValidKey(key: string): boolean;
  /**
   * Whether this request needs a valid key. Only these go through one-shot faults, chaos and the rate
   * limit; the rest (health, unknown routes where the vendor answers 404 before auth, …) reach the
   * routes directly.
   */
  requiresAuth(method: string, path: string): boolean;
  /** Sends the vendor's 401. */
  unauthorized(reply: FastifyReply): FastifyReply;
  /** Sends the vendor's 404 for a path no route serves. */
  notFound(request: FastifyRequest, reply: FastifyReply): FastifyReply;
  /**
   * Sends whatever a route, the JSON parser (`MalformedJsonBody`), the control plane (`InvalidInput`)
   * or fastify itself threw, in the vendor's error shape.
   */
  renderError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply;
  /** Body of a 429 (enforced limit, injected 429, chaos storm). */
  rateLimitBody(retryAfterSeconds: number): unknown;
  /** Body of an injected status when the fault rule gives none (not 429: see rateLimitBody). */
  faultBody(status: number): unknown;
  /** The platform's state, loaded from `options.stateFile` when it exists and saved there after every mutation. */
  createStore(options: EmulatorOptions): S;
  /** Registers the REST routes on the root instance (each platform adds its own prefixes). */
  registerRoutes(app: FastifyInstance, store: S, tenantOf: TenantOf): void;
  /** Registers the platform's control routes (out-of-band edits, seeding) on `control`, mounted at /__control. */
  registerControl(control: FastifyInstance, store: S): void;
}

/** Bad input to the core or the generic control plane (a chaos profile, a fault rule, a query value). */
export class InvalidInput extends Error {
  readonly statusCode = 400;
  constructor(
    /** The offending field, or null for the body as a whole. */
    readonly param: string | null,
    message: string,
  ) {
    super(message);
    this.name = "InvalidInput";
  }
}

/** A request body sent as JSON that does not parse; the platform decides how its vendor answers. */
export class MalformedJsonBody extends Error {
  readonly statusCode = 400;
  constructor(
    /** The body as received. */
    readonly raw: string,
    /** JSON.parse's message. */
    readonly reason: string,
  ) {
    super("Request body is not valid JSON");
    this.name = "MalformedJsonBody";
  }
}

/**
 * Parses a JSON request body, dropping keys named __proto__ (a body cannot reach an object's
 * prototype); throws MalformedJsonBody. The core's parser uses it, and so can a platform that
 * replaces that parser (the core treats a blank body as no body).
 */
export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text, (key, value: unknown) => (key === "__proto__" ? undefined : value));
  } catch (error) {
    throw new MalformedJsonBody(text, error instanceof Error ? error.message : String(error));
  }
}
