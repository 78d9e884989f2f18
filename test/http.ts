/** A small HTTP helper for the emulator tests: one call, JSON in and out, timed. */

export interface Reply {
  status: number;
  headers: Headers;
  // Test code inspects arbitrary JSON; `any` keeps the assertions readable.
  body: any;
  /** Milliseconds from sending to the whole body. */
  ms: number;
}

/**
 * One HTTP call to `url`: `key` as the bearer key (null sends no Authorization header), `body` as
 * JSON or `raw` verbatim. A dropped connection rejects.
 */
export async function call(url: string, method: string, options: { key: string | null; body?: unknown; raw?: string }): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.key !== null) headers.authorization = `Bearer ${options.key}`;
  let payload: string | undefined;
  if (options.raw !== undefined || options.body !== undefined) {
    headers["content-type"] = "application/json";
    payload = options.raw ?? JSON.stringify(options.body);
  }
  const started = Date.now();
  const response = await fetch(url, { method, headers, body: payload });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined, ms: Date.now() - started };
}
