/**
 * Burki's REST routes (app/api/assistants.py at a74512a), matched the way Starlette matches them: the
 * routes in declaration order, the first whose path and method match wins (so `GET /{assistant_id}`,
 * declared early, shadows `/providers` and `/organization/phone-numbers`: B1), a path that matches
 * only with another method is a 405 naming the first such route's methods, a miss that would match
 * with or without a trailing slash is a 307 to that URL, anything else `{"detail":"Not Found"}`.
 * Auth (the core's) runs only for a full match; then path, query and body errors are reported
 * together (422), before the handler looks anything up.
 *
 * Left out: the calls, tools, telephony-provider (/phone-numbers/…) and web UI routes, document upload
 * (always 422: no multipart), and Twilio: nothing is ever synced or configured.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { TenantOf } from "../platform";
import { BurkiHttpError, BurkiInternalError, BurkiValidationError, assistantNotFound, errorUrl, type PydanticError } from "./errors";
import {
  coerceBool,
  coerceInt,
  renderAssistant,
  validateAssignBody,
  validateCreateBody,
  validateIdListBody,
  validateUpdateBody,
  type JsonObject,
} from "./schema";
import { fitsInt4, type BurkiStore, type Organization } from "./store";

/** A body that came with a content type other than JSON: FastAPI validates its text as the body. */
export class RawBody {
  constructor(readonly text: string) {}
}

type ParamType = "int" | "str";

interface RouteContext {
  store: BurkiStore;
  request: FastifyRequest;
  reply: FastifyReply;
  org: Organization;
  /** Path parameters, validated (ints are numbers). */
  params: Record<string, number | string>;
  /** The raw query, last value of each name. */
  query: Map<string, string>;
  errors: PydanticError[];
}

interface Route {
  methods: string[];
  path: string;
  /** Starlette's compiled pattern: each {param} matches [^/]+. */
  pattern: RegExp;
  paramNames: string[];
  paramTypes: Record<string, ParamType>;
  /** Whether the route depends on get_current_user_flexible (everything but /health). */
  auth: boolean;
  handler: (ctx: RouteContext) => unknown;
}

const ASSISTANTS = "/api/v1/assistants";

/** The answer of a handler that is not a plain 200 JSON body. */
class Answer {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

function compile(methods: string[], path: string, paramTypes: Record<string, ParamType>, auth: boolean, handler: Route["handler"]): Route {
  const paramNames: string[] = [];
  const source = path
    .split(/(\{[a-z_]+\})/)
    .map((part) => {
      const m = /^\{([a-z_]+)\}$/.exec(part);
      if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      paramNames.push(m[1]);
      return "([^/]+)";
    })
    .join("");
  return { methods, path, pattern: new RegExp(`^${source}$`), paramNames, paramTypes, auth, handler };
}

/** The outcome of matching a request against the route table. */
export type RouteMatch =
  | { kind: "full"; route: Route; params: Record<string, string> }
  | { kind: "method-not-allowed"; route: Route }
  | { kind: "redirect"; path: string }
  | { kind: "not-found" };

/** Starlette's decoded path: the part before `?`, percent-decoded (a %2F becomes a separator). */
export function decodedPath(url: string): string {
  const raw = url.split("?")[0];
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function queryOf(url: string): Map<string, string> {
  const index = url.indexOf("?");
  const query = new Map<string, string>();
  if (index >= 0) for (const [k, v] of new URLSearchParams(url.slice(index + 1))) query.set(k, v);
  return query;
}

/** The route table, in declaration order. */
const ROUTES: Route[] = buildRoutes();

/** Matches a decoded path the way Starlette's Router does. */
export function matchRoute(method: string, path: string): RouteMatch {
  let partial: Route | undefined;
  for (const route of ROUTES) {
    const m = route.pattern.exec(path);
    if (!m) continue;
    if (route.methods.includes(method)) {
      return { kind: "full", route, params: Object.fromEntries(route.paramNames.map((name, i) => [name, m[i + 1]])) };
    }
    partial ??= route;
  }
  if (partial) return { kind: "method-not-allowed", route: partial };
  if (path !== "/") {
    const other = path.endsWith("/") ? path.slice(0, -1) : `${path}/`;
    if (ROUTES.some((route) => route.pattern.test(other))) return { kind: "redirect", path: other };
  }
  return { kind: "not-found" };
}

/** Whether the core must authenticate this request: only routes that match fully depend on auth. */
export function requiresAuth(method: string, rawPath: string): boolean {
  const m = matchRoute(method, decodedPath(rawPath));
  return m.kind === "full" && m.route.auth;
}

/** Answers one request from the route table. */
async function dispatch(request: FastifyRequest, reply: FastifyReply, store: BurkiStore, tenantOf: TenantOf): Promise<FastifyReply> {
  const m = matchRoute(request.method, decodedPath(request.url));
  if (m.kind === "method-not-allowed") {
    return reply.code(405).header("allow", m.route.methods.join(", ")).send({ detail: "Method Not Allowed" });
  }
  if (m.kind === "redirect") {
    const index = request.url.indexOf("?");
    const query = index >= 0 ? request.url.slice(index) : "";
    return reply.code(307).header("location", `${request.protocol}://${request.headers.host ?? "127.0.0.1"}${m.path}${query}`).send();
  }
  if (m.kind === "not-found") return reply.code(404).send({ detail: "Not Found" });

  const { route } = m;
  const errors: PydanticError[] = [];
  const params: Record<string, number | string> = {};
  for (const name of route.paramNames) {
    const raw = m.params[name];
    if (route.paramTypes[name] === "int") {
      const r = coerceInt(raw, ["path", name]);
      if ("error" in r) errors.push(r.error);
      else params[name] = r.value;
    } else {
      params[name] = raw;
    }
  }
  const org = route.auth ? store.organization(tenantOf(request)) : (undefined as unknown as Organization);
  const ctx: RouteContext = { store, request, reply, org, params, query: queryOf(request.url), errors };
  const result = await route.handler(ctx);
  if (result instanceof Answer) return reply.code(result.status).send(result.body);
  return reply.code(200).send(result);
}

/** Registers the catch-all route that hands every request to the router (the control plane's routes are more specific). */
export function registerBurkiRoutes(app: FastifyInstance, store: BurkiStore, tenantOf: TenantOf): void {
  const handler = (request: FastifyRequest, reply: FastifyReply) => dispatch(request, reply, store, tenantOf);
  app.route({ method: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"], url: "/", handler, exposeHeadRoute: false });
  app.route({ method: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"], url: "/*", handler, exposeHeadRoute: false });
}

// ---- handlers -----------------------------------------------------------------------------------

/** The request body as FastAPI hands it to validation (a non-JSON body is its text). */
function bodyOf(ctx: RouteContext): unknown {
  const body = ctx.request.body;
  return body instanceof RawBody ? body.text : body;
}

/** Raises the collected validation errors, if any (path, then query, then body: FastAPI's order). */
function check(ctx: RouteContext): void {
  if (ctx.errors.length > 0) throw new BurkiValidationError(ctx.errors);
}

/** An int query parameter with its bounds, or its default when absent. */
function queryInt(ctx: RouteContext, name: string, fallback: number, ge?: number, le?: number): number {
  const raw = ctx.query.get(name);
  if (raw === undefined) return fallback;
  const r = coerceInt(raw, ["query", name]);
  if ("error" in r) {
    ctx.errors.push(r.error);
    return fallback;
  }
  if (ge !== undefined && r.value < ge) {
    ctx.errors.push({ type: "greater_than_equal", loc: ["query", name], msg: `Input should be greater than or equal to ${ge}`, input: raw, ctx: { ge }, url: errorUrl("greater_than_equal") });
  } else if (le !== undefined && r.value > le) {
    ctx.errors.push({ type: "less_than_equal", loc: ["query", name], msg: `Input should be less than or equal to ${le}`, input: raw, ctx: { le }, url: errorUrl("less_than_equal") });
  }
  return r.value;
}

/** A bool query parameter; `required` without a default reports it missing. */
function queryBool(ctx: RouteContext, name: string, fallback: boolean | undefined): boolean {
  const raw = ctx.query.get(name);
  if (raw === undefined) {
    if (fallback === undefined) ctx.errors.push({ type: "missing", loc: ["query", name], msg: "Field required", input: null, url: errorUrl("missing") });
    return fallback ?? false;
  }
  const r = coerceBool(raw, ["query", name]);
  if ("error" in r) {
    ctx.errors.push(r.error);
    return false;
  }
  return r.value;
}

/** An int path value as the database sees it: beyond int4 asyncpg raises (an unhandled 500). */
function dbInt(value: number | string): number {
  const n = value as number;
  if (!fitsInt4(n)) throw new BurkiInternalError(`value out of int32 range: ${n}`);
  return n;
}

function buildRoutes(): Route[] {
  const id = { assistant_id: "int" as const };

  const assistantOr404 = (ctx: RouteContext) => {
    const assistantId = dbInt(ctx.params.assistant_id);
    const row = ctx.store.getAssistant(ctx.org.id, assistantId);
    if (!row) throw assistantNotFound(assistantId);
    return row;
  };

  const routes: Route[] = [
    compile(["GET"], "/health", {}, false, () => ({ status: "healthy", service: "burki-voice-ai" })),

    compile(["POST"], ASSISTANTS, {}, true, (ctx) => {
      const data = validateCreateBody(bodyOf(ctx), ctx.errors);
      check(ctx);
      delete data.phone_number; // create_assistant drops it before Assistant(**data)
      return new Answer(201, renderAssistant(ctx.store.insertAssistant(ctx.org, data)));
    }),

    compile(["GET"], ASSISTANTS, {}, true, (ctx) => {
      const skip = queryInt(ctx, "skip", 0, 0);
      const limit = queryInt(ctx, "limit", 100, 1, 1000);
      const activeOnly = queryBool(ctx, "active_only", false);
      const mine = queryBool(ctx, "my_assistants_only", false);
      check(ctx);
      return ctx.store.listAssistants(ctx.org.id, { skip, limit, activeOnly, userId: mine ? ctx.org.user_id : null }).map(renderAssistant);
    }),

    compile(["GET"], `${ASSISTANTS}/count`, {}, true, (ctx) => {
      const activeOnly = queryBool(ctx, "active_only", false);
      check(ctx);
      return { count: ctx.store.countAssistants(ctx.org.id, activeOnly) };
    }),

    compile(["GET"], `${ASSISTANTS}/{assistant_id}`, id, true, (ctx) => {
      check(ctx);
      return renderAssistant(assistantOr404(ctx));
    }),

    compile(["GET"], `${ASSISTANTS}/by-phone/{phone_number}`, { phone_number: "str" }, true, (ctx) => {
      const phoneNumber = ctx.params.phone_number as string;
      const row = ctx.store.assistantByPhone(ctx.org.id, phoneNumber);
      if (!row) throw new BurkiHttpError(404, `Assistant assigned to phone number ${phoneNumber} not found in your organization`);
      return renderAssistant(row);
    }),

    compile(["PUT"], `${ASSISTANTS}/{assistant_id}`, id, true, (ctx) => {
      const updates = validateUpdateBody(bodyOf(ctx), ctx.errors);
      check(ctx);
      const existing = assistantOr404(ctx);
      const updated = ctx.store.updateAssistant(ctx.org.id, existing.id, updates);
      if (!updated) throw assistantNotFound(existing.id);
      return renderAssistant(updated);
    }),

    compile(["PATCH"], `${ASSISTANTS}/{assistant_id}/status`, id, true, (ctx) => {
      const isActive = queryBool(ctx, "is_active", undefined);
      check(ctx);
      const assistantId = dbInt(ctx.params.assistant_id);
      const updated = ctx.store.updateAssistant(ctx.org.id, assistantId, { is_active: isActive });
      if (!updated) throw assistantNotFound(assistantId);
      return renderAssistant(updated);
    }),

    compile(["DELETE"], `${ASSISTANTS}/{assistant_id}`, id, true, (ctx) => {
      check(ctx);
      const existing = assistantOr404(ctx);
      ctx.store.deleteAssistant(ctx.org.id, existing.id);
      return { success: true, message: `Assistant ${existing.name} deleted successfully`, data: null };
    }),

    compile(["GET"], `${ASSISTANTS}/me/organization`, {}, true, (ctx) => ({
      organization_id: ctx.org.id,
      organization_name: ctx.org.name,
      user_id: ctx.org.user_id,
      user_email: ctx.org.user_email,
      user_role: ctx.org.user_role,
    })),

    // Shadowed by GET /{assistant_id} (B1): never reached, kept so the table reads like the server's.
    compile(["GET"], `${ASSISTANTS}/providers`, {}, false, () => ({ providers: {} })),

    compile(["GET"], `${ASSISTANTS}/{assistant_id}/phone-numbers`, id, true, (ctx) => {
      check(ctx);
      const assistant = assistantOr404(ctx);
      // B2: reading pn.twilio_sid of an assigned number raises AttributeError.
      if (ctx.store.activeNumbers(ctx.org.id).some((n) => n.assistant_id === assistant.id)) {
        throw new BurkiInternalError("AttributeError: 'PhoneNumber' object has no attribute 'twilio_sid'");
      }
      return [];
    }),

    compile(["POST"], `${ASSISTANTS}/{assistant_id}/phone-numbers/{phone_number_id}/assign`, { ...id, phone_number_id: "int" }, true, (ctx) => {
      check(ctx);
      const assistant = assistantOr404(ctx);
      // B3: the service's failure has no "message" key; B4: whoever holds the number loses it.
      const number = ctx.store.numberById(ctx.org.id, ctx.params.phone_number_id as number);
      if (!number) throw new BurkiHttpError(500, "Failed to assign phone number: 'message'");
      ctx.store.setNumberAssistant(number.id, assistant.id);
      return { success: true, message: `Phone number successfully assigned to assistant '${assistant.name}'`, data: null };
    }),

    compile(["POST"], `${ASSISTANTS}/{assistant_id}/phone-numbers/{phone_number_id}/unassign`, { ...id, phone_number_id: "int" }, true, (ctx) => {
      check(ctx);
      const assistant = assistantOr404(ctx);
      const number = ctx.store.numberById(ctx.org.id, ctx.params.phone_number_id as number);
      if (!number) throw new BurkiHttpError(500, "Failed to unassign phone number: 'message'");
      ctx.store.setNumberAssistant(number.id, null);
      return { success: true, message: `Phone number successfully unassigned from assistant '${assistant.name}'`, data: null };
    }),

    compile(["GET"], `${ASSISTANTS}/{assistant_id}/available-phone-numbers`, id, true, (ctx) => {
      check(ctx);
      assistantOr404(ctx);
      if (ctx.store.activeNumbers(ctx.org.id).some((n) => n.assistant_id === null)) {
        throw new BurkiInternalError("AttributeError: 'PhoneNumber' object has no attribute 'twilio_sid'");
      }
      return [];
    }),

    compile(["POST"], `${ASSISTANTS}/{assistant_id}/phone-numbers/bulk-assign`, id, true, (ctx) => {
      const ids = validateIdListBody(bodyOf(ctx), ctx.errors);
      check(ctx);
      const assistant = assistantOr404(ctx);
      if (ids.length === 0) throw new BurkiHttpError(400, "No phone number IDs provided");
      const successes: number[] = [];
      const failures: JsonObject[] = [];
      for (const numberId of ids) {
        const number = fitsInt4(numberId) ? ctx.store.numberById(ctx.org.id, numberId) : undefined;
        if (number) {
          ctx.store.setNumberAssistant(number.id, assistant.id);
          successes.push(numberId);
        } else {
          failures.push({ phone_number_id: numberId, error: "'message'" });
        }
      }
      if (failures.length > 0) {
        return {
          success: successes.length > 0,
          message: `Assigned ${successes.length} phone numbers successfully. ${failures.length} failed.`,
          data: { successes, failures, total_requested: ids.length, successful_count: successes.length, failed_count: failures.length },
        };
      }
      return {
        success: true,
        message: `Successfully assigned all ${successes.length} phone numbers to assistant '${assistant.name}'`,
        data: { successes, total_assigned: successes.length },
      };
    }),

    compile(["POST"], `${ASSISTANTS}/{assistant_id}/documents/upload`, id, true, (ctx) => {
      // UploadFile = File(...): without a multipart body the file is missing.
      ctx.errors.push({ type: "missing", loc: ["body", "file"], msg: "Field required", input: null, url: errorUrl("missing") });
      check(ctx);
    }),

    // RAG is off on the real server of the contract (its LangChain extras are not installed): past
    // the assistant check these answer their handler's generic 500.
    compile(["GET"], `${ASSISTANTS}/{assistant_id}/documents`, id, true, (ctx) => {
      check(ctx);
      documentsAssistant(ctx);
      throw new BurkiHttpError(500, "Error listing documents");
    }),

    compile(["DELETE"], `${ASSISTANTS}/{assistant_id}/documents/{document_id}`, { ...id, document_id: "int" }, true, (ctx) => {
      check(ctx);
      documentsAssistant(ctx);
      throw new BurkiHttpError(500, "Error deleting document");
    }),

    compile(["GET"], `${ASSISTANTS}/{assistant_id}/documents/{document_id}/status`, { ...id, document_id: "int" }, true, (ctx) => {
      check(ctx);
      documentsAssistant(ctx);
      throw new BurkiHttpError(500, "Error getting document status");
    }),

    compile(["POST"], `${ASSISTANTS}/{assistant_id}/phone-numbers/assign-by-number`, id, true, (ctx) => {
      const req = validateAssignBody(bodyOf(ctx), ctx.errors);
      check(ctx);
      const assistant = assistantOr404(ctx);
      const phoneNumber = req.phone_number;
      const existing = ctx.store.activeNumbers(ctx.org.id).find((n) => n.phone_number === phoneNumber);
      if (!existing) {
        // B6: auto_sync (default true) first syncs from Twilio, which has no credentials here.
        if (req.auto_sync) throw new BurkiHttpError(500, "Failed to sync from Twilio: Twilio credentials not configured for this organization");
        throw new BurkiHttpError(404, `Phone number ${phoneNumber} not found in local database. Try setting auto_sync=true or sync manually first`);
      }
      const data = {
        phone_number: phoneNumber,
        phone_number_id: existing.id,
        assistant_id: assistant.id,
        assistant_name: assistant.name,
        friendly_name: req.friendly_name,
        was_synced: req.auto_sync,
      };
      if (existing.assistant_id !== null && existing.assistant_id !== 0 && existing.assistant_id !== assistant.id) {
        // B5: a conflict is a 200 with success false.
        const holder = ctx.store.getAssistant(ctx.org.id, existing.assistant_id);
        const holderName = holder ? holder.name : `Assistant ID ${existing.assistant_id}`;
        return { success: false, message: `Phone number ${phoneNumber} is already assigned to ${holderName}`, data };
      }
      ctx.store.setNumberAssistant(existing.id, assistant.id, req.friendly_name);
      return { success: true, message: `Phone number ${phoneNumber} successfully assigned to assistant '${assistant.name}'`, data };
    }),

    compile(["POST"], `${ASSISTANTS}/{assistant_id}/phone-numbers/unassign-by-number`, id, true, (ctx) => {
      const req = validateAssignBody(bodyOf(ctx), ctx.errors, true);
      check(ctx);
      const assistant = assistantOr404(ctx);
      const phoneNumber = req.phone_number;
      const existing = ctx.store.activeNumbers(ctx.org.id).find((n) => n.phone_number === phoneNumber);
      if (!existing) throw new BurkiHttpError(404, `Phone number ${phoneNumber} not found in your organization`);
      if (existing.assistant_id !== assistant.id) {
        if (existing.assistant_id) throw new BurkiHttpError(400, `Phone number ${phoneNumber} is not assigned to this assistant`);
        throw new BurkiHttpError(400, `Phone number ${phoneNumber} is not assigned to any assistant`);
      }
      ctx.store.setNumberAssistant(existing.id, null);
      return {
        success: true,
        message: `Phone number ${phoneNumber} successfully unassigned from assistant '${assistant.name}'`,
        data: { phone_number: phoneNumber, phone_number_id: existing.id, assistant_id: assistant.id, assistant_name: assistant.name },
      };
    }),

    compile(["POST"], `${ASSISTANTS}/organization/phone-numbers/sync`, {}, true, () => {
      throw new BurkiHttpError(500, "Twilio credentials not configured for this organization");
    }),

    // Shadowed by GET /{assistant_id}/phone-numbers (B1): always a 422 on "organization".
    compile(["GET"], `${ASSISTANTS}/organization/phone-numbers`, {}, true, () => []),

    compile(["GET"], `${ASSISTANTS}/organization/phone-numbers/available`, {}, true, (ctx) => {
      if (ctx.store.activeNumbers(ctx.org.id).some((n) => n.assistant_id === null)) {
        throw new BurkiHttpError(500, "Failed to list available phone numbers: 'PhoneNumber' object has no attribute 'twilio_sid'");
      }
      return [];
    }),
  ];

  /** The document routes answer their own 404 ("Assistant not found") inside their try block. */
  function documentsAssistant(ctx: RouteContext): void {
    const row = ctx.store.getAssistant(ctx.org.id, dbInt(ctx.params.assistant_id));
    if (!row) throw new BurkiHttpError(404, "Assistant not found");
  }

  return routes;
}
