/**
 * The emulator's own JSON endpoints under `/__emulator/`, for demos and users' CI: inspect state and records,
 * script faults, seed mailings, reset. They are unauthenticated, which is why the emulator binds to loopback by default.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
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

const ROUTES: Record<string, Partial<Record<string, AdminRoute>>> = {
  state: { GET: (e) => ({ status: 200, body: { mailings: e.mailings() } }) },
  executions: { GET: (e) => ({ status: 200, body: { executions: e.executions } }) },
  requests: { GET: (e) => ({ status: 200, body: { requests: e.requests } }) },
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

function json(res: ServerResponse, status: number, body: unknown): void {
  send(res, { status, headers: { "content-type": CONTENT_TYPES.json }, body: JSON.stringify(body) });
}

/** Handles `/__emulator/<name>` and `DELETE /__emulator/mailings/<id>`. Always answers JSON. */
export function handleAdminRequest(emulator: Emulator, req: IncomingMessage, res: ServerResponse, url: URL, rawBody: string): void {
  const method = req.method ?? "GET";
  const name = url.pathname.slice(ADMIN_PREFIX.length).replace(/\/$/, "");
  const mailingPath = /^mailings\/(\d+)$/.exec(name);
  if (mailingPath && method === "DELETE") {
    const id = Number(mailingPath[1]);
    if (!emulator.mailing(id)) return json(res, 404, { error: `mailing ${id} not found` });
    emulator.removeMailing(id);
    return json(res, 200, { removed: id });
  }
  const route = ROUTES[name];
  if (!route) {
    return json(res, 404, { error: `unknown admin endpoint ${ADMIN_PREFIX}${name}; known: ${Object.keys(ROUTES).join(", ")}` });
  }
  const handler = route[method];
  if (!handler) {
    res.setHeader("allow", Object.keys(route).join(", "));
    return json(res, 405, { error: `${method} is not allowed on ${ADMIN_PREFIX}${name}; use ${Object.keys(route).join(" or ")}` });
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
