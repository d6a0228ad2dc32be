/** Finds the API token a request carries and checks it. Nothing here ever puts the token into a message. */
import type { IncomingHttpHeaders } from "node:http";
import { ERROR_CODES } from "../sdk/codes";
import { fail, type Envelope } from "./operations";
import type { TokenLocation } from "./types";

/** A token and where it travelled. */
export interface FoundToken {
  token: string;
  location: TokenLocation;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * The request's token: the body field `token` (every API version) wins, then `Authorization: Bearer` (v74+),
 * then the `?token=` query parameter the docs still allow but discourage.
 */
export function findToken(params: Record<string, unknown> | undefined, headers: IncomingHttpHeaders, query: URLSearchParams): FoundToken | undefined {
  const bodyToken = params?.["token"];
  if ((typeof bodyToken === "string" && bodyToken !== "") || typeof bodyToken === "number") {
    return { token: String(bodyToken), location: "body" };
  }
  const bearer = BEARER.exec(headers.authorization ?? "")?.[1];
  if (bearer) return { token: bearer, location: "header" };
  const queryToken = query.get("token");
  if (queryToken) return { token: queryToken, location: "query" };
  return undefined;
}

/** Accepts a known token, or gives the error envelope for a missing (401) or unknown (403) one. */
export function authenticate(found: FoundToken | undefined, accepted: ReadonlySet<string>): { ok: true; token: string } | { ok: false; envelope: Envelope } {
  if (!found) {
    const text = "API token missing: send it as the body field token or as Authorization: Bearer <token>";
    return { ok: false, envelope: fail(ERROR_CODES.unauthorized, text) };
  }
  if (!accepted.has(found.token)) {
    return { ok: false, envelope: fail(ERROR_CODES.forbidden, "Access denied: the API token is not valid for this account") };
  }
  return { ok: true, token: found.token };
}
