/**
 * The emulator's own JSON endpoints under `/__emulator/`, for demos and users' CI: inspect state and records,
 * script faults, seed mailings, move the clock, reset. They are unauthenticated, which is why the emulator binds to
 * loopback by default and `admin-guard.ts` refuses cross-site and DNS-rebound requests. Routes live in `Map`s, so no
 * name ("constructor", "__proto__") can reach a route through the prototype chain.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { adminRefusal } from "./admin-guard";
import { CONTENT_TYPES } from "./encoding";
import { FaultRuleError } from "./faults";
import { send } from "./http-io";
import { ADMIN_PREFIX } from "./routing";
import { SeedError } from "./seed";
import type { Emulator } from "./types";

type AdminResult = { status: number; body: unknown };
type AdminRoute = (emulator: Emulator, input: { url: URL; body: () => unknown }) => AdminResult;

/** Thrown inside admin routes for bad input; becomes HTTP 400. */
class AdminInputError extends Error {}

const ROUTE_TABLE: Record<string, Record<string, AdminRoute>> = {
  state: { GET: (e) => ({ status: 200, body: { mailings: e.mailings() } }) },
  executions: { GET: (e) => ({ status: 200, body: { executions: e.executions } }) },
  requests: { GET: (e) => ({ status: 200, body: { requests: e.requests, requestLog: e.requestLogStats() } }) },
  clock: {
    GET: (e) => ({ status: 200, body: { now: e.now() } }),
    POST: (e, { body }) => {
      const input = body() as { advanceMs?: unknown } | null;
      const ms = input?.advanceMs;
      if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) throw new AdminInputError("advanceMs must be a non-negative number of milliseconds");
      e.advanceClock(ms);
      return { status: 200, body: { now: e.now() } };
    },
  },
  launches: {
    GET: (e, { url }) => {
      const raw = url.searchParams.get("mailingId");
      if (raw === null) return { status: 200, body: { launches: e.launches() } };
      const id = Number(raw);
      if (!Number.isSafeInteger(id) || id <= 0) throw new AdminInputError("mailingId must be a positive integer");
      return { status: 200, body: { launches: e.launches(id) } };
    },
  },
  faults: {
    GET: (e) => ({ status: 200, body: { faults: e.faults.list() } }),
    POST: (e, { body }) => {
      e.faults.add(body() as never);
      return { status: 201, body: { faults: e.faults.list() } };
    },
    DELETE: (e) => {
      e.faults.clear();
      return { status: 200, body: { faults: [] } };
    },
  },
  reset: {
    POST: (e) => {
      e.reset();
      return { status: 200, body: { reset: true } };
    },
  },
  mailings: {
    GET: (e) => ({ status: 200, body: { mailings: e.mailings() } }),
    POST: (e, { body }) => {
      const seed = body() as { id?: unknown };
      e.setMailing(seed as never);
      return { status: 201, body: { mailing: e.mailing(seed.id as number) } };
    },
  },
};

const ROUTES = new Map(Object.entries(ROUTE_TABLE).map(([name, methods]) => [name, new Map(Object.entries(methods))]));

function json(res: ServerResponse, status: number, body: unknown): void {
  send(res, { status, headers: { "content-type": CONTENT_TYPES.json }, body: JSON.stringify(body) });
}

/**
 * Handles `/__emulator/<name>`, `DELETE /__emulator/mailings/<id>` and `POST /__emulator/mailings/<id>/pause`.
 * Always answers JSON. `allowedHosts` are the `Host` values that name this emulator.
 */
export function handleAdminRequest(emulator: Emulator, allowedHosts: ReadonlySet<string>, req: IncomingMessage, res: ServerResponse, url: URL, rawBody: string): void {
  const refusal = adminRefusal(req, allowedHosts);
  if (refusal) return json(res, refusal.status, { error: refusal.error });
  const method = req.method ?? "GET";
  const name = url.pathname.slice(ADMIN_PREFIX.length).replace(/\/$/, "");
  const mailingPath = /^mailings\/(\d+)(\/pause)?$/.exec(name);
  if (mailingPath) {
    const id = Number(mailingPath[1]);
    const pause = mailingPath[2] !== undefined;
    const allowed = pause ? "POST" : "DELETE";
    if (method !== allowed) {
      res.setHeader("allow", allowed);
      return json(res, 405, { error: `${method} is not allowed on ${ADMIN_PREFIX}${name}; use ${allowed}` });
    }
    if (!emulator.mailing(id)) return json(res, 404, { error: `mailing ${id} not found` });
    if (pause) {
      emulator.pauseMailing(id);
      return json(res, 200, { mailing: emulator.mailing(id) });
    }
    emulator.removeMailing(id);
    return json(res, 200, { removed: id });
  }
  const route = ROUTES.get(name);
  if (!route) {
    return json(res, 404, { error: `unknown admin endpoint ${ADMIN_PREFIX}${name}; known: ${[...ROUTES.keys()].join(", ")}` });
  }
  const handler = route.get(method);
  if (!handler) {
    const methods = [...route.keys()];
    res.setHeader("allow", methods.join(", "));
    return json(res, 405, { error: `${method} is not allowed on ${ADMIN_PREFIX}${name}; use ${methods.join(" or ")}` });
  }
  const body = (): unknown => {
    try {
      return JSON.parse(rawBody);
    } catch {
      throw new AdminInputError("the request body must be JSON");
    }
  };
  try {
    const result = handler(emulator, { url, body });
    json(res, result.status, result.body);
  } catch (err) {
    // Bad input (a fault rule, a seed) is the caller's mistake, and its message names the field.
    const badInput = err instanceof AdminInputError || err instanceof FaultRuleError || err instanceof SeedError;
    json(res, badInput ? 400 : 500, { error: (err as Error).message });
  }
}
