/**
 * The one HTTP client every HMS resource uses: undici, JSON in and out, bearer auth, a per-request
 * timeout, and typed errors ({@link HmsApiError}).
 */
import { Agent, type Dispatcher, request } from "undici";
import { resolveConfig, type HmsConfig } from "./config";
import { HmsApiError } from "./errors";

type Method = "GET" | "POST" | "PATCH" | "DELETE";

/** Builds a URL path whose interpolated values (ids) are percent-encoded: path`/assistants/${id}`. */
export function path(strings: TemplateStringsArray, ...values: string[]): string {
  return strings.reduce((out, s, i) => out + s + (i < values.length ? encodeURIComponent(values[i]) : ""), "");
}

export class HmsClient {
  constructor(
    readonly config: HmsConfig,
    private readonly dispatcher: Dispatcher = sharedAgent(),
  ) {}

  get<T = unknown>(p: string): Promise<T> {
    return this.send<T>("GET", p);
  }
  post<T = unknown>(p: string, body: unknown): Promise<T> {
    return this.send<T>("POST", p, body);
  }
  patch<T = unknown>(p: string, body: unknown): Promise<T> {
    return this.send<T>("PATCH", p, body);
  }
  delete<T = unknown>(p: string): Promise<T> {
    return this.send<T>("DELETE", p);
  }

  /**
   * Sends one request and returns the parsed JSON body (undefined for an empty body, e.g. 204).
   * @throws HmsApiError for any non-2xx answer; a network error or timeout propagates from undici.
   */
  async send<T>(method: Method, p: string, body?: unknown): Promise<T> {
    const res = await request(this.config.baseUrl + p, {
      method,
      dispatcher: this.dispatcher,
      headers: {
        authorization: `Bearer ${this.config.apiKey}`,
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.config.requestTimeoutMs),
    });
    const text = await res.body.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = { message: text.slice(0, 200) };
    }
    if (res.statusCode >= 200 && res.statusCode < 300) return json as T;
    const requestId = res.headers["x-request-id"];
    throw HmsApiError.fromResponse(res.statusCode, json, `${method} ${p}`, typeof requestId === "string" ? requestId : undefined);
  }
}

// One connection pool per provider process, shared by every resource type (each type is its own
// provider instance, hence globalThis rather than a module variable of one instance).
const shared = globalThis as typeof globalThis & { __pulumiVoiceaiAgent?: Agent };
function sharedAgent(): Agent {
  return (shared.__pulumiVoiceaiAgent ??= new Agent({ connections: 16, keepAliveTimeout: 10_000 }));
}

/** A client for the configured stack (see {@link resolveConfig}). */
export function hmsClient(): HmsClient {
  return new HmsClient(resolveConfig());
}
